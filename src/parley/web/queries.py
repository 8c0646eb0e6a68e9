"""Read-side queries for the pages: small, indexed, never a scan of all posts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
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
    author_native_id: str | None = None
    campaign: int | None = None  # the water-army campaign its author is in, if any

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


def latest_posts(
    engine: Engine,
    *,
    limit: int = 30,
    coordinated: Mapping[tuple[str, str], int] | None = None,
    leave_out: bool = False,
) -> list[PostView]:
    """The newest posts. With `coordinated` ((platform, author id) -> campaign id) each post
    says its author's campaign; with `leave_out` too, such posts are left out."""
    rows = _latest_rows(engine, limit * 5 if leave_out and coordinated else limit)
    out = []
    for row in rows:
        view = PostView(*row[:-2], msgspec.json.decode(row[-2]) if row[-2] else {},
                        author_native_id=row[-1])  # fmt: skip
        if coordinated and view.author_native_id is not None:
            campaign = coordinated.get((view.platform, view.author_native_id))
            if campaign is not None:
                if leave_out:
                    continue
                view = replace(view, campaign=campaign)
        out.append(view)
        if len(out) >= limit:
            break
    return out


def sentiment_mix(
    engine: Engine,
    *,
    last: int = 500,
    coordinated: Mapping[tuple[str, str], int] | None = None,
    leave_out: bool = False,
) -> dict[str, Any]:
    """Negative / neutral / positive among the newest `last` posts, and how many of them came
    from accounts in campaigns (left out of the mix when `leave_out`)."""
    counts = {"negative": 0, "neutral": 0, "positive": 0}
    coordinated_posts = 0
    for row in _latest_rows(engine, last):
        raw, native = row[-2], row[-1]
        if coordinated and native is not None and (row[1], native) in coordinated:
            coordinated_posts += 1
            if leave_out:
                continue
        label = (msgspec.json.decode(raw) if raw else {}).get("sentiment")
        if label in counts:
            counts[label] += 1
    total = sum(counts.values())
    return {
        "counts": counts,
        "total": total,
        "shares": {k: (v / total if total else 0.0) for k, v in counts.items()},
        "coordinated": coordinated_posts,
        "left_out": coordinated_posts if leave_out else 0,
    }


def _latest_rows(engine: Engine, limit: int) -> list[Any]:
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
            authors.c.native_id,
        )
        .select_from(posts.outerjoin(authors, posts.c.author_id == authors.c.id))
        .order_by(posts.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        return list(connection.execute(query).all())


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
