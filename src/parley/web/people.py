"""Pages for people: the users admin page, one's own account and API tokens, the audit log.

Admins create users (the generated password is shown once), change roles, disable and reset
passwords; everyone manages their own API tokens. Every change writes an audit row in the
same transaction.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from parley.store import audit
from parley.store import users as store
from parley.store.users import User, UserError
from parley.web.auth import require
from parley.web.templating import templates

router = APIRouter()


def _users_page(
    request: Request,
    *,
    message: str | None = None,
    error: str | None = None,
    secret: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    with request.app.state.engine.connect() as connection:
        people = store.list_users(connection)
    return templates.TemplateResponse(
        request,
        "users.html",
        {
            "people": people,
            "roles": store.ROLES,
            "message": message,
            "error": error,
            "secret": secret,
        },
        status_code=status,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, user: User = Depends(require("admin"))) -> HTMLResponse:
    return _users_page(request)


@router.post("/users", response_class=HTMLResponse)
def create_user(
    request: Request,
    username: str = Form(..., max_length=200),
    role: str = Form(..., max_length=40),
    display_name: str = Form("", max_length=400),
    user: User = Depends(require("admin")),
) -> HTMLResponse:
    try:
        with request.app.state.engine.begin() as connection:
            created, password = store.create_user(
                connection, username=username, role=role, display_name=display_name or None
            )
            audit.record(connection, actor=user, action="user.create",
                         target=f"user:{created.id}",
                         detail={"username": created.username, "role": created.role})  # fmt: skip
    except UserError as exc:
        return _users_page(request, error=str(exc), status=422)
    return _users_page(
        request,
        message=f"Created {created.username} ({created.role}).",
        secret={"username": created.username, "password": password},
    )


@router.post("/users/{username}/role", response_class=HTMLResponse)
def change_role(
    request: Request,
    username: str,
    role: str = Form(..., max_length=40),
    user: User = Depends(require("admin")),
) -> HTMLResponse:
    try:
        with request.app.state.engine.begin() as connection:
            before = store.find_user(connection, username)
            changed = store.set_role(connection, username=username, role=role)
            audit.record(connection, actor=user, action="user.role", target=f"user:{changed['id']}",
                         detail={"username": changed["username"], "from": before["role"],
                                 "to": changed["role"]})  # fmt: skip
    except UserError as exc:
        return _users_page(request, error=str(exc), status=422)
    return _users_page(request, message=f"{changed['username']} is now {changed['role']}.")


@router.post("/users/{username}/disabled", response_class=HTMLResponse)
def set_disabled(
    request: Request,
    username: str,
    disabled: bool = Form(...),
    user: User = Depends(require("admin")),
) -> HTMLResponse:
    try:
        with request.app.state.engine.begin() as connection:
            changed = store.set_disabled(connection, username=username, disabled=disabled)
            audit.record(connection, actor=user,
                         action="user.disable" if disabled else "user.enable",
                         target=f"user:{changed['id']}",
                         detail={"username": changed["username"]})  # fmt: skip
    except UserError as exc:
        return _users_page(request, error=str(exc), status=422)
    word = "disabled (signed out everywhere)" if disabled else "enabled"
    return _users_page(request, message=f"{changed['username']} is {word}.")


@router.post("/users/{username}/password", response_class=HTMLResponse)
def reset_password(
    request: Request, username: str, user: User = Depends(require("admin"))
) -> HTMLResponse:
    try:
        with request.app.state.engine.begin() as connection:
            found = store.find_user(connection, username)
            password = store.reset_password(connection, username=username)
            audit.record(connection, actor=user, action="user.reset_password",
                         target=f"user:{found['id']}",
                         detail={"username": found["username"]})  # fmt: skip
    except UserError as exc:
        return _users_page(request, error=str(exc), status=422)
    return _users_page(
        request,
        message=f"New password for {found['username']}; their sessions were ended.",
        secret={"username": found["username"], "password": password},
    )


def _account_page(
    request: Request,
    user: User,
    *,
    message: str | None = None,
    error: str | None = None,
    secret: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    with request.app.state.engine.connect() as connection:
        tokens = store.list_tokens(connection, username=user.username)
    return templates.TemplateResponse(
        request,
        "account.html",
        {
            "tokens": tokens,
            "scopes": store.SCOPES,
            "message": message,
            "error": error,
            "secret": secret,
        },
        status_code=status,
    )


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, user: User = Depends(require("analyst"))) -> HTMLResponse:
    return _account_page(request, user)


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    name: str = Form(..., max_length=400),
    scopes: list[str] = Form(["read"]),
    user: User = Depends(require("analyst")),
) -> HTMLResponse:
    try:
        with request.app.state.engine.begin() as connection:
            row, secret = store.create_token(
                connection, username=user.username, name=name, scopes=scopes
            )
            audit.record(connection, actor=user, action="token.create", target=f"token:{row['id']}",
                         detail={"name": row["name"], "scopes": row["scopes"]})  # fmt: skip
    except UserError as exc:
        return _account_page(request, user, error=str(exc), status=422)
    return _account_page(request, user, message=f"Token {row['name']!s} created.", secret=secret)


@router.post("/account/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke_token(
    request: Request, token_id: int, user: User = Depends(require("analyst"))
) -> HTMLResponse:
    try:
        with request.app.state.engine.begin() as connection:
            row = store.revoke_token(connection, token_id, user=user)
            audit.record(connection, actor=user, action="token.revoke", target=f"token:{token_id}",
                         detail={"name": row["name"]})  # fmt: skip
    except UserError as exc:
        return _account_page(request, user, error=str(exc), status=404)
    return _account_page(request, user, message=f"Token {row['name']} revoked.")


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    current: str = Form(..., max_length=store.MAX_PASSWORD_CHARS),
    new: str = Form(..., max_length=store.MAX_PASSWORD_CHARS),
    user: User = Depends(require("analyst")),
) -> Response:
    engine = request.app.state.engine
    try:
        with engine.begin() as connection:
            store.authenticate(connection, username=user.username, password=current)
    except store.SignInError:
        return _account_page(request, user, error="The current password is wrong.", status=422)
    try:
        with engine.begin() as connection:
            store.reset_password(connection, username=user.username, password=new)
            audit.record(connection, actor=user, action="user.change_password",
                         target=f"user:{user.id}")  # fmt: skip
    except UserError as exc:
        return _account_page(request, user, error=str(exc), status=422)
    return _account_page(request, user, message="Password changed: sign in again elsewhere.")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    before: int | None = Query(None, ge=1, le=2**63 - 1),
    action: str | None = Query(None, max_length=64),
    user: User = Depends(require("admin")),
) -> HTMLResponse:
    with request.app.state.engine.connect() as connection:
        rows = audit.entries(connection, limit=100, before=before, action=action)
    return templates.TemplateResponse(request, "audit.html", {"rows": rows, "action": action or ""})


@router.get("/api/v1/me", tags=["people"])
def me(user: User = Depends(require("analyst"))) -> dict[str, Any]:
    """Who the token or session belongs to, and their role."""
    return {"id": user.id, "username": user.username, "display_name": user.display_name,
            "role": user.role}  # fmt: skip


@router.get("/api/v1/audit", tags=["people"])
def audit_api(
    request: Request,
    limit: int = Query(100, ge=1, le=1000),
    before: int | None = Query(None, ge=1, le=2**63 - 1),
    action: str | None = Query(None, max_length=64),
    user: User = Depends(require("admin")),
) -> JSONResponse:
    """The audit log, newest first; `before` (an id) pages back."""
    with request.app.state.engine.connect() as connection:
        rows = audit.entries(connection, limit=limit, before=before, action=action)
    return JSONResponse([{**r, "at": r["at"].isoformat()} for r in rows])
