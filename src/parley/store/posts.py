"""Writing posts: one transaction per batch, idempotent on (platform, native_id).

A batch stores its authors (once each, updated in place), its posts (new ones inserted,
known ones get their metrics updated), the per-minute counts of the new posts, and the
source's cursor, all or nothing. That is what lets a killed import resume without losing
or doubling a post.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, func, literal, select, tuple_, type_coerce
from sqlalchemy.dialects import postgresql, sqlite

from parley.bus.base import Cursor
from parley.domain import Author, Metrics, Post
from parley.store.tables import (
    UtcDateTime,
    authors,
    post_counts,
    posts,
    source_cursors,
    sources,
)

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.decode
UNDETERMINED = "und"  # BCP 47 for "language not known"


class StoreResult(msgspec.Struct):
    inserted: int = 0
    updated: int = 0
    new_keys: frozenset[tuple[str, str]] = frozenset()


def _insert(connection: Connection):  # type: ignore[no-untyped-def]
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def _json(value: Any) -> str | None:
    return None if value is None else _encode(value).decode()


def store_batch(
    connection: Connection,
    batch: Sequence[Post],
    enrichments: Sequence[dict[str, Any] | None] | None = None,
    *,
    cursor: Cursor | None = None,
    now: datetime | None = None,
) -> StoreResult:
    """Store one batch inside the caller's transaction; returns what was new and what updated."""
    now = now or datetime.now(UTC)
    if enrichments is None:
        enrichments = [None] * len(batch)
    # Within a batch the last copy of a key wins, as it would across batches.
    latest: dict[tuple[str, str], tuple[Post, dict[str, Any] | None]] = {}
    for post, enrichment in zip(batch, enrichments, strict=True):
        latest[post.key] = (post, enrichment)
    insert = _insert(connection)
    author_ids = _store_authors(connection, [p for p, _ in latest.values()], now, insert)

    keys = list(latest)
    existing: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = connection.execute(
            select(posts.c.platform, posts.c.native_id).where(
                tuple_(posts.c.platform, posts.c.native_id).in_(chunk)
            )
        )
        existing.update((r[0], r[1]) for r in rows)

    rows = [_post_row(post, enrichment, author_ids, now) for post, enrichment in latest.values()]
    if rows:
        statement = insert(posts)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[posts.c.platform, posts.c.native_id],
            set_={
                "likes": func.coalesce(excluded.likes, posts.c.likes),
                "reposts": func.coalesce(excluded.reposts, posts.c.reposts),
                "replies": func.coalesce(excluded.replies, posts.c.replies),
                "views": func.coalesce(excluded.views, posts.c.views),
                "author_id": func.coalesce(excluded.author_id, posts.c.author_id),
            },
        )
        for start in range(0, len(rows), 500):
            connection.execute(statement, rows[start : start + 500])

    new_keys = frozenset(k for k in keys if k not in existing)
    _count_new(connection, [latest[k][0] for k in new_keys], latest, insert)
    if cursor is not None:
        save_cursor(connection, cursor, now=now)
    # Every record that did not add a post updated one (repeats inside the batch included).
    return StoreResult(
        inserted=len(new_keys), updated=len(batch) - len(new_keys), new_keys=new_keys
    )


def _store_authors(connection: Connection, batch: list[Post], now: datetime, insert) -> dict:  # type: ignore[no-untyped-def]
    found: dict[tuple[str, str], Author] = {}
    for post in batch:
        if post.author is not None:
            found[(post.platform, post.author.native_id)] = post.author
    if not found:
        return {}
    rows = [
        {
            "platform": platform,
            "native_id": a.native_id,
            "handle": a.handle,
            "name": a.name,
            "followers": a.followers,
            "following": a.following,
            "posts_count": a.posts_count,
            "created_at": a.created_at,
            "verified": a.verified,
            "bio": a.bio,
            "location": a.location,
            "first_seen": now,
            "updated_at": now,
        }
        for (platform, _), a in found.items()
    ]
    statement = insert(authors)
    excluded = statement.excluded
    # A later sighting fills in and refreshes what it knows; what it leaves out is kept.
    updatable = ("handle", "name", "followers", "following", "posts_count", "created_at",
                 "verified", "bio", "location")  # fmt: skip
    statement = statement.on_conflict_do_update(
        index_elements=[authors.c.platform, authors.c.native_id],
        set_={
            **{c: func.coalesce(getattr(excluded, c), authors.c[c]) for c in updatable},
            "updated_at": excluded.updated_at,
        },
    )
    for start in range(0, len(rows), 500):
        connection.execute(statement, rows[start : start + 500])
    ids: dict[tuple[str, str], int] = {}
    keys = list(found)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        result = connection.execute(
            select(authors.c.id, authors.c.platform, authors.c.native_id).where(
                tuple_(authors.c.platform, authors.c.native_id).in_(chunk)
            )
        )
        ids.update(((r.platform, r.native_id), r.id) for r in result)
    return ids


def _post_row(
    post: Post, enrichment: dict[str, Any] | None, author_ids: dict, now: datetime
) -> dict[str, Any]:
    metrics = post.metrics or _NO_METRICS
    return {
        "platform": post.platform,
        "native_id": post.native_id,
        "created_at": post.created_at,
        "ingested_at": now,
        "kind": post.kind,
        "text": post.text,
        "title": post.title,
        "url": post.url,
        "lang": post.lang,
        "author_id": author_ids.get((post.platform, post.author.native_id))
        if post.author
        else None,
        "reply_to": post.reply_to,
        "repost_of": post.repost_of,
        "quote_of": post.quote_of,
        "conversation_id": post.conversation_id,
        "to_account": post.to_account,
        "urls": _json(post.urls),
        "hashtags": _json(post.hashtags),
        "mentions": _json(post.mentions),
        "likes": metrics.likes,
        "reposts": metrics.reposts,
        "replies": metrics.replies,
        "views": metrics.views,
        "raw": _json(post.raw),
        "extra": _json(post.extra),
        "enrichment": _json(enrichment),
    }


_NO_METRICS = Metrics()


def _count_new(connection: Connection, new_posts: list[Post], latest: dict, insert) -> None:  # type: ignore[no-untyped-def]
    counts: Counter[tuple[datetime, str, str]] = Counter()
    for post in new_posts:
        minute = post.created_at.replace(second=0, microsecond=0)
        enrichment = latest[post.key][1] or {}
        lang = enrichment.get("lang") or post.lang or UNDETERMINED
        counts[(minute, post.platform, lang[:35])] += 1
    if not counts:
        return
    statement = insert(post_counts)
    statement = statement.on_conflict_do_update(
        index_elements=[post_counts.c.minute, post_counts.c.platform, post_counts.c.lang],
        set_={"n": post_counts.c.n + statement.excluded.n},
    )
    rows = [
        {"minute": m, "platform": p, "lang": lang, "n": n} for (m, p, lang), n in counts.items()
    ]
    for start in range(0, len(rows), 500):
        connection.execute(statement, rows[start : start + 500])


# -- cursors and sources --------------------------------------------------------------------


def save_cursor(connection: Connection, cursor: Cursor, *, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    statement = _insert(connection)(source_cursors).values(
        source=cursor.source,
        fingerprint=cursor.fingerprint,
        position=cursor.position,
        line=cursor.line,
        done=cursor.done,
        updated_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=[source_cursors.c.source],
        set_={
            "fingerprint": statement.excluded.fingerprint,
            "position": statement.excluded.position,
            "line": statement.excluded.line,
            "done": statement.excluded.done,
            "updated_at": statement.excluded.updated_at,
        },
    )
    connection.execute(statement)


def load_cursor(connection: Connection, source: str) -> Cursor | None:
    row = connection.execute(
        select(source_cursors).where(source_cursors.c.source == source)
    ).first()
    if row is None:
        return None
    return Cursor(
        source=row.source,
        fingerprint=row.fingerprint,
        position=row.position,
        line=row.line,
        done=row.done,
    )


def source_started(
    connection: Connection, *, name: str, kind: str, now: datetime | None = None
) -> None:
    now = now or datetime.now(UTC)
    statement = _insert(connection)(sources).values(
        name=name, kind=kind, state="running", detail=None, posts_total=0, problems_total=0,
        started_at=now, updated_at=now,
    )  # fmt: skip
    statement = statement.on_conflict_do_update(
        index_elements=[sources.c.name],
        set_={"state": "running", "kind": kind, "detail": None, "updated_at": now},
    )
    connection.execute(statement)


def source_progress(
    connection: Connection,
    *,
    name: str,
    posts: int,
    problems: int,
    last_post_at: datetime | None,
    detail: str | None = None,
    now: datetime | None = None,
) -> None:
    now = now or datetime.now(UTC)
    values: dict[str, Any] = {
        "posts_total": sources.c.posts_total + posts,
        "problems_total": sources.c.problems_total + problems,
        "updated_at": now,
    }
    if last_post_at is not None:
        seen = literal(last_post_at, UtcDateTime())
        later = func.max if connection.dialect.name == "sqlite" else func.greatest
        values["last_post_at"] = type_coerce(
            func.coalesce(later(sources.c.last_post_at, seen), seen), UtcDateTime()
        )
    if detail is not None:
        values["detail"] = detail
    connection.execute(sources.update().where(sources.c.name == name).values(**values))


def source_finished(
    connection: Connection, *, name: str, state: str, detail: str | None = None
) -> None:
    connection.execute(
        sources.update()
        .where(sources.c.name == name)
        .values(state=state, detail=detail, updated_at=datetime.now(UTC))
    )


# -- reading --------------------------------------------------------------------------------


def row_to_post(row: Any, author: Any | None) -> Post:
    """Rebuild a Post from a `posts` row (and its `authors` row, if any)."""
    metrics = None
    if any(getattr(row, m) is not None for m in ("likes", "reposts", "replies", "views")):
        metrics = Metrics(
            likes=row.likes, reposts=row.reposts, replies=row.replies, views=row.views
        )
    author_struct = None
    if author is not None and author.a_native_id is not None:
        author_struct = Author(
            native_id=author.a_native_id,
            handle=author.a_handle,
            name=author.a_name,
            followers=author.a_followers,
            following=author.a_following,
            posts_count=author.a_posts_count,
            created_at=author.a_created_at,
            verified=author.a_verified,
            bio=author.a_bio,
            location=author.a_location,
        )
    return Post(
        platform=row.platform,
        native_id=row.native_id,
        created_at=row.created_at,
        text=row.text,
        kind=row.kind,
        url=row.url,
        title=row.title,
        lang=row.lang,
        author=author_struct,
        reply_to=row.reply_to,
        repost_of=row.repost_of,
        quote_of=row.quote_of,
        conversation_id=row.conversation_id,
        urls=_decode(row.urls) if row.urls is not None else None,
        hashtags=_decode(row.hashtags) if row.hashtags is not None else None,
        mentions=_decode(row.mentions) if row.mentions is not None else None,
        metrics=metrics,
        to_account=row.to_account,
        raw=_decode(row.raw) if row.raw is not None else None,
        extra=_decode(row.extra) if row.extra is not None else None,
    )


def iter_posts(
    engine: Any,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    platform: str | None = None,
    chunk: int = 2000,
) -> Iterator[Post]:
    """Every stored post matching the filters, in storage order, read in bounded chunks."""
    author_columns = [
        authors.c.native_id.label("a_native_id"),
        authors.c.handle.label("a_handle"),
        authors.c.name.label("a_name"),
        authors.c.followers.label("a_followers"),
        authors.c.following.label("a_following"),
        authors.c.posts_count.label("a_posts_count"),
        authors.c.created_at.label("a_created_at"),
        authors.c.verified.label("a_verified"),
        authors.c.bio.label("a_bio"),
        authors.c.location.label("a_location"),
    ]
    last_id = 0
    while True:
        query = (
            select(posts, *author_columns)
            .select_from(posts.outerjoin(authors, posts.c.author_id == authors.c.id))
            .where(posts.c.id > last_id)
            .order_by(posts.c.id)
            .limit(chunk)
        )
        if since is not None:
            query = query.where(posts.c.created_at >= since)
        if until is not None:
            query = query.where(posts.c.created_at < until)
        if platform is not None:
            query = query.where(posts.c.platform == platform)
        with engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return
        for row in rows:
            yield row_to_post(row, row)
        last_id = rows[-1].id
