"""The Settings page (admins only): the effective settings read from the environment, with
secrets masked, and the notification channels and on-call rota, which admins change here."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from parley.notify import store as notify_store
from parley.notify.api import redacted
from parley.notify.dispatch import send_test
from parley.notify.model import KINDS, SEVERITIES, NotifyError
from parley.notify.oncall import add_entry, list_entries, on_call, remove_entry
from parley.notify.send import DeliveryError
from parley.settings import Settings
from parley.store import audit
from parley.web.auth import User, require
from parley.web.templating import templates

router = APIRouter()
ChannelName = Annotated[str, Path(min_length=1, max_length=100, description="the channel's name")]
EntryId = Annotated[int, Path(ge=1, le=2**53, description="the on-call entry's id")]
Admin = Annotated[User, Depends(require("admin"))]

# What each setting means, in a line (docs/configuration.md has the full story); a test
# fails when a setting has no line here.
MEANINGS: dict[str, str] = {
    "data_dir": "where the embedded mode keeps its files (the SQLite store)",
    "database_url": "the store: SQLite file or PostgreSQL database",
    "bus_url": "the bus between stages (memory:// is in-process)",
    "bus_queue_size": "batches a bus subject holds before producers wait",
    "batch_size": "most posts per batch from a source; one transaction per batch",
    "max_text_chars": "longest post text accepted; longer records are skipped with a reason",
    "max_line_bytes": "longest JSONL line read",
    "extra_platforms": "platform names accepted besides the built-in ones",
    "enrich_workers": "processes that run the stateless enrichers beside the main one",
    "languages": "languages the detector chooses from (empty: the default 43)",
    "language_accuracy": "language detection: low (fast), balanced or high",
    "sentiment_model": "the sentiment model by name",
    "shared_data": "where evaluation and training commands find the shared data sets",
    "sensitivity": "how readily the detectors alert when a topic has no setting of its own",
    "detect": "where the detectors run: their own process, inline, or off",
    "base_url": "the web app's address as people reach it (links in notifications)",
    "smtp_host": "the SMTP server for email channels",
    "smtp_port": "its port",
    "smtp_from": "the sender address of notification mail",
    "smtp_username": "the SMTP login (none when empty)",
    "smtp_password": "the SMTP password",
    "smtp_starttls": "upgrade SMTP connections with STARTTLS",
    "notify_max_attempts": "a delivery failing transiently is given up after this many tries",
    "notify_max_age": "... or this many seconds after it was queued",
    "notify_backoff": "seconds before the first retry (doubled each attempt)",
    "notify_timeout": "seconds an SMTP or HTTP delivery may take",
    "notify_poll": "seconds between dispatcher passes over the outbox",
    "cookie_secure": "mark the session cookie Secure: auto (over HTTPS and on loopback) or true",
}
_SECRET_WORDS = ("password", "secret", "token", "key")


def is_secret(name: str) -> bool:
    return any(word in name for word in _SECRET_WORDS)


def shown_value(name: str, value: Any) -> str:
    """A setting as the page shows it: secrets masked, a password in a URL hidden."""
    if is_secret(name):
        return "set (hidden)" if value else "not set"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, FilePath):
        return str(value)
    if value is None or value == "":
        return "(not set)"
    text = str(value)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError:
            return text
        if url.password:
            return url.render_as_string(hide_password=True)
    return text


def effective_settings(settings: Settings) -> list[dict[str, str]]:
    out = []
    for f in fields(settings):
        out.append(
            {
                "name": f.name,
                "variable": f"PARLEY_{f.name.upper()}",
                "value": shown_value(f.name, getattr(settings, f.name)),
                "meaning": MEANINGS.get(f.name, "see docs/configuration.md"),
                "secret": "yes" if is_secret(f.name) else "",
            }
        )
    return out


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _page(
    request: Request, *, error: str | None = None, form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:  # fmt: skip
    engine = request.app.state.engine
    now = datetime.now(UTC)
    with engine.connect() as connection:
        channels = notify_store.list_channels(connection)
        entries = list_entries(connection)
        now_on_call = on_call(connection, now)
    for channel in channels:
        channel["target"] = redacted(channel["target"])
    return templates.TemplateResponse(
        request,
        "settings/index.html",
        {
            "settings": effective_settings(_settings(request)),
            "channels": channels,
            "oncall": entries,
            "on_call_now": now_on_call,
            "kinds": KINDS,
            "severities": SEVERITIES,
            "error": error,
            "form": form or {},
        },
        status_code=status_code,
    )


def control_characters(values: dict[str, str]) -> str | None:
    """The first field holding a control character (PostgreSQL refuses NUL; none belongs in
    a name, address or URL), in words, or None."""
    for field_name, value in values.items():
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            return f"{field_name} contains control characters"
    return None


def _back(anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/settings#{anchor}", status_code=303)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, user: Admin) -> Response:
    return _page(request)


@router.post("/settings/channels", response_class=HTMLResponse)
def channel_add(
    request: Request,
    user: Admin,
    name: Annotated[str, Form(max_length=200)],
    kind: Annotated[str, Form(max_length=32)],
    target: Annotated[str, Form(max_length=4000)],
    min_severity: Annotated[str, Form(max_length=32)] = "low",
    secret: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Add a channel (or change the one of that name); a bad target says what is wrong."""
    form = {"name": name, "kind": kind, "target": target, "min_severity": min_severity}
    now = datetime.now(UTC)
    if problem := control_characters({**form, "secret": secret}):
        return _page(request, error=f"channel not saved: {problem}", status_code=422)
    try:
        with request.app.state.engine.begin() as connection:
            channel = notify_store.save_channel(
                connection, name=name.strip(), kind=kind, target=target,
                min_severity=min_severity, secret=secret or None, now=now,
            )  # fmt: skip
            audit.record(
                connection, actor=user, action="channel.save", target=f"channel:{channel['name']}",
                detail={"kind": channel["kind"], "target": redacted(channel["target"]),
                        "min_severity": channel["min_severity"], "signed": bool(secret)},
            )  # fmt: skip
    except NotifyError as exc:
        return _page(request, error=f"channel not saved: {exc}", form=form, status_code=422)
    return _back("channels")


def _existing(request: Request, name: str) -> None:
    with request.app.state.engine.connect() as connection:
        if notify_store.get_channel(connection, name) is None:
            raise HTTPException(404, f"no channel {name!r}")


@router.post("/settings/channels/{name}/test", response_class=HTMLResponse)
def channel_test(request: Request, name: ChannelName, user: Admin) -> Response:
    """Send a test notification now; the outcome is the channel's health on the page."""
    _existing(request, name)
    outcome = "delivered"
    try:
        sent = send_test(request.app.state.engine, _settings(request), name)
        if sent.problem:
            outcome = f"delivered, but: {sent.problem}"
    except DeliveryError as exc:
        outcome = f"failed ({'temporary' if exc.transient else 'permanent'}): {exc}"
    except NotifyError as exc:
        outcome = f"failed: {exc}"
    with request.app.state.engine.begin() as connection:
        audit.record(connection, actor=user, action="channel.test", target=f"channel:{name}",
                     detail={"outcome": outcome})  # fmt: skip
    return _back("channels")


@router.post("/settings/channels/{name}/enable", response_class=HTMLResponse)
def channel_enable(request: Request, name: ChannelName, user: Admin) -> Response:
    return _set_enabled(request, name, True, user)


@router.post("/settings/channels/{name}/disable", response_class=HTMLResponse)
def channel_disable(request: Request, name: ChannelName, user: Admin) -> Response:
    return _set_enabled(request, name, False, user)


def _set_enabled(request: Request, name: str, enabled: bool, user: User) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            notify_store.set_enabled(connection, name, enabled, now=datetime.now(UTC))
            audit.record(connection, actor=user, target=f"channel:{name}",
                         action="channel.enable" if enabled else "channel.disable")  # fmt: skip
    except NotifyError as exc:
        raise HTTPException(404, str(exc)) from None
    return _back("channels")


@router.post("/settings/channels/{name}/remove", response_class=HTMLResponse)
def channel_remove(request: Request, name: ChannelName, user: Admin) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            dropped = notify_store.remove_channel(connection, name, now=datetime.now(UTC))
            audit.record(connection, actor=user, action="channel.remove",
                         target=f"channel:{name}", detail={"undelivered": dropped})  # fmt: skip
    except NotifyError as exc:
        raise HTTPException(404, str(exc)) from None
    return _back("channels")


@router.post("/settings/oncall", response_class=HTMLResponse)
def oncall_add(
    request: Request,
    user: Admin,
    person: Annotated[str, Form(max_length=400)],
    email: Annotated[str, Form(max_length=400)],
    window: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """Put someone on call in a weekly window, or (no window) as the fallback."""
    form = {"person": person, "email": email, "window": window}
    if problem := control_characters(form):
        return _page(request, error=f"on-call entry not added: {problem}", status_code=422)
    try:
        with request.app.state.engine.begin() as connection:
            entry = add_entry(connection, person=person, email=email,
                              window=window.strip() or None, fallback=not window.strip(),
                              now=datetime.now(UTC))  # fmt: skip
            audit.record(connection, actor=user, action="oncall.add", target=f"oncall:{entry}",
                         detail={"person": person, "window": window.strip() or "fallback"})  # fmt: skip
    except NotifyError as exc:
        return _page(request, error=f"on-call entry not added: {exc}", form=form, status_code=422)
    return _back("oncall")


@router.post("/settings/oncall/{entry_id}/remove", response_class=HTMLResponse)
def oncall_remove(request: Request, entry_id: EntryId, user: Admin) -> Response:
    try:
        with request.app.state.engine.begin() as connection:
            remove_entry(connection, entry_id)
            audit.record(connection, actor=user, action="oncall.remove",
                         target=f"oncall:{entry_id}")  # fmt: skip
    except NotifyError as exc:
        raise HTTPException(404, str(exc)) from None
    return _back("oncall")
