"""Topics in the store: create, change, remove, list; every query is checked before it is kept."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from parley.detect.model import SENSITIVITIES
from parley.enrich.query import QuerySyntaxError, parse
from parley.store.db import upsert_insert
from parley.store.tables import post_topics, topics

MAX_NAME_CHARS = 200


class TopicError(ValueError):
    """A topic cannot be saved as given; the message says why."""


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
