"""The Overview page `/` and its live part `/partials/live` (HTMX polls it).

Everything on it comes from the rollups (`parley.measure.overview`), plus the newest posts
(the last 30 by id) and the sources' health. `?range=` picks the time range (the bucket
follows it), `?exclude=` leaves out the accounts of water-army campaigns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from parley.coordination.store import coordinated_accounts
from parley.measure.overview import DEFAULT_RANGE, RANGES, Overview, overview
from parley.store import stats
from parley.store.rollups import SENTIMENTS
from parley.web import queries
from parley.web.auth import User, require
from parley.web.templating import templates

router = APIRouter()

RangeName = Literal["1h", "24h", "7d", "30d", "1y"]
Range = Annotated[
    RangeName,
    Query(alias="range", description="the time range: 1h, 24h, 7d, 30d or 1y (default 24h)"),
]
Exclude = Annotated[
    Literal["suspected", "confirmed"] | None,
    Query(description="leave out posts by accounts in suspected (or only confirmed) campaigns"),
]
EXCLUDE_CHOICES = (
    (None, "include"),
    ("suspected", "leave out suspected and confirmed"),
    ("confirmed", "leave out confirmed"),
)
POLL_SECONDS = 5


def _url(path: str, range_name: str, exclude: str | None) -> str:
    params = {}
    if range_name != DEFAULT_RANGE:
        params["range"] = range_name
    if exclude:
        params["exclude"] = exclude
    return path + ("?" + urlencode(params) if params else "")


def _charts(figures: Overview) -> dict[str, dict[str, Any]]:
    window = figures.window
    x = window.x
    charted = [t for t in figures.topics if "series" in t]
    return {
        "topics": {
            "title": f"Mentions per topic ({window.label})",
            "x": x if charted else [],
            "series": [{"label": t["name"], "values": t["series"]} for t in charted],
            "marks": figures.marks,
            "kind": "line",
            "height": 240,
        },
        "posts": {
            "title": f"Posts ({window.label})",
            "x": x if figures.total else [],
            "series": [{"label": "posts", "values": figures.posts}],
            "marks": figures.marks,
            "kind": "bars",
            "height": 180,
        },
        "sentiment": {
            "title": f"Sentiment ({window.label})",
            "x": x if any(figures.sentiment_totals[s] for s in SENTIMENTS) else [],
            "series": [{"label": s, "values": figures.sentiment[s]} for s in SENTIMENTS],
            "marks": figures.marks,
            "kind": "line",
            "height": 180,
        },
    }


def live_context(
    engine: Engine, range_name: str = DEFAULT_RANGE, exclude: str | None = None
) -> dict[str, Any]:
    now = datetime.now(UTC)
    statuses = ("confirmed",) if exclude == "confirmed" else ("confirmed", "suspected")
    coordinated = coordinated_accounts(engine, statuses)
    leave_out = exclude is not None
    figures = overview(
        engine, range_name=range_name, now=now, coordinated=coordinated, leave_out=leave_out
    )
    labelled = sum(figures.sentiment_totals[s] for s in SENTIMENTS)
    return {
        "figures": figures,
        "charts": _charts(figures),
        "total": stats.post_total(engine),
        "sentiment_shares": {
            s: (figures.sentiment_totals[s] / labelled if labelled else 0.0) for s in SENTIMENTS
        },
        "latest": queries.latest_posts(
            engine, limit=30, coordinated=coordinated, leave_out=leave_out
        ),
        "sources": stats.source_health(engine),
        "now": now,
        "exclude": exclude,
        "range": range_name,
        "ranges": [(name, RANGES[name][2], _url("/", name, exclude)) for name in RANGES],
        "excludes": [
            (value, label, _url("/", range_name, value)) for value, label in EXCLUDE_CHOICES
        ],
        "live_url": _url("/partials/live", range_name, exclude),
        "poll_seconds": POLL_SECONDS,
    }


@router.get("/", response_class=HTMLResponse)
def overview_page(
    request: Request,
    range_name: Range = DEFAULT_RANGE,  # type: ignore[assignment]
    exclude: Exclude = None,
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    context = live_context(request.app.state.engine, range_name, exclude)
    return templates.TemplateResponse(request, "overview.html", context)


@router.get("/partials/live", response_class=HTMLResponse)
def overview_live(
    request: Request,
    range_name: Range = DEFAULT_RANGE,  # type: ignore[assignment]
    exclude: Exclude = None,
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    context = live_context(request.app.state.engine, range_name, exclude)
    return templates.TemplateResponse(request, "partials/live.html", context)
