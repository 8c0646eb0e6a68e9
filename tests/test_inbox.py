"""The team inbox: posts addressed to us become conversations as the pipeline stores them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from parley.act import inbox
from parley.bus.base import PostBatch
from parley.domain import Author, Post
from parley.ingest import Pipeline
from parley.notify.store import list_inapp
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.audit import entries
from parley.store.tables import inbox_conversations, inbox_messages
from parley.store.users import create_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CUSTOMER = Author(native_id="c1", handle="maria", name="Maria <b>Rossi</b>")
CARE = Author(native_id="care", handle="AureliaCare", name="Aurelia Care")


def post(native_id: str, *, seconds: int = 0, **kw: Any) -> Post:
    fields: dict[str, Any] = {
        "platform": "x",
        "native_id": native_id,
        "created_at": T0 + timedelta(seconds=seconds),
        "text": f"message {native_id}",
        "author": CUSTOMER,
    }
    fields.update(kw)
    return Post(**fields)


def file(engine, hook: inbox.Inbox, posts: list[Post], enrichments=None) -> None:  # type: ignore[no-untyped-def]
    enrichments = enrichments or [{} for _ in posts]
    with engine.begin() as connection:
        result = post_store.store_batch(connection, posts, enrichments)
    hook(posts, enrichments, result.new_keys)


def conversations(engine) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return store.list_conversations(connection, limit=1000)


def test_dms_of_one_customer_are_one_conversation_and_replies_thread(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("d1", kind="dm", to_account="AureliaCare")])
    file(engine, hook, [post("d2", kind="dm", to_account="AureliaCare", seconds=60)])
    # a public mention, a reply under it by someone else, and a post not addressed to us
    other = Author(native_id="c2", handle="luca")
    file(
        engine,
        hook,
        [
            post("m1", text="@AureliaCare my order?", to_account="AureliaCare", seconds=90),
            post("r1", kind="reply", reply_to="m1", author=other, seconds=100),
            post("r2", kind="reply", reply_to="r1", seconds=110),
            post("unrelated", kind="reply", reply_to="elsewhere", seconds=120),
            post("plain", seconds=130),
        ],
    )
    found = conversations(engine)
    assert len(found) == 2
    dm = next(c for c in found if c["private"])
    public = next(c for c in found if not c["private"])
    assert (dm["thread_key"], dm["messages_count"], dm["status"]) == ("dm:c1", 2, "new")
    assert dm["customer_handle"] == "maria" and dm["to_account"] == "aureliacare"
    assert public["thread_key"] == "post:m1" and public["messages_count"] == 3
    with engine.connect() as connection:
        shown = store.messages(connection, public["id"])
    assert [m["native_id"] for m in shown] == ["m1", "r1", "r2"]
    assert shown[0]["text"] == "@AureliaCare my order?"


def test_our_answer_counts_as_a_response_and_a_new_message_reopens(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("d1", kind="dm", to_account="AureliaCare")])
    (conv,) = conversations(engine)
    assert conv["awaiting_since"] == T0 and conv["first_response_at"] is None
    answer = post(
        "d2", kind="dm", author=CARE, to_account="AureliaCare", reply_to="d1", seconds=300
    )
    file(engine, hook, [answer])
    (conv,) = conversations(engine)
    assert conv["first_response_at"] == T0 + timedelta(seconds=300)
    assert conv["awaiting_since"] is None and conv["status"] == "open"
    with engine.begin() as connection:
        inbox.change(connection, conv["id"], actor="cli:test", status="resolved")
    file(engine, hook, [post("d3", kind="dm", to_account="AureliaCare", seconds=900)])
    (conv,) = conversations(engine)
    assert conv["status"] == "open" and conv["reopened_count"] == 1
    assert conv["resolved_at"] is None and conv["messages_count"] == 3
    assert conv["awaiting_since"] == T0 + timedelta(seconds=900)
    # a copy of a stored post (at-least-once delivery) adds nothing
    file(engine, hook, [post("d3", kind="dm", to_account="AureliaCare", seconds=900)])
    assert conversations(engine)[0]["messages_count"] == 3


def test_triage_comes_from_the_enrichment_and_priority_only_rises(engine):
    hook = inbox.Inbox(engine)
    urgent = {"intent": "complaint", "urgency": "high", "reason": "refund", "lang": "it",
              "sentiment": "negative"}  # fmt: skip
    calm = {"intent": "question", "urgency": "low", "reason": "other", "lang": "it"}
    file(engine, hook, [post("d1", kind="dm")], [urgent])
    file(engine, hook, [post("d2", kind="dm", seconds=5)], [calm])
    (conv,) = conversations(engine)
    assert conv["priority"] == "urgent"
    assert (conv["intent"], conv["reason"], conv["lang"]) == ("question", "other", "it")


def test_a_customer_writing_500_times_a_minute_is_one_conversation_in_bounded_work(engine):
    hook = inbox.Inbox(engine)
    flood = [
        post(f"f{i}", kind="dm", to_account="AureliaCare", seconds=i // 10) for i in range(500)
    ]
    file(engine, hook, flood[:10])  # the conversation exists; now the flood
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        hook(flood[10:], [{} for _ in flood[10:]], frozenset(p.key for p in flood[10:]))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # lookups, one multi-row insert (SQLAlchemy may split it in a few), one update
    assert len(statements) <= 8, statements
    with engine.connect() as connection:
        assert (
            connection.execute(select(func.count()).select_from(inbox_conversations)).scalar() == 1
        )
        assert connection.execute(select(func.count()).select_from(inbox_messages)).scalar() == 500
    assert conversations(engine)[0]["messages_count"] == 500


def test_a_50000_character_dm_is_stored_whole_and_shown_cut(engine):
    hook = inbox.Inbox(engine)
    text = "<script>alert(1)</script>" + "x" * 49_975
    file(engine, hook, [post("long", kind="dm", text=text)])
    (conv,) = conversations(engine)
    assert len(conv["subject"]) <= store.SUBJECT_CHARS
    with engine.connect() as connection:
        (shown,) = store.messages(connection, conv["id"])
        assert shown["truncated"] and shown["length"] == 50_000
        assert len(shown["text"]) == store.SHOWN_CHARS
        (whole,) = store.messages(connection, conv["id"], full=True)
        assert whole["text"] == text and not whole["truncated"]
        assert store.message_text(connection, shown["id"]) == text


def test_the_pipeline_files_what_it_stores(engine):
    hook = inbox.Inbox(engine)
    pipeline = Pipeline(engine, enrichers=[], on_stored=[hook])
    batch = PostBatch(source="test", posts=[post("d1", kind="dm"), post("p1")])
    asyncio.run(pipeline.store_enriched(batch, [{}, {}]))
    assert [c["thread_key"] for c in conversations(engine)] == ["dm:c1"]
    assert hook.seconds > 0


def test_status_tags_assignment_and_bad_values(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("d1", kind="dm")])
    (conv,) = conversations(engine)
    with engine.begin() as connection:
        agent, _ = create_user(connection, username="ana", role="agent", password="x" * 12)
        analyst, _ = create_user(connection, username="ola", role="analyst", password="x" * 12)
        after = inbox.change(
            connection, conv["id"], actor=agent, status="pending", tags=["Refund", "refund", "vip"],
            assignee_id=agent.id,
        )  # fmt: skip
    assert after["status"] == "pending" and after["tags"] == ["refund", "vip"]
    assert after["assignee"] == "ana"
    with engine.begin() as connection:
        with pytest.raises(store.InboxError, match="status must be one of"):
            inbox.change(connection, conv["id"], actor=agent, status="closed")
        with pytest.raises(store.InboxError, match="cannot be assigned"):
            inbox.change(connection, conv["id"], actor=agent, assignee_id=analyst.id)
        with pytest.raises(store.ConversationNotFound):
            inbox.change(connection, 999, actor=agent, status="open")
        assert (
            entries(connection, action="inbox.update")[0]["target"] == f"conversation:{conv['id']}"
        )
        found = store.list_conversations(connection, status="pending", tag="vip")
        assert [c["id"] for c in found] == [conv["id"]]
        assert store.list_conversations(connection, status="pending", tag="vi") == []
    # the customer answers: pending ends
    file(engine, hook, [post("d2", kind="dm", seconds=60)])
    assert conversations(engine)[0]["status"] == "open"


def test_a_note_mentioning_a_colleague_notifies_them_in_the_app(engine):
    hook = inbox.Inbox(engine)
    file(engine, hook, [post("d1", kind="dm")])
    (conv,) = conversations(engine)
    with engine.begin() as connection:
        ana, _ = create_user(connection, username="ana", role="agent", password="x" * 12)
        bob, _ = create_user(connection, username="bo.b", role="manager", password="x" * 12)
        note = inbox.add_note(
            connection, conv["id"], actor=ana,
            text="@bo.b can you approve? cc @nobody and mail@example.com",
        )  # fmt: skip
        (stored,) = store.notes(connection, conv["id"])
        assert stored["id"] == note and stored["mentions"] == ["bo.b"]
        found = list_inapp(connection, user_id=bob.id)["notifications"]
        assert list_inapp(connection, user_id=ana.id)["notifications"] == []  # bo.b's only
    assert [(n["event"], n["fields"]["For"]) for n in found] == [("inbox.mention", "bo.b")]
    assert found[0]["link"] == f"/inbox/{conv['id']}"
    with engine.begin() as connection, pytest.raises(store.InboxError, match="needs some text"):
        inbox.add_note(connection, conv["id"], actor=ana, text="   ")
