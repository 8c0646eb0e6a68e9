"""Sending one delivery: SMTP or an HTTP POST, and sorting failures into transient or not.

Transient (retried with backoff): connection refused or reset, timeouts, HTTP 408/429/5xx,
SMTP 4xx. Permanent (failed at once): other HTTP 4xx and redirects, SMTP 5xx, a bad
address, missing SMTP settings. Every error says what happened in words.
"""

from __future__ import annotations

import hashlib
import hmac
import smtplib
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import msgspec

from parley import __version__
from parley.notify import render
from parley.notify.model import Notification
from parley.settings import Settings


class DeliveryError(Exception):
    """A delivery that did not happen; `transient` says whether trying again may help."""

    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None):
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


@dataclass(frozen=True)
class Delivery:
    """Everything one attempt needs: where, what, to whom, and which attempt it is."""

    kind: str
    target: str
    config: dict[str, Any]
    notification: Notification
    recipients: list[str]
    delivery_id: int
    attempt: int
    created_at: datetime


@dataclass(frozen=True)
class Sent:
    """A delivery that went out: what the far end said, and a problem a person should see."""

    said: str
    problem: str | None = None


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` HMAC of `timestamp.body`: the receiver checks both, so a replay is stale."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def post_json(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Sent:
    """POST `body`; return a short description of the success or raise DeliveryError."""
    headers = {"Content-Type": "application/json", "User-Agent": f"Parley/{__version__}", **headers}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = client.post(url, content=body, headers=headers)
    except httpx.TimeoutException as exc:
        raise DeliveryError(
            f"timed out after {timeout:g} s ({type(exc).__name__})", transient=True
        ) from None
    except httpx.TransportError as exc:
        raise DeliveryError(
            f"cannot connect to {url}: {exc or type(exc).__name__}", transient=True
        ) from None
    status = response.status_code
    if 200 <= status < 300:
        return Sent(f"HTTP {status}")
    reply = " ".join(response.text.split())[:200]
    said = f"HTTP {status} {response.reason_phrase}" + (f": {reply}" if reply else "")
    if status in (408, 429) or status >= 500:
        raise DeliveryError(said, transient=True, retry_after=_retry_after(response))
    if 300 <= status < 400:
        where = response.headers.get("location", "?")
        raise DeliveryError(f"{said} (redirected to {where}: set the final URL)", transient=False)
    raise DeliveryError(said, transient=False)


def send_webhook(d: Delivery, settings: Settings) -> Sent:
    n = d.notification
    if d.kind == "slack":
        payload = render.slack(n, base_url=settings.base_url)
    elif d.kind == "teams":
        payload = render.teams(n, base_url=settings.base_url)
    else:
        payload = render.generic(
            n,
            base_url=settings.base_url,
            delivery=d.delivery_id,
            attempt=d.attempt,
            created_at=d.created_at,
        )
    body = msgspec.json.encode(payload)
    headers = {"X-Parley-Delivery": str(d.delivery_id), "X-Parley-Event": n.event}
    secret = d.config.get("secret")
    if secret:
        stamp = str(int(time.time()))
        headers["X-Parley-Timestamp"] = stamp
        headers["X-Parley-Signature"] = sign(secret, stamp, body)
    return post_json(d.target, body, headers, timeout=settings.notify_timeout)


def _smtp_error(exc: smtplib.SMTPResponseException) -> DeliveryError:
    said = (
        exc.smtp_error.decode(errors="replace")
        if isinstance(exc.smtp_error, bytes)
        else str(exc.smtp_error)
    )
    return DeliveryError(
        f"SMTP {exc.smtp_code} {' '.join(said.split())[:200]}", transient=400 <= exc.smtp_code < 500
    )


def send_email(d: Delivery, settings: Settings) -> Sent:
    """Mail the recipients; return what happened (refused addresses are named, not hidden)."""
    if not settings.smtp_host or not settings.smtp_from:
        raise DeliveryError("email needs PARLEY_SMTP_HOST and PARLEY_SMTP_FROM", transient=False)
    if not d.recipients:
        raise DeliveryError(
            "nobody to mail: nobody is on call and there is no fallback "
            "(parley oncall add NAME EMAIL --fallback)",
            transient=False,
        )
    message = render.email(
        d.notification,
        base_url=settings.base_url,
        sender=settings.smtp_from,
        recipients=d.recipients,
        created_at=d.created_at,
    )
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.notify_timeout
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            refused = smtp.send_message(message, to_addrs=d.recipients)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        words = "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
        raise DeliveryError(
            f"every recipient refused: {words}", transient=all(400 <= c < 500 for c in codes)
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(
            f"SMTP server: {exc} (set PARLEY_SMTP_STARTTLS=false for a server without STARTTLS)",
            transient=False,
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise _smtp_error(exc) from None
    except (smtplib.SMTPServerDisconnected, TimeoutError, ConnectionError) as exc:
        raise DeliveryError(
            f"SMTP {settings.smtp_host}:{settings.smtp_port}: {exc or type(exc).__name__}",
            transient=True,
        ) from None
    except ssl.SSLError as exc:
        raise DeliveryError(f"SMTP TLS: {exc}", transient=False) from None
    except OSError as exc:  # no route, DNS failure: the network, maybe back soon
        raise DeliveryError(
            f"SMTP {settings.smtp_host}:{settings.smtp_port}: {exc}", transient=True
        ) from None
    accepted = len(d.recipients) - len(refused)
    if refused:
        words = "; ".join(f"{a}: {c}" for a, (c, _) in refused.items())
        return Sent(f"mailed {accepted} of {len(d.recipients)}", f"refused recipients: {words}")
    return Sent(f"mailed {accepted} recipient(s)")


def deliver(d: Delivery, settings: Settings) -> Sent:
    """Send one delivery; return what happened or raise DeliveryError."""
    if d.kind == "email":
        return send_email(d, settings)
    return send_webhook(d, settings)
