"""One notification in each channel's format. Every text is hostile, so each format escapes
it its own way: HTML for email, `& < >` for Slack mrkdwn (which also stops forged links and
`<!channel>` pings), Markdown punctuation for Teams cards. Schemas: docs/notifications.md.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from parley.notify.model import Notification, absolute_link, one_line

SCHEMA = "parley.notification/1"
# Slack refuses blocks over these sizes (Block Kit reference): a long text is cut, not lost
# (the link leads to the whole evidence), and the cut is marked.
SLACK_HEADER = 150
SLACK_SECTION = 3000
SLACK_FIELD = 2000
SLACK_FIELDS = 10
TEAMS_TEXT = 10_000
_EMOJI = {"low": "🔵", "medium": "🟡", "high": "🟠", "critical": "🔴"}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def generic(
    n: Notification, *, base_url: str, delivery: int, attempt: int, created_at: datetime
) -> dict[str, Any]:
    """The generic webhook body: every fact, as given (JSON escapes the rest)."""
    return {
        "schema": SCHEMA,
        "delivery": delivery,
        "attempt": attempt,
        "ref": n.ref,
        "event": n.event,
        "severity": n.severity,
        "title": n.title,
        "text": n.text,
        "link": absolute_link(base_url, n.link),
        "fields": n.fields,
        "created_at": created_at.isoformat().replace("+00:00", "Z"),
    }


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(n: Notification, *, base_url: str) -> dict[str, Any]:
    """An incoming-webhook message: `text` (the notification fallback) and Block Kit blocks."""
    title = one_line(n.title)
    header = f"{_EMOJI.get(n.severity, '')} {n.severity.upper()}: {title}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(header, SLACK_HEADER)}},
    ]
    if n.text.strip():
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _cut(slack_escape(n.text), SLACK_SECTION)},
            }
        )
    facts = list(n.fields.items())
    if facts:
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {
                        "type": "mrkdwn",
                        "text": _cut(
                            f"*{slack_escape(one_line(k))}*\n{slack_escape(v)}", SLACK_FIELD
                        ),
                    }
                    for k, v in facts[:SLACK_FIELDS]
                ],
            }
        )
    link = absolute_link(base_url, n.link)
    if link:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open in Parley"},
                        "url": link,
                    }
                ],
            }
        )
    blocks.append(
        {
            "type": "context",
            "elements": [{"type": "plain_text", "text": f"Parley · {n.event} · {n.ref}"[:150]}],
        }
    )
    return {"text": slack_escape(f"[{n.severity.upper()}] {title}"), "blocks": blocks}


_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def teams_escape(text: str) -> str:
    """Markdown punctuation backslash-escaped, so a hostile title cannot make a link."""
    return _MD.sub(r"\\\1", text)


def teams(n: Notification, *, base_url: str) -> dict[str, Any]:
    """An Adaptive Card message, the shape Teams incoming webhooks (Workflows) accept."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": teams_escape(f"{n.severity.upper()}: {one_line(n.title)}"),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            "color": "Attention" if n.severity in ("high", "critical") else "Default",
        }
    ]
    if n.text.strip():
        body.append(
            {"type": "TextBlock", "text": _cut(teams_escape(n.text), TEAMS_TEXT), "wrap": True}
        )
    if n.fields:
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": teams_escape(one_line(k)), "value": teams_escape(v)}
                    for k, v in n.fields.items()
                ],
            }
        )
    body.append(
        {
            "type": "TextBlock",
            "text": teams_escape(f"Parley · {n.event} · {n.ref}"),
            "isSubtle": True,
            "size": "Small",
            "wrap": True,
        }
    )
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    link = absolute_link(base_url, n.link)
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open in Parley", "url": link}]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def email(
    n: Notification, *, base_url: str, sender: str, recipients: list[str], created_at: datetime
) -> EmailMessage:
    """Plain text and an HTML alternative; the HTML escapes every character of every text."""
    link = absolute_link(base_url, n.link)
    message = EmailMessage()
    message["Subject"] = f"[Parley {n.severity.upper()}] {one_line(n.title)}"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(created_at)
    message["Message-ID"] = make_msgid(domain="parley.local")
    message["X-Parley-Ref"] = one_line(n.ref, 255)
    message["X-Parley-Event"] = one_line(n.event, 64)
    message["X-Parley-Severity"] = n.severity

    lines = [one_line(n.title), f"Severity: {n.severity}", "", n.text, ""]
    lines += [f"{one_line(k)}: {v}" for k, v in n.fields.items()]
    if link:
        lines += ["", f"Open in Parley: {link}"]
    lines += ["", f"-- Parley ({n.event}, {n.ref})"]
    message.set_content("\n".join(lines))

    esc = html.escape
    rows = "".join(
        f"<tr><th align='left'>{esc(one_line(k))}</th><td>{esc(v)}</td></tr>"
        for k, v in n.fields.items()
    )
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in n.text.split("\n") if p.strip())
    page = (
        "<!doctype html><html><body>"
        f"<h2>{esc(n.severity.upper())}: {esc(one_line(n.title))}</h2>"
        f"{paragraphs}"
        + (f"<table>{rows}</table>" if rows else "")
        + (f'<p><a href="{esc(link)}">Open in Parley</a></p>' if link else "")
        + f"<p style='color:#666'>Parley · {esc(n.event)} · {esc(n.ref)}</p>"
        "</body></html>"
    )
    message.add_alternative(page, subtype="html")
    return message
