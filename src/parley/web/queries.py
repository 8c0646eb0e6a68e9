"""Read-side queries for the pages: small, indexed, never a scan of all posts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Engine, select

from parley.store.tables import authors, posts


@dataclass(frozen=True)
class PostView:
    id: int
    platform: str
    native_id: str
    kind: str
    created_at: datetime
    text: str
    title: str | None
    url: str | None
    lang: str | None
    author_handle: str | None
    author_name: str | None
    followers: int | None
    enrichment: dict[str, Any]

    @property
    def language(self) -> str:
        """Parley's detected language, else the platform's tag, else "und"."""
        detected = self.enrichment.get("lang")
        if detected and detected != "und":
            return str(detected)
        return self.lang or "und"

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["created_at"] = self.created_at.isoformat()
        return out


def latest_posts(engine: Engine, *, limit: int = 30) -> list[PostView]:
    query = (
        select(
            posts.c.id,
            posts.c.platform,
            posts.c.native_id,
            posts.c.kind,
            posts.c.created_at,
            posts.c.text,
            posts.c.title,
            posts.c.url,
            posts.c.lang,
            authors.c.handle,
            authors.c.name,
            authors.c.followers,
            posts.c.enrichment,
        )
        .select_from(posts.outerjoin(authors, posts.c.author_id == authors.c.id))
        .order_by(posts.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [PostView(*row[:-1], msgspec.json.decode(row[-1]) if row[-1] else {}) for row in rows]


def sparkline(
    minutes: list[tuple[datetime, int]], *, now: datetime, width: int = 60
) -> dict[str, Any]:
    """Points for an SVG polyline of posts per minute over the last `width` minutes."""
    start = now.replace(second=0, microsecond=0) - timedelta(minutes=width - 1)
    values = [0] * width
    for minute, n in minutes:
        index = int((minute - start).total_seconds() // 60)
        if 0 <= index < width:
            values[index] += n
    peak = max(values) or 1
    points = " ".join(f"{i * 4},{40 - 38 * v / peak:.1f}" for i, v in enumerate(values))
    return {"points": points, "peak": max(values), "now": values[-1], "width": width * 4}
