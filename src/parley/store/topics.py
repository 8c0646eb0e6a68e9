"""Topics in the store: create, change, remove, list; every query is checked before it is kept.

The CLI works on topics by name (`save_topic` creates or changes); the web pages work on them
by id (`create_topic` refuses a name in use, `update_topic` may rename). Every change moves
`updated_at` or the count of topics, which is what `topics_version` reports, so a running
pipeline recompiles its matcher within seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from parley.detect.model import SENSITIVITIES
from parley.domain import Post
from parley.enrich.query import Doc, QuerySyntaxError, TopicMatcher, parse
from parley.store.alerts import has_control
from parley.store.db import upsert_insert
from parley.store.tables import post_topics, topics

MAX_NAME_CHARS = 200
# A topic list shows "10,000+" past this: counting is an index range on post_topics, bounded
# so a busy topic costs the same as a quiet one.
MAX_COUNTED = 10_000
PREVIEW_SCAN = 2_000  # recent posts a preview tries
PREVIEW_SHOW = 20


class TopicError(ValueError):
    """A topic cannot be saved as given; the message says why."""


class TopicNotFound(TopicError, LookupError):
    """No topic has that id."""

    def __init__(self, topic_id: object) -> None:
        super().__init__(f"no topic with id {topic_id}")
        self.topic_id = topic_id


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise TopicError("a topic needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise TopicError(f"a topic name has at most {MAX_NAME_CHARS} characters")
    if any(ord(ch) < 32 or ch == "\x7f" for ch in name):
        raise TopicError("a topic name cannot contain control characters")
    return name


def _check_query(query: str) -> str:
    if has_control(query, allow_newlines=True):
        # NUL and friends: PostgreSQL cannot store NUL in text, and no post contains them
        # (matching drops them), so such a query is a mistake, refused clearly.
        raise TopicError("query contains control characters (other than tab and line breaks)")
    try:
        parse(query)
    except QuerySyntaxError as exc:
        raise TopicError(f"query {exc}") from None
    return query


def _check_sensitivity(value: str | None) -> str | None:
    if value is not None and value not in SENSITIVITIES:
        raise TopicError(f"sensitivity {value!r}: use one of {', '.join(SENSITIVITIES)}")
    return value


def save_topic(
    connection: Connection, *, name: str, query: str, sensitivity: str | None = None
) -> dict[str, Any]:
    """Create the topic, or change its query (and sensitivity, if given) if it exists.
    Returns the stored row."""
    name, query = _check_name(name), _check_query(query)
    sensitivity = _check_sensitivity(sensitivity)
    now = datetime.now(UTC)
    row = connection.execute(select(topics).where(topics.c.name == name)).first()
    if row is None:
        connection.execute(
            topics.insert().values(
                name=name,
                query=query,
                active=True,
                created_at=now,
                updated_at=now,
                sensitivity=sensitivity or "balanced",
            )
        )
    else:
        values: dict[str, Any] = {"query": query, "active": True, "updated_at": now}
        if sensitivity:
            values["sensitivity"] = sensitivity
        connection.execute(topics.update().where(topics.c.id == row.id).values(**values))
    return dict(connection.execute(select(topics).where(topics.c.name == name)).one()._mapping)


def set_sensitivity(connection: Connection, *, name: str, sensitivity: str) -> None:
    _check_sensitivity(sensitivity)
    done = connection.execute(
        topics.update()
        .where(topics.c.name == name)
        .values(sensitivity=sensitivity, updated_at=datetime.now(UTC))
    )
    if not done.rowcount:
        raise TopicError(f"no topic named {name!r}")


def sensitivities(engine: Engine) -> dict[str, str]:
    """Topic name -> its sensitivity, for the detectors."""
    with engine.connect() as connection:
        return dict(connection.execute(select(topics.c.name, topics.c.sensitivity)).all())


def remove_topic(connection: Connection, *, name: str) -> None:
    row = connection.execute(select(topics.c.id).where(topics.c.name == name)).first()
    if row is None:
        raise TopicError(f"no topic named {name!r}")
    connection.execute(post_topics.delete().where(post_topics.c.topic_id == row.id))
    connection.execute(topics.delete().where(topics.c.id == row.id))


def list_topics(engine: Engine) -> list[dict[str, Any]]:
    counts = (
        select(post_topics.c.topic_id, func.count().label("posts"))
        .group_by(post_topics.c.topic_id)
        .subquery()
    )
    query = (
        select(topics, func.coalesce(counts.c.posts, 0).label("posts"))
        .select_from(topics.outerjoin(counts, counts.c.topic_id == topics.c.id))
        .order_by(topics.c.name)
    )
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def active_queries(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(select(topics.c.name, topics.c.query).where(topics.c.active))
        return {name: query for name, query in rows}


def topics_version(engine: Engine) -> tuple[int, datetime | None]:
    """Changes whenever a topic is added, changed or removed."""
    with engine.connect() as connection:
        count, latest = connection.execute(
            select(func.count(), func.max(topics.c.updated_at))
        ).one()
    return int(count), latest


def store_matches(
    connection: Connection, matched: list[tuple[int, datetime, dict[str, str]]]
) -> None:
    """Record (post id, post time, {topic name: clause}) rows; repeats are ignored."""
    if not matched:
        return
    ids = dict(connection.execute(select(topics.c.name, topics.c.id)).all())
    rows = [
        {"topic_id": ids[name], "post_id": post_id, "created_at": created_at, "clause": clause}
        for post_id, created_at, found in matched
        for name, clause in found.items()
        if name in ids
    ]
    if not rows:
        return
    connection.execute(upsert_insert(connection)(post_topics).on_conflict_do_nothing(), rows)


# -- by id, for the web pages ---------------------------------------------------------------


def get_topic(connection: Connection, topic_id: int) -> dict[str, Any]:
    row = connection.execute(select(topics).where(topics.c.id == topic_id)).first()
    if row is None:
        raise TopicNotFound(topic_id)
    return dict(row._mapping)


def _name_taken(connection: Connection, name: str, *, other_than: int | None = None) -> bool:
    query = select(topics.c.id).where(topics.c.name == name)
    if other_than is not None:
        query = query.where(topics.c.id != other_than)
    return connection.execute(query).first() is not None


def create_topic(
    connection: Connection, *, name: str, query: str, sensitivity: str = "balanced"
) -> dict[str, Any]:
    """A new active topic; a name already in use is an error (not a silent change)."""
    name, query = _check_name(name), _check_query(query)
    sensitivity = _check_sensitivity(sensitivity) or "balanced"
    if _name_taken(connection, name):
        raise TopicError(f"a topic named {name!r} already exists")
    now = datetime.now(UTC)
    values = {"name": name, "query": query, "active": True, "sensitivity": sensitivity,
              "created_at": now, "updated_at": now}  # fmt: skip
    result = connection.execute(topics.insert().values(**values))
    return get_topic(connection, int(result.inserted_primary_key[0]))  # type: ignore[index]


def update_topic(
    connection: Connection,
    topic_id: int,
    *,
    name: str | None = None,
    query: str | None = None,
    sensitivity: str | None = None,
    active: bool | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Change what is given; returns (before, after). Renaming keeps the topic's matches and
    alerts (they refer to its id); the alerts keep the name they fired under."""
    before = get_topic(connection, topic_id)
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _check_name(name)
        if _name_taken(connection, values["name"], other_than=topic_id):
            raise TopicError(f"a topic named {values['name']!r} already exists")
    if query is not None:
        values["query"] = _check_query(query)
    if sensitivity is not None:
        values["sensitivity"] = _check_sensitivity(sensitivity)
    if active is not None:
        values["active"] = bool(active)
    changed = {k: v for k, v in values.items() if before[k] != v}
    if changed:
        changed["updated_at"] = datetime.now(UTC)
        connection.execute(topics.update().where(topics.c.id == topic_id).values(**changed))
    return before, get_topic(connection, topic_id)


def delete_topic(connection: Connection, topic_id: int) -> dict[str, Any]:
    """Remove the topic and its matches (the posts stay); returns what was removed."""
    before = get_topic(connection, topic_id)
    remove_topic(connection, name=before["name"])
    return before


def topic_table(engine: Engine, *, since: datetime) -> list[dict[str, Any]]:
    """Every topic (by name) with `matches`: its posts since `since`, counted up to
    MAX_COUNTED (then `matches_capped` is true) on the (topic_id, created_at) index."""
    with engine.connect() as connection:
        rows = [
            dict(r._mapping) for r in connection.execute(select(topics).order_by(topics.c.name))
        ]
        for row in rows:
            bounded = (
                select(post_topics.c.post_id)
                .where(post_topics.c.topic_id == row["id"], post_topics.c.created_at >= since)
                .limit(MAX_COUNTED + 1)
                .subquery()
            )
            n = int(connection.execute(select(func.count()).select_from(bounded)).scalar_one())
            row["matches"] = min(n, MAX_COUNTED)
            row["matches_capped"] = n > MAX_COUNTED
    return rows


def preview_query(
    engine: Engine, query: str, *, scan: int = PREVIEW_SCAN, limit: int = PREVIEW_SHOW
) -> tuple[list[tuple[Post, str]], int]:
    """The newest of the `scan` most recent stored posts that `query` matches (at most
    `limit`), each with the clause that matched, and how many posts were tried. Raises
    QuerySyntaxError (with its position) for a query that cannot be parsed."""
    from parley.store.posts import recent_posts  # imported here: posts imports this module

    matcher = TopicMatcher({"preview": query})
    shown: list[tuple[Post, str]] = []
    tried = 0
    for post in recent_posts(engine, limit=scan, payload=False):
        tried += 1
        found = matcher.match(Doc.from_post(post))
        if found:
            shown.append((post, found["preview"]))
            if len(shown) >= limit:
                break
    return shown, tried
