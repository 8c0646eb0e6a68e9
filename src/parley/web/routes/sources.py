"""The Sources page: each source's state (running, done, failing with its error), how fast it
delivers, and the notification channels' health, refreshed by HTMX polling."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from parley.notify import store as notify_store
from parley.notify.api import redacted
from parley.store import stats
from parley.web.auth import User, require
from parley.web.templating import templates

router = APIRouter()
Analyst = Annotated[User, Depends(require("analyst"))]

# A running source that has said nothing for this long is probably gone (its process died
# without writing `failing`): the page says so rather than showing it as running.
QUIET = timedelta(minutes=5)
RATE_WINDOW = timedelta(minutes=5)
POLL_SECONDS = 5


@dataclass(frozen=True)
class Rate:
    per_minute: float
    over: str  # what the rate is measured over, in words


class SourceRates:
    """Posts per minute of each source over the last minutes, from the totals this web
    process read on each refresh of the page (the `sources` table keeps totals only). Until
    it has seen a source for a while, the rate is the average since the source started."""

    def __init__(self, window: timedelta = RATE_WINDOW) -> None:
        self.window = window
        self._seen: dict[str, deque[tuple[datetime, int]]] = {}
        self._lock = threading.Lock()  # page requests run in FastAPI's thread pool

    def observe(self, source: dict[str, Any], now: datetime) -> Rate:
        with self._lock:
            return self._observe(source, now)

    def _observe(self, source: dict[str, Any], now: datetime) -> Rate:
        name, total = source["name"], int(source["posts_total"] or 0)
        seen = self._seen.setdefault(name, deque(maxlen=512))
        if seen and total < seen[-1][1]:
            seen.clear()  # the source was started again from zero
        seen.append((now, total))
        while len(seen) > 2 and now - seen[1][0] >= self.window:
            seen.popleft()
        (_, before), span = seen[0], (now - seen[0][0]).total_seconds()
        if span >= 20 and source["state"] == "running":
            minutes = span / 60
            return Rate((total - before) / minutes, f"the last {_minutes(span)}")
        started, updated = source["started_at"], source["updated_at"]
        elapsed = (updated - started).total_seconds() if started and updated else 0.0
        over = (
            "on average since it started"
            if source["state"] == "running"
            else ("on average while it ran")
        )
        return Rate(total / (elapsed / 60) if elapsed > 0 else 0.0, over)


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def _rates(request: Request) -> SourceRates:
    rates = getattr(request.app.state, "source_rates", None)
    if rates is None:
        rates = request.app.state.source_rates = SourceRates()
    return rates


def sources_context(request: Request) -> dict[str, Any]:
    engine = request.app.state.engine
    now = datetime.now(UTC)
    rates = _rates(request)
    shown = []
    for source in stats.source_health(engine):
        updated = source["updated_at"]
        quiet = source["state"] == "running" and updated is not None and now - updated > QUIET
        shown.append(
            {
                **source,
                "rate": rates.observe(source, now),
                "quiet": quiet,
                "quiet_for": _minutes((now - updated).total_seconds()) if quiet else None,
            }
        )
    minutes = stats.per_minute(engine, since=now - timedelta(minutes=60))
    origin = int((now - timedelta(minutes=59)).timestamp()) // 60 * 60
    counts = {int(m.timestamp()) // 60 * 60: n for m, n in minutes}
    x = [origin + 60 * i for i in range(60)]
    with engine.connect() as connection:
        channels = notify_store.list_channels(connection)
    for channel in channels:
        channel["target"] = redacted(channel["target"])
    return {
        "sources": shown,
        "failing": [s for s in shown if s["state"] == "failing" or s["quiet"]],
        "last_hour": sum(n for _, n in minutes),
        "last_5": sum(counts.get(t, 0) for t in x[-5:]),
        "rate_chart": {
            "kind": "bars",
            "title": "Posts per minute, last hour (all sources, by the posts' own time)",
            "height": 160,
            "x": x,
            "series": [{"label": "posts", "values": [counts.get(t, 0) for t in x]}],
        },
        "channels": channels,
        "failing_channels": [c for c in channels if c["state"] == "failing"],
        "now": now,
        "poll": POLL_SECONDS,
    }


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, user: Analyst) -> Response:
    return templates.TemplateResponse(request, "sources/index.html", sources_context(request))


@router.get("/partials/sources", response_class=HTMLResponse)
def sources_partial(request: Request, user: Analyst) -> Response:
    return templates.TemplateResponse(request, "sources/panel.html", sources_context(request))
