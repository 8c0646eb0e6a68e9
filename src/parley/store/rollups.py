"""The overview's rollups, written in the transaction that stores a batch of posts.

`count_rollups` adds the batch's NEW posts (a post stored again is not counted again) to
posts, topic, author and top-author counts per 5 minutes, hour and day, and offers every
post of the batch to the per-bucket top posts (a later copy can only raise a post's figure).
Rows are summed in Python first and written with one batched upsert per table, as
`post_counts` is, so the cost per post stays a few microseconds.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from parley.domain import Post
from parley.store.posts import _datetime_param, _executemany, _existing_keys, _upsert_sql
from parley.store.tables import posts

FIVE_MINUTES, HOUR, DAY = 300, 3600, 86400
SPANS = (FIVE_MINUTES, HOUR, DAY)
# Per-author counts are kept at 5 minutes and hours only: a day adds up its hours, and
# campaign accounts (the only authors read back over long ranges) are few.
AUTHOR_SPANS = (FIVE_MINUTES, HOUR)
SENTIMENTS = ("negative", "neutral", "positive")
NO_SENTIMENT = "none"
TOP_AUTHORS = 25  # kept per bucket; the overview shows 10
TOP_POSTS = 20  # kept per bucket; the overview shows 10


def bucket_start(when: datetime, span: int) -> datetime:
    """The start (UTC) of the `span`-second bucket holding `when`."""
    seconds = int(when.timestamp())
    return datetime.fromtimestamp(seconds - seconds % span, UTC)


def sentiment_label(enrichment: Mapping[str, Any] | None) -> str:
    label = (enrichment or {}).get("sentiment")
    return label if label in SENTIMENTS else NO_SENTIMENT


def engagement(post: Post) -> int:
    metrics = post.metrics
    if metrics is None:
        return 0
    return (metrics.likes or 0) + (metrics.reposts or 0) + (metrics.replies or 0)


def _both(table: str, columns: tuple[str, ...], key: tuple[str, ...], sqlite: str, pg: str) -> dict:
    """Upsert statements where SQLite and PostgreSQL spell the update differently."""
    return {True: _upsert_sql(table, columns, key, sqlite)[True],
            False: _upsert_sql(table, columns, key, pg)[False]}  # fmt: skip


def _adding(table: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)


_UPSERT_POSTS = _upsert_sql(
    "rollup_posts", ("dimension", "span", "bucket", "value", "posts", "reach"),
    ("dimension", "span", "bucket", "value"), _adding("rollup_posts", ("posts", "reach")),
)  # fmt: skip
DIMENSIONS = ("sentiment", "platform", "lang")
_UPSERT_TOPICS = _upsert_sql(
    "rollup_topics", ("span", "bucket", "topic_id", "sentiment", "posts", "reach"),
    ("span", "bucket", "topic_id", "sentiment"), _adding("rollup_topics", ("posts", "reach")),
)  # fmt: skip
_AUTHOR_SUMS = ("posts", "reach", "negative", "neutral", "positive")
_UPSERT_AUTHORS = _upsert_sql(
    "rollup_authors", ("author_id", "span", "bucket", *_AUTHOR_SUMS),
    ("author_id", "span", "bucket"), _adding("rollup_authors", _AUTHOR_SUMS),
)  # fmt: skip
_UPSERT_TOP_AUTHORS = _upsert_sql(
    "rollup_top_authors", ("span", "bucket", "author_id", "followers", "posts", "reach"),
    ("span", "bucket", "author_id"),
    "followers = excluded.followers, " + _adding("rollup_top_authors", ("posts", "reach")),
)  # fmt: skip
_UPSERT_TOP_POSTS = _both(
    "rollup_top_posts", ("span", "bucket", "post_id", "author_id", "engagement"),
    ("span", "bucket", "post_id"),
    "author_id = excluded.author_id, "
    "engagement = max(rollup_top_posts.engagement, excluded.engagement)",
    "author_id = excluded.author_id, "
    "engagement = GREATEST(rollup_top_posts.engagement, excluded.engagement)",
)  # fmt: skip


def _prune_sql(table: str, key: str, order: str, keep: int) -> dict:
    """Delete a bucket's rows beyond the `keep` best (ties broken by id, so it is stable)."""

    def build(p: str) -> str:
        return (
            f"DELETE FROM {table} WHERE span = {p} AND bucket = {p} AND {key} NOT IN "
            f"(SELECT {key} FROM {table} WHERE span = {p} AND bucket = {p} "
            f"ORDER BY {order} DESC, {key} LIMIT {keep})"
        )

    return {True: build("?"), False: build("%s")}


_PRUNE_TOP_AUTHORS = _prune_sql("rollup_top_authors", "author_id", "followers", TOP_AUTHORS)
_PRUNE_TOP_POSTS = _prune_sql("rollup_top_posts", "post_id", "engagement", TOP_POSTS)


def count_rollups(
    connection: Connection,
    new_items: Iterable[tuple[Post, dict[str, Any] | None, str]],
    batch: Iterable[Post],
    *,
    author_ids: Mapping[tuple[str, str], int],
    topic_ids: Mapping[str, int],
) -> None:
    """Add the new posts ((post, enrichment, language) each) to the rollups, and offer every
    post of `batch` (new or a later copy) to the top posts of its buckets."""
    to_db = _datetime_param(connection)
    stamps: dict[int, Any] = {}

    def stamp(seconds: int) -> Any:
        found = stamps.get(seconds)
        if found is None:
            found = stamps[seconds] = to_db(datetime.fromtimestamp(seconds, UTC))
        return found

    # First by 5 minutes (one update per post and key), then each 5 minutes into the longer
    # buckets (every span is a multiple of 5 minutes, so the sums are the same).
    posts_by: dict[tuple[Any, ...], list[int]] = {}
    topics_by: dict[tuple[Any, ...], list[int]] = {}
    authors_by: dict[tuple[int, int], list[int]] = {}
    audience: dict[int, int] = {}
    column = {"negative": 2, "neutral": 3, "positive": 4}
    for post, enrichment, lang in new_items:
        seconds = int(post.created_at.timestamp())
        five = seconds - seconds % FIVE_MINUTES
        label = sentiment_label(enrichment)
        author = post.author
        followers = (author.followers or 0) if author is not None else 0
        for key in ((five, "sentiment", label), (five, "platform", post.platform),
                    (five, "lang", lang)):  # fmt: skip
            sums = posts_by.get(key)
            if sums is None:
                posts_by[key] = [1, followers]
            else:
                sums[0] += 1
                sums[1] += followers
        matched = (enrichment or {}).get("topics")
        if matched:
            for name in matched:
                topic_id = topic_ids.get(name)
                if topic_id is None:
                    continue
                sums = topics_by.get((five, topic_id, label))
                if sums is None:
                    topics_by[(five, topic_id, label)] = [1, followers]
                else:
                    sums[0] += 1
                    sums[1] += followers
        author_id = author_ids.get((post.platform, author.native_id)) if author else None
        if author_id is None:
            continue
        audience[author_id] = followers
        sums = authors_by.get((five, author_id))
        if sums is None:
            sums = authors_by[(five, author_id)] = [0, 0, 0, 0, 0]
        sums[0] += 1
        sums[1] += followers
        if label in column:
            sums[column[label]] += 1

    def spread(by_five: Mapping[tuple[Any, ...], list[int]], spans: tuple[int, ...]) -> dict:
        out: dict[tuple[Any, ...], list[int]] = {}
        for key, sums in by_five.items():
            five, rest = key[0], key[1:]
            for span in spans:
                bucket = (span, five - five % span, *rest)
                found = out.get(bucket)
                if found is None:
                    # the 5-minute bucket is its own sum; a longer one starts from a copy
                    out[bucket] = sums if span == FIVE_MINUTES else sums.copy()
                else:
                    out[bucket] = [a + b for a, b in zip(found, sums, strict=True)]
        return out

    rows = [(d, span, stamp(b), v, *sums)
            for (span, b, d, v), sums in spread(posts_by, SPANS).items()]  # fmt: skip
    _executemany(connection, _UPSERT_POSTS, rows)
    rows = [(span, stamp(b), t, label, *sums)
            for (span, b, t, label), sums in spread(topics_by, SPANS).items()]  # fmt: skip
    _executemany(connection, _UPSERT_TOPICS, rows)
    per_author = spread(authors_by, AUTHOR_SPANS)
    rows = [(a, span, stamp(b), *sums) for (span, b, a), sums in per_author.items()]
    _executemany(connection, _UPSERT_AUTHORS, rows)
    _offer_top_authors(connection, per_author, audience, stamp)
    _offer_top_posts(connection, batch, author_ids, stamp)


def _offer_top_authors(
    connection: Connection, per_author: Mapping[tuple[int, int, int], list[int]],
    audience: Mapping[int, int], stamp: Any,
) -> None:  # fmt: skip
    """The batch's largest audiences per bucket, and each bucket cut back to TOP_AUTHORS.

    Only a batch's own best can enter a bucket's top (the others have TOP_AUTHORS authors
    with a larger audience in the same bucket already), and the best of an hour are among
    the best of its 5 minutes, the best of a day among those of its hours (audiences are a
    property of the author, not summed), so each span is cut from the one below it."""
    level: dict[int, dict[int, list[int]]] = {}  # bucket -> author -> [followers, posts, reach]
    for (span, bucket, author_id), sums in per_author.items():
        if span == FIVE_MINUTES:
            level.setdefault(bucket, {})[author_id] = [audience[author_id], sums[0], sums[1]]
    rows = []
    touched = []
    for span in SPANS:
        merged: dict[int, dict[int, list[int]]] = {}
        for bucket, seen in level.items():
            into = merged.setdefault(bucket - bucket % span, {})
            for author_id, (followers, n, reach) in seen.items():
                found = into.get(author_id)
                if found is None:
                    into[author_id] = [followers, n, reach]
                else:
                    found[1] += n
                    found[2] += reach
        level = {}
        for bucket, seen in merged.items():
            best = heapq.nlargest(TOP_AUTHORS, seen.items(), key=lambda i: (i[1][0], -i[0]))
            level[bucket] = dict(best)
            rows.extend((span, stamp(bucket), a, *entry) for a, entry in best)
            touched.append((span, stamp(bucket)))
    _executemany(connection, _UPSERT_TOP_AUTHORS, rows)
    _prune(connection, _PRUNE_TOP_AUTHORS, touched)


def _offer_top_posts(
    connection: Connection, batch: Iterable[Post], author_ids: Mapping, stamp: Any
) -> None:
    candidates: dict[tuple[int, Any], list[tuple[int, Post]]] = {}
    for post in batch:
        score = engagement(post)
        if score <= 0:
            continue
        seconds = int(post.created_at.timestamp())
        for span in SPANS:
            key = (span, stamp(seconds - seconds % span))
            candidates.setdefault(key, []).append((score, post))
    if not candidates:
        return
    best = {
        key: heapq.nlargest(TOP_POSTS, found, key=lambda item: item[0])
        for key, found in candidates.items()
    }
    keys = list({post.key for found in best.values() for _, post in found})
    ids = _existing_keys(connection, posts, keys)
    rows = []
    for (span, bucket), found in best.items():
        for score, post in found:
            post_id = ids.get(post.key)
            if post_id is None:
                continue
            author = post.author
            author_id = author_ids.get((post.platform, author.native_id)) if author else None
            rows.append((span, bucket, post_id, author_id, score))
    _executemany(connection, _UPSERT_TOP_POSTS, rows)
    _prune(connection, _PRUNE_TOP_POSTS, best)


def _prune(
    connection: Connection, statements: dict, touched: Mapping[tuple[int, Any], Any]
) -> None:
    rows = [(span, bucket, span, bucket) for span, bucket in touched]
    _executemany(connection, statements, rows)
