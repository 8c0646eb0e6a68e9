"""The overview's rollups equal a direct count of the stored posts, and a replay adds nothing."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import msgspec
from sqlalchemy import Engine, select

from parley.domain import Author, Metrics, Post
from parley.store import posts as store
from parley.store.rollups import (
    AUTHOR_SPANS,
    SPANS,
    TOP_AUTHORS,
    TOP_POSTS,
    bucket_start,
    sentiment_label,
)
from parley.store.tables import (
    authors,
    post_topics,
    posts,
    rollup_authors,
    rollup_posts,
    rollup_top_authors,
    rollup_top_posts,
    rollup_topics,
    topics,
)
from parley.store.topics import save_topic

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _items(n: int, *, seed: int = 3, likes_boost: int = 0) -> list[tuple[Post, dict]]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        author = rnd.randrange(60)
        topic_names = [t for t in ("brand", "rival", "gone") if rnd.random() < 0.4]
        enrichment = {
            "lang": rnd.choice(["en", "it", "zh"]),
            "sentiment": rnd.choice(["negative", "neutral", "positive", None]),
            "topics": {t: t for t in topic_names} or None,
        }
        post = Post(
            platform=rnd.choice(["x", "mastodon"]),
            native_id=f"n{i}",
            # two days and a bit, so every span has several buckets
            created_at=START + timedelta(seconds=i * 170 + rnd.randrange(60)),
            text=f"post {i}",
            author=Author(native_id=f"a{author}", handle=f"h{author}", followers=author * 97 + 1),
            metrics=Metrics(likes=i * 3 + likes_boost, reposts=i % 5, replies=0),
        )
        out.append((post, {k: v for k, v in enrichment.items() if v is not None}))
    return out


def _store(engine: Engine, items: list[tuple[Post, dict]], size: int = 250) -> None:
    for start in range(0, len(items), size):
        part = items[start : start + size]
        with engine.begin() as connection:
            store.store_batch(connection, [p for p, _ in part], [e for _, e in part])


def _direct(engine: Engine) -> dict[str, object]:
    """Every rollup, recounted from the posts table."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(posts.c.id, posts.c.platform, posts.c.created_at, posts.c.lang,
                   posts.c.enrichment, posts.c.likes, posts.c.reposts, posts.c.replies,
                   posts.c.author_id, authors.c.followers)
            .join(authors, authors.c.id == posts.c.author_id)
        ).all()  # fmt: skip
        matches = connection.execute(select(post_topics.c.post_id, post_topics.c.topic_id)).all()
    by_id = {}
    counted: dict[str, Counter] = defaultdict(Counter)
    authors_seen: dict[tuple, dict[int, int]] = defaultdict(dict)
    engaging: dict[tuple, dict[int, int]] = defaultdict(dict)
    for row in rows:
        enrichment = msgspec.json.decode(row.enrichment) if row.enrichment else {}
        label = sentiment_label(enrichment)
        lang = enrichment.get("lang") or row.lang or "und"
        by_id[row.id] = (row, label)
        for span in SPANS:
            bucket = bucket_start(row.created_at, span)
            for key in (("sentiment", span, bucket, label), ("platform", span, bucket,
                        row.platform), ("lang", span, bucket, lang)):  # fmt: skip
                counted["posts"][key] += 1
                counted["posts_reach"][key] += row.followers
            if span in AUTHOR_SPANS:
                counted["authors"][(span, bucket, row.author_id)] += 1
                counted[f"authors_{label}"][(span, bucket, row.author_id)] += 1
            authors_seen[(span, bucket)][row.author_id] = row.followers
            score = row.likes + row.reposts + row.replies
            if score:
                engaging[(span, bucket)][row.id] = score
    for post_id, topic_id in matches:
        row, label = by_id[post_id]
        for span in SPANS:
            counted["topics"][(span, bucket_start(row.created_at, span), topic_id, label)] += 1
    top_authors = {
        key: set(sorted(seen, key=lambda a: (-seen[a], a))[:TOP_AUTHORS])
        for key, seen in authors_seen.items()
    }
    top_posts = {
        key: {p: found[p] for p in sorted(found, key=lambda p: (-found[p], p))[:TOP_POSTS]}
        for key, found in engaging.items()
    }
    return {**counted, "top_authors": top_authors, "top_posts": top_posts}


def _rollups(engine: Engine) -> dict[str, object]:
    with engine.connect() as connection:
        posts_rows = connection.execute(select(rollup_posts)).all()
        topic_rows = connection.execute(select(rollup_topics)).all()
        author_rows = connection.execute(select(rollup_authors)).all()
        top_author_rows = connection.execute(select(rollup_top_authors)).all()
        top_post_rows = connection.execute(select(rollup_top_posts)).all()
    out: dict[str, object] = {
        "posts": Counter({(r.dimension, r.span, r.bucket, r.value): r.posts
                          for r in posts_rows}),
        "posts_reach": Counter({(r.dimension, r.span, r.bucket, r.value): r.reach
                                for r in posts_rows}),
        "topics": Counter({(r.span, r.bucket, r.topic_id, r.sentiment): r.posts
                           for r in topic_rows}),
        "authors": Counter({(r.span, r.bucket, r.author_id): r.posts for r in author_rows}),
    }  # fmt: skip
    for label in ("negative", "neutral", "positive"):
        out[f"authors_{label}"] = Counter(
            {(r.span, r.bucket, r.author_id): getattr(r, label) for r in author_rows}
        )
    tops: dict[tuple, set[int]] = defaultdict(set)
    for r in top_author_rows:
        tops[(r.span, r.bucket)].add(r.author_id)
    out["top_authors"] = dict(tops)
    top_posts: dict[tuple, dict[int, int]] = defaultdict(dict)
    for r in top_post_rows:
        top_posts[(r.span, r.bucket)][r.post_id] = r.engagement
    out["top_posts"] = dict(top_posts)
    return out


def _same(direct: dict, rolled: dict) -> None:
    for name in ("posts", "posts_reach", "topics", "authors", "authors_negative",
                 "authors_neutral", "authors_positive"):  # fmt: skip
        want = +direct[name]  # `+` drops zero counts
        got = +rolled[name]
        assert got == want, name
    assert rolled["top_authors"] == direct["top_authors"]
    assert rolled["top_posts"] == direct["top_posts"]


def test_rollups_equal_a_direct_count_and_a_replay_adds_nothing(engine: Engine) -> None:
    with engine.begin() as connection:
        save_topic(connection, name="brand", query="aurelia")
        save_topic(connection, name="rival", query="velora")
    items = _items(1200)
    _store(engine, items)
    direct = _direct(engine)
    assert sum(direct["posts"].values()) == 1200 * len(SPANS) * 3  # three dimensions
    assert len(direct["top_authors"]) > 30  # many buckets, each with more than TOP_AUTHORS
    _same(direct, _rollups(engine))

    # The same posts again (a replay, a redelivery), with more likes and in other batches:
    # the counts stay, the top posts follow the new figures.
    _store(engine, _items(1200, likes_boost=1000), size=333)
    again = _direct(engine)
    assert again["posts"] == direct["posts"] and again["topics"] == direct["topics"]
    assert again["top_posts"] != direct["top_posts"]
    _same(again, _rollups(engine))


def test_topic_rollup_names_the_topics_and_skips_unknown_ones(engine: Engine) -> None:
    with engine.begin() as connection:
        save_topic(connection, name="brand", query="aurelia")
    _store(engine, _items(50))
    with engine.connect() as connection:
        ids = set(connection.execute(select(rollup_topics.c.topic_id).distinct()).scalars())
        names = dict(connection.execute(select(topics.c.id, topics.c.name)).all())
    assert {names[i] for i in ids} == {"brand"}


def test_an_upgraded_store_keeps_its_platform_and_language_history(db_url: str) -> None:
    from alembic import command

    from parley.store import stats
    from parley.store.db import alembic_config, create_store_engine, migrate
    from parley.store.tables import post_counts

    engine = create_store_engine(db_url)
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    with engine.begin() as connection:
        connection.execute(post_counts.insert(), [
            {"minute": START, "platform": "x", "lang": "en", "n": 3},
            {"minute": START + timedelta(minutes=1), "platform": "x", "lang": "it", "n": 2},
            {"minute": START + timedelta(days=1), "platform": "reddit", "lang": "en", "n": 4},
        ])  # fmt: skip
    migrate(engine)
    assert stats.post_total(engine) == 9
    assert dict(stats.counts_by(engine, "platform")) == {"x": 5, "reddit": 4}
    assert dict(stats.counts_by(engine, "lang")) == {"en": 7, "it": 2}
    with engine.connect() as connection:
        hours = connection.execute(
            select(rollup_posts.c.bucket, rollup_posts.c.posts).where(
                rollup_posts.c.dimension == "platform", rollup_posts.c.span == 3600
            ).order_by(rollup_posts.c.bucket)
        ).all()  # fmt: skip
    assert hours == [(START, 5), (START + timedelta(days=1), 4)]
    engine.dispose()
