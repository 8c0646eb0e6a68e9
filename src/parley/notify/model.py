"""The notification itself, its severities, and how it travels through the outbox as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

SEVERITIES = ("low", "medium", "high", "critical")
KINDS = ("email", "webhook", "slack", "teams")
# The longest title kept: titles are one line in a subject, a header block, a card title.
MAX_TITLE = 300
MAX_REF = 255
MAX_EVENT = 64


class NotifyError(ValueError):
    """A notification, channel or on-call entry Parley cannot use; the message says why."""


def severity_rank(severity: str) -> int:
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise NotifyError(
            f"unknown severity {severity!r}: use one of {', '.join(SEVERITIES)}"
        ) from None


def one_line(text: str, limit: int = MAX_TITLE) -> str:
    """Whitespace (newlines included: they would forge mail headers) collapsed to single spaces."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass(frozen=True)
class Notification:
    """What happened, for people: the detectors and the incident room build these.

    Every text field is plain text and hostile (titles come from posts): each channel
    escapes it for its own format. `ref` makes enqueueing idempotent per channel.
    """

    event: str
    severity: str
    title: str
    text: str
    link: str | None
    fields: dict[str, str] = field(default_factory=dict)
    ref: str = ""

    def check(self) -> None:
        """Raise NotifyError naming the first problem; the outbox only holds usable rows."""
        severity_rank(self.severity)
        if not self.ref or len(self.ref) > MAX_REF:
            raise NotifyError(f"ref must be 1 to {MAX_REF} characters, got {len(self.ref)}")
        if not self.event or len(self.event) > MAX_EVENT:
            raise NotifyError(f"event must be 1 to {MAX_EVENT} characters, got {self.event!r}")
        if not one_line(self.title):
            raise NotifyError("title is empty")
        if self.link is not None and not self.link.startswith("/"):
            raise NotifyError(
                f"link must be a path in the web app (start with /), got {self.link!r}"
            )
        for key, value in self.fields.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise NotifyError(f"fields must map strings to strings, got {key!r}: {value!r}")

    def to_json(self) -> bytes:
        return msgspec.json.encode(
            {
                "event": self.event,
                "severity": self.severity,
                "title": self.title,
                "text": self.text,
                "link": self.link,
                "fields": self.fields,
                "ref": self.ref,
            }
        )

    @classmethod
    def from_json(cls, data: bytes | str) -> Notification:
        raw: dict[str, Any] = msgspec.json.decode(data)
        return cls(
            event=raw["event"],
            severity=raw["severity"],
            title=raw["title"],
            text=raw["text"],
            link=raw.get("link"),
            fields=dict(raw.get("fields") or {}),
            ref=raw["ref"],
        )


def absolute_link(base_url: str, link: str | None) -> str | None:
    """`/alerts/12` under PARLEY_BASE_URL; None stays None."""
    if link is None:
        return None
    return base_url.rstrip("/") + link
