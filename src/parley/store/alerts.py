"""Alerts in the store: what the detectors write, and what a person does with an alert.

The detectors insert one row per surge and keep updating it while the surge goes on
(:func:`insert_alert`, :func:`update_alert`, with every field checked so a detector bug is
a clear error, not a row nobody can read). People read alerts, acknowledge them (seen, being
handled) or dismiss them (a false alarm); both are recorded on the timeline of every incident
the alert belongs to. Acknowledging and dismissing are conditional UPDATEs, so two people
clicking at once record one action, not two.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, select

from parley.store.tables import alerts, incident_alerts

KINDS = ("volume", "negative", "virality", "emerging_term", "campaign")
SEVERITIES = ("low", "medium", "high", "critical")
STATES = ("open", "closed")
ORG_TOPIC = "*"  # an alert about the whole organisation, not one topic

MAX_ACTOR_CHARS = 200  # the width of the *_by columns
MAX_TOPIC_CHARS = 200
MAX_KEY_CHARS = 255
MAX_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 10_000
MAX_EVIDENCE_BYTES = 1_000_000  # a detector's evidence is a few posts and series, not a dump
MAX_LIST = 1_000

_encode = msgspec.json.Encoder().encode


class InputError(ValueError):
    """A field or an action is not acceptable as given; the message says which and why."""


class AlertError(InputError):
    """An alert field or action is not acceptable as given."""


class Conflict(InputError):
    """The action is valid in itself but not in the current state (already so, dismissed)."""


class AlertNotFound(LookupError):
    """No alert has that id."""

    def __init__(self, alert_id: object) -> None:
        super().__init__(f"no alert with id {alert_id}")
        self.alert_id = alert_id


# -- checks shared with the incidents ------------------------------------------------------


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(text: str, *, allow_newlines: bool = False) -> bool:
    """Control characters (C0, DEL, C1). Multi-line texts may keep tab, newline and CR."""
    return (_CONTROL_BUT_LINES if allow_newlines else _CONTROL).search(text) is not None


def check_text(
    value: object, what: str, limit: int, *, multiline: bool = False, optional: bool = False
) -> str | None:
    """A person's or a detector's text, stored exactly as given once it passes these checks:
    a string, not blank, at most `limit` characters, no control characters (a single-line
    field allows none; a multi-line one keeps tab and line breaks). Never interpreted."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, not {type(value).__name__}")
    if not value.strip():
        raise InputError(f"{what} is empty")
    if len(value) > limit:
        raise InputError(f"{what} is {len(value)} characters long; the limit is {limit}")
    if has_control(value, allow_newlines=multiline):
        kind = (
            "control characters other than tab and line breaks"
            if multiline
            else ("control characters (line breaks included)")
        )
        raise InputError(f"{what} contains {kind}")
    return value


def check_actor(by: object) -> str:
    """Who did it: any name (hostile input: stored as given), one line, at most 200 chars."""
    return check_text(by, "the actor (by)", MAX_ACTOR_CHARS)  # type: ignore[return-value]


def check_choice(value: object, what: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InputError(f"{what} {value!r} is not one of: {', '.join(choices)}")
    return value  # type: ignore[return-value]


def check_time(value: object, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise InputError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        raise InputError(f"{what} has no time zone; give an aware (UTC) time")
    return value.astimezone(UTC)


def _check_score(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"score must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise InputError(f"score must be finite, not {value}")
    return float(value)


def _check_evidence(value: object) -> str:
    if not isinstance(value, dict):
        raise InputError(f"evidence must be a JSON object (dict), not {type(value).__name__}")
    try:
        encoded = _encode(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(f"evidence cannot be written as JSON: {exc}") from None
    if len(encoded) > MAX_EVIDENCE_BYTES:
        raise InputError(
            f"evidence is {len(encoded):,} bytes of JSON; the limit is {MAX_EVIDENCE_BYTES:,}"
        )
    return encoded.decode()


# -- written by the detectors ----------------------------------------------------------------

_FIELDS = {
    "kind", "topic_id", "topic", "key", "severity", "state", "score", "title", "summary",
    "evidence", "fired_at", "updated_at", "closed_at", "wall_fired_at",
}  # fmt: skip
_UPDATABLE = _FIELDS - {"kind", "topic_id", "topic", "key", "fired_at", "wall_fired_at"}


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    """Each given field checked and converted to its column's value."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "kind":
            out[name] = check_choice(value, "kind", KINDS)
        elif name == "severity":
            out[name] = check_choice(value, "severity", SEVERITIES)
        elif name == "state":
            out[name] = check_choice(value, "state", STATES)
        elif name == "topic":
            out[name] = check_text(value, "topic", MAX_TOPIC_CHARS)
        elif name == "topic_id":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise AlertError("topic_id must be an integer or None")
            out[name] = value
        elif name == "key":
            # The key tells alerts apart (a term, a post id): it may be empty for "the one".
            if not isinstance(value, str) or len(value) > MAX_KEY_CHARS:
                raise AlertError(f"key must be text of at most {MAX_KEY_CHARS} characters")
            if has_control(value):
                raise AlertError("key contains control characters")
            out[name] = value
        elif name == "score":
            out[name] = _check_score(value)
        elif name == "title":
            out[name] = check_text(value, "title", MAX_TITLE_CHARS)
        elif name == "summary":
            out[name] = check_text(value, "summary", MAX_SUMMARY_CHARS, multiline=True)
        elif name == "evidence":
            out[name] = _check_evidence(value)
        elif name == "closed_at":
            out[name] = None if value is None else check_time(value, name)
        else:  # the other times
            out[name] = check_time(value, name)
    return out


def insert_alert(connection: Connection, **fields: Any) -> int:
    """Store a new alert and return its id.

    Required: kind, severity, score, title, summary, fired_at. Defaults: topic "*" (the whole
    organisation), key "", state "open", evidence {}, updated_at = fired_at,
    wall_fired_at = now (the wall clock: when a person could first have seen it).
    """
    unknown = set(fields) - _FIELDS
    if unknown:
        raise AlertError(f"unknown alert fields: {', '.join(sorted(unknown))}")
    missing = {"kind", "severity", "score", "title", "summary", "fired_at"} - set(fields)
    if missing:
        raise AlertError(f"an alert needs: {', '.join(sorted(missing))}")
    check_time(fields["fired_at"], "fired_at")  # before it becomes updated_at's default
    fields = {
        "topic": ORG_TOPIC, "key": "", "state": "open", "evidence": {}, "topic_id": None,
        "updated_at": fields["fired_at"], "wall_fired_at": datetime.now(UTC), **fields,
    }  # fmt: skip
    values = _checked(fields)
    if values["state"] == "closed" and values.get("closed_at") is None:
        values["closed_at"] = values["updated_at"]
    result = connection.execute(alerts.insert().values(**values))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def update_alert(connection: Connection, alert_id: int, **fields: Any) -> None:
    """Change what a detector may change while a surge goes on: severity, state, score,
    title, summary, evidence, updated_at, closed_at. Closing without a closed_at uses
    updated_at. The caller then tells the incidents (`incidents.alert_updated`)."""
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise AlertError(f"these alert fields cannot be updated: {', '.join(sorted(unknown))}")
    if not fields:
        return
    values = _checked(fields)
    if values.get("state") == "closed" and "closed_at" not in values:
        values["closed_at"] = values.get("updated_at") or datetime.now(UTC)
    elif values.get("state") == "open":
        values.setdefault("closed_at", None)
    result = connection.execute(alerts.update().where(alerts.c.id == alert_id).values(**values))
    if result.rowcount == 0:
        raise AlertNotFound(alert_id)


# -- read by people ---------------------------------------------------------------------------


def _decode_evidence(raw: str) -> tuple[dict[str, Any], str | None]:
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        return {}, f"the stored evidence is not valid JSON ({exc})"
    if not isinstance(value, dict):
        return {"value": value}, "the stored evidence is not a JSON object"
    return value, None


def _row(row: Any, *, evidence: bool) -> dict[str, Any]:
    out = dict(row._mapping)
    raw = out.pop("evidence")
    if evidence:
        out["evidence"], problem = _decode_evidence(raw)
        if problem:
            out["evidence_problem"] = problem
    return out


def list_alerts(
    connection: Connection,
    *,
    state: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    severity: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The newest alerts first (by when they fired), without their evidence (see get_alert);
    `offset` skips that many (a page of a list)."""
    query = select(alerts).order_by(alerts.c.fired_at.desc(), alerts.c.id.desc())
    if severity is not None:
        query = query.where(alerts.c.severity == check_choice(severity, "severity", SEVERITIES))
    if state is not None:
        query = query.where(alerts.c.state == check_choice(state, "state", STATES))
    if kind is not None:
        query = query.where(alerts.c.kind == check_choice(kind, "kind", KINDS))
    if topic is not None:
        query = query.where(alerts.c.topic == topic)
    if since is not None:
        query = query.where(alerts.c.fired_at >= check_time(since, "since"))
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIST:
        raise AlertError(f"limit must be a whole number from 1 to {MAX_LIST}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise AlertError("offset must be a whole number, 0 or more")
    rows = connection.execute(query.limit(limit).offset(offset))
    return [_row(row, evidence=False) for row in rows]


def get_alert(connection: Connection, alert_id: int) -> dict[str, Any]:
    """One alert with its evidence decoded and the ids of the incidents it belongs to."""
    row = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    if row is None:
        raise AlertNotFound(alert_id)
    out = _row(row, evidence=True)
    out["incidents"] = incidents_of(connection, alert_id)
    return out


def incidents_of(connection: Connection, alert_id: int) -> list[int]:
    return list(
        connection.scalars(
            select(incident_alerts.c.incident_id)
            .where(incident_alerts.c.alert_id == alert_id)
            .order_by(incident_alerts.c.incident_id)
        )
    )


def acknowledge(
    connection: Connection, alert_id: int, *, by: str, now: datetime | None = None
) -> dict[str, Any]:
    """Mark the alert seen and being handled. Idempotent: the first acknowledgement stays (who
    and when), a repeat changes nothing. A dismissed alert cannot be acknowledged: it was
    judged a false alarm (open an incident from it if that judgement was wrong)."""
    by = check_actor(by)
    now = check_time(now or datetime.now(UTC), "now")
    current = get_alert(connection, alert_id)
    if current["dismissed_at"] is not None:
        raise Conflict(
            f"alert {alert_id} was dismissed by {current['dismissed_by']} as a false alarm; "
            "it cannot be acknowledged"
        )
    claimed = connection.execute(
        alerts.update()
        .where(alerts.c.id == alert_id, alerts.c.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by=by)
    ).rowcount
    if claimed:
        _tell_incidents(connection, current, "alert_acknowledged", by, now, "acknowledged")
    return get_alert(connection, alert_id)


MAX_REASON_CHARS = 2_000


def dismiss(
    connection: Connection,
    alert_id: int,
    *,
    by: str,
    now: datetime | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Mark the alert a false alarm. Idempotent (the first dismissal stays); an acknowledged
    alert may still be dismissed (on a closer look it was nothing). The `reason`, if given,
    goes on the timeline of the alert's incidents (the caller's audit row keeps it too)."""
    by = check_actor(by)
    now = check_time(now or datetime.now(UTC), "now")
    reason = check_text(reason, "the reason", MAX_REASON_CHARS, multiline=True, optional=True)
    current = get_alert(connection, alert_id)
    claimed = connection.execute(
        alerts.update()
        .where(alerts.c.id == alert_id, alerts.c.dismissed_at.is_(None))
        .values(dismissed_at=now, dismissed_by=by)
    ).rowcount
    if claimed:
        verb = "dismissed as a false alarm" + (f" ({reason})" if reason else "")
        _tell_incidents(connection, current, "alert_dismissed", by, now, verb)
    return get_alert(connection, alert_id)


def _tell_incidents(
    connection: Connection, alert: dict[str, Any], kind: str, by: str, now: datetime, verb: str
) -> None:
    # imported here: the incidents module reads alerts, so the import cannot be at the top
    from parley.store.incidents import record_event

    for incident_id in alert["incidents"]:
        record_event(
            connection, incident_id, at=now, kind=kind, actor=by,
            text=f"alert {alert['id']} {verb}: {alert['title']}",
            data={"alert_id": alert["id"]},
        )  # fmt: skip
