"""The Alerts pages: the list (filters, newest first, paged) and one alert with its evidence.

An alert's page must explain the alert on its own: what fired and when, the chart of the last
hour against what was expected, the posts, authors, terms, languages, platforms and sentiment
behind it, and how much of it came from accounts in a water-army campaign. The evidence is
written by the detectors (`parley.detect.engine.Detection.evidence`) but read here as hostile
input: every value is checked for its type, cut to a sane length, and rendered autoescaped;
a link is only made from an http(s) URL.

Acknowledging and dismissing need an agent, opening an incident a manager; each writes an
audit row and comes back to the alert with a message (an HTMX swap of the actions panel, or
a redirect for a plain form). A conflict (acknowledging a dismissed alert) shows the store's
message, never a 500.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from parley.act import surge
from parley.store import alerts as alert_store
from parley.store import audit
from parley.store import incidents as incident_store
from parley.store.alerts import KINDS, SEVERITIES, STATES, AlertNotFound, Conflict, InputError
from parley.store.tables import topics
from parley.web.auth import User, require
from parley.web.templating import templates

router = APIRouter()

MAX_ID = 2**63 - 1
AlertId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGE_SIZE = 50
MAX_PAGE = 10_000
MAX_FORM_BYTES = 16_384
MAX_TEXT = 600  # characters of an evidence text shown
MAX_ITEMS = 20  # entries of an evidence list shown
KIND_WORDS = {
    "volume": "surge in volume",
    "negative": "surge in negative posts",
    "virality": "a post going viral",
    "emerging_term": "an emerging term",
    "campaign": "a coordinated campaign",
}
DONE = {  # ?done=... after a redirect: fixed words, never text from the URL
    "acknowledged": "Alert acknowledged: the team can see you are handling it.",
    "already-acknowledged": "The alert had already been acknowledged; nothing changed.",
    "dismissed": "Alert dismissed as a false alarm.",
    "already-dismissed": "The alert had already been dismissed; nothing changed.",
    "incident": "Incident opened from this alert.",
    "incident-existing": "This alert is already in an incident: that incident is linked below.",
}


# -- the evidence, read defensively ------------------------------------------------------------


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _count(value: object) -> int | None:
    n = _number(value)
    return int(n) if n is not None and n >= 0 else None


def _text(value: object, limit: int = MAX_TEXT) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def safe_url(value: object) -> str | None:
    """The URL if it is http(s) with a host, else None: never a javascript: or data: link."""
    if not isinstance(value, str) or len(value) > 2_000:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value.strip()


def _counts(value: object) -> list[tuple[str, int]]:
    """{"en": 40, "fr": 3} (or [["en", 40], ...]) as (name, count) pairs, largest first."""
    pairs: Iterable[Any]
    if isinstance(value, Mapping):
        pairs = value.items()
    elif isinstance(value, list):
        pairs = (p for p in value if isinstance(p, list | tuple) and len(p) == 2)
    else:
        return []
    out = []
    for name, n in pairs:
        label, number = _text(name, 100), _count(n)
        if label is not None and number is not None:
            out.append((label, number))
    out.sort(key=lambda p: -p[1])
    return out[:MAX_ITEMS]


def _shares(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
    total = sum(n for _, n in pairs)
    return [
        {"name": name, "n": n, "percent": round(100 * n / total) if total else 0}
        for name, n in pairs
    ]


def _post(value: object) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    return {
        "text": _text(value.get("text")) or "",
        "author": _text(value.get("author"), 200) or "(unknown)",
        "handle": _text(value.get("handle"), 200),
        "followers": _count(value.get("followers")),
        "engagement": _count(value.get("engagement")),
        "sentiment": _text(value.get("sentiment"), 20),
        "lang": _text(value.get("lang"), 35),
        "platform": _text(value.get("platform"), 32),
        "at": _time(value.get("at")),
        "url": safe_url(value.get("url")),
    }


def _author(value: object) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    return {
        "author": _text(value.get("author"), 200) or "(unknown)",
        "handle": _text(value.get("handle"), 200),
        "followers": _count(value.get("followers")),
        "platform": _text(value.get("platform"), 32),
        "posts": _count(value.get("posts")),
    }


def surge_chart(alert: Mapping[str, Any], evidence: Mapping[str, Any]) -> dict[str, Any] | None:
    """The chart spec (see the `chart` macro) of the evidence's minute series: posts seen and
    posts expected per minute (and negative posts for a negative alert), the alert marked."""
    series = evidence.get("series")
    if not isinstance(series, list):
        return None
    x: list[int] = []
    seen: list[float | None] = []
    expected: list[float | None] = []
    negative: list[float | None] = []
    for point in series[-24 * 60 :]:
        if not isinstance(point, Mapping):
            continue
        at = _time(point.get("t"))
        if at is None:
            continue
        x.append(int(at.timestamp()))
        seen.append(_number(point.get("posts")))
        expected.append(_number(point.get("expected")))
        negative.append(_number(point.get("negative")))
    if len(x) < 2:
        return None
    # "expected" and "negative" are the labels parley.js gives their own colours.
    lines = [
        {"label": "posts", "values": seen},
        {"label": "expected", "values": expected, "dash": True},
    ]
    if alert["kind"] == "negative":
        lines.append({"label": "negative", "values": negative})
    marks = [{"t": int(alert["fired_at"].timestamp()), "label": f"alert #{alert['id']} fired"}]
    return {
        "x": x,
        "series": lines,
        "marks": marks,
        "kind": "line",
        "height": 240,
        "title": "Posts per minute against the expected rate",
    }


def evidence_view(alert: Mapping[str, Any]) -> dict[str, Any]:
    """What the alert page shows of the evidence, every value checked (see the module)."""
    evidence = alert.get("evidence")
    if not isinstance(evidence, Mapping):
        evidence = {}
    share = _number(evidence.get("coordinated_share"))
    campaign = evidence.get("campaign_id")
    emerging = []
    for found in _list(evidence.get("terms")):
        if isinstance(found, Mapping) and _text(found.get("term"), 200):
            emerging.append(
                {"term": _text(found.get("term"), 200), "posts": _count(found.get("posts")),
                 "expected": _number(found.get("expected"))}
            )  # fmt: skip
    return {
        "chart": surge_chart(alert, evidence),
        "observed": _number(evidence.get("observed")),
        "expected": _number(evidence.get("expected")),
        "ratio": _number(evidence.get("ratio")),
        "peak_ratio": _number(evidence.get("peak_ratio")),
        "baseline_per_minute": _number(evidence.get("baseline_per_minute")),
        "current_per_minute": _number(evidence.get("current_per_minute")),
        "window_minutes": _count(evidence.get("window_minutes")),
        "window_start": _time(evidence.get("window_start")),
        "window_end": _time(evidence.get("window_end")),
        "history_hours": _number(evidence.get("history_hours")),
        "posts_in_evidence": _count(evidence.get("posts_in_evidence")),
        "top_posts": [p for p in map(_post, _list(evidence.get("top_posts"))) if p],
        "top_authors": [a for a in map(_author, _list(evidence.get("top_authors"))) if a],
        "top_terms": _counts(evidence.get("top_terms")),
        "emerging_terms": emerging[:MAX_ITEMS],
        "languages": _shares(_counts(evidence.get("languages"))),
        "platforms": _shares(_counts(evidence.get("platforms"))),
        "sentiment": _shares(_counts(evidence.get("sentiment"))),
        "coordinated_share": share if share is not None and 0 <= share <= 1 else None,
        "campaign_id": campaign if _count(campaign) and isinstance(campaign, int) else None,
        "campaign_summary": _text(evidence.get("campaign_summary"), 2_000),
        "accounts": _count(evidence.get("accounts")),
        "accounts_sample": [
            t for t in (_text(a, 200) for a in _list(evidence.get("accounts_sample"))) if t
        ],
        "stance": _text(evidence.get("stance"), 200),
        "problem": alert.get("evidence_problem"),
    }


def _list(value: object) -> list[Any]:
    return value[:MAX_ITEMS] if isinstance(value, list) else []


# -- pages ----------------------------------------------------------------------------------


def _choice(value: str | None, what: str, choices: tuple[str, ...], problems: list[str]) -> Any:
    if not value:
        return None
    if value not in choices:
        problems.append(f"{what} {value!r} is not one of: {', '.join(choices)} (filter ignored)")
        return None
    return value


@router.get("/alerts", response_class=HTMLResponse)
def alert_list(
    request: Request,
    state: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    severity: str | None = None,
    page: int = 1,
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    problems: list[str] = []
    filters = {
        "state": _choice(state, "state", STATES, problems),
        "kind": _choice(kind, "kind", KINDS, problems),
        "severity": _choice(severity, "severity", SEVERITIES, problems),
        "topic": topic if topic and len(topic) <= alert_store.MAX_TOPIC_CHARS else None,
    }
    page = max(1, min(page, MAX_PAGE))
    engine = request.app.state.engine
    with engine.connect() as connection:
        rows = alert_store.list_alerts(
            connection, **filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
        )
        topic_names = list(connection.scalars(select(topics.c.name).order_by(topics.c.name)))
    active = {k: v for k, v in filters.items() if v}

    def link(to_page: int) -> str:
        return "/alerts?" + urlencode({**active, "page": to_page})

    return templates.TemplateResponse(
        request,
        "alerts/list.html",
        {
            "alerts": rows[:PAGE_SIZE],
            "filters": filters,
            "problems": problems,
            "page": page,
            "newer": link(page - 1) if page > 1 else None,
            "older": link(page + 1) if len(rows) > PAGE_SIZE else None,
            "kinds": KINDS,
            "kind_words": KIND_WORDS,
            "severities": SEVERITIES,
            "states": STATES,
            "topic_names": topic_names,
        },
    )


def _detail_context(
    request: Request, user: User, alert_id: int, *, message: str | None = None,
    problem: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    with request.app.state.engine.connect() as connection:
        try:
            alert = alert_store.get_alert(connection, alert_id)
        except AlertNotFound as exc:
            raise HTTPException(404, str(exc)) from None
        history = audit_trail(connection, alert)
        banner = surge.status(connection)
    return {
        "surge": banner,
        "surge_from": {"alert_id": alert_id},
        "surge_back": f"/alerts/{alert_id}",
        "alert": alert,
        "ev": evidence_view(alert),
        "kind_words": KIND_WORDS,
        "history": history,
        "message": message,
        "problem": problem,
        "can_act": user.role in ("agent", "manager", "admin"),
        "can_open_incident": user.role in ("manager", "admin"),
    }


ACTION_WORDS = {  # the actions the pages and the JSON API record on `alert:{id}`
    "alert.ack": "acknowledged it",
    "alert.dismiss": "dismissed it as a false alarm",
}


def audit_trail(connection: Any, alert: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What people did with the alert, from the audit log (who, when, a dismissal's reason)."""
    out = []
    found = audit.entries(
        connection, target=f"alert:{alert['id']}", since=alert["wall_fired_at"], limit=50
    )
    for row in reversed(found):
        detail = row.get("detail") if isinstance(row.get("detail"), Mapping) else {}
        out.append({**row, "words": ACTION_WORDS.get(row["action"], row["action"]),
                    "reason": _text(detail.get("reason"), 2_000)})  # fmt: skip
    return out


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(
    request: Request,
    alert_id: AlertId,
    done: str | None = None,
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    context = _detail_context(request, user, alert_id, message=DONE.get(done or ""))
    return templates.TemplateResponse(request, "alerts/detail.html", context)


async def _form(request: Request) -> dict[str, str]:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_FORM_BYTES):
        raise HTTPException(413, f"the form is larger than {MAX_FORM_BYTES:,} bytes")
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _answer(
    request: Request, user: User, alert_id: int, *, done: str | None = None,
    problem: str | None = None,
) -> Response:  # fmt: skip
    """After an action: the actions panel for HTMX (always 200, so HTMX swaps it in), else a
    redirect to the alert (or its page with the problem and 409)."""
    htmx = request.headers.get("hx-request") == "true"
    if htmx:
        context = _detail_context(
            request, user, alert_id, message=DONE.get(done or ""), problem=problem
        )
        return templates.TemplateResponse(request, "alerts/_actions.html", context)
    if problem is None:
        return RedirectResponse(f"/alerts/{alert_id}?done={done}", status_code=303)
    context = _detail_context(request, user, alert_id, problem=problem)
    return templates.TemplateResponse(request, "alerts/detail.html", context, status_code=409)


@router.post("/alerts/{alert_id}/ack", response_model=None)
async def acknowledge(
    request: Request, alert_id: AlertId, user: User = Depends(require("agent"))
) -> Response:
    await _form(request)
    try:
        with request.app.state.engine.begin() as connection:
            before = alert_store.get_alert(connection, alert_id)
            after = alert_store.acknowledge(connection, alert_id, by=user.username)
            changed = before["acknowledged_at"] is None and after["acknowledged_at"] is not None
            if changed:
                audit.record(
                    connection, actor=user, action="alert.ack",
                    target=f"alert:{alert_id}", detail={"title": after["title"]},
                )  # fmt: skip
    except AlertNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except (Conflict, InputError) as exc:
        return _answer(request, user, alert_id, problem=str(exc))
    return _answer(
        request, user, alert_id, done="acknowledged" if changed else "already-acknowledged"
    )


@router.post("/alerts/{alert_id}/dismiss", response_model=None)
async def dismiss(
    request: Request, alert_id: AlertId, user: User = Depends(require("agent"))
) -> Response:
    reason = (await _form(request)).get("reason", "").strip() or None
    try:
        with request.app.state.engine.begin() as connection:
            before = alert_store.get_alert(connection, alert_id)
            after = alert_store.dismiss(connection, alert_id, by=user.username, reason=reason)
            changed = before["dismissed_at"] is None and after["dismissed_at"] is not None
            if changed:
                audit.record(
                    connection, actor=user, action="alert.dismiss", target=f"alert:{alert_id}",
                    detail={"title": after["title"], "reason": reason},
                )  # fmt: skip
    except AlertNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except (Conflict, InputError) as exc:
        return _answer(request, user, alert_id, problem=str(exc))
    return _answer(request, user, alert_id, done="dismissed" if changed else "already-dismissed")


@router.post("/alerts/{alert_id}/incident", response_model=None)
async def open_incident(
    request: Request, alert_id: AlertId, user: User = Depends(require("manager"))
) -> Response:
    await _form(request)
    try:
        with request.app.state.engine.begin() as connection:
            incident, created = incident_store.open_from_alert(
                connection, alert_id, by=user.username
            )
            if created:
                # the same row the JSON API writes for this action
                audit.record(
                    connection, actor=user, action="incident.open",
                    target=f"incident:{incident['id']}",
                    detail={"alert": alert_id, "title": incident["title"]},
                )  # fmt: skip
    except AlertNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except (Conflict, InputError) as exc:
        return _answer(request, user, alert_id, problem=str(exc))
    return _answer(request, user, alert_id, done="incident" if created else "incident-existing")
