"""JSON API for alerts and incidents (`/api/v1/alerts`, `/api/v1/incidents`).

Views are thin: pydantic checks the shape of a request (a clear 422 names the field), the
store functions check the rest and do the work in one transaction. Unknown ids are 404; a
change that makes no sense in the current state (already resolved, already linked, a
dismissed alert acknowledged) is 409. The actor is the signed-in user (session or API token),
recorded on the alert or timeline and in the audit log; no request body names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from parley.incidents.postmortem import BASELINE_HOURS, MIN_POSTS, TOLERANCE, postmortem
from parley.incidents.render import jsonable
from parley.store import alerts as alert_store
from parley.store import audit
from parley.store import incidents as store
from parley.store.alerts import AlertNotFound, Conflict, InputError
from parley.store.incidents import (
    MAX_CHANNEL_CHARS,
    MAX_NOTE_CHARS,
    MAX_STATEMENT_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    IncidentNotFound,
)
from parley.store.users import User
from parley.web.auth import require

router = APIRouter(prefix="/api/v1", tags=["alerts and incidents"])

MAX_ID = 2**63 - 1  # the id columns are 64-bit: larger numbers are no id at all
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Kind = Literal["volume", "negative", "virality", "emerging_term", "campaign"]
Severity = Literal["low", "medium", "high", "critical"]
Status = Literal["open", "monitoring", "resolved"]
Name = Annotated[str, Field(min_length=1, max_length=alert_store.MAX_ACTOR_CHARS)]


class Action(BaseModel):
    """A change's body. Who made it is the signed-in user (or the API token's), never a field:
    it is recorded on the alert, the timeline and in the audit log."""

    model_config = ConfigDict(extra="forbid")


class OpenIncident(Action):
    title: Annotated[str, Field(min_length=1, max_length=MAX_TITLE_CHARS)]
    severity: Severity = "medium"
    commander: Name | None = None
    topic: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class StatusChange(Action):
    status: Status


class SeverityChange(Action):
    severity: Severity


class CommanderChange(Action):
    commander: Name


class NoteIn(Action):
    text: Annotated[str, Field(min_length=1, max_length=MAX_NOTE_CHARS)]


class StatementIn(Action):
    text: Annotated[str, Field(min_length=1, max_length=MAX_STATEMENT_CHARS)]
    channel: Annotated[str, Field(min_length=1, max_length=MAX_CHANNEL_CHARS)] | None = None
    url: Annotated[str, Field(min_length=1, max_length=MAX_URL_CHARS)] | None = None
    published_at: AwareDatetime | None = None


class LinkIn(Action):
    alert_id: Annotated[int, Field(ge=1, le=MAX_ID)]


@contextmanager
def _store(request: Request, *, write: bool = False) -> Iterator[Connection]:
    engine = request.app.state.engine
    try:
        with engine.begin() if write else engine.connect() as connection:
            yield connection
    except (AlertNotFound, IncidentNotFound) as exc:
        raise HTTPException(404, str(exc)) from None
    except Conflict as exc:
        raise HTTPException(409, str(exc)) from None
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None


def _audit(connection: Connection, user: User, action: str, target: str, **detail: Any) -> None:
    audit.record(connection, actor=user, action=action, target=target, detail=detail or None)


def _json(value: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(jsonable(value), status_code=status_code)


# -- alerts -----------------------------------------------------------------------------------


@router.get("/alerts", dependencies=[Depends(require("analyst"))])
def list_alerts(
    request: Request,
    state: Literal["open", "closed"] | None = None,
    kind: Kind | None = None,
    topic: Annotated[str | None, Query(max_length=200)] = None,
    since: AwareDatetime | None = None,
    limit: Annotated[int, Query(ge=1, le=alert_store.MAX_LIST)] = 100,
) -> JSONResponse:
    with _store(request) as connection:
        rows = alert_store.list_alerts(
            connection, state=state, kind=kind, topic=topic, since=since, limit=limit
        )
    return _json(rows)


@router.get("/alerts/{alert_id}", dependencies=[Depends(require("analyst"))])
def get_alert(request: Request, alert_id: Id) -> JSONResponse:
    with _store(request) as connection:
        return _json(alert_store.get_alert(connection, alert_id))


@router.post("/alerts/{alert_id}/ack")
def acknowledge(
    request: Request, alert_id: Id, body: Action, user: User = Depends(require("agent"))
) -> JSONResponse:
    with _store(request, write=True) as connection:
        found = alert_store.acknowledge(connection, alert_id, by=user.username)
        _audit(connection, user, "alert.ack", f"alert:{alert_id}")
        return _json(found)


@router.post("/alerts/{alert_id}/dismiss")
def dismiss(
    request: Request, alert_id: Id, body: Action, user: User = Depends(require("agent"))
) -> JSONResponse:
    with _store(request, write=True) as connection:
        found = alert_store.dismiss(connection, alert_id, by=user.username)
        _audit(connection, user, "alert.dismiss", f"alert:{alert_id}")
        return _json(found)


@router.post("/alerts/{alert_id}/incident")
def incident_from_alert(
    request: Request, alert_id: Id, body: Action, user: User = Depends(require("manager"))
) -> JSONResponse:
    """201 with the new incident, or 200 with the one this alert is already in."""
    with _store(request, write=True) as connection:
        incident, created = store.open_from_alert(connection, alert_id, by=user.username)
        if created:
            _audit(connection, user, "incident.open", f"incident:{incident['id']}",
                   alert=alert_id)  # fmt: skip
        full = store.get_incident(connection, incident["id"])
    return _json({"created": created, "incident": full}, 201 if created else 200)


# -- incidents --------------------------------------------------------------------------------


@router.get("/incidents", dependencies=[Depends(require("analyst"))])
def list_incidents(
    request: Request,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=store.MAX_LIST)] = 100,
) -> JSONResponse:
    with _store(request) as connection:
        return _json(store.list_incidents(connection, status=status, limit=limit))


@router.post("/incidents")
def open_incident(
    request: Request, body: OpenIncident, user: User = Depends(require("manager"))
) -> JSONResponse:
    with _store(request, write=True) as connection:
        incident = store.open_incident(
            connection, title=body.title, by=user.username, severity=body.severity,
            commander=body.commander, topic=body.topic,
        )  # fmt: skip
        _audit(connection, user, "incident.open", f"incident:{incident['id']}", title=body.title)
        return _json(store.get_incident(connection, incident["id"]), 201)


@router.get("/incidents/{incident_id}", dependencies=[Depends(require("analyst"))])
def get_incident(request: Request, incident_id: Id) -> JSONResponse:
    with _store(request) as connection:
        return _json(store.get_incident(connection, incident_id))


@router.post("/incidents/{incident_id}/status")
def set_status(
    request: Request, incident_id: Id, body: StatusChange, user: User = Depends(require("manager"))
) -> JSONResponse:
    with _store(request, write=True) as connection:
        store.set_status(connection, incident_id, body.status, by=user.username)
        _audit(connection, user, "incident.status", f"incident:{incident_id}", to=body.status)
        return _json(store.get_incident(connection, incident_id))


@router.post("/incidents/{incident_id}/severity")
def set_severity(
    request: Request,
    incident_id: Id,
    body: SeverityChange,
    user: User = Depends(require("manager")),
) -> JSONResponse:
    with _store(request, write=True) as connection:
        store.set_severity(connection, incident_id, body.severity, by=user.username)
        _audit(connection, user, "incident.severity", f"incident:{incident_id}", to=body.severity)
        return _json(store.get_incident(connection, incident_id))


@router.post("/incidents/{incident_id}/commander")
def set_commander(
    request: Request,
    incident_id: Id,
    body: CommanderChange,
    user: User = Depends(require("manager")),
) -> JSONResponse:
    with _store(request, write=True) as connection:
        store.set_commander(connection, incident_id, body.commander, by=user.username)
        _audit(connection, user, "incident.commander", f"incident:{incident_id}",
               to=body.commander)  # fmt: skip
        return _json(store.get_incident(connection, incident_id))


@router.post("/incidents/{incident_id}/notes")
def add_note(
    request: Request, incident_id: Id, body: NoteIn, user: User = Depends(require("agent"))
) -> JSONResponse:
    with _store(request, write=True) as connection:
        event = store.add_note(connection, incident_id, body.text, by=user.username)
        _audit(connection, user, "incident.note", f"incident:{incident_id}")
        return _json(event, 201)


@router.post("/incidents/{incident_id}/statements")
def add_statement(
    request: Request, incident_id: Id, body: StatementIn, user: User = Depends(require("manager"))
) -> JSONResponse:
    with _store(request, write=True) as connection:
        event = store.add_statement(
            connection, incident_id, body.text, by=user.username, channel=body.channel,
            url=body.url, published_at=body.published_at,
        )  # fmt: skip
        _audit(connection, user, "incident.statement", f"incident:{incident_id}",
               channel=body.channel)  # fmt: skip
        return _json(event, 201)


@router.post("/incidents/{incident_id}/alerts")
def link_alert(
    request: Request, incident_id: Id, body: LinkIn, user: User = Depends(require("manager"))
) -> JSONResponse:
    with _store(request, write=True) as connection:
        linked = store.link_alert(connection, incident_id, body.alert_id, by=user.username)
        _audit(connection, user, "incident.link_alert", f"incident:{incident_id}",
               alert=body.alert_id)  # fmt: skip
        return _json(linked)


@router.get("/incidents/{incident_id}/postmortem", dependencies=[Depends(require("analyst"))])
def get_postmortem(
    request: Request,
    incident_id: Id,
    baseline_hours: Annotated[int, Query(ge=1, le=24 * 7)] = BASELINE_HOURS,
    tolerance: Annotated[float, Query(ge=0, le=1)] = TOLERANCE,
    min_posts: Annotated[int, Query(ge=1)] = MIN_POSTS,
) -> JSONResponse:
    """`tolerance` is a share (0.05 = 5 percentage points)."""
    with _store(request) as connection:
        report = postmortem(connection, incident_id, baseline_hours=baseline_hours,
                            tolerance=tolerance, min_posts=min_posts)  # fmt: skip
    return _json(report)
