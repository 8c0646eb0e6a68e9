"""Switching surge mode on and off from the web (managers: the alert and incident pages and
/rota), and who is in the surge pool. The rules are in `parley.act.surge`; a refusal shows
its reason (422), the page comes back otherwise."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from parley.act import rota, surge
from parley.act.rota import RotaError
from parley.act.surge import SurgeError
from parley.store import audit
from parley.store.users import User
from parley.web.auth import require
from parley.web.templating import templates

router = APIRouter()

# Where the buttons are; anything else (a forged `back`) returns to /rota.
BACK = re.compile(r"/(alerts/\d{1,19}|incidents/\d{1,19}|rota|inbox)")


def _back(back: str) -> str:
    return back if BACK.fullmatch(back) else "/rota"


def _refused(request: Request, message: str, back: str) -> Response:
    return templates.TemplateResponse(
        request, "error.html",
        {"status": 422, "message": message, "back": _back(back)}, status_code=422,
    )  # fmt: skip


def _optional_id(value: str, what: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise SurgeError(f"{what}: {value[:20]!r} is not an id")
    return int(value)


@router.post("/surge/start", response_model=None)
def surge_start(
    request: Request,
    reason: str = Form("", max_length=surge.MAX_REASON_CHARS * 4),
    alert_id: str = Form("", max_length=20),
    incident_id: str = Form("", max_length=20),
    max_hours: str = Form(str(surge.DEFAULT_MAX_HOURS), max_length=10),
    back: str = Form("/rota", max_length=100),
    user: User = Depends(require("manager")),
) -> Response:
    try:
        hours = max_hours.strip() or str(surge.DEFAULT_MAX_HOURS)
        if not hours.isdigit():
            raise SurgeError(f"max hours: {max_hours[:10]!r} is not a whole number of hours")
        with request.app.state.engine.begin() as connection:
            surge.start(connection, actor=user, reason=reason, max_hours=int(hours),
                        alert_id=_optional_id(alert_id, "alert"),
                        incident_id=_optional_id(incident_id, "incident"))  # fmt: skip
    except SurgeError as exc:
        return _refused(request, str(exc), back)
    return RedirectResponse(_back(back), status_code=303)


@router.post("/surge/end", response_model=None)
def surge_end(
    request: Request,
    back: str = Form("/rota", max_length=100),
    user: User = Depends(require("manager")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            surge.end(connection, actor=user)
    except SurgeError as exc:
        return _refused(request, str(exc), back)
    return RedirectResponse(_back(back), status_code=303)


@router.post("/rota/surge-pool", response_model=None)
def rota_surge_pool(
    request: Request,
    username: str = Form("", max_length=64),
    surge_pool: bool = Form(False),
    user: User = Depends(require("manager")),
) -> Response:
    """A manager puts an agent in the surge pool (or takes them out)."""
    try:
        with request.app.state.engine.begin() as connection:
            rota.set_presence(connection, username=username, surge_pool=surge_pool)
            audit.record(connection, actor=user, action="rota.surge_pool",
                         target=f"user:{username.strip().lower()}",
                         detail={"surge_pool": surge_pool})  # fmt: skip
    except RotaError as exc:
        return _refused(request, str(exc), "/rota")
    return RedirectResponse("/rota#surge", status_code=303)
