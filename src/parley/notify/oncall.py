"""Who is on call: weekly windows in a time zone, and a fallback when nobody is.

A window is `DAYS HH:MM-HH:MM [ZONE]`: DAYS is a day (`Mon`), a range (`Mon-Fri`, `Fri-Mon`
wraps), a list (`Mon,Wed,Fri`) or `Daily`; the zone is an IANA name (default UTC). An end
at or before the start is an overnight window: it begins on the listed day and ends the next
morning (`Sat-Sun 22:00-06:00` covers Sunday and Monday 00:00-06:00). Times are compared on
the local wall clock, so a window keeps its local hours across daylight-saving changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, delete, insert, select

from parley.notify.model import NotifyError
from parley.store.tables import oncall

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EMAIL = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"']+$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def check_email(address: str) -> str:
    """The address, or NotifyError: one plain `local@domain`, nothing a header could abuse."""
    address = address.strip()
    if len(address) > 320 or not _EMAIL.match(address):
        raise NotifyError(f"{address!r} is not an email address (expected name@example.org)")
    return address


def _days(text: str) -> frozenset[int]:
    word = text.lower()
    if word in ("daily", "everyday", "mon-sun"):
        return frozenset(range(7))
    found: set[int] = set()
    for part in word.split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(end not in DAYS and end not in FULL_DAYS for end in ends):
            raise NotifyError(
                f"{part!r} is not a day or day range (use Mon, Mon-Fri, Mon,Wed or Daily)"
            )
        first, last = DAYS.index(ends[0][:3]), DAYS.index(ends[-1][:3])
        day = first
        while True:
            found.add(day)
            if day == last:
                break
            day = (day + 1) % 7
    return frozenset(found)


def _time(text: str, *, end: bool) -> time | None:
    """A wall-clock time; `24:00` as an end is None (the end of the day)."""
    match = _TIME.match(text)
    if not match:
        raise NotifyError(f"{text!r} is not a time (use HH:MM)")
    hour, minute = int(match[1]), int(match[2])
    if end and (hour, minute) == (24, 0):
        return None
    if hour > 23 or minute > 59:
        raise NotifyError(f"{text!r} is not a time of day")
    return time(hour, minute)


@dataclass(frozen=True)
class Window:
    days: frozenset[int]
    start: time
    end: time | None  # None: midnight at the end of the day
    zone: ZoneInfo
    spec: str

    @classmethod
    def parse(cls, spec: str) -> Window:
        parts = spec.split()
        if len(parts) not in (2, 3):
            raise NotifyError(
                f"on-call window {spec!r}: expected DAYS HH:MM-HH:MM [ZONE], "
                "e.g. 'Mon-Fri 09:00-18:00 Europe/Rome'"
            )
        hours = parts[1].split("-")
        if len(hours) != 2:
            raise NotifyError(f"on-call window {spec!r}: hours must be HH:MM-HH:MM")
        zone_name = parts[2] if len(parts) == 3 else "UTC"
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise NotifyError(f"on-call window {spec!r}: unknown time zone {zone_name!r}") from None
        try:
            start = _time(hours[0], end=False)
            assert start is not None
            window = cls(_days(parts[0]), start, _time(hours[1], end=True), zone, " ".join(parts))
        except NotifyError as exc:
            raise NotifyError(
                f"on-call window {spec!r}: {exc}; expected DAYS HH:MM-HH:MM [ZONE]"
            ) from None
        if window.end == window.start:
            raise NotifyError(f"on-call window {spec!r}: starts and ends at the same time")
        return window

    @property
    def overnight(self) -> bool:
        return self.end is not None and self.end < self.start

    def covers(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        clock, day = local.time().replace(tzinfo=None), local.weekday()
        if not self.overnight:
            return (
                day in self.days and self.start <= clock and (self.end is None or clock < self.end)
            )
        assert self.end is not None
        yesterday = (local - timedelta(days=1)).weekday()
        return (day in self.days and clock >= self.start) or (
            yesterday in self.days and clock < self.end
        )


def add_entry(
    connection: Connection,
    *,
    person: str,
    email: str,
    window: str | None,
    fallback: bool,
    now: datetime,
) -> int:
    """Store one entry (a window, or a fallback without one) and return its id."""
    person = " ".join(person.split())
    if not person or len(person) > 200:
        raise NotifyError("person must be a name of 1 to 200 characters")
    email = check_email(email)
    if fallback == (window is not None):
        raise NotifyError("give either a window or --fallback (a fallback has no window)")
    spec = Window.parse(window).spec if window is not None else None
    result = connection.execute(
        insert(oncall).values(
            person=person, email=email, schedule=spec, fallback=fallback, created_at=now
        )
    )
    return int(result.inserted_primary_key[0])


def remove_entry(connection: Connection, entry_id: int) -> None:
    if connection.execute(delete(oncall).where(oncall.c.id == entry_id)).rowcount == 0:
        raise NotifyError(f"no on-call entry {entry_id} (see parley oncall list)")


def list_entries(connection: Connection) -> list[dict[str, Any]]:
    rows = connection.execute(select(oncall).order_by(oncall.c.fallback, oncall.c.id))
    return [dict(row._mapping) for row in rows]


@dataclass(frozen=True)
class OnCall:
    """Who to notify at one moment, and why (for `parley oncall now` and the outbox)."""

    people: list[dict[str, Any]]
    fallback: bool

    @property
    def emails(self) -> list[str]:
        return list(dict.fromkeys(p["email"] for p in self.people))


def on_call(connection: Connection, moment: datetime) -> OnCall:
    """The entries whose window covers `moment`; else the fallback entries."""
    if moment.tzinfo is None:
        raise NotifyError("on-call time must have a time zone")
    moment = moment.astimezone(UTC)
    entries = list_entries(connection)
    covering = [e for e in entries if e["schedule"] and Window.parse(e["schedule"]).covers(moment)]
    if covering:
        return OnCall(covering, fallback=False)
    return OnCall([e for e in entries if e["fallback"]], fallback=True)
