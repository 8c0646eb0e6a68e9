"""The SLA page: the policy of each priority and the business hours (managers change them,
everyone reads them), and the SLA report over the last 24 hours, 7 or 30 days. The rules
are in `parley.act.sla`; a refused value comes back on the page naming its field (422)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parley.act import sla
from parley.store import audit
from parley.store.inbox import PRIORITIES
from parley.store.users import User
from parley.web.auth import require
from parley.web.templating import templates

router = APIRouter()

RANGES = {"24h": ("the last 24 hours", timedelta(hours=24)),
          "7d": ("the last 7 days", timedelta(days=7)),
          "30d": ("the last 30 days", timedelta(days=30))}  # fmt: skip
FIELDS = {  # form field -> its label, as errors name it
    "first_response": "first response (minutes)",
    "next_response": "next response (minutes)",
    "resolution": "resolution (minutes)",
    "clock": "clock",
    "warn_percent": "warn at (%)",
    "tz": "time zone",
    "days": "days",
    "starts": "starts",
    "ends": "ends",
}


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{FIELDS[field]}: {message}")
        self.field = field


def _page(
    request: Request, user: User, *, range_: str = "7d", errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    label, span = RANGES[range_]
    now = datetime.now(UTC)
    with request.app.state.engine.connect() as connection:
        context = {
            "policies": sla.policies(connection), "hours": sla.business_hours(connection),
            "report": sla.report(connection, since=now - span), "range": range_,
            "range_label": label, "ranges": RANGES, "priorities": PRIORITIES,
            "clocks": sla.CLOCKS, "errors": errors or {}, "form": form or {}, "now": now,
        }  # fmt: skip
    context["rows"] = row_parts(context["report"])
    return templates.TemplateResponse(request, "sla/index.html", context, status_code=status)


@router.get("/sla", response_class=HTMLResponse)
def sla_page(
    request: Request,
    range_: str = Query("7d", alias="range", max_length=10),
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    return _page(request, user, range_=range_ if range_ in RANGES else "7d")


def _minutes(form: dict[str, str], field: str) -> int | None:
    value = form[field].strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 7:
        raise FieldError(field, f"{value[:20]!r} is not a whole number of minutes")
    return int(value)


def _field_of(message: str) -> str:
    """Which field an `SlaError` is about (its message names it)."""
    for words, field in (("first response", "first_response"), ("next response", "next_response"),
                         ("resolution", "resolution"), ("clock", "clock"), ("warn", "warn_percent"),
                         ("time zone", "tz"), ("days", "days"), ("end", "ends"),
                         ("start", "starts")):  # fmt: skip
        if words in message:
            return field
    return "clock"


@router.post("/sla/policies", response_model=None)
def sla_policy(
    request: Request,
    priority: str = Form("", max_length=16),
    first_response: str = Form("", max_length=20),
    next_response: str = Form("", max_length=20),
    resolution: str = Form("", max_length=20),
    clock: str = Form("calendar", max_length=16),
    warn_percent: str = Form("80", max_length=20),
    user: User = Depends(require("manager")),
) -> Response:
    """The SLA policy of one priority (blank minutes: no target)."""
    form = {"priority": priority, "first_response": first_response,
            "next_response": next_response, "resolution": resolution, "clock": clock,
            "warn_percent": warn_percent}  # fmt: skip
    try:
        if priority not in PRIORITIES:
            raise FieldError("clock", f"unknown priority {priority[:16]!r}")
        values = {f"{k}_minutes": _minutes(form, k)
                  for k in ("first_response", "next_response", "resolution")}  # fmt: skip
        warn = warn_percent.strip()
        if not warn.isdigit() or len(warn) > 3:
            raise FieldError("warn_percent", f"{warn[:20]!r} is not a whole percentage")
        try:
            with request.app.state.engine.begin() as connection:
                policy = sla.set_policy(connection, priority=priority, clock=clock,
                                        warn_percent=int(warn), **values)  # fmt: skip
                audit.record(connection, actor=user, action="sla.policy",
                             target=f"sla_policy:{priority}", detail=policy.__dict__)  # fmt: skip
        except sla.SlaError as exc:
            field = _field_of(str(exc))
            raise FieldError(field, str(exc)) from None
    except FieldError as exc:
        return _page(request, user, errors={f"{priority}:{exc.field}": str(exc), "_": str(exc)},
                     form=form, status=422)  # fmt: skip
    return RedirectResponse("/sla#policies", status_code=303)


@router.post("/sla/hours", response_model=None)
def sla_hours(
    request: Request,
    tz: str = Form("", max_length=64),
    days: str = Form("", max_length=64),
    starts: str = Form("", max_length=5),
    ends: str = Form("", max_length=5),
    user: User = Depends(require("manager")),
) -> Response:
    """The business hours the `business` clock counts."""
    form = {"tz": tz, "days": days, "starts": starts, "ends": ends}
    try:
        with request.app.state.engine.begin() as connection:
            hours = sla.set_business_hours(connection, tz=tz, days=days, starts=starts, ends=ends)
            audit.record(connection, actor=user, action="sla.hours", target="business_hours",
                         detail=hours.__dict__)  # fmt: skip
    except sla.SlaError as exc:
        field = _field_of(str(exc))
        message = f"{FIELDS[field]}: {exc}"
        return _page(request, user, errors={f"hours:{field}": message, "_": message},
                     form=form, status=422)  # fmt: skip
    return RedirectResponse("/sla#hours", status_code=303)


def row_parts(report: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, name, figures) rows of the report table: overall, each agent, each team."""
    return ([("overall", "Overall", report["overall"])]
            + [("agent", name, part) for name, part in report["agents"].items()]
            + [("team", name, part) for name, part in report["teams"].items()])  # fmt: skip
