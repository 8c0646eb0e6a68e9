"""Writing posts: one transaction per batch, idempotent on (platform, native_id).

A batch stores its authors (once each, updated in place), its posts (new ones inserted,
known ones get their metrics updated), the per-minute counts of the new posts, and the
source's cursor, all or nothing. That is what lets a killed import resume without losing
or doubling a post.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, func, literal, null, select, type_coerce

from parley.bus.base import Cursor
from parley.domain import Author, Metrics, Post
from parley.store.db import upsert_insert
from parley.store.tables import (
    UtcDateTime,
    authors,
    post_topics,
    posts,
    source_cursors,
    sources,
    topics,
)

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.decode
UNDETERMINED = "und"  # BCP 47 for "language not known"


class StoreResult(msgspec.Struct):
    inserted: int = 0
    updated: int = 0
    new_keys: frozenset[tuple[str, str]] = frozenset()


_ROWS_PER_CALL = 1000


# The keys of an enrichment, in order -> those of them that start with "_". Enrichments of a
# pipeline come in a few shapes (which enrichers had something to say), so this stays small.
_PRIVATE_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _stored_part(enrichment: dict[str, Any] | None) -> dict[str, Any] | None:
    """Keys starting with `_` pass between enrichers (e.g. the normalised text) but are not kept."""
    if not enrichment:
        return enrichment
    keys = tuple(enrichment)
    private = _PRIVATE_KEYS.get(keys)
    if private is None:
        private = tuple(k for k in keys if k.startswith("_"))
        if len(_PRIVATE_KEYS) < 4096:
            _PRIVATE_KEYS[keys] = private
    if not private:
        return enrichment
    kept = enrichment.copy()
    for key in private:
        del kept[key]
    return kept


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if not value:  # most posts have no URLs, mentions or extra: no encoder call for those
        kind = value.__class__
        if kind is list or kind is tuple:
            return "[]"
        if kind is dict:
            return "{}"
    return _encode(value).decode()


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
    author_ids = _store_authors(connection, [p for p, _ in latest.values()], now)

    keys = list(latest)
    existing = _existing_keys(connection, posts, keys)

    if latest:
        to_db = _datetime_param(connection)
        stamp = to_db(now)
        rows = [
            _post_row(post, enrichment, author_ids, stamp, to_db)
            for post, enrichment in latest.values()
        ]
        _executemany(connection, _UPSERT_POSTS, rows)

    matched = [k for k, (_, e) in latest.items() if e and e.get("topics")]
    topic_ids = (
        dict(connection.execute(select(topics.c.name, topics.c.id)).all()) if matched else {}
    )
    if matched:
        ids = _existing_keys(connection, posts, matched)
        _store_matches(
            connection,
            [(ids[k], latest[k][0].created_at, latest[k][1]["topics"]) for k in matched],  # type: ignore[index]
            topic_ids,
        )

    new_keys = frozenset(k for k in keys if k not in existing)
    new_posts = [latest[k][0] for k in new_keys]
    _count_new(connection, new_posts, latest)
    from parley.store.rollups import count_rollups  # it builds on this module's statements

    count_rollups(
        connection,
        [(p, latest[p.key][1], post_language(p, latest[p.key][1])) for p in new_posts],
        [p for p, _ in latest.values()],
        author_ids=author_ids,
        topic_ids=topic_ids,
    )
    if cursor is not None:
        save_cursor(connection, cursor, now=now)
    # Every record that did not add a post updated one (repeats inside the batch included).
    return StoreResult(
        inserted=len(new_keys), updated=len(batch) - len(new_keys), new_keys=new_keys
    )


def _existing_keys(
    connection: Connection,
    table: Any,
    keys: Iterable[tuple[str, str]],
    *,
    key: str = "native_id",
    value: str = "id",
) -> dict:
    """{(platform, `key`): `value`} for the keys already in `table` (by default
    {(platform, native_id): id}).

    One `native_id IN (...)` per platform: PostgreSQL plans a row-value IN list of hundreds
    of tuples badly (measured: 230 ms for 500 keys, against 2 ms this way).
    """
    by_platform: dict[str, list[str]] = {}
    for platform, native_id in keys:
        by_platform.setdefault(platform, []).append(native_id)
    found: dict[tuple[str, str], int] = {}
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), 1000):
            rows = connection.execute(
                select(table.c[value], table.c[key]).where(
                    table.c.platform == platform, table.c[key].in_(ids[start : start + 1000])
                )
            )
            found.update(((platform, native_id), id_) for id_, native_id in rows)
    return found


def _store_authors(connection: Connection, batch: list[Post], now: datetime) -> dict:
    found: dict[tuple[str, str], Author] = {}
    for post in batch:
        if post.author is not None:
            found[(post.platform, post.author.native_id)] = post.author
    if not found:
        return {}
    to_db = _datetime_param(connection)
    stamp = to_db(now)
    rows = [
        (
            platform,
            a.native_id,
            a.handle,
            a.name,
            a.followers,
            a.following,
            a.posts_count,
            to_db(a.created_at) if a.created_at is not None else None,
            a.verified,
            a.bio,
            a.location,
            stamp,
            stamp,
        )
        for (platform, _), a in found.items()
    ]
    _executemany(connection, _UPSERT_AUTHORS, rows)
    return _existing_keys(connection, authors, list(found))


# The hot path writes with hand-written statements (valid SQL for SQLite and PostgreSQL
# alike) and positional rows: SQLAlchemy's per-row parameter processing cost more than the
# database itself (measured: about half of the store stage).
_POST_COLUMNS = (
    "platform", "native_id", "created_at", "ingested_at", "kind", "text", "title", "url",
    "lang", "author_id", "reply_to", "repost_of", "quote_of", "conversation_id", "to_account",
    "urls", "hashtags", "mentions", "likes", "reposts", "replies", "views", "raw", "extra",
    "enrichment", "language", "sentiment", "intent",
)  # fmt: skip
_AUTHOR_COLUMNS = (
    "platform", "native_id", "handle", "name", "followers", "following", "posts_count",
    "created_at", "verified", "bio", "location", "first_seen", "updated_at",
)  # fmt: skip


def _upsert_sql(table: str, columns: tuple[str, ...], key: tuple[str, ...], updates: str) -> dict:
    """The statement for both paramstyles: {True: qmark (sqlite3), False: format (psycopg)}."""

    def build(placeholder: str) -> str:
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join([placeholder] * len(columns))}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
        )

    return {True: build("?"), False: build("%s")}


def _keep_old(table: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{c} = COALESCE(excluded.{c}, {table}.{c})" for c in columns)


# A later copy of a post updates its metrics (and its author link), nothing else.
_UPSERT_POSTS = _upsert_sql(
    "posts", _POST_COLUMNS, ("platform", "native_id"),
    _keep_old("posts", ("likes", "reposts", "replies", "views", "author_id")),
)  # fmt: skip
# A later sighting of an author fills in and refreshes what it knows; what it leaves out is kept.
_UPSERT_AUTHORS = _upsert_sql(
    "authors", _AUTHOR_COLUMNS, ("platform", "native_id"),
    _keep_old("authors", _AUTHOR_COLUMNS[2:11]) + ", updated_at = excluded.updated_at",
)  # fmt: skip
_UPSERT_COUNTS = _upsert_sql(
    "post_counts", ("minute", "platform", "lang", "n"), ("minute", "platform", "lang"),
    "n = post_counts.n + excluded.n",
)  # fmt: skip


_INSERT_MATCHES = {
    style: f"INSERT INTO post_topics (topic_id, post_id, created_at, clause) "
    f"VALUES ({', '.join([p] * 4)}) ON CONFLICT DO NOTHING"
    for style, p in ((True, "?"), (False, "%s"))
}


def _store_matches(
    connection: Connection,
    matched: list[tuple[int, datetime, dict[str, str]]],
    topic_ids: dict[str, int],
) -> None:
    """`parley.store.topics.store_matches` for the hot path: positional rows, one statement
    (the same rows; SQLAlchemy's per-row processing cost more than the insert)."""
    to_db = _datetime_param(connection)
    rows = [
        (topic_ids[name], post_id, to_db(created_at), clause)
        for post_id, created_at, found in matched
        for name, clause in found.items()
        if name in topic_ids
    ]
    _executemany(connection, _INSERT_MATCHES, rows)


def _executemany(connection: Connection, statements: dict, rows: list[tuple[Any, ...]]) -> None:
    sql = statements[connection.dialect.paramstyle == "qmark"]
    for start in range(0, len(rows), _ROWS_PER_CALL):
        connection.exec_driver_sql(sql, rows[start : start + _ROWS_PER_CALL])


def _sqlite_datetime(value: datetime) -> str:
    # exactly how SQLAlchemy's SQLite DateTime stores naive UTC, so reads and comparisons agree
    # (the UTC time without its "+00:00")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:-6]


def _pg_datetime(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def _datetime_param(connection: Connection):  # type: ignore[no-untyped-def]
    return _sqlite_datetime if connection.dialect.name == "sqlite" else _pg_datetime


def _post_row(
    post: Post, enrichment: dict[str, Any] | None, author_ids: dict, stamp: Any, to_db: Any
) -> tuple[Any, ...]:
    metrics = post.metrics or _NO_METRICS
    author = post.author
    return (
        post.platform,
        post.native_id,
        to_db(post.created_at),
        stamp,
        post.kind,
        post.text,
        post.title,
        post.url,
        post.lang,
        author_ids.get((post.platform, author.native_id)) if author is not None else None,
        post.reply_to,
        post.repost_of,
        post.quote_of,
        post.conversation_id,
        post.to_account,
        _json(post.urls),
        _json(post.hashtags),
        _json(post.mentions),
        metrics.likes,
        metrics.reposts,
        metrics.replies,
        metrics.views,
        _json(post.raw),
        _json(post.extra),
        _json(_stored_part(enrichment)),
        *filter_columns(enrichment, post.lang),
    )


_NO_METRICS = Metrics()
SENTIMENTS = ("negative", "neutral", "positive")
INTENTS = ("complaint", "question", "request", "praise", "other")


def filter_columns(
    enrichment: dict[str, Any] | None, platform_lang: str | None
) -> tuple[str, str | None, str | None]:
    """(language, sentiment, intent): the enrichment's values the Stream filters on.

    The language is the one a post shows: Parley's detected language, else the platform's
    tag, else "und". Labels outside the known sets are not copied (the filters offer only
    those). Migration 0008 backfills existing posts with a frozen copy of this rule.
    """
    enrichment = enrichment or {}
    detected = enrichment.get("lang")
    if isinstance(detected, str) and detected and detected != UNDETERMINED:
        language = detected
    else:
        language = platform_lang or UNDETERMINED
    sentiment = enrichment.get("sentiment")
    intent = enrichment.get("intent")
    return (
        language[:35],
        sentiment if sentiment in SENTIMENTS else None,
        intent if intent in INTENTS else None,
    )


def post_language(post: Post, enrichment: dict[str, Any] | None) -> str:
    """The language a post is counted under: detected, else the platform's tag, else und."""
    return ((enrichment or {}).get("lang") or post.lang or UNDETERMINED)[:35]


def _count_new(connection: Connection, new_posts: list[Post], latest: dict) -> None:
    counts: Counter[tuple[datetime, str, str]] = Counter()
    for post in new_posts:
        minute = post.created_at.replace(second=0, microsecond=0)
        counts[(minute, post.platform, post_language(post, latest[post.key][1]))] += 1
    to_db = _datetime_param(connection)
    rows = [(to_db(m), p, lang, n) for (m, p, lang), n in counts.items()]
    _executemany(connection, _UPSERT_COUNTS, rows)


# -- cursors and sources --------------------------------------------------------------------


def save_cursor(connection: Connection, cursor: Cursor, *, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    statement = upsert_insert(connection)(source_cursors).values(
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
    statement = upsert_insert(connection)(sources).values(
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


_AUTHOR_COLUMNS = [
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


def iter_posts(
    engine: Any,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    platform: str | None = None,
    topic: str | None = None,
    chunk: int = 2000,
    with_ids: bool = False,
) -> Iterator[Any]:
    """Every stored post matching the filters, in storage order, read in bounded chunks."""
    last_id = 0
    while True:
        query = (
            select(posts, *_AUTHOR_COLUMNS)
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
        if topic is not None:
            query = query.where(
                posts.c.id.in_(
                    select(post_topics.c.post_id)
                    .join(topics, topics.c.id == post_topics.c.topic_id)
                    .where(topics.c.name == topic)
                )
            )
        with engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return
        for row in rows:
            yield (row.id, row_to_post(row, row)) if with_ids else row_to_post(row, row)
        last_id = rows[-1].id


def recent_posts(engine: Any, *, limit: int = 1000, payload: bool = True) -> list[Post]:
    """The newest stored posts (by storage order), newest first. `payload=False` leaves out
    the raw payload and extra fields (a preview's 2,000 posts load several times faster)."""
    columns: list[Any] = list(posts.c)
    if not payload:
        columns = [c for c in posts.c if c.name not in ("raw", "extra")]
        columns += [null().label("raw"), null().label("extra")]
    query = (
        select(*columns, *_AUTHOR_COLUMNS)
        .select_from(posts.outerjoin(authors, posts.c.author_id == authors.c.id))
        .order_by(posts.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        return [row_to_post(row, row) for row in connection.execute(query)]
