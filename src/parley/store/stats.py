"""What `parley status` and the web app's header show: counts from rollups, sources, size."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from parley.store.tables import authors, post_counts, sources


def post_total(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.coalesce(func.sum(post_counts.c.n), 0))).scalar())


def counts_by(
    engine: Engine, column: str, *, since: datetime | None = None
) -> list[tuple[str, int]]:
    """Post counts grouped by `platform` or `lang`, largest first (from the minute rollup)."""
    col = post_counts.c[column]
    query = (
        select(col, func.sum(post_counts.c.n).label("n"))
        .group_by(col)
        .order_by(func.sum(post_counts.c.n).desc())
    )
    if since is not None:
        query = query.where(post_counts.c.minute >= since)
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
