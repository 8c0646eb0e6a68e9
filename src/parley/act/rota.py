"""The rota: who answers the inbox when, and automatic assignment to whoever is on duty.

A shift is a weekly pattern in the agent's own time zone ("mon-fri 09:00-13:00
Europe/Rome"); two shifts on one day make a split shift. A shift that ends at or before its
start is refused unless it is marked overnight. One-off exceptions change the pattern: an
`absence` (with an optional colleague who covers it), an `extra` shift, or a `holiday` when
nobody's weekly shifts count. Each agent is also available or away, has languages, a team.

New conversations go to an available agent on duty (round-robin or the least loaded,
optionally one who speaks the conversation's language). With nobody on duty they go to the
fallback user, or stay unassigned, and the conversation is flagged as a rota gap.
"""

from __future__ import annotations

import re
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from sqlalchemy import Connection, Engine, delete, func, insert, select

from parley.store import inbox as inbox_store
from parley.store.db import upsert_insert
from parley.store.inbox import Arrival
from parley.store.tables import inbox_settings, rota_agents, rota_exceptions, rota_shifts, users

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXCEPTION_KINDS = ("absence", "extra", "holiday")
STRATEGIES = ("round_robin", "least_loaded", "manual")
HORIZON = timedelta(days=14)  # how far `next_on_duty` looks ahead


class RotaError(ValueError):
    """A shift, exception or setting the rota cannot use; the message says why."""


# --- parsing ---------------------------------------------------------------------------------


def parse_days(value: str) -> tuple[int, ...]:
    """'mon-fri', 'sat,sun', 'mon,wed-fri' or 'daily' -> weekday numbers (Monday 0)."""
    text = value.strip().lower()
    if text in ("daily", "every day", "all"):
        return tuple(range(7))
    out: list[int] = []
    for part in text.replace(" ", "").split(","):
        bounds = part.split("-")
        try:
            if len(bounds) == 1:
                out.append(DAYS.index(bounds[0][:3]))
            elif len(bounds) == 2:
                first, last = DAYS.index(bounds[0][:3]), DAYS.index(bounds[1][:3])
                span = (
                    range(first, last + 1)
                    if first <= last
                    else [*range(first, 7), *range(last + 1)]
                )
                out.extend(span)
            else:
                raise ValueError
        except ValueError:
            raise RotaError(f"days {value!r}: use names like mon-fri, sat,sun or daily") from None
    return tuple(sorted(set(out)))


def days_text(days: Sequence[int]) -> str:
    return ",".join(DAYS[d] for d in days)


def parse_time(value: str, what: str = "time") -> time:
    try:
        hours, minutes = value.strip().split(":")
        if len(minutes) != 2:
            raise ValueError
        if (int(hours), int(minutes)) == (24, 0):  # the end of the day
            return time(0)
        parsed = time(int(hours), int(minutes))
    except ValueError:
        raise RotaError(f"{what} {value!r}: use HH:MM (24-hour), e.g. 09:00") from None
    return parsed


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise RotaError(f"unknown time zone {name!r}: use an IANA name like Europe/Rome") from None


def parse_date(value: str | None, what: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RotaError(f"{what} {value!r}: use YYYY-MM-DD") from None


# --- shifts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shift:
    id: int
    user_id: int
    username: str
    tz: str
    days: tuple[int, ...]
    starts: time
    ends: time
    overnight: bool
    valid_from: date | None = None
    valid_until: date | None = None

    def describe(self) -> str:
        when = f"{days_text(self.days)} {self.starts:%H:%M}-{self.ends:%H:%M} {self.tz}"
        return (
            f"shift #{self.id} of {self.username} ({when}{', overnight' if self.overnight else ''})"
        )

    def occurrences(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """The shift's intervals (UTC) that meet [start, end)."""
        tz = ZoneInfo(self.tz)
        first = start.astimezone(tz).date() - timedelta(days=1)
        last = end.astimezone(tz).date()
        out = []
        day = first
        while day <= last:
            if (
                day.weekday() in self.days
                and (self.valid_from is None or day >= self.valid_from)
                and (self.valid_until is None or day <= self.valid_until)
            ):
                begins = datetime.combine(day, self.starts, tzinfo=tz)
                finish_day = day + timedelta(days=1) if self.overnight else day
                ends = datetime.combine(finish_day, self.ends, tzinfo=tz)
                if self.ends == time(0) and not self.overnight:
                    ends = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
                begins, ends = begins.astimezone(UTC), ends.astimezone(UTC)
                if begins < end and ends > start:
                    out.append((begins, ends))
            day += timedelta(days=1)
        return out


def _shift(row: Any) -> Shift:
    return Shift(
        id=int(row.id), user_id=int(row.user_id), username=row.username, tz=row.tz,
        days=tuple(DAYS.index(d) for d in row.days.split(",")),
        starts=parse_time(row.starts), ends=parse_time(row.ends), overnight=bool(row.overnight),
        valid_from=parse_date(row.valid_from, "valid from"),
        valid_until=parse_date(row.valid_until, "valid until"),
    )  # fmt: skip


def _shifts(connection: Connection, user_id: int | None = None) -> list[Shift]:
    query = select(rota_shifts, users.c.username).join(users, users.c.id == rota_shifts.c.user_id)
    if user_id is not None:
        query = query.where(rota_shifts.c.user_id == user_id)
    return [_shift(r) for r in connection.execute(query.order_by(rota_shifts.c.id))]


def _agent_id(connection: Connection, username: str) -> int:
    row = connection.execute(
        select(users.c.id, users.c.role, users.c.disabled).where(
            users.c.username == username.strip().lower()
        )
    ).first()
    if row is None:
        raise RotaError(f"no user named {username!r}")
    if row.role == "analyst":
        raise RotaError(f"{username} is an analyst: only agents and above answer the inbox")
    return int(row.id)


def add_shift(
    connection: Connection,
    *,
    username: str,
    days: str,
    starts: str,
    ends: str,
    tz: str,
    overnight: bool = False,
    valid_from: str | None = None,
    valid_until: str | None = None,
    now: datetime | None = None,
) -> Shift:
    """A weekly shift for an agent. Refused: an end at or before the start (unless
    `overnight`), an overlap with another of the agent's shifts (both are named)."""
    now = now or datetime.now(UTC)
    user_id = _agent_id(connection, username)
    zone(tz)
    day_numbers = parse_days(days)
    begin, finish = parse_time(starts, "start"), parse_time(ends, "end")
    if begin == finish and ends.strip() != "24:00":  # 00:00-24:00 is the whole day
        raise RotaError(f"the shift starts and ends at {begin:%H:%M}: it would last no time")
    if finish < begin and not overnight and finish != time(0):
        raise RotaError(
            f"the shift ends at {finish:%H:%M}, before it starts at {begin:%H:%M}; if it runs "
            "past midnight, say it is overnight (--overnight)"
        )
    if finish > begin and overnight and finish != time(0):
        raise RotaError(
            f"an overnight shift ends the next day, so its end ({finish:%H:%M}) comes before "
            f"its start ({begin:%H:%M}); this one does not run past midnight"
        )
    first, last = parse_date(valid_from, "valid from"), parse_date(valid_until, "valid until")
    if first and last and last < first:
        raise RotaError(f"the shift is valid until {last}, before it is valid from {first}")
    candidate = Shift(
        id=0, user_id=user_id, username=username, tz=tz.strip(), days=day_numbers, starts=begin,
        ends=finish, overnight=overnight, valid_from=first, valid_until=last,
    )  # fmt: skip
    for other in _shifts(connection, user_id):
        clash = _overlap(candidate, other, now)
        if clash is not None:
            raise RotaError(
                f"the new shift ({days_text(day_numbers)} {begin:%H:%M}-{finish:%H:%M} {tz}) "
                f"overlaps {other.describe()} on {clash:%a %Y-%m-%d %H:%M} UTC; "
                "change or remove one of them"
            )
    shift_id = connection.execute(
        insert(rota_shifts).values(
            user_id=user_id, tz=candidate.tz, days=days_text(day_numbers),
            starts=f"{begin:%H:%M}", ends=f"{finish:%H:%M}", overnight=overnight,
            valid_from=first.isoformat() if first else None,
            valid_until=last.isoformat() if last else None, created_at=now,
        )
    ).inserted_primary_key[0]  # fmt: skip
    return Shift(**{**candidate.__dict__, "id": int(shift_id)})


def _overlap(a: Shift, b: Shift, now: datetime) -> datetime | None:
    """When two weekly shifts first run at the same time (over a reference fortnight)."""
    starts = [d for d in (a.valid_from, b.valid_from) if d is not None]
    begin = datetime.combine(max(starts), time(0), tzinfo=UTC) if starts else now
    window = (begin - timedelta(days=1), begin + timedelta(days=15))
    for s1, e1 in a.occurrences(*window):
        for s2, e2 in b.occurrences(*window):
            if s1 < e2 and s2 < e1:
                return max(s1, s2)
    return None


def remove_shift(connection: Connection, shift_id: int) -> None:
    if connection.execute(delete(rota_shifts).where(rota_shifts.c.id == shift_id)).rowcount == 0:
        raise RotaError(f"no shift {shift_id}")


def add_exception(
    connection: Connection,
    *,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    username: str | None = None,
    cover: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> int:
    """An absence (optionally covered by a colleague), an extra shift, or a holiday (for
    everyone: no weekly shift counts then; extra shifts still do)."""
    if kind not in EXCEPTION_KINDS:
        raise RotaError(f"kind must be one of {', '.join(EXCEPTION_KINDS)}, got {kind!r}")
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise RotaError("give times with a time zone (e.g. 2026-12-24T00:00+01:00)")
    if ends_at <= starts_at:
        raise RotaError(
            f"the {kind} ends ({ends_at.isoformat()}) before it starts ({starts_at.isoformat()})"
        )
    if kind == "holiday" and (username or cover):
        raise RotaError("a holiday is for everyone: give no user or cover")
    if kind != "holiday" and not username:
        raise RotaError(f"an {kind} needs the user it is for")
    if cover and kind != "absence":
        raise RotaError("only an absence has a cover")
    user_id = _agent_id(connection, username) if username else None
    cover_id = _agent_id(connection, cover) if cover else None
    if cover_id is not None and cover_id == user_id:
        raise RotaError("an agent cannot cover their own absence")
    return int(
        connection.execute(
            insert(rota_exceptions).values(
                kind=kind, user_id=user_id, cover_id=cover_id, starts_at=starts_at,
                ends_at=ends_at, note=note, created_at=now or datetime.now(UTC),
            )
        ).inserted_primary_key[0]
    )  # fmt: skip


def exceptions(connection: Connection, *, since: datetime) -> list[dict[str, Any]]:
    """Exceptions that end after `since`, soonest first, with the usernames."""
    e = rota_exceptions.c
    agent, cover = users.alias("agent"), users.alias("cover")
    rows = connection.execute(
        select(rota_exceptions, agent.c.username.label("username"),
               cover.c.username.label("cover_name"))
        .outerjoin(agent, agent.c.id == e.user_id)
        .outerjoin(cover, cover.c.id == e.cover_id)
        .where(e.ends_at > since)
        .order_by(e.starts_at, e.id)
    )  # fmt: skip
    return [dict(r._mapping) for r in rows]


def remove_exception(connection: Connection, exception_id: int) -> dict[str, Any]:
    """Remove an exception; returns what it was (for the audit row)."""
    row = connection.execute(
        select(rota_exceptions).where(rota_exceptions.c.id == exception_id)
    ).first()
    if row is None:
        raise RotaError(f"no rota exception {exception_id}")
    connection.execute(delete(rota_exceptions).where(rota_exceptions.c.id == exception_id))
    return dict(row._mapping)


def check_languages(value: str) -> str:
    """A comma list of language codes (en, zh, pt-br) -> stored form."""
    codes = list(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))
    for code in codes:
        if not (code.replace("-", "").isalnum() and len(code) <= 16):
            raise RotaError(f"languages are codes like en, zh, pt-br; got {code[:16]!r}")
    joined = ",".join(codes)
    if len(joined) > 200:
        raise RotaError("at most 200 characters of languages")
    return joined


def check_skills(value: str) -> str:
    """A comma list of skills (reason names: letters, digits, `_` and `-`) -> stored form."""
    names = list(dict.fromkeys(p.strip().lower() for p in value.split(",") if p.strip()))
    for name in names:
        if not re.fullmatch(r"[\w-]{1,64}", name):
            raise RotaError(f"a skill is a reason's name like billing or delivery_cancellation, "
                            f"got {name[:64]!r}")  # fmt: skip
    joined = ",".join(names)
    if len(joined) > 500:
        raise RotaError("at most 500 characters of skills")
    return joined


def set_presence(
    connection: Connection,
    *,
    username: str,
    available: bool | None = None,
    languages: str | None = None,
    team: str | None = None,
    surge_pool: bool | None = None,
    skills: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """An agent sets themselves available or away; languages (comma list), team, whether
    they are in the surge pool (called in during a surge, even off shift) and skills (comma
    list of the triage's reasons, e.g. billing, delivery_cancellation)."""
    user_id = _agent_id(connection, username)
    current = presence(connection).get(
        user_id,
        {"available": True, "languages": (), "team": None, "surge_pool": False, "skills": ()},
    )
    values = {
        "available": current["available"] if available is None else available,
        "languages": ",".join(current["languages"])
        if languages is None
        else check_languages(languages),
        "team": current["team"] if team is None else (team.strip() or None),
        "surge_pool": current["surge_pool"] if surge_pool is None else surge_pool,
        "skills": ",".join(current["skills"]) if skills is None else check_skills(skills),
        "updated_at": now or datetime.now(UTC),
    }
    connection.execute(
        upsert_insert(connection)(rota_agents)
        .values(user_id=user_id, **values)
        .on_conflict_do_update(index_elements=["user_id"], set_=values)
    )
    return presence(connection)[user_id]


def presence(connection: Connection) -> dict[int, dict[str, Any]]:
    """Every agent's presence, languages, team, surge pool and skills, by user id."""
    return {
        int(r.user_id): {
            "available": bool(r.available),
            "languages": tuple(x for x in r.languages.split(",") if x),
            "team": r.team,
            "surge_pool": bool(r.surge_pool),
            "skills": tuple(x for x in (r.skills or "").split(",") if x),
        }
        for r in connection.execute(select(rota_agents))
    }


# --- who is on duty ------------------------------------------------------------------------


@dataclass(frozen=True)
class OnDuty:
    user_id: int
    username: str
    until: datetime
    available: bool
    why: str  # "shift #3", "covering for ana", "extra shift"


@dataclass
class Rota:
    """A snapshot of the rota, to answer many questions with no more queries."""

    shifts: list[Shift]
    exceptions: list[dict[str, Any]]
    presence: dict[int, dict[str, Any]]
    names: dict[int, str]  # active agents (and above)
    # `on_duty` answered for one whole minute: the assigner asks it for every new conversation
    # of a batch, and shifts begin and end on whole minutes.
    _minute: tuple[datetime, list[OnDuty]] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, connection: Connection) -> Rota:
        names = {
            int(r.id): r.username
            for r in connection.execute(
                select(users.c.id, users.c.username).where(
                    users.c.disabled.is_(False), users.c.role != "analyst"
                )
            )
        }
        return cls(
            shifts=[s for s in _shifts(connection) if s.user_id in names],
            exceptions=[dict(r._mapping) for r in connection.execute(select(rota_exceptions))],
            presence=presence(connection),
            names=names,
        )

    def _during(self, kind: str, at: datetime) -> list[dict[str, Any]]:
        return [
            e for e in self.exceptions if e["kind"] == kind and e["starts_at"] <= at < e["ends_at"]
        ]

    def on_duty(self, at: datetime) -> list[OnDuty]:
        """Everyone on duty at `at` (available or not), by name; to the minute (an exception
        that begins or ends within a minute counts from the next one)."""
        minute = at.replace(second=0, microsecond=0)
        if self._minute is not None and self._minute[0] == minute:
            return list(self._minute[1])
        found = self._on_duty(minute)
        self._minute = (minute, found)
        return list(found)

    def _on_duty(self, at: datetime) -> list[OnDuty]:
        holiday = self._during("holiday", at)
        absences = {e["user_id"]: e for e in self._during("absence", at)}
        found: dict[int, OnDuty] = {}

        def add(user_id: int, until: datetime, why: str) -> None:
            if user_id not in self.names:
                return
            available = self.presence.get(user_id, {}).get("available", True)
            if user_id not in found or found[user_id].until < until:
                found[user_id] = OnDuty(user_id, self.names[user_id], until, available, why)

        if not holiday:
            for shift in self.shifts:
                for _, ends in shift.occurrences(at, at + timedelta(microseconds=1)):
                    absent = absences.get(shift.user_id)
                    if absent is None:
                        add(shift.user_id, ends, f"shift #{shift.id}")
                    elif absent["cover_id"] is not None:
                        add(absent["cover_id"], min(ends, absent["ends_at"]),
                            f"covering for {shift.username}")  # fmt: skip
        for extra in self._during("extra", at):
            if extra["user_id"] not in absences:
                add(extra["user_id"], extra["ends_at"], "extra shift")
        return sorted(found.values(), key=lambda d: d.username)

    def surge_pool(self, at: datetime) -> list[OnDuty]:
        """Who a surge calls in at `at`: the available agents on duty, plus the available
        agents flagged for the surge pool who are off shift (not those on an absence)."""
        ready = {d.user_id: d for d in self.on_duty(at) if d.available}
        absent = {e["user_id"] for e in self._during("absence", at)}
        for user_id, p in self.presence.items():
            if (p.get("surge_pool") and p["available"] and user_id in self.names
                    and user_id not in ready and user_id not in absent):  # fmt: skip
                ready[user_id] = OnDuty(user_id, self.names[user_id], at, True, "surge pool")
        return sorted(ready.values(), key=lambda d: d.username)

    def next_on_duty(
        self, at: datetime, horizon: timedelta = HORIZON
    ) -> tuple[datetime, list[OnDuty]] | None:
        """When someone not on duty at `at` next comes on, and who; None within `horizon`."""
        now_on = {d.user_id for d in self.on_duty(at)}
        starts: set[datetime] = set()
        for shift in self.shifts:
            starts.update(s for s, _ in shift.occurrences(at, at + horizon) if s > at)
        for e in self.exceptions:
            if at < e["starts_at"] < at + horizon:
                starts.add(e["starts_at"])
            if at < e["ends_at"] < at + horizon:
                starts.add(e["ends_at"])  # the end of a holiday or absence brings people back
        for moment in sorted(starts):
            coming = [d for d in self.on_duty(moment) if d.user_id not in now_on]
            if coming:
                return moment, coming
            now_on = {d.user_id for d in self.on_duty(moment)}
        return None


def who_is_on_duty(connection: Connection, at: datetime | None = None) -> list[OnDuty]:
    return Rota.load(connection).on_duty(at or datetime.now(UTC))


def next_on_duty(
    connection: Connection, at: datetime | None = None
) -> tuple[datetime, list[OnDuty]] | None:
    return Rota.load(connection).next_on_duty(at or datetime.now(UTC))


# --- assignment ----------------------------------------------------------------------------


@dataclass
class Assignment:
    """How new conversations are assigned (stored in `inbox_settings` under `assignment`)."""

    strategy: str = "round_robin"
    by_language: bool = False
    by_skill: bool = False  # prefer agents skilled in the conversation's reason
    fallback: str | None = None  # a username; None leaves them in the unassigned queue


def get_assignment(connection: Connection) -> Assignment:
    raw = connection.execute(
        select(inbox_settings.c.value).where(inbox_settings.c.key == "assignment")
    ).scalar()
    return Assignment(**msgspec.json.decode(raw)) if raw else Assignment()


def set_assignment(
    connection: Connection,
    *,
    strategy: str | None = None,
    by_language: bool | None = None,
    fallback: str | None = None,
    by_skill: bool | None = None,
    now: datetime | None = None,
) -> Assignment:
    """Change the assignment settings; `fallback=""` clears the fallback user."""
    current = get_assignment(connection)
    if strategy is not None:
        if strategy not in STRATEGIES:
            raise RotaError(f"strategy must be one of {', '.join(STRATEGIES)}, got {strategy!r}")
        current.strategy = strategy
    if by_language is not None:
        current.by_language = by_language
    if by_skill is not None:
        current.by_skill = by_skill
    if fallback is not None:
        current.fallback = None if not fallback.strip() else fallback.strip().lower()
        if current.fallback:
            _agent_id(connection, current.fallback)
    value = msgspec.json.encode(current.__dict__).decode()
    stamp = now or datetime.now(UTC)
    connection.execute(
        upsert_insert(connection)(inbox_settings)
        .values(key="assignment", value=value, updated_at=stamp)
        .on_conflict_do_update(index_elements=["key"], set_={"value": value, "updated_at": stamp})
    )
    return current


@dataclass
class Assigner:
    """The inbox's router: assigns each new conversation as the rota and settings say.

    The rota and settings are re-read at most every `refresh` seconds (a batch of the
    pipeline may open many conversations); round-robin remembers who had the last one.
    """

    engine: Engine
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    refresh: float = 30.0
    _rota: Rota | None = None
    _settings: Assignment | None = None
    _surge: Any = None  # the surge on (parley.act.surge.Surge) or None
    _loaded: float = 0.0
    _last: int | None = None
    _load: dict[int, int] = field(default_factory=dict)  # open conversations per agent

    def _snapshot(self, connection: Connection) -> tuple[Rota, Assignment]:
        if self._rota is None or clock.monotonic() - self._loaded > self.refresh:
            from parley.act.surge import current  # surge.py builds on the rota

            self._rota, self._settings = Rota.load(connection), get_assignment(connection)
            self._surge = current(connection)
            self._load = {}
            self._loaded = clock.monotonic()
        assert self._settings is not None
        return self._rota, self._settings

    def __call__(self, connection: Connection, arrival: Arrival) -> tuple[int | None, str, bool]:
        return self.choose(connection, arrival.lang, arrival.reason)

    def choose(
        self, connection: Connection, lang: str | None, reason: str | None = None
    ) -> tuple[int | None, str, bool]:
        """(assignee id or None, how it was decided in words, whether it is a rota gap)."""
        rota, settings = self._snapshot(connection)
        at = self.clock()
        if self._surge is not None:
            return self._during_surge(connection, rota, settings, at)
        if settings.strategy == "manual":
            return None, "manual assignment: in the unassigned queue", False
        ready = [d for d in rota.on_duty(at) if d.available]
        if not ready:
            return _gap(rota, settings, f"nobody on duty at {at:%Y-%m-%d %H:%M} UTC")
        how = settings.strategy.replace("_", "-")
        if settings.by_language and lang:
            speakers = [
                d for d in ready
                if not rota.presence.get(d.user_id, {}).get("languages")
                or lang in rota.presence[d.user_id]["languages"]
            ]  # fmt: skip
            if speakers:
                ready, how = speakers, f"{how}, speaks {lang}"
            else:
                how = f"{how}; nobody on duty speaks {lang}"
        if settings.by_skill and reason and reason != "other":
            skilled = [d for d in ready
                       if reason in rota.presence.get(d.user_id, {}).get("skills", ())]  # fmt: skip
            if skilled:
                ready, how = skilled, f"{how}, skilled in {reason}"
            else:
                how = f"{how}; nobody on duty is skilled in {reason}"
        if settings.strategy == "least_loaded":
            chosen, words = self._least_loaded(connection, ready, how)
            return chosen, words, False
        ids = sorted(d.user_id for d in ready)
        after = [i for i in ids if self._last is not None and i > self._last]
        chosen_id = after[0] if after else ids[0]
        self._last = chosen_id
        return chosen_id, f"{how}: {rota.names[chosen_id]} on duty", False

    def _least_loaded(
        self, connection: Connection, ready: list[OnDuty], how: str
    ) -> tuple[int, str]:
        missing = [d.user_id for d in ready if d.user_id not in self._load]
        self._load.update(inbox_store.open_load(connection, missing))
        load = self._load
        chosen = min(ready, key=lambda d: (load[d.user_id], d.username))
        held = load[chosen.user_id]
        load[chosen.user_id] += 1  # the conversations of this batch count too
        off = " (surge pool, off shift)" if chosen.why == "surge pool" else ""
        return chosen.user_id, f"{how}: {chosen.username}{off} had {held} open"

    def _during_surge(
        self, connection: Connection, rota: Rota, settings: Assignment, at: datetime
    ) -> tuple[int | None, str, bool]:
        """Surge mode's simpler rules: the surge pool, least loaded first, any language."""
        ready = rota.surge_pool(at)
        how = f"surge mode (#{self._surge.id}), least-loaded of {len(ready)} in the pool"
        if not ready:
            return _gap(rota, settings,
                        f"surge mode (#{self._surge.id}): nobody on duty or in the surge pool")  # fmt: skip
        chosen, words = self._least_loaded(connection, ready, how)
        return chosen, words, False


def _gap(rota: Rota, settings: Assignment, gap: str) -> tuple[int | None, str, bool]:
    """Nobody to assign to: the fallback user, else the unassigned queue; a rota gap."""
    fallback = next((uid for uid, name in rota.names.items() if name == settings.fallback), None)
    if fallback is not None:
        return fallback, f"{gap}: sent to the fallback, {settings.fallback}", True
    return None, f"{gap}: left in the unassigned queue (no fallback set)", True


def attach(pipeline: Any, engine: Engine) -> Any:
    """The inbox on `pipeline`, assigning new conversations by the rota."""
    from parley.act.inbox import attach as attach_inbox

    return attach_inbox(pipeline, engine, router=Assigner(engine))


def presence_reset(connection: Connection, username: str) -> None:
    """Forget an agent's presence, languages and team (back to available, any language)."""
    connection.execute(
        delete(rota_agents).where(rota_agents.c.user_id == _agent_id(connection, username))
    )


def gaps(connection: Connection) -> int:
    """Unresolved conversations that arrived while nobody was on duty."""
    from parley.store.tables import inbox_conversations as c

    return int(
        connection.execute(
            select(func.count())
            .select_from(c)
            .where(c.c.rota_gap.is_(True), c.c.status != "resolved")
        ).scalar()
        or 0
    )


__all__ = [
    "Assigner", "Assignment", "OnDuty", "Rota", "RotaError", "Shift", "add_exception",
    "add_shift", "attach", "exceptions", "get_assignment", "next_on_duty", "remove_exception",
    "remove_shift", "set_assignment",
    "set_presence", "who_is_on_duty",
]  # fmt: skip
