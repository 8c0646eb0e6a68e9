"""Who is asking, and may they: sign-in, sessions, CSRF, roles and API tokens (docs/web.md).

Every route takes `Depends(require(ROLE))`. The dependency finds the user from a session cookie
(pages, HTMX) or an `Authorization: Bearer` API token (`/api/v1`), checks the role, and for a
state-changing request checks the CSRF token (cookie sessions) or the token's scope. Not
signed in: a page answers 303 to /login, the API 401. Too low a role: 403.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from parley.store import audit
from parley.store import users as store
from parley.store.users import RANK, SignInError, User
from parley.web.templating import templates

__all__ = ["User", "install", "require", "router"]

SESSION_COOKIE = "parley_session"
LOGIN_CSRF_COOKIE = "parley_login_csrf"
CSRF_HEADER = "x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Sign-in attempts per client address: at most 10 failures in 5 minutes.
THROTTLE_FAILURES = 10
THROTTLE_WINDOW = 300.0


class SignInRequired(Exception):
    """No valid session or token; pages redirect to /login, the API answers 401."""


class LoginThrottle:
    """Failed sign-ins per client address in a sliding window (per web process)."""

    def __init__(self, limit: int = THROTTLE_FAILURES, window: float = THROTTLE_WINDOW) -> None:
        self.limit = limit
        self.window = window
        self.failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        seen = self.failures.setdefault(key, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        return seen

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Seconds until this address may try again (0: now)."""
        now = time.monotonic() if now is None else now
        seen = self._recent(key, now)
        if len(seen) < self.limit:
            return 0
        return max(1, int(seen[0] + self.window - now) + 1)

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._recent(key, now).append(now)
        if len(self.failures) > 100_000:  # a flood of addresses must not grow memory forever
            self.failures.clear()


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _identify(request: Request) -> tuple[User, str | None, tuple[str, ...] | None] | None:
    """(user, CSRF token for a session, scopes for a token), cached on the request."""
    if hasattr(request.state, "identity"):
        return request.state.identity  # type: ignore[no-any-return]
    engine = request.app.state.engine
    identity = None
    token = _bearer(request)
    with engine.begin() as connection:
        if token is not None:
            found = store.token_user(connection, token)
            if found is None:
                raise HTTPException(401, "the API token is unknown, expired or revoked")
            identity = (found[0], None, found[1])
        elif cookie := request.cookies.get(SESSION_COOKIE):
            session = store.session_user(connection, cookie)
            if session is not None:
                identity = (session[0], session[1], None)
    request.state.identity = identity
    return identity


async def _csrf_ok(request: Request, expected: str) -> bool:
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        given = value if isinstance(value, str) else None
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def _same_origin(request: Request) -> bool:
    """A browser's Origin (when it sends one) must be this server."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


@cache
def require(role: str) -> Callable[..., Any]:
    """The dependency for a route that needs `role` or above (see the module docstring)."""
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}")

    async def dependency(request: Request) -> User:
        identity = _identify(request)
        if identity is None:
            raise SignInRequired()
        user, csrf, scopes = identity
        request.state.user = user
        request.state.csrf = csrf or ""
        if request.method in UNSAFE:
            if scopes is not None:
                if "write" not in scopes and "admin" not in scopes:
                    raise HTTPException(403, "this API token has only the read scope")
            elif not _same_origin(request) or not await _csrf_ok(request, csrf or ""):
                raise HTTPException(
                    403,
                    "the form is out of date or came from another site (CSRF check): "
                    "reload the page and try again",
                )
        if scopes is not None and role == "admin" and "admin" not in scopes:
            raise HTTPException(403, "this needs an API token with the admin scope")
        if not user.can(role):
            raise HTTPException(403, f"this needs the {role} role; you are {user.role}")
        return user

    dependency.parley_role = role  # type: ignore[attr-defined]  # read by the route test
    dependency.__name__ = f"require_{role}"
    return dependency


def signed_in_user(request: Request) -> User | None:
    """The user if the request carries a valid session or token (no role check)."""
    try:
        identity = _identify(request)
    except HTTPException:
        return None
    return identity[0] if identity else None


def cookie_secure(request: Request, setting: str) -> bool:
    """`auto`: Secure over HTTPS and on loopback (browsers accept Secure cookies there over
    plain HTTP); elsewhere over plain HTTP a Secure cookie would be dropped, so not."""
    if setting == "true":
        return True
    return request.url.scheme == "https" or (request.url.hostname or "") in LOOPBACK


def safe_next(value: str | None) -> str:
    """Only a path on this site: never `//host`, a scheme, or a backslash trick."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(c) < 32 for c in value) or len(value) > 2000:
        return "/"
    return value


router = APIRouter(tags=["sign-in"])


def _login_page(
    request: Request, *, error: str | None = None, status: int = 200, next_path: str = "/"
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(32)
    secure = cookie_secure(request, request.app.state.settings.cookie_secure)
    response = templates.TemplateResponse(
        request,
        "login.html",
        {
            "login_csrf": csrf,
            "error": error,
            "next": safe_next(next_path),
            "insecure": not secure,
        },
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=secure, max_age=3600
    )
    return response


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    if signed_in_user(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_path=next)


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login(
    request: Request,
    username: str = Form("", max_length=200),
    password: str = Form("", max_length=store.MAX_PASSWORD_CHARS),
    csrf_token: str = Form("", max_length=200),
    next: str = Form("/", max_length=2000),
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), csrf_token.encode()):
        return _login_page(
            request, error="The sign-in form expired; please try again.", status=400,
            next_path=next,
        )  # fmt: skip
    throttle: LoginThrottle = request.app.state.login_throttle
    client = _client(request)
    wait = throttle.retry_after(client)
    if wait:
        response = _login_page(
            request,
            error=f"Too many failed sign-ins from your address; try again in {wait} seconds.",
            status=429,
            next_path=next,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    engine = request.app.state.engine
    # One transaction whether or not the password is right: a failure's count (and lock)
    # must be committed, not rolled back with the error.
    with engine.begin() as connection:
        try:
            user = store.authenticate(connection, username=username, password=password)
        except SignInError as exc:
            audit.record(connection, actor=str(username)[:64] or "?", action="user.sign_in_failed",
                         target="user:?", detail={"address": client, "why": str(exc)})  # fmt: skip
            failure: SignInError | None = exc
        else:
            failure = None
            token, _csrf = store.start_session(connection, user)
            audit.record(connection, actor=user, action="user.sign_in", target=f"user:{user.id}",
                         detail={"address": client})  # fmt: skip
    if failure is not None:
        throttle.failed(client)
        message = str(failure)
        return _login_page(
            request, error=message[0].upper() + message[1:] + ".", status=401, next_path=next
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    secure = cookie_secure(request, request.app.state.settings.cookie_secure)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure,
        max_age=int(store.SESSION_MAX.total_seconds()),
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, user: User = Depends(require("analyst"))) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    with request.app.state.engine.begin() as connection:
        if cookie:
            store.end_session(connection, cookie)
        audit.record(connection, actor=user, action="user.sign_out", target=f"user:{user.id}")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _wants_html(request: Request) -> bool:
    return not _is_api(request) and "text/html" in request.headers.get("accept", "text/html")


def install(app: FastAPI) -> None:
    """Sign-in routes, the throttle, and error pages that speak HTML to browsers."""
    app.state.login_throttle = LoginThrottle()
    app.include_router(router)

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": "sign in first: send an API token as 'Authorization: Bearer ...'"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = "/login?next=" + quote(
            request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe="/"
        )
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request) and not request.headers.get("hx-request"):
            return templates.TemplateResponse(
                request,
                "error.html",
                {"status": exc.status_code, "message": str(exc.detail)},
                status_code=exc.status_code,
                headers=getattr(exc, "headers", None),
            )
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()
        ]
        if _wants_html(request) and not request.headers.get("hx-request"):
            words = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                for e in problems
            )
            return templates.TemplateResponse(
                request, "error.html", {"status": 422, "message": words}, status_code=422
            )
        return JSONResponse({"detail": problems}, status_code=422)
