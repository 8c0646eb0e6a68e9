"""The water-army pages: the list of campaigns, one campaign with its evidence (accounts,
near-identical posts side by side, timing, network), and a manager's confirm or dismiss."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from parley.coordination import store
from parley.coordination.picture import campaign_view
from parley.store import audit
from parley.store.tables import audit_log
from parley.web.auth import User, require
from parley.web.templating import templates

router = APIRouter()
Analyst = Annotated[User, Depends(require("analyst"))]
Manager = Annotated[User, Depends(require("manager"))]

Status = Literal["suspected", "confirmed", "dismissed"]
MAX_REASON = 2000
CampaignId = Annotated[int, Path(ge=1, le=2**53, description="the campaign's id")]


def _decisions(request: Request, campaign_id: int) -> list[dict[str, object]]:
    """Who confirmed or dismissed this campaign, when and why, newest first (the audit log)."""
    with request.app.state.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log)
            .where(audit_log.c.target == f"campaign:{campaign_id}")
            .where(audit_log.c.action.in_(("campaign.confirm", "campaign.dismiss")))
            .order_by(audit_log.c.id.desc())
            .limit(20)
        )
        out = []
        for row in rows:
            item = dict(row._mapping)
            item["detail"] = msgspec.json.decode(item["detail"]) if item["detail"] else {}
            out.append(item)
        return out


def _reason(campaign: dict[str, object], decisions: list[dict[str, object]]) -> str | None:
    """The reason for the campaign's current decision: the latest audit row, when it is that
    decision (a decision made where no reason is asked, e.g. an older CLI, has none)."""
    if not decisions or campaign["status"] not in ("confirmed", "dismissed"):
        return None
    latest = decisions[0]
    action = "campaign.confirm" if campaign["status"] == "confirmed" else "campaign.dismiss"
    if latest["action"] != action or latest["actor"] not in (
        campaign["decided_by"],
        f"cli:{campaign['decided_by']}",
    ):
        return None
    detail = latest["detail"]
    return str(detail.get("reason")) if isinstance(detail, dict) and detail.get("reason") else None


@router.get("/campaigns", response_class=HTMLResponse)
def campaign_list(
    request: Request,
    user: Analyst,
    status: Annotated[Status | None, Query(description="only campaigns in this state")] = None,
) -> Response:
    engine = request.app.state.engine
    everything = store.list_campaigns(engine)
    counts = {s: sum(1 for c in everything if c["status"] == s) for s in store.STATUSES}
    shown = [c for c in everything if status is None or c["status"] == status]
    return templates.TemplateResponse(
        request,
        "campaigns/list.html",
        {"campaigns": shown, "status": status, "counts": counts, "total": len(everything)},
    )


def _detail(
    request: Request, campaign_id: int, *, error: str | None = None, status_code: int = 200
) -> Response:
    engine = request.app.state.engine
    campaign = store.get_campaign(engine, campaign_id)
    if campaign is None:
        raise HTTPException(404, f"no campaign {campaign_id}")
    decisions = _decisions(request, campaign_id)
    return templates.TemplateResponse(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "view": campaign_view(engine, campaign),
            "decisions": decisions,
            "reason": _reason(campaign, decisions),
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/campaigns/{campaign_id}", response_class=HTMLResponse)
def campaign_detail(request: Request, campaign_id: CampaignId, user: Analyst) -> Response:
    return _detail(request, campaign_id)


@router.post("/campaigns/{campaign_id}/decision", response_class=HTMLResponse)
def campaign_decide(
    request: Request,
    user: Manager,
    campaign_id: CampaignId,
    decision: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Confirm or dismiss, with the reason in words: both go to the audit log."""
    # One line of plain words: control characters (NUL breaks PostgreSQL) become spaces.
    reason = " ".join("".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in reason).split())
    if decision not in ("confirmed", "dismissed"):
        return _detail(request, campaign_id, status_code=422,
                       error="the decision is confirmed or dismissed")  # fmt: skip
    if not reason:
        return _detail(request, campaign_id, status_code=422,
                       error="say why: a decision needs a reason")  # fmt: skip
    if len(reason) > MAX_REASON:
        return _detail(request, campaign_id, status_code=422,
                       error=f"the reason is too long ({len(reason)} characters, at most {MAX_REASON})")  # fmt: skip
    engine = request.app.state.engine
    try:
        with engine.begin() as connection:
            store.record_decision(connection, campaign_id, decision, user.username)
            audit.record(
                connection,
                actor=user,
                action="campaign.confirm" if decision == "confirmed" else "campaign.dismiss",
                target=f"campaign:{campaign_id}",
                detail={"reason": reason},
            )
    except LookupError:
        raise HTTPException(404, f"no campaign {campaign_id}") from None
    return RedirectResponse(f"/campaigns/{campaign_id}", status_code=303)
