"""Topics by id (what the Topics page uses) and the query preview, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from parley.domain import Author, Post
from parley.enrich.query import QuerySyntaxError
from parley.store import topics as store
from parley.store.posts import store_batch
from parley.store.tables import post_topics

NOW = datetime.now(UTC).replace(microsecond=0)


def _posts(texts: list[str]) -> list[Post]:
    return [
        Post(platform="x", native_id=f"t{i}", created_at=NOW - timedelta(minutes=len(texts) - i),
             text=text, lang="en", author=Author(native_id=f"a{i}", handle=f"h{i}"))
        for i, text in enumerate(texts)
    ]  # fmt: skip


def test_create_edit_deactivate_delete_by_id(engine):
    with engine.begin() as c:
        topic = store.create_topic(c, name="brand", query="aurelia OR #aurelia")
        assert topic["active"] and topic["sensitivity"] == "balanced"
        with pytest.raises(store.TopicError, match="already exists"):
            store.create_topic(c, name="brand", query="other")
        other = store.create_topic(c, name="rival", query="novexa", sensitivity="more")
    version = store.topics_version(engine)
    with engine.begin() as c:
        before, after = store.update_topic(
            c, topic["id"], name="brand (all)", query="aurelia", sensitivity="fewer"
        )
    assert before["name"] == "brand" and after["name"] == "brand (all)"
    assert after["query"] == "aurelia" and after["sensitivity"] == "fewer"
    assert store.topics_version(engine) != version  # the pipeline recompiles
    with engine.begin() as c:
        with pytest.raises(store.TopicError, match="already exists"):
            store.update_topic(c, topic["id"], name="rival")
        with pytest.raises(store.TopicError, match="at position 11"):
            store.update_topic(c, topic["id"], query="aurelia AND")
        with pytest.raises(store.TopicError, match="sensitivity"):
            store.update_topic(c, topic["id"], sensitivity="loud")
        _, off = store.update_topic(c, other["id"], active=False)
    assert off["active"] is False
    assert store.active_queries(engine) == {"brand (all)": "aurelia"}
    with engine.begin() as c:
        gone = store.delete_topic(c, other["id"])
        assert gone["name"] == "rival"
        with pytest.raises(store.TopicNotFound):
            store.get_topic(c, other["id"])
        with pytest.raises(store.TopicNotFound):
            store.delete_topic(c, other["id"])
    assert [t["name"] for t in store.topic_table(engine, since=NOW - timedelta(days=1))] == [
        "brand (all)"
    ]


def test_topic_table_counts_recent_matches_bounded(engine, monkeypatch):
    with engine.begin() as c:
        topic = store.create_topic(c, name="brand", query="aurelia")
        quiet = store.create_topic(c, name="quiet", query="nothing")
        store_batch(c, _posts([f"aurelia {i}" for i in range(5)]))
        ids = c.execute(select(post_topics.c.post_id)).scalars().all()
        assert ids == []  # no enricher ran: matches are written below, one of them old
        from parley.store.tables import posts

        rows = c.execute(select(posts.c.id, posts.c.created_at).order_by(posts.c.id)).all()
        matched = [(pid, at, {"brand": "aurelia"}) for pid, at in rows]
        matched[0] = (rows[0].id, NOW - timedelta(days=3), {"brand": "aurelia"})
        store.store_matches(c, matched)
    table = {t["name"]: t for t in store.topic_table(engine, since=NOW - timedelta(days=1))}
    assert table["brand"]["matches"] == 4 and not table["brand"]["matches_capped"]
    assert table["quiet"]["matches"] == 0
    monkeypatch.setattr(store, "MAX_COUNTED", 3)
    table = {t["name"]: t for t in store.topic_table(engine, since=NOW - timedelta(days=1))}
    assert table["brand"]["matches"] == 3 and table["brand"]["matches_capped"]
    assert topic["id"] != quiet["id"]


def test_preview_finds_recent_matches_with_the_clause(engine):
    with engine.begin() as c:
        store_batch(c, _posts(["Aurelia recall news", "unrelated", "aurelia is fine", "recall"]))
    shown, tried = store.preview_query(engine, "aurelia AND recall")
    assert tried == 4
    assert [(p.text, clause) for p, clause in shown] == [
        ("Aurelia recall news", "aurelia AND recall")
    ]
    shown, _ = store.preview_query(engine, "aurelia OR recall", limit=2)
    assert [p.text for p, _ in shown] == ["recall", "aurelia is fine"]  # newest first
    with pytest.raises(QuerySyntaxError) as err:
        store.preview_query(engine, '"side effects')
    assert err.value.position == 0
