"""The rota's team page: each agent's languages and team, and the one-off exceptions to the
weekly shifts (an absence with an optional cover, an extra shift, a holiday for everyone).
Everyone who reads the inbox sees it; managers change it, with audit rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parley.act import rota
from parley.act.rota import RotaError
from parley.store import audit
from parley.store.users import User
from parley.web.auth import require
from parley.web.routes.inbox import _agents
from parley.web.templating import templates

router = APIRouter()
SHOWN_PAST = timedelta(days=7)  # exceptions that ended in the last week are still listed


def _page(request: Request, user: User, *, error: str | None = None, status: int = 200,
          form: dict[str, Any] | None = None) -> HTMLResponse:  # fmt: skip
    now = datetime.now(UTC)
    with request.app.state.engine.connect() as connection:
        agents = _agents(connection)
        presence = rota.presence(connection)
        context = {
            "agents": agents,
            "presence": {a["username"]: presence.get(a["id"], {}) for a in agents},
            "exceptions": rota.exceptions(connection, since=now - SHOWN_PAST),
        }
    from parley.enrich.intent import DEFAULT_TAXONOMY

    context |= {"now": now, "error": error, "form": form or {}, "kinds": rota.EXCEPTION_KINDS,
                "reasons": [*DEFAULT_TAXONOMY, "other"]}  # fmt: skip
    return templates.TemplateResponse(request, "inbox/rota_team.html", context, status_code=status)


def _when(value: str, tz: str, what: str) -> datetime:
    """A `datetime-local` value ("2026-12-24T09:00") in the zone `tz`."""
    zone = rota.zone(tz.strip() or "UTC")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RotaError(f"{what} must be a date and time like 2026-12-24T09:00") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


@router.get("/rota/team", response_class=HTMLResponse)
def team_page(request: Request, user: User = Depends(require("analyst"))) -> HTMLResponse:
    return _page(request, user)


@router.post("/rota/team/{username}", response_model=None)
def save_agent(
    request: Request,
    username: str,
    languages: str = Form("", max_length=200),
    team: str = Form("", max_length=64),
    skills: str = Form("", max_length=500),
    user: User = Depends(require("manager")),
) -> Response:
    """An agent's languages (comma-separated codes), team and skills (reasons)."""
    try:
        with request.app.state.engine.begin() as connection:
            rota.set_presence(connection, username=username[:64], languages=languages, team=team,
                              skills=skills)  # fmt: skip
            audit.record(connection, actor=user, action="rota.agent",
                         target=f"agent:{username[:64]}",
                         detail={"languages": languages, "team": team, "skills": skills})  # fmt: skip
    except RotaError as exc:
        return _page(request, user, error=str(exc), status=422)
    return RedirectResponse("/rota/team", status_code=303)


@router.post("/rota/exceptions", response_model=None)
def add_exception(
    request: Request,
    kind: str = Form(..., max_length=16),
    username: str = Form("", max_length=64),
    cover: str = Form("", max_length=64),
    starts: str = Form("", max_length=40),
    ends: str = Form("", max_length=40),
    tz: str = Form("UTC", max_length=64),
    note: str = Form("", max_length=500),
    user: User = Depends(require("manager")),
) -> Response:
    form = {"kind": kind, "username": username, "cover": cover, "starts": starts, "ends": ends,
            "tz": tz, "note": note}  # fmt: skip
    try:
        starts_at, ends_at = _when(starts, tz, "the start"), _when(ends, tz, "the end")
        with request.app.state.engine.begin() as connection:
            exception_id = rota.add_exception(
                connection, kind=kind, starts_at=starts_at, ends_at=ends_at,
                username=username or None, cover=cover or None, note=note.strip() or None,
            )  # fmt: skip
            audit.record(connection, actor=user, action="rota.exception.add",
                         target=f"rota_exception:{exception_id}",
                         detail={"kind": kind, "user": username or None, "cover": cover or None,
                                 "starts_at": starts_at.isoformat(),
                                 "ends_at": ends_at.isoformat()})  # fmt: skip
    except RotaError as exc:
        return _page(request, user, error=str(exc), status=422, form=form)
    return RedirectResponse("/rota/team", status_code=303)


@router.post("/rota/exceptions/{exception_id}/delete", response_model=None)
def remove_exception(
    request: Request, exception_id: int, user: User = Depends(require("manager"))
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            was = rota.remove_exception(connection, exception_id)
            audit.record(connection, actor=user, action="rota.exception.remove",
                         target=f"rota_exception:{exception_id}",
                         detail={"kind": was["kind"], "starts_at": was["starts_at"].isoformat(),
                                 "ends_at": was["ends_at"].isoformat()})  # fmt: skip
    except RotaError as exc:
        return _page(request, user, error=str(exc), status=404)
    return RedirectResponse("/rota/team", status_code=303)
