"""Figures and records in words a person can read, and safe to print.

Everything printed here may hold hostile text (a post quoted in an alert's evidence, a name a
person typed): `clean` makes control characters visible, so nothing can move the cursor,
recolour the terminal or hide a line.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from parley.store.alerts import has_control

MAX_VALUE_CHARS = 300  # one evidence value shown in full up to this; longer ones are cut


def clean(value: object, *, keep_newlines: bool = False) -> str:
    """`value` as text with control characters shown as escapes (e.g. ``\\x1b``)."""
    text = str(value)
    if not has_control(text, allow_newlines=keep_newlines):
        return text
    keep = "\n\t" if keep_newlines else ""
    return "".join(
        ch if ch in keep or not has_control(ch) else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def duration_words(value: timedelta | float | None) -> str:
    """'45 s', '2 min 30 s', '3 h 12 min', '2 d 3 h'; a negative one is 'minus ...'."""
    if value is None:
        return "unknown"
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if seconds < 0:
        return "minus " + duration_words(-seconds)
    seconds = round(seconds)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def when(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f} %"


def jsonable(value: Any) -> Any:
    """Rows and reports as JSON values: times as RFC 3339 strings, the rest as they are."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def _label(key: str) -> str:
    return clean(key).replace("_", " ")


def _short(value: object) -> str:
    text = clean(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def evidence_lines(evidence: Any, indent: int = 2) -> list[str]:
    """A detector's evidence (any JSON) as indented lines: `key: value` for single values,
    a list of numbers on one line (a rate series), lists of records one per line."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(evidence, dict):
        for key, value in evidence.items():
            if isinstance(value, dict):
                lines.append(f"{pad}{_label(key)}:")
                lines.extend(evidence_lines(value, indent + 2))
            elif isinstance(value, list):
                lines.extend(_list_lines(_label(key), value, indent))
            else:
                lines.append(f"{pad}{_label(key)}: {_short(value)}")
    elif isinstance(evidence, list):
        lines.extend(_list_lines("items", evidence, indent))
    else:
        lines.append(f"{pad}{_short(evidence)}")
    return lines


def _list_lines(label: str, values: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    if not values:
        return [f"{pad}{label}: none"]
    if all(not isinstance(v, dict | list) for v in values):
        return [f"{pad}{label}: {_short(', '.join(str(v) for v in values))}"]
    lines = [f"{pad}{label} ({len(values)}):"]
    for value in values:
        if isinstance(value, dict):
            parts = [f"{_label(k)}={_short(v)}" for k, v in value.items()]
            lines.append(f"{pad}  - " + "; ".join(parts))
        else:
            lines.append(f"{pad}  - {_short(value)}")
    return lines


def event_line(event: dict[str, Any]) -> str:
    """One timeline entry: when, what kind, who, and the text (notes keep their lines)."""
    text = clean(event["text"], keep_newlines=True).replace("\n", "\n    ")
    extra = ""
    data = event.get("data") or {}
    if event["kind"] == "statement":
        where = [clean(v) for v in (data.get("channel"), data.get("url")) if v]
        extra = f" [{', '.join(where)}]" if where else ""
    return f"{when(event['at'])}  {event['kind']} by {clean(event['actor'])}{extra}: {text}"
