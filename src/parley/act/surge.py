"""Surge mode: more agents and simpler rules while a crisis floods the inbox.

A manager switches it on (from an alert, an incident, the rota page or `parley inbox surge
on`) with a reason. While it is on, the rota's `Assigner` gives new conversations to the
surge pool (the available agents on duty plus the available agents flagged `surge_pool`,
even off shift), least loaded first whatever the configured strategy, with no language
preference. It never ends by itself: past its `max_hours` it shows a warning until a person
ends it. Starting and ending write audit rows; starting tells everyone in the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, insert, select, update

from parley.act.rota import Rota
from parley.notify.model import Notification
from parley.notify.store import record_inapp
from parley.store import audit
from parley.store.inbox import InboxError
from parley.store.tables import alerts, inbox_surges, incidents
from parley.store.users import RANK, User, current_role

MAX_REASON_CHARS = 500
DEFAULT_MAX_HOURS = 24
MAX_HOURS = 168  # a week: beyond that it is the normal rota, not a surge
SWITCHER = "manager"


class SurgeError(InboxError):
    """A surge that cannot start or end; the message says why."""


@dataclass(frozen=True)
class Surge:
    id: int
    started_at: datetime
    started_by: str
    reason: str
    alert_id: int | None
    incident_id: int | None
    settings: dict[str, Any] = field(default_factory=dict)
    ended_at: datetime | None = None
    ended_by: str | None = None

    @property
    def source(self) -> str | None:
        """What it was switched on from, in words ("incident 3"), or None."""
        if self.incident_id is not None:
            return f"incident {self.incident_id}"
        if self.alert_id is not None:
            return f"alert {self.alert_id}"
        return None

    @property
    def max_hours(self) -> int:
        return int(self.settings.get("max_hours", DEFAULT_MAX_HOURS))


def _surge(row: Any) -> Surge:
    return Surge(
        id=int(row.id), started_at=row.started_at, started_by=row.started_by, reason=row.reason,
        alert_id=row.alert_id, incident_id=row.incident_id,
        settings=msgspec.json.decode(row.settings), ended_at=row.ended_at, ended_by=row.ended_by,
    )  # fmt: skip


def current(connection: Connection) -> Surge | None:
    """The surge that is on, or None."""
    row = connection.execute(
        select(inbox_surges)
        .where(inbox_surges.c.ended_at.is_(None))
        .order_by(inbox_surges.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else _surge(row)


def history(connection: Connection, limit: int = 10) -> list[Surge]:
    rows = connection.execute(select(inbox_surges).order_by(inbox_surges.c.id.desc()).limit(limit))
    return [_surge(r) for r in rows]


def _check_switcher(connection: Connection, actor: User) -> None:
    role = current_role(connection, actor.id)
    if role is None or RANK[role] < RANK[SWITCHER]:
        raise SurgeError(
            f"{actor.username} cannot switch surge mode: that needs the {SWITCHER} role, and "
            f"they hold {role or 'no active account'}"
        )


def start(
    connection: Connection,
    *,
    actor: User,
    reason: str,
    alert_id: int | None = None,
    incident_id: int | None = None,
    max_hours: int = DEFAULT_MAX_HOURS,
    now: datetime | None = None,
) -> Surge:
    """Switch surge mode on (refused while one is on), with an audit row and an in-app
    notification for everyone."""
    now = now or datetime.now(UTC)
    _check_switcher(connection, actor)
    reason = " ".join(reason.split())
    if not reason:
        raise SurgeError("reason: say why surge mode goes on (it is shown on the banner)")
    if len(reason) > MAX_REASON_CHARS:
        raise SurgeError(f"reason: at most {MAX_REASON_CHARS} characters, got {len(reason)}")
    if not 1 <= max_hours <= MAX_HOURS:
        raise SurgeError(f"max hours: 1 to {MAX_HOURS} (a week), got {max_hours}")
    if alert_id is not None and incident_id is not None:
        raise SurgeError("switch a surge on from an alert or from an incident, not both")
    if alert_id is not None and connection.execute(
        select(alerts.c.id).where(alerts.c.id == alert_id)
    ).first() is None:  # fmt: skip
        raise SurgeError(f"alert: there is no alert {alert_id}")
    if incident_id is not None and connection.execute(
        select(incidents.c.id).where(incidents.c.id == incident_id)
    ).first() is None:  # fmt: skip
        raise SurgeError(f"incident: there is no incident {incident_id}")
    on = current(connection)
    if on is not None:
        raise SurgeError(
            f"surge mode is already on since {on.started_at:%Y-%m-%d %H:%M} UTC (started by "
            f"{on.started_by}): end it before starting another"
        )
    settings = {"max_hours": max_hours, "strategy": "least_loaded", "by_language": False,
                "pool": "on duty + surge pool"}  # fmt: skip
    surge_id = int(
        connection.execute(
            insert(inbox_surges).values(
                started_at=now, started_by=actor.username, reason=reason, alert_id=alert_id,
                incident_id=incident_id, settings=msgspec.json.encode(settings).decode(),
            )
        ).inserted_primary_key[0]
    )  # fmt: skip
    surge = Surge(surge_id, now, actor.username, reason, alert_id, incident_id, settings)
    audit.record(
        connection, actor=actor, action="surge.start", target=f"surge:{surge_id}",
        detail={"reason": reason, "alert": alert_id, "incident": incident_id,
                "max_hours": max_hours}, now=now,
    )  # fmt: skip
    extra = len(extra_agents(connection, now))
    record_inapp(
        connection,
        Notification(
            event="inbox.surge", severity="high",
            title=f"Surge mode on: {reason}"[:300],
            text=(f"{actor.display_name} switched surge mode on"
                  f"{' from ' + surge.source if surge.source else ''}: new conversations go to "
                  f"everyone on duty and {extra} agent(s) of the surge pool, least loaded first."),
            link="/inbox", fields={"Started by": actor.username}, ref=f"surge:{surge_id}:start",
        ),
        now=now,
    )  # fmt: skip
    return surge


def end(connection: Connection, *, actor: User, now: datetime | None = None) -> Surge:
    """Switch surge mode off (normal assignment again), with an audit row."""
    now = now or datetime.now(UTC)
    _check_switcher(connection, actor)
    on = current(connection)
    if on is None:
        raise SurgeError("surge mode is not on")
    connection.execute(
        update(inbox_surges)
        .where(inbox_surges.c.ended_at.is_(None))
        .values(ended_at=now, ended_by=actor.username)
    )
    audit.record(
        connection, actor=actor, action="surge.end", target=f"surge:{on.id}",
        detail={"started_at": on.started_at.isoformat(), "hours": hours_on(on, now)}, now=now,
    )  # fmt: skip
    return Surge(**{**on.__dict__, "ended_at": now, "ended_by": actor.username})


def hours_on(surge: Surge, now: datetime) -> float:
    return round(((surge.ended_at or now) - surge.started_at).total_seconds() / 3600, 1)


def extra_agents(connection: Connection, now: datetime) -> list[str]:
    """The agents a surge adds at `now`: in the pool and available, but off shift."""
    return [d.username for d in Rota.load(connection).surge_pool(now) if d.why == "surge pool"]


def status(connection: Connection, now: datetime | None = None) -> dict[str, Any] | None:
    """The banner of the surge that is on (None when none is): its words, the extra agents,
    and a warning once it has been on longer than its max_hours."""
    now = now or datetime.now(UTC)
    surge = current(connection)
    if surge is None:
        return None
    extra = extra_agents(connection, now)
    since = (f"{surge.started_at:%H:%M} UTC" if surge.started_at.date() == now.date()
             else f"{surge.started_at:%Y-%m-%d %H:%M} UTC")  # fmt: skip
    words = (f"Surge mode since {since}, started by {surge.started_by}"
             f"{' from ' + surge.source if surge.source else ''}: {len(extra)} extra "
             f"agent{'' if len(extra) == 1 else 's'}")  # fmt: skip
    hours = hours_on(surge, now)
    warning = None
    if hours > surge.max_hours:
        warning = (f"surge mode has been on for {hours:g} hours, longer than its "
                   f"{surge.max_hours} h maximum; it never ends by itself: end it when the "
                   "rush is over")  # fmt: skip
    return {"surge": surge, "text": words, "reason": surge.reason, "extra": extra,
            "hours": hours, "warning": warning}  # fmt: skip


__all__ = ["Surge", "SurgeError", "current", "end", "extra_agents", "history", "start", "status"]
