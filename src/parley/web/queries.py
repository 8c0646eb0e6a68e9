"""Read-side queries for the pages: small, indexed, never a scan of all posts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
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
