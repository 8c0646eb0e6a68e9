"""The inbox's settings page: how new conversations are assigned, the canned replies (one
text per name and language, with variables) and the rules that hold a reply for a manager's
approval. Everyone who reads the inbox sees them; managers change them, with audit rows."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parley.act import replies, rota
from parley.act.rota import RotaError
from parley.store import audit
from parley.store.inbox import InboxError
from parley.store.users import RANK, User
from parley.web.auth import require
from parley.web.routes.inbox import _agents
from parley.web.templating import templates

router = APIRouter()


def _page(request: Request, user: User, *, error: str | None = None, status: int = 200,
          form: dict[str, Any] | None = None) -> HTMLResponse:  # fmt: skip
    with request.app.state.engine.connect() as connection:
        context = {
            "assignment": rota.get_assignment(connection),
            "canned": replies.canned(connection),
            "rules": replies.rules(connection),
            "agents": _agents(connection),
        }
    context |= {
        "strategies": rota.STRATEGIES, "rule_kinds": replies.RULE_KINDS, "roles": list(RANK),
        "variables": replies.VARIABLES, "error": error, "form": form or {},
        "max_chars": replies.MAX_REPLY_CHARS,
    }  # fmt: skip
    return templates.TemplateResponse(request, "inbox/settings.html", context, status_code=status)


def _done() -> RedirectResponse:
    return RedirectResponse("/inbox/settings", status_code=303)


@router.get("/inbox/settings", response_class=HTMLResponse)
def settings_page(request: Request, user: User = Depends(require("analyst"))) -> HTMLResponse:
    return _page(request, user)


@router.post("/inbox/settings/assignment", response_model=None)
def save_assignment(
    request: Request,
    strategy: str = Form(..., max_length=32),
    by_language: bool = Form(False),
    by_skill: bool = Form(False),
    fallback: str = Form("", max_length=64),
    user: User = Depends(require("manager")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            before = rota.get_assignment(connection).__dict__.copy()
            after = rota.set_assignment(
                connection,
                strategy=strategy,
                by_language=by_language,
                by_skill=by_skill,
                fallback=fallback,
            )
            audit.record(connection, actor=user, action="inbox.assignment",
                         target="inbox:assignment",
                         detail={"before": before, "after": after.__dict__})  # fmt: skip
    except RotaError as exc:
        return _page(request, user, error=str(exc), status=422)
    return _done()


@router.post("/inbox/settings/canned", response_model=None)
def save_canned(
    request: Request,
    name: str = Form("", max_length=200),
    lang: str = Form("", max_length=64),
    text: str = Form("", max_length=replies.MAX_REPLY_CHARS + 1),
    user: User = Depends(require("manager")),
) -> Response:
    """Add a canned reply, or replace the text of the one with this name and language."""
    try:
        with request.app.state.engine.begin() as connection:
            replies.save_canned(connection, name=name, lang=lang, text=text)
            audit.record(connection, actor=user, action="inbox.canned.save",
                         target=f"canned:{name.strip()[:100]}:{lang.strip().lower()[:35]}",
                         detail={"chars": len(text)})  # fmt: skip
    except InboxError as exc:
        return _page(request, user, error=str(exc), status=422,
                     form={"name": name, "lang": lang, "text": text})  # fmt: skip
    return _done()


@router.post("/inbox/settings/canned/delete", response_model=None)
def delete_canned(
    request: Request,
    name: str = Form(..., max_length=200),
    lang: str = Form(..., max_length=64),
    user: User = Depends(require("manager")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            replies.remove_canned(connection, name=name, lang=lang)
            audit.record(connection, actor=user, action="inbox.canned.delete",
                         target=f"canned:{name[:100]}:{lang[:35]}")  # fmt: skip
    except InboxError as exc:
        return _page(request, user, error=str(exc), status=404)
    return _done()


@router.post("/inbox/settings/rules", response_model=None)
def add_rule(
    request: Request,
    kind: str = Form(..., max_length=16),
    value: str = Form("", max_length=200),
    user: User = Depends(require("manager")),
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            rule_id = replies.add_rule(connection, kind=kind, value=value)
            audit.record(connection, actor=user, action="inbox.rule.add",
                         target=f"approval_rule:{rule_id}",
                         detail={"kind": kind, "value": value[:200]})  # fmt: skip
    except InboxError as exc:
        return _page(request, user, error=str(exc), status=422)
    return _done()


@router.post("/inbox/settings/rules/{rule_id}/delete", response_model=None)
def delete_rule(
    request: Request, rule_id: int, user: User = Depends(require("manager"))
) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            replies.remove_rule(connection, rule_id)
            audit.record(connection, actor=user, action="inbox.rule.delete",
                         target=f"approval_rule:{rule_id}")  # fmt: skip
    except InboxError as exc:
        return _page(request, user, error=str(exc), status=404)
    return _done()
