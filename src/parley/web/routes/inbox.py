"""The inbox pages: the conversation list with saved views and bulk actions, one conversation
with its thread, notes, reply box, canned replies and approvals, and the rota.

Agents work conversations (status, assignment, notes, replies); managers approve replies and
edit the rota. Every change goes through `parley.act` (which writes the audit rows); a refused
change shows its reason on the page (422), a missing conversation is a 404 page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parley.act import inbox, kb, presence, replies, rota, sla, surge
from parley.act.rota import RotaError
from parley.enrich.intent import INTENTS
from parley.store import audit, inbox_views
from parley.store import inbox as store
from parley.store.contacts import contact_of
from parley.store.inbox import ConversationNotFound, InboxError
from parley.store.inbox_views import ViewError
from parley.store.kb import KbError
from parley.store.tables import users
from parley.store.users import User
from parley.web.auth import require
from parley.web.templating import templates

router = APIRouter()

PAGE = 100


def _agents(connection: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    rows = connection.execute(
        select(users.c.id, users.c.username, users.c.display_name)
        .where(users.c.disabled.is_(False), users.c.role != "analyst")
        .order_by(users.c.username)
    )
    return [dict(r._mapping) for r in rows]


FILTERS = ("status", "assignee", "priority", "intent", "lang", "channel", "tag", "sla")


def _back_to(view: str) -> str:
    """The list to go back to after a change: a view key or a filtered list's query string."""
    if view.startswith("?"):
        return "/inbox" + view[:2000]
    return f"/inbox?view={quote(view[:40])}" if view else "/inbox"


@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request,
    view: str = Query("open", max_length=40),
    before: datetime | None = Query(None),
    before_id: int | None = Query(None, ge=1),
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    """A saved view, or the filters given in the query string (status may repeat); 100 rows
    a page, newest activity first, "older" pages by keyset."""
    params = request.query_params
    ad_hoc = any(name in params for name in FILTERS)
    with request.app.state.engine.connect() as connection:
        views = inbox_views.views_for(connection, user.id)
        try:
            if ad_hoc:
                current = None
                filters = inbox_views.parse_filters(
                    {n: params.getlist(n) if n == "status" else params.get(n) for n in FILTERS}
                )
            else:
                current = next((v for v in views if v.key == view), None)
                if current is None:
                    return _error(request, f"there is no view {view!r}", 404)
                filters = current.filters
            arguments = inbox_views.list_arguments(connection, filters, user_id=user.id)
        except ViewError as exc:
            return _error(request, str(exc))
        if before is not None and before.tzinfo is None:
            before = before.replace(tzinfo=UTC)
        rows = store.list_conversations(
            connection, limit=PAGE + 1, before=before, before_id=before_id, **arguments
        )
        agents = _agents(connection)
        gaps = rota.gaps(connection)
        banner = surge.status(connection)
    more, rows = len(rows) > PAGE, rows[:PAGE]
    here = {"view": current.key} if current else filters.query()
    older = None
    if more:
        last = rows[-1]
        older = "/inbox?" + urlencode(
            {**here, "before": last["last_message_at"].isoformat(), "before_id": last["id"]},
            doseq=True,
        )
    back = current.key if current else "?" + urlencode(filters.query(), doseq=True)
    return templates.TemplateResponse(request, "inbox/list.html", {
        "rows": rows, "views": views, "current": current, "filters": filters,
        "label": current.name if current else "Filtered: " + filters.describe(),
        "described": filters.describe(), "agents": agents, "gaps": gaps,
        "statuses": store.STATUSES, "priorities": store.PRIORITIES, "intents": INTENTS,
        "sla_states": inbox_views.SLA_STATES, "older": older, "paged": before is not None,
        "back": back, "surge": banner,
    })  # fmt: skip


@router.post("/inbox/views", response_model=None)
def save_view(
    request: Request,
    name: str = Form("", max_length=200),
    shared: bool = Form(False),
    filters: str = Form("", max_length=2000),
    user: User = Depends(require("analyst")),
) -> Response:
    """Save the list's current filters (a query string) as a view: one's own, or (managers)
    shared with the team."""
    try:
        if shared and not user.can("manager"):
            raise ViewError("only a manager can share a view with the team")
        query = parse_qs(filters.lstrip("?"), keep_blank_values=False)
        parsed = inbox_views.parse_filters(
            {n: query.get(n, []) if n == "status" else (query.get(n) or [""])[0] for n in FILTERS}
        )
        with request.app.state.engine.begin() as connection:
            view_id = inbox_views.save_view(
                connection, name=name, filters=parsed, owner_id=None if shared else user.id
            )
            audit.record(connection, actor=user, action="inbox.view.save",
                         target=f"inbox_view:{view_id}",
                         detail={"name": name[:80], "shared": shared,
                                 "filters": parsed.describe()})  # fmt: skip
    except ViewError as exc:
        return _error(request, str(exc))
    return RedirectResponse(f"/inbox?view=saved-{view_id}", status_code=303)


@router.post("/inbox/views/{view_id}/delete", response_model=None)
def delete_view(
    request: Request,
    view_id: int,
    user: User = Depends(require("analyst")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            name = inbox_views.delete_view(
                connection, view_id, user_id=user.id, may_share=user.can("manager")
            )
            audit.record(connection, actor=user, action="inbox.view.delete",
                         target=f"inbox_view:{view_id}", detail={"name": name})  # fmt: skip
    except ViewError as exc:
        return _error(request, str(exc), 404 if "no saved view" in str(exc) else 403)
    return RedirectResponse("/inbox", status_code=303)


@router.post("/inbox/bulk", response_model=None)
def inbox_bulk(
    request: Request,
    ids: list[int] = Form([]),
    status: str = Form("", max_length=20),
    assignee: str = Form("", max_length=64),
    view: str = Form("open", max_length=2000),
    user: User = Depends(require("agent")),
) -> Response:
    """The same change on the ticked conversations, all or nothing."""
    changes: dict[str, Any] = {}
    if status:
        changes["status"] = status
    if assignee:
        changes["assignee_id"] = user.id if assignee == "me" else (
            None if assignee == "nobody" else _user_id(request, assignee))  # fmt: skip
    try:
        if not ids or not changes:
            raise InboxError("tick some conversations and choose a status or an assignee")
        with request.app.state.engine.begin() as connection:
            inbox.bulk_change(connection, ids, actor=user, **changes)
    except InboxError as exc:
        return _error(request, str(exc))
    return RedirectResponse(_back_to(view), status_code=303)


def _user_id(request: Request, username: str) -> int:
    from sqlalchemy import select

    with request.app.state.engine.connect() as connection:
        found = connection.execute(select(users.c.id).where(users.c.username == username)).scalar()
    if found is None:
        raise InboxError(f"no user named {username[:64]!r}")
    return int(found)


def _error(request: Request, message: str, status: int = 422) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _conversation_page(
    request: Request, conversation_id: int, user: User, *, full: bool = False,
    error: str | None = None, draft: str = "", status: int = 200,
    collision: list[dict[str, Any]] | None = None, channel: str = "",
) -> HTMLResponse:  # fmt: skip
    try:
        with request.app.state.engine.connect() as connection:
            conversation = store.get_conversation(connection, conversation_id)
            context = {
                # the collision warning and the surge banner (inbox/_presence.html)
                "others": presence.others(connection, conversation_id, user_id=user.id),
                "seen_replies": presence.replies_by_others(
                    connection, conversation_id, user_id=user.id
                ),
                "collision": collision,
                "surge": surge.status(connection),
                "c": conversation,
                "messages": store.messages(connection, conversation_id, full=full),
                "notes": store.notes(connection, conversation_id),
                "replies": replies.replies(connection, conversation_id),
                "canned": sorted({r["name"] for r in replies.canned(connection)}),
                "agents": _agents(connection),
                "suggestions": kb.suggest(connection, conversation_id),
                "contact": contact_of(connection, conversation["platform"],
                                      conversation["customer_native_id"]),
            }  # fmt: skip
    except ConversationNotFound as exc:
        return _error(request, str(exc), 404)
    context |= {"statuses": store.STATUSES, "priorities": store.PRIORITIES, "error": error,
                "draft": draft, "shown_chars": store.SHOWN_CHARS, "channel": channel}  # fmt: skip
    return templates.TemplateResponse(
        request, "inbox/conversation.html", context, status_code=status
    )


@router.get("/inbox/{conversation_id}", response_class=HTMLResponse)
def conversation_page(
    request: Request,
    conversation_id: int,
    full: bool = Query(False),
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    return _conversation_page(request, conversation_id, user, full=full)


def _back(conversation_id: int) -> RedirectResponse:
    return RedirectResponse(f"/inbox/{conversation_id}", status_code=303)


@router.post("/inbox/{conversation_id}/update", response_model=None)
def conversation_update(
    request: Request,
    conversation_id: int,
    status: str = Form("", max_length=20),
    priority: str = Form("", max_length=20),
    assignee: str = Form("", max_length=64),
    tags: str | None = Form(None, max_length=2000),
    user: User = Depends(require("agent")),
) -> Response:
    changes: dict[str, Any] = {}
    if status:
        changes["status"] = status
    if priority:
        changes["priority"] = priority
    try:
        if assignee:
            changes["assignee_id"] = None if assignee == "nobody" else _user_id(request, assignee)
        if tags is not None:
            changes["tags"] = [t for t in tags.split(",") if t.strip()]
        with request.app.state.engine.begin() as connection:
            inbox.change(connection, conversation_id, actor=user, **changes)
    except ConversationNotFound as exc:
        return _error(request, str(exc), 404)
    except InboxError as exc:
        return _conversation_page(request, conversation_id, user, error=str(exc), status=422)
    return _back(conversation_id)


@router.post("/inbox/{conversation_id}/note", response_model=None)
def conversation_note(
    request: Request,
    conversation_id: int,
    text: str = Form("", max_length=store.MAX_NOTE_CHARS + 1),
    user: User = Depends(require("agent")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            inbox.add_note(connection, conversation_id, actor=user, text=text)
    except ConversationNotFound as exc:
        return _error(request, str(exc), 404)
    except InboxError as exc:
        return _conversation_page(request, conversation_id, user, error=str(exc), status=422)
    return _back(conversation_id)


@router.post("/inbox/{conversation_id}/presence", response_class=HTMLResponse)
def conversation_presence(
    request: Request,
    conversation_id: int,
    state: str = Form("viewing", max_length=20),
    user: User = Depends(require("analyst")),
) -> Response:
    """The page's heartbeat: this person has it open (viewing or replying); answers with
    the others who have it open now (inbox/_presence_others.html)."""
    try:
        with request.app.state.engine.begin() as connection:
            store.get_conversation(connection, conversation_id)
            presence.beat(connection, conversation_id, user_id=user.id, state=state)
            found = presence.others(connection, conversation_id, user_id=user.id)
    except ConversationNotFound as exc:
        return _error(request, str(exc), 404)
    except InboxError as exc:
        return _error(request, str(exc))
    return templates.TemplateResponse(request, "inbox/_presence_others.html", {"others": found})


@router.post("/inbox/{conversation_id}/reply", response_model=None)
def conversation_reply(
    request: Request,
    conversation_id: int,
    text: str = Form("", max_length=replies.MAX_REPLY_CHARS + 1),
    canned: str = Form("", max_length=100),
    article: str = Form("", max_length=60),
    action: str = Form("send", max_length=10),
    channel: str = Form("", max_length=10),
    seen_replies: int | None = Form(None, ge=0, le=2**31),
    force: bool = Form(False),
    user: User = Depends(require("agent")),
) -> Response:
    """`action=fill` puts the canned reply (or the knowledge-base `article`, "ID" or
    "ID:LANG") in the box to edit; `send` writes the reply,
    unless someone else replied since the page was loaded (`seen_replies`, the number of
    others' replies it showed): then the page comes back with the warning and the draft,
    and `force` sends it anyway. `channel=private` answers a public thread with a private
    message to the customer."""
    try:
        if channel not in ("", "public", "private"):
            raise InboxError(f"channel is public or private, got {channel[:10]!r}")
        with request.app.state.engine.begin() as connection:
            if action == "fill" and article:
                draft = kb.use_article(connection, article, conversation_id, user)
                return _conversation_page(request, conversation_id, user, draft=draft)
            if action == "fill":
                if not canned:
                    raise InboxError("choose a canned reply")
                draft = replies.render_canned(connection, canned, conversation_id, user)
                return _conversation_page(request, conversation_id, user, draft=draft)
            if seen_replies is not None and not force and text.strip():
                store.get_conversation(connection, conversation_id)
                newer = presence.newer_replies(
                    connection, conversation_id, user_id=user.id, seen=seen_replies
                )
                if newer:
                    return _conversation_page(request, conversation_id, user, draft=text,
                                              collision=newer, channel=channel,
                                              status=409)  # fmt: skip
            replies.write_reply(connection, conversation_id, author=user, text=text,
                                private={"": None, "public": False, "private": True}[channel])  # fmt: skip
    except ConversationNotFound as exc:
        return _error(request, str(exc), 404)
    except (InboxError, KbError) as exc:
        return _conversation_page(request, conversation_id, user, error=str(exc), draft=text,
                                  status=422)  # fmt: skip
    return _back(conversation_id)


@router.post("/inbox/replies/{reply_id}/decide", response_model=None)
def reply_decide(
    request: Request,
    reply_id: int,
    decision: str = Form("", max_length=10),
    user: User = Depends(require("manager")),
) -> Response:
    try:
        if decision not in ("approve", "refuse"):
            raise InboxError("decide approve or refuse")
        with request.app.state.engine.begin() as connection:
            reply = replies.decide(connection, reply_id, approver=user,
                                   approve=decision == "approve")  # fmt: skip
    except InboxError as exc:
        return _error(request, str(exc))
    return _back(reply["conversation_id"])


@router.post("/inbox/replies/{reply_id}/retry", response_model=None)
def reply_retry(
    request: Request, reply_id: int, user: User = Depends(require("agent"))
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            replies.retry(connection, reply_id, actor=user)
            reply = replies.get_reply(connection, reply_id)
    except InboxError as exc:
        return _error(request, str(exc))
    return _back(reply["conversation_id"])


# --- the rota --------------------------------------------------------------------------------


def _rota_page(request: Request, user: User, *, error: str | None = None,
               status: int = 200) -> HTMLResponse:  # fmt: skip
    now = datetime.now(UTC)
    with request.app.state.engine.connect() as connection:
        r = rota.Rota.load(connection)
        context = {
            "now": now, "on_duty": r.on_duty(now), "next": r.next_on_duty(now),
            "shifts": r.shifts, "gaps": rota.gaps(connection), "agents": _agents(connection),
            "assignment": rota.get_assignment(connection), "report": sla.report(connection),
            "policies": sla.policies(connection), "error": error, "days": rota.days_text,
            "surge": surge.status(connection, now), "surges": surge.history(connection),
            "presence": r.presence, "surge_back": "/rota",
        }  # fmt: skip
    return templates.TemplateResponse(request, "inbox/rota.html", context, status_code=status)


@router.get("/rota", response_class=HTMLResponse)
def rota_page(request: Request, user: User = Depends(require("analyst"))) -> HTMLResponse:
    return _rota_page(request, user)


@router.post("/rota/shifts", response_model=None)
def rota_add_shift(
    request: Request,
    username: str = Form("", max_length=64),
    days: str = Form("", max_length=64),
    starts: str = Form("", max_length=5),
    ends: str = Form("", max_length=5),
    tz: str = Form("", max_length=64),
    overnight: bool = Form(False),
    user: User = Depends(require("manager")),
) -> Response:
    from parley.store import audit

    try:
        with request.app.state.engine.begin() as connection:
            shift = rota.add_shift(connection, username=username, days=days, starts=starts,
                                   ends=ends, tz=tz, overnight=overnight)  # fmt: skip
            audit.record(connection, actor=user, action="rota.shift.add",
                         target=f"shift:{shift.id}", detail={"shift": shift.describe()})  # fmt: skip
    except RotaError as exc:
        return _rota_page(request, user, error=str(exc), status=422)
    return RedirectResponse("/rota", status_code=303)


@router.post("/rota/shifts/{shift_id}/delete", response_model=None)
def rota_remove_shift(
    request: Request, shift_id: int, user: User = Depends(require("manager"))
) -> Response:
    from parley.store import audit

    try:
        with request.app.state.engine.begin() as connection:
            rota.remove_shift(connection, shift_id)
            audit.record(connection, actor=user, action="rota.shift.remove",
                         target=f"shift:{shift_id}")  # fmt: skip
    except RotaError as exc:
        return _rota_page(request, user, error=str(exc), status=422)
    return RedirectResponse("/rota", status_code=303)


@router.post("/rota/presence", response_model=None)
def rota_presence(
    request: Request,
    available: bool = Form(True),
    user: User = Depends(require("agent")),
) -> Response:
    """An agent sets themselves available or away."""
    from parley.store import audit

    try:
        with request.app.state.engine.begin() as connection:
            rota.set_presence(connection, username=user.username, available=available)
            audit.record(connection, actor=user, action="rota.presence",
                         target=f"user:{user.id}", detail={"available": available})  # fmt: skip
    except RotaError as exc:
        return _rota_page(request, user, error=str(exc), status=422)
    return RedirectResponse("/rota", status_code=303)
