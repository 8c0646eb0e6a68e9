"""Replies: approval rules, canned replies, the outbox (retries, failures, never twice) and the
simulator's publisher closing the loop."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from parley.act import inbox, replies
from parley.act.publish import PublishError, PublishResult, Reply, SimulatorPublisher
from parley.act.replies import ReplyOutbox
from parley.domain import Author, Post
from parley.notify.store import list_inapp
from parley.settings import Settings
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.inbox import InboxError
from parley.store.incidents import open_incident
from parley.store.tables import posts
from parley.store.topics import save_topic
from parley.store.users import create_user, set_role

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SETTINGS = Settings(notify_max_attempts=3, notify_backoff=10)


class FakePublisher:
    """The outbound edge: fails as told, records what it sent."""

    def __init__(self, failures: list[PublishError] | None = None) -> None:
        self.failures = list(failures or [])
        self.sent: list[Reply] = []

    def handles(self, engine, reply) -> bool:  # type: ignore[no-untyped-def]
        return True

    def send(self, reply: Reply) -> PublishResult:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(reply)
        return PublishResult(native_id=f"out-{reply.id}")


@pytest.fixture
def world(engine):  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        agent, _ = create_user(connection, username="ana", role="agent", password="x" * 12)
        manager, _ = create_user(connection, username="max", role="manager", password="x" * 12)
    hook = inbox.Inbox(engine)
    p = Post(platform="x", native_id="d1", created_at=T0, text="where is my refund?", kind="dm",
             author=Author(native_id="c1", handle="maria", name="Maria"), to_account="AureliaCare",
             raw={"sim": {"scenario": "baseline"}})  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [p], [{"lang": "it"}])
    hook([p], [{"lang": "it"}], result.new_keys)
    with engine.connect() as connection:
        (conversation,) = store.list_conversations(connection)
    return engine, agent, manager, conversation["id"]


def test_a_reply_is_sent_once_and_answers_the_conversation(world):
    engine, agent, _, cid = world
    with engine.begin() as connection:
        reply = replies.write_reply(
            connection, cid, author=agent, text="Ciao Maria, we look into it", now=T0
        )
    assert reply["state"] == "queued"
    publisher = FakePublisher()
    outbox = ReplyOutbox(engine, SETTINGS, [publisher])
    assert outbox.run_once(T0 + timedelta(minutes=5)).sent == 1
    assert outbox.run_once(T0 + timedelta(minutes=6)).sent == 0  # never twice
    assert [r.in_reply_to for r in publisher.sent] == ["d1"]
    assert publisher.sent[0].account == "aureliacare" and publisher.sent[0].private
    with engine.connect() as connection:
        conversation = store.get_conversation(connection, cid)
        shown = store.messages(connection, cid)
    assert conversation["first_response_at"] == T0 + timedelta(minutes=5)
    assert conversation["awaiting_since"] is None and conversation["status"] == "open"
    assert [m["direction"] for m in shown] == ["in", "out"]


def test_two_outboxes_claim_a_reply_once(world):
    engine, agent, _, cid = world
    with engine.begin() as connection:
        replies.write_reply(connection, cid, author=agent, text="hello", now=T0)
    one, two = FakePublisher(), FakePublisher()
    first, second = ReplyOutbox(engine, SETTINGS, [one]), ReplyOutbox(engine, SETTINGS, [two])
    now = T0 + timedelta(minutes=1)
    # the second lists the row too, but its claim (same attempt count) matches nothing
    r = replies.inbox_replies.c
    with engine.connect() as connection:
        listed = connection.execute(select(r.id, r.attempts)).all()
    first.run_once(now)
    second.run_once(now)
    assert len(one.sent) + len(two.sent) == 1 and listed == [(1, 0)]


def test_transient_failures_retry_within_bounds_then_fail_visibly(world):
    engine, agent, _, cid = world
    with engine.begin() as connection:
        reply = replies.write_reply(connection, cid, author=agent, text="hello", now=T0)
    flaky = FakePublisher([PublishError("HTTP 503", transient=True)] * 5)
    outbox = ReplyOutbox(engine, SETTINGS, [flaky], rng=random.Random(1))
    now = T0
    for _ in range(3):
        outbox.run_once(now)
        now += timedelta(hours=1)
    with engine.connect() as connection:
        failed = replies.get_reply(connection, reply["id"])
        news = list_inapp(connection, user_id=agent.id)["notifications"]
        assert list_inapp(connection, user_id=None)["notifications"] == []  # the author's
    assert failed["state"] == "failed" and failed["attempts"] == 3
    assert "gave up after 3 attempts; last: HTTP 503" in failed["last_error"]
    assert [n["event"] for n in news] == ["inbox.reply_failed"]
    assert outbox.run_once(now).sent == 0  # a failed reply waits for a person
    with engine.begin() as connection:
        replies.retry(connection, reply["id"], actor=agent, now=now)
        with pytest.raises(InboxError, match="only a failed reply"):
            replies.retry(connection, reply["id"], actor=agent, now=now)
    flaky.failures = []
    assert outbox.run_once(now).sent == 1


def test_a_permanent_failure_is_not_retried(world):
    engine, agent, _, cid = world
    with engine.begin() as connection:
        reply = replies.write_reply(connection, cid, author=agent, text="hello", now=T0)
    outbox = ReplyOutbox(
        engine, SETTINGS, [FakePublisher([PublishError("HTTP 403", transient=False)])]
    )
    assert outbox.run_once(T0).failed == 1
    with engine.connect() as connection:
        assert replies.get_reply(connection, reply["id"])["last_error"] == "attempt 1: HTTP 403"
    nobody = ReplyOutbox(engine, SETTINGS, [])
    with engine.begin() as connection:
        other = replies.write_reply(connection, cid, author=agent, text="again", now=T0)
    nobody.run_once(T0)
    with engine.connect() as connection:
        assert "no publisher for x yet" in replies.get_reply(connection, other["id"])["last_error"]


def test_approval_rules_and_an_approver_who_lost_the_role(world):
    engine, agent, manager, cid = world
    with engine.begin() as connection:
        replies.add_rule(connection, kind="keyword", value="Refund")
        with pytest.raises(InboxError, match="exists already"):
            replies.add_rule(connection, kind="keyword", value="refund")
        with pytest.raises(InboxError, match="names a role"):
            replies.add_rule(connection, kind="role", value="boss")
        held = replies.write_reply(
            connection, cid, author=agent, text="Your REFUND is on its way", now=T0
        )
        free = replies.write_reply(
            connection, cid, author=agent, text="refunded? no: we will see", now=T0
        )
    assert held["state"] == "awaiting_approval" and "says 'refund'" in held["approval_reason"]
    assert free["state"] == "queued"  # "refunded" is another word
    outbox = ReplyOutbox(engine, SETTINGS, [publisher := FakePublisher()])
    outbox.run_once(T0)
    assert [r.id for r in publisher.sent] == [free["id"]]
    with engine.begin() as connection:
        with pytest.raises(InboxError, match="needs the manager role, and they now hold agent"):
            replies.decide(connection, held["id"], approver=agent, approve=True)
        set_role(connection, username="max", role="agent")  # demoted after signing in
    with engine.begin() as connection:
        with pytest.raises(InboxError, match="max cannot approve"):
            replies.decide(connection, held["id"], approver=manager, approve=True)
        set_role(connection, username="max", role="manager")
    with engine.begin() as connection:
        approved = replies.decide(connection, held["id"], approver=manager, approve=True, now=T0)
        assert approved["state"] == "queued" and approved["decided_by"] == "max"
        with pytest.raises(InboxError, match="is queued, not awaiting approval"):
            replies.decide(connection, held["id"], approver=manager, approve=False)
    outbox.run_once(T0 + timedelta(minutes=1))
    assert [r.id for r in publisher.sent] == [free["id"], held["id"]]


def test_role_and_incident_rules(world):
    engine, agent, manager, cid = world
    with engine.begin() as connection:
        replies.add_rule(connection, kind="role", value="agent")
        assert (
            replies.write_reply(connection, cid, author=agent, text="hi", now=T0)["state"]
            == "awaiting_approval"
        )
        assert (
            replies.write_reply(connection, cid, author=manager, text="hi", now=T0)["state"]
            == "queued"
        )
        replies.remove_rule(connection, replies.rules(connection)[0]["id"])
        replies.add_rule(connection, kind="incident")
        assert (
            replies.write_reply(connection, cid, author=agent, text="hi", now=T0)["state"]
            == "queued"
        )
        topic = save_topic(connection, name="refunds", query="refund")
        post_id = connection.execute(select(posts.c.id).where(posts.c.native_id == "d1")).scalar()
        from parley.store.topics import store_matches

        store_matches(connection, [(post_id, T0, {"refunds": "refund"})])
        open_incident(connection, title="Refund outage", by="max", topic="refunds")
        reply = replies.write_reply(connection, cid, author=agent, text="hi", now=T0)
    assert reply["state"] == "awaiting_approval" and "Refund outage" in reply["approval_reason"]
    assert topic


def test_canned_replies_per_language_with_variables(world):
    engine, agent, _, cid = world
    with engine.begin() as connection:
        replies.save_canned(
            connection, name="thanks", lang="en", text="Thanks {customer_name}, case {case_number}"
        )
        replies.save_canned(
            connection,
            name="thanks",
            lang="it",
            text="Grazie {customer_name}! Pratica {case_number}. {agent_name}",
        )
        with pytest.raises(InboxError, match=r"unknown variable \{order\}"):
            replies.save_canned(connection, name="x", lang="en", text="your {order}")
        with pytest.raises(InboxError, match="literal brace"):
            replies.save_canned(connection, name="x", lang="en", text="a { b")
        text = replies.render_canned(connection, "thanks", cid, agent)
        with pytest.raises(InboxError, match="no canned reply named"):
            replies.render_canned(connection, "nope", cid, agent)
    assert text == f"Grazie Maria! Pratica {cid}. ana"


def test_the_simulator_publisher_posts_from_our_account(world):
    engine, agent, _, cid = world
    with engine.begin() as connection:
        replies.write_reply(connection, cid, author=agent, text="On its way", now=T0)
    outbox = ReplyOutbox(engine, SETTINGS, [SimulatorPublisher(engine)])
    assert outbox.run_once(T0).sent == 1
    with engine.connect() as connection:
        row = connection.execute(
            select(posts).where(posts.c.native_id.startswith("parley-reply-"))
        ).one()
        assert connection.execute(select(func.count()).select_from(posts)).scalar() == 2
        shown = store.messages(connection, cid)
    assert (row.kind, row.reply_to, row.to_account, row.text) == (
        "dm",
        "d1",
        "aureliacare",
        "On its way",
    )
    assert shown[-1]["text"] == "On its way" and shown[-1]["direction"] == "out"


def test_a_public_thread_can_be_answered_privately_but_never_a_dm_in_public(world):
    engine, agent, _, dm_id = world
    hook = inbox.Inbox(engine)
    mention = Post(platform="x", native_id="m1", created_at=T0, kind="post",
                   text="@AureliaCare my order 8812 never came", to_account="AureliaCare",
                   author=Author(native_id="c2", handle="luca"), raw={"sim": {}})  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [mention], [{"lang": "en"}])
    hook([mention], [{"lang": "en"}], result.new_keys)
    with engine.connect() as connection:
        public_id = next(c["id"] for c in store.list_conversations(connection) if not c["private"])
    with engine.begin() as connection:
        with pytest.raises(InboxError, match="never in public"):
            replies.write_reply(connection, dm_id, author=agent, text="hi", private=False)
        reply = replies.write_reply(connection, public_id, author=agent, private=True, now=T0,
                                    text="Please send us your order number in a DM")  # fmt: skip
    assert reply["private"]
    publisher = FakePublisher()
    assert ReplyOutbox(engine, SETTINGS, [publisher]).run_once(T0).sent == 1
    assert publisher.sent[0].private and publisher.sent[0].conversation_id == public_id
