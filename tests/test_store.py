"""The store on SQLite and PostgreSQL: schema, authors, rollups, cursors, sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from parley.bus.base import Cursor
from parley.domain import Author, Metrics, Post
from parley.store import posts as store
from parley.store import stats
from parley.store.db import current_revision, head_revision, migrate
from parley.store.tables import authors, metadata, post_counts, posts

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def post(i: int, **kw) -> Post:  # type: ignore[no-untyped-def]
    fields = {
        "platform": "x",
        "native_id": f"n{i}",
        "created_at": T0 + timedelta(seconds=20 * i),
        "text": f"text {i}",
        "author": Author(native_id=f"a{i % 3}", handle=f"h{i % 3}"),
    }
    fields.update(kw)
    return Post(**fields)


def test_migrations_build_exactly_the_tables(engine):
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), metadata
        )
    assert diff == []
    migrate(engine)  # idempotent


def test_store_batch_counts_new_and_updated_and_keeps_authors_once(engine):
    with engine.begin() as connection:
        result = store.store_batch(connection, [post(i) for i in range(10)])
    assert (result.inserted, result.updated) == (10, 0)
    with engine.begin() as connection:
        result = store.store_batch(
            connection,
            [post(5, metrics=Metrics(likes=7)), post(5, metrics=Metrics(likes=9)), post(10)],
        )
    # two copies of n5 in one batch: the later wins, both count as updates
    assert (result.inserted, result.updated) == (1, 2)
    assert result.new_keys == {("x", "n10")}
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(posts)).scalar_one() == 11
        assert connection.execute(select(func.count()).select_from(authors)).scalar_one() == 3
        likes = connection.execute(
            select(posts.c.likes).where(posts.c.native_id == "n5")
        ).scalar_one()
        assert likes == 9


def test_author_updates_fill_in_and_keep_what_is_not_said(engine):
    with engine.begin() as connection:
        store.store_batch(
            connection,
            [post(0, author=Author(native_id="z", handle="zed", followers=10, bio="hi"))],
        )
        store.store_batch(connection, [post(1, author=Author(native_id="z", followers=20))])
    with engine.connect() as connection:
        row = connection.execute(select(authors).where(authors.c.native_id == "z")).one()
    assert (row.handle, row.followers, row.bio) == ("zed", 20, "hi")


def test_rollup_counts_only_new_posts(engine):
    batch = [post(i, lang="en" if i % 2 else None) for i in range(6)]
    with engine.begin() as connection:
        store.store_batch(connection, batch)
        store.store_batch(connection, batch)  # a repeat adds nothing
    assert stats.post_total(engine) == 6
    assert dict(stats.counts_by(engine, "lang")) == {"en": 3, "und": 3}
    with engine.connect() as connection:
        minutes = connection.execute(select(post_counts.c.minute).distinct()).scalars().all()
    assert sorted(m.minute for m in minutes) == [0, 1]  # 6 posts, 20 s apart: two minutes
    assert all(m.tzinfo is UTC for m in minutes)


def test_cursor_and_source_health_round_trip(engine):
    cursor = Cursor(source="import:/tmp/x.jsonl", fingerprint="abc", position=1234, line=56)
    with engine.begin() as connection:
        store.source_started(connection, name=cursor.source, kind="import")
        store.save_cursor(connection, cursor)
        store.source_progress(connection, name=cursor.source, posts=10, problems=2,
                              last_post_at=T0, detail="line 3: bad")  # fmt: skip
        store.source_progress(connection, name=cursor.source, posts=5, problems=0,
                              last_post_at=T0 - timedelta(days=1))  # fmt: skip
    with engine.connect() as connection:
        assert store.load_cursor(connection, cursor.source) == cursor
        assert store.load_cursor(connection, "nope") is None
    [health] = stats.source_health(engine)
    assert health["posts_total"] == 15 and health["problems_total"] == 2
    assert health["last_post_at"] == T0  # an older post does not move it back
    assert health["detail"] == "line 3: bad" and health["state"] == "running"
    with engine.begin() as connection:
        store.source_finished(connection, name=cursor.source, state="failing", detail="disk full")
    assert stats.source_health(engine)[0]["state"] == "failing"


def test_hostile_text_is_stored_verbatim(engine):
    nasty = "<script>alert(1)</script> \u202e\u200d 'quotes\" ; DROP TABLE posts; -- 😀 \U0010ffff"
    with engine.begin() as connection:
        store.store_batch(connection, [post(0, text=nasty, raw={"nul": "\x00"})])
    [back] = list(store.iter_posts(engine))
    assert back.text == nasty
    assert back.raw == {"nul": "\x00"}
