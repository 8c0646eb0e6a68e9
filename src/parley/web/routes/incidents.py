"""The crisis room pages: `/incidents` (the list, and opening one) and `/incidents/{id}` (the
timeline, status and severity, commander and roles, notes, statement drafts with their
approval step, and the post-mortem figures).

Changes are plain HTML forms (POST, then a 303 back to the page, so a reload repeats
nothing). A refusal (a wrong state, a missing role, the four-eyes rule, a text too long) shows
the page again with the reason and a 4xx status, never a 500. Managers run the incident
(status, severity, commander, roles; approve, send back and publish statements); agents
write notes and drafts; analysts read. The store checks the same rules again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection

from parley.act import surge
from parley.incidents import holding
from parley.incidents.postmortem import postmortem
from parley.incidents.render import duration_words, percent, when
from parley.store import audit
from parley.store import drafts as draft_store
from parley.store import incidents as store
from parley.store.alerts import SEVERITIES, Conflict, InputError
from parley.store.incidents import ROLES, STATUSES, TRANSITIONS, IncidentNotFound
from parley.store.topics import list_topics
from parley.web.auth import User, require
from parley.web.routes import api_drafts
from parley.web.templating import templates

router = APIRouter()
router.include_router(api_drafts.router)  # the drafts' JSON API comes with the crisis room

MAX_ID = 2**63 - 1  # the id columns are 64-bit: larger numbers are no id at all
Id = Annotated[int, Path(ge=1, le=MAX_ID)]

# A thread in one text box: posts are separated by a line holding only `---`.
THREAD_BREAK = re.compile(r"^[ \t]*---[ \t]*$", re.MULTILINE)


def split_thread(text: str) -> list[str]:
    """The posts of a thread written in one box (blank parts dropped, each post trimmed)."""
    return [part.strip("\n\r ") for part in THREAD_BREAK.split(text.replace("\r\n", "\n"))
            if part.strip()]  # fmt: skip


def join_thread(posts: list[str]) -> str:
    return "\n---\n".join(posts)


def _status_of(exc: Exception) -> int:
    if isinstance(exc, IncidentNotFound | draft_store.DraftNotFound):
        return 404
    if isinstance(exc, draft_store.DraftForbidden):
        return 403
    if isinstance(exc, Conflict):
        return 409
    return 422


# -- the list ---------------------------------------------------------------------------------


@router.get("/incidents", response_class=HTMLResponse)
def incident_list(
    request: Request,
    status: str | None = None,
    severity: str | None = None,
    user: User = Depends(require("analyst")),
) -> Response:
    return _list_page(request, user, status=status, severity=severity)


def _list_page(
    request: Request,
    user: User,
    *,
    status: str | None = None,
    severity: str | None = None,
    error: str | None = None,
    status_code: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    problems = []
    if status and status not in STATUSES:
        problems.append(f"no status {status[:40]!r}: showing every status")
        status = None
    if severity and severity not in SEVERITIES:
        problems.append(f"no severity {severity[:40]!r}: showing every severity")
        severity = None
    engine = request.app.state.engine
    with engine.connect() as connection:
        rows = store.list_incidents(connection, status=status or None,
                                    severity=severity or None, open_first=True)  # fmt: skip
    topics = [t["name"] for t in list_topics(engine)]
    if problems and error is None:
        error, status_code = "; ".join(problems), 400
    return templates.TemplateResponse(
        request, "incidents/list.html",
        {"incidents": rows, "status": status, "severity": severity, "statuses": STATUSES,
         "severities": SEVERITIES, "topics": topics, "error": error, "form": form or {},
         "can_manage": user.can("manager"), "when": when},
        status_code=status_code,
    )  # fmt: skip


@router.post("/incidents")
def open_incident(
    request: Request,
    title: str = Form(""),
    severity: str = Form("medium"),
    commander: str = Form(""),
    topic: str = Form(""),
    user: User = Depends(require("manager")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            incident = store.open_incident(
                connection, title=title, by=user.username, severity=severity,
                commander=commander.strip() or None, topic=topic or None,
            )  # fmt: skip
            audit.record(connection, actor=user, action="incident.open",
                         target=f"incident:{incident['id']}",
                         detail={"title": incident["title"], "severity": severity})  # fmt: skip
    except InputError as exc:
        form = {"title": title, "severity": severity, "commander": commander, "topic": topic}
        return _list_page(request, user, error=str(exc), status_code=_status_of(exc), form=form)
    return RedirectResponse(f"/incidents/{incident['id']}", status_code=303)


# -- the crisis room --------------------------------------------------------------------------


def _figures(report: dict[str, Any]) -> list[tuple[str, str]]:
    share = report["negative_share"]
    if share["peak"] is None:
        recovery = "no hour with enough posts yet"
    elif share["recovered"]:
        recovery = (f"{percent(share['peak'])} at the peak, back to "
                    f"{percent(share['recovered_share'])} after "
                    f"{duration_words(share['recovered_after_s'])}")  # fmt: skip
    else:
        recovery = f"{percent(share['peak'])} at the peak, not back to the baseline yet"
    return [
        ("time to detect", duration_words(report["time_to_detect_s"])
         if report["time_to_detect_s"] is not None else "no alert linked"),
        ("time to acknowledge", duration_words(report["time_to_acknowledge_s"])
         if report["time_to_acknowledge_s"] is not None else "not acknowledged"),
        ("time to first statement", duration_words(report["time_to_first_statement_s"])
         if report["time_to_first_statement_s"] is not None else "no statement yet"),
        ("negative share", f"baseline {percent(share['baseline'])}; {recovery}"),
    ]  # fmt: skip


def _share_chart(report: dict[str, Any]) -> dict[str, Any] | None:
    hours = report["negative_share"]["hours"]
    if not any(h["posts"] for h in hours):
        return None
    marks = []
    if report["first_alert_fired_at"] is not None:
        marks.append({"t": int(report["first_alert_fired_at"].timestamp()),
                      "label": f"alert {report['first_alert_id']}"})  # fmt: skip
    return {
        "x": [int(h["hour"].timestamp()) for h in hours],
        "series": [{"label": "negative share %",
                    "values": [None if h["share"] is None else round(h["share"] * 100, 1)
                               for h in hours]}],
        "marks": marks, "kind": "line", "height": 200,
        "title": "negative share per hour (stream time)",
    }  # fmt: skip


def _room(
    request: Request,
    user: User,
    incident_id: Id,
    *,
    error: str | None = None,
    status_code: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    with request.app.state.engine.connect() as connection:
        incident = store.get_incident(connection, incident_id)
        role = draft_store.role_now(connection, user.username)
        drafts = [
            d | {"may": draft_store.allowed(d, name=user.username, role=role),
                 "thread_text": join_thread(d["posts"])}
            for d in draft_store.list_drafts(connection, incident_id)
        ]  # fmt: skip
        banner = surge.status(connection)
    return templates.TemplateResponse(
        request, "incidents/room.html",
        {"incident": incident, "drafts": drafts,
         "next_statuses": TRANSITIONS[incident["status"]], "severities": SEVERITIES,
         "roles": ROLES, "templates_": list(holding.TEMPLATES.values()),
         "variables": holding.VARIABLES, "can_manage": user.can("manager"),
         "can_act": user.can("agent"), "error": error, "form": form or {},
         "when": when, "now": datetime.now(UTC), "surge": banner,
         "surge_from": {"incident_id": incident_id}, "surge_back": f"/incidents/{incident_id}"},
        status_code=status_code,
    )  # fmt: skip


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def crisis_room(
    request: Request, incident_id: Id, user: User = Depends(require("analyst"))
) -> Response:
    try:
        return _room(request, user, incident_id)
    except IncidentNotFound as exc:
        return _not_found(request, user, str(exc))


@router.get("/incidents/{incident_id}/postmortem", response_class=HTMLResponse)
def postmortem_figures(
    request: Request, incident_id: Id, user: User = Depends(require("analyst"))
) -> Response:
    """The post-mortem panel. The room loads it after the page (HTMX), since its negative-share
    curve counts the topic's posts hour by hour; without HTMX it is a page of its own."""
    try:
        with request.app.state.engine.connect() as connection:
            incident = store.get_incident(connection, incident_id)
            report = postmortem(connection, incident_id)
    except IncidentNotFound as exc:
        return _not_found(request, user, str(exc))
    name = "postmortem_panel" if request.headers.get("hx-request") else "postmortem"
    return templates.TemplateResponse(
        request, f"incidents/{name}.html",
        {"incident": incident, "report": report, "figures": _figures(report),
         "share_chart": _share_chart(report)},
    )  # fmt: skip


def _not_found(request: Request, user: User, message: str) -> Response:
    return _list_page(request, user, error=message, status_code=404)


def _change(
    request: Request,
    user: User,
    incident_id: Id,
    step: Callable[[Connection], Any],
    *,
    action: str | None,
    detail: Callable[[], dict[str, Any]] | None = None,
    anchor: str = "",
    form: dict[str, str] | None = None,
) -> Response:
    """Run one change in one transaction (with its audit row when the store does not write
    one), then back to the room; a refusal shows the room again with the reason."""
    try:
        with request.app.state.engine.begin() as connection:
            store.get_incident(connection, incident_id)  # 404 before any step is tried
            step(connection)
            if action is not None:
                audit.record(connection, actor=user, action=action,
                             target=f"incident:{incident_id}",
                             detail=detail() if detail else None)  # fmt: skip
    except IncidentNotFound as exc:
        return _not_found(request, user, str(exc))
    except (InputError, draft_store.DraftNotFound, draft_store.DraftForbidden) as exc:
        return _room(request, user, incident_id, error=str(exc), status_code=_status_of(exc),
                     form=form)  # fmt: skip
    return RedirectResponse(f"/incidents/{incident_id}{anchor}", status_code=303)


# -- running the incident (managers) ---------------------------------------------------------


@router.post("/incidents/{incident_id}/status")
def set_status(
    request: Request, incident_id: Id, status: str = Form(""),
    user: User = Depends(require("manager")),
) -> Response:  # fmt: skip
    return _change(
        request, user, incident_id,
        lambda c: store.set_status(c, incident_id, status, by=user.username),
        action="incident.status", detail=lambda: {"status": status},
    )  # fmt: skip


@router.post("/incidents/{incident_id}/severity")
def set_severity(
    request: Request, incident_id: Id, severity: str = Form(""),
    user: User = Depends(require("manager")),
) -> Response:  # fmt: skip
    return _change(
        request, user, incident_id,
        lambda c: store.set_severity(c, incident_id, severity, by=user.username),
        action="incident.severity", detail=lambda: {"severity": severity},
    )  # fmt: skip


@router.post("/incidents/{incident_id}/commander")
def set_commander(
    request: Request, incident_id: Id, commander: str = Form(""),
    user: User = Depends(require("manager")),
) -> Response:  # fmt: skip
    return _change(
        request, user, incident_id,
        lambda c: store.set_commander(c, incident_id, commander.strip(), by=user.username),
        action="incident.commander", detail=lambda: {"commander": commander.strip()},
        anchor="#roles",
    )  # fmt: skip


@router.post("/incidents/{incident_id}/roles")
def set_role(
    request: Request, incident_id: Id, role: str = Form(""), holder: str = Form(""),
    user: User = Depends(require("manager")),
) -> Response:  # fmt: skip
    """Give a role to someone; an empty holder frees the role."""
    name = holder.strip() or None
    return _change(
        request, user, incident_id,
        lambda c: store.set_role(c, incident_id, role, name, by=user.username),
        action="incident.role", detail=lambda: {"role": role, "holder": name},
        anchor="#roles",
    )  # fmt: skip


# -- notes and drafts (agents) ----------------------------------------------------------------


@router.post("/incidents/{incident_id}/notes")
def add_note(
    request: Request, incident_id: Id, text: str = Form(""),
    user: User = Depends(require("agent")),
) -> Response:  # fmt: skip
    return _change(
        request, user, incident_id,
        lambda c: store.add_note(c, incident_id, text, by=user.username),
        action="incident.note", anchor="#timeline", form={"note": text},
    )  # fmt: skip


@router.post("/incidents/{incident_id}/drafts")
def start_draft(
    request: Request,
    incident_id: Id,
    template: str = Form(""),
    channel: str = Form(""),
    language: str = Form(""),
    brand: str = Form(""),
    topic: str = Form(""),
    time: str = Form(""),
    next_update: str = Form(""),
    text: str = Form(""),
    user: User = Depends(require("agent")),
) -> Response:
    """A new draft from a holding-statement template (its variables filled), or from the
    text written in the box (posts separated by a line `---`) when no template is chosen.
    The draft steps write their own audit rows."""
    values = {"brand": brand, "topic": topic, "time": time, "next_update": next_update}

    def step(connection: Connection) -> Any:
        if template:
            return draft_store.draft_from_template(
                connection, incident_id, template=template, values=values, channel=channel,
                language=language.strip() or None, by=user.username,
            )  # fmt: skip
        return draft_store.create_draft(
            connection, incident_id, posts=split_thread(text), channel=channel,
            language=language.strip() or "en", by=user.username,
        )  # fmt: skip

    form = {"channel": channel, "language": language, "template": template, "text": text,
            **values}  # fmt: skip
    return _change(request, user, incident_id, step, action=None, anchor="#drafts", form=form)


def _draft_step(
    request: Request, user: User, incident_id: Id, draft_id: Id,
    step: Callable[[Connection], Any], form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    def checked(connection: Connection) -> Any:
        draft_store.get_draft(connection, draft_id, incident_id=incident_id)
        return step(connection)

    return _change(request, user, incident_id, checked, action=None,
                   anchor=f"#draft-{draft_id}", form=form)  # fmt: skip


@router.post("/incidents/{incident_id}/drafts/{draft_id}/edit")
def edit_draft(
    request: Request, incident_id: Id, draft_id: Id, text: str = Form(""),
    channel: str = Form(""), language: str = Form(""),
    user: User = Depends(require("agent")),
) -> Response:  # fmt: skip
    return _draft_step(
        request, user, incident_id, draft_id,
        lambda c: draft_store.edit_draft(
            c, draft_id, by=user.username, posts=split_thread(text),
            channel=channel or None, language=language.strip() or None,
        ),
        form={f"draft-{draft_id}": text},
    )  # fmt: skip


@router.post("/incidents/{incident_id}/drafts/{draft_id}/submit")
def submit_draft(
    request: Request, incident_id: Id, draft_id: Id, user: User = Depends(require("agent"))
) -> Response:
    return _draft_step(request, user, incident_id, draft_id,
                       lambda c: draft_store.submit_draft(c, draft_id, by=user.username))  # fmt: skip


@router.post("/incidents/{incident_id}/drafts/{draft_id}/approve")
def approve_draft(
    request: Request, incident_id: Id, draft_id: Id, comment: str = Form(""),
    user: User = Depends(require("manager")),
) -> Response:  # fmt: skip
    return _draft_step(
        request, user, incident_id, draft_id,
        lambda c: draft_store.approve_draft(c, draft_id, by=user.username,
                                            comment=comment.strip() or None),
    )  # fmt: skip


@router.post("/incidents/{incident_id}/drafts/{draft_id}/return")
def return_draft(
    request: Request, incident_id: Id, draft_id: Id, comment: str = Form(""),
    user: User = Depends(require("manager")),
) -> Response:  # fmt: skip
    return _draft_step(
        request, user, incident_id, draft_id,
        lambda c: draft_store.return_draft(c, draft_id, by=user.username, comment=comment),
    )  # fmt: skip


@router.post("/incidents/{incident_id}/drafts/{draft_id}/publish")
def publish_draft(
    request: Request, incident_id: Id, draft_id: Id, url: str = Form(""),
    user: User = Depends(require("agent")),
) -> Response:  # fmt: skip
    return _draft_step(
        request, user, incident_id, draft_id,
        lambda c: draft_store.publish_draft(c, draft_id, by=user.username,
                                            url=url.strip() or None),
    )  # fmt: skip
