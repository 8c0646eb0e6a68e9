"""What `parley status` and the web app's header show: counts from rollups, sources, size."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from parley.store.rollups import DAY
from parley.store.tables import authors, post_counts, rollup_posts, sources


def post_total(engine: Engine) -> int:
    """Every post stored, from the daily platform rollup (a few rows a day)."""
    query = select(func.coalesce(func.sum(rollup_posts.c.posts), 0)).where(
        rollup_posts.c.dimension == "platform", rollup_posts.c.span == DAY
    )
    with engine.connect() as connection:
        return int(connection.execute(query).scalar())


def counts_by(
    engine: Engine, column: str, *, since: datetime | None = None
) -> list[tuple[str, int]]:
    """Post counts grouped by `platform` or `lang`, largest first: all time from the daily
    rollup, since a time from the minute rollup."""
    if since is None:
        total = func.sum(rollup_posts.c.posts)
        query = (
            select(rollup_posts.c.value, total)
            .where(rollup_posts.c.dimension == column, rollup_posts.c.span == DAY)
            .group_by(rollup_posts.c.value)
            .order_by(total.desc())
        )
    else:
        col = post_counts.c[column]
        query = (
            select(col, func.sum(post_counts.c.n).label("n"))
            .where(post_counts.c.minute >= since)
            .group_by(col)
            .order_by(func.sum(post_counts.c.n).desc())
        )
    with engine.connect() as connection:
        return [(row[0], int(row[1])) for row in connection.execute(query)]


def per_minute(engine: Engine, *, since: datetime) -> list[tuple[datetime, int]]:
    query = (
        select(post_counts.c.minute, func.sum(post_counts.c.n))
        .where(post_counts.c.minute >= since)
        .group_by(post_counts.c.minute)
        .order_by(post_counts.c.minute)
    )
    with engine.connect() as connection:
        return [(row[0], int(row[1])) for row in connection.execute(query)]


def source_health(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(select(sources).order_by(sources.c.updated_at.desc()))
        return [dict(row._mapping) for row in rows]


def author_total(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(authors)).scalar())


def store_size(engine: Engine) -> int:
    """Bytes on disk: the SQLite file with its WAL, or the PostgreSQL database."""
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar())
