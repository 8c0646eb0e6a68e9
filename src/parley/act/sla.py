"""SLAs: policies per priority, clocks that count only working time, warnings, breaches, and
the report (% met, median first-response time, per agent and per team).

A policy gives minutes to the first response, to each next response (after the customer
writes again) and to resolution, on a clock: `calendar` (every minute counts), `business`
(the business hours in the inbox settings, minus rota holidays) or `rota` (only while someone
is on duty). `SlaWatch.run_once(now)` (run by `parley serve` and `parley sla check`) sets the
due times, raises a warning at `warn_percent` of a target and a breach after it, and records
each target's outcome when it is answered: met (in time) or late, with the working minutes.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import msgspec
from sqlalchemy import Connection, Engine, and_, select, update

from parley.act.rota import Rota, RotaError, Shift, parse_days, parse_time, zone
from parley.notify.model import Notification
from parley.notify.store import record_inapp
from parley.store.db import upsert_insert
from parley.store.inbox import PRIORITIES
from parley.store.tables import (
    inbox_conversations,
    inbox_settings,
    rota_agents,
    sla_events,
    sla_policies,
    users,
)

CLOCKS = ("calendar", "business", "rota")
TARGETS = ("first_response", "next_response", "resolution")
LOOKAHEAD = timedelta(days=60)  # a clock with no working time this far ahead has no due time
STEP = timedelta(days=7)
POLL_SECONDS = 30.0
log = logging.getLogger("parley.sla")


class SlaError(ValueError):
    """A policy or setting the SLA cannot use; the message says why."""


# --- policies and business hours -------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    priority: str
    first_response_minutes: int | None
    next_response_minutes: int | None
    resolution_minutes: int | None
    clock: str = "calendar"
    warn_percent: int = 80

    def minutes(self, target: str) -> int | None:
        return getattr(self, f"{target}_minutes")


def set_policy(
    connection: Connection,
    *,
    priority: str,
    first_response_minutes: int | None = None,
    next_response_minutes: int | None = None,
    resolution_minutes: int | None = None,
    clock: str = "calendar",
    warn_percent: int = 80,
    now: datetime | None = None,
) -> Policy:
    if priority not in PRIORITIES:
        raise SlaError(f"priority must be one of {', '.join(PRIORITIES)}, got {priority!r}")
    if clock not in CLOCKS:
        raise SlaError(f"clock must be one of {', '.join(CLOCKS)}, got {clock!r}")
    for name, value in (("first response", first_response_minutes),
                        ("next response", next_response_minutes),
                        ("resolution", resolution_minutes)):  # fmt: skip
        if value is not None and not 1 <= value <= 525_600:
            raise SlaError(f"the {name} target is 1 to 525600 minutes (a year), got {value}")
    if not 1 <= warn_percent <= 99:
        raise SlaError(f"warn at 1 to 99 % of the target, got {warn_percent}")
    values = {
        "first_response_minutes": first_response_minutes,
        "next_response_minutes": next_response_minutes,
        "resolution_minutes": resolution_minutes,
        "clock": clock,
        "warn_percent": warn_percent,
        "updated_at": now or datetime.now(UTC),
    }
    connection.execute(
        upsert_insert(connection)(sla_policies)
        .values(priority=priority, **values)
        .on_conflict_do_update(index_elements=["priority"], set_=values)
    )
    return policies(connection)[priority]


def policies(connection: Connection) -> dict[str, Policy]:
    return {
        r.priority: Policy(
            r.priority, r.first_response_minutes, r.next_response_minutes,
            r.resolution_minutes, r.clock, r.warn_percent,
        )
        for r in connection.execute(select(sla_policies))
    }  # fmt: skip


@dataclass(frozen=True)
class BusinessHours:
    tz: str = "UTC"
    days: str = "mon-fri"
    starts: str = "09:00"
    ends: str = "17:00"

    def shift(self) -> Shift:
        return Shift(id=0, user_id=0, username="business hours", tz=self.tz,
                     days=parse_days(self.days), starts=parse_time(self.starts),
                     ends=parse_time(self.ends), overnight=False)  # fmt: skip


def business_hours(connection: Connection) -> BusinessHours:
    raw = connection.execute(
        select(inbox_settings.c.value).where(inbox_settings.c.key == "business_hours")
    ).scalar()
    return BusinessHours(**msgspec.json.decode(raw)) if raw else BusinessHours()


def set_business_hours(
    connection: Connection, *, tz: str, days: str, starts: str, ends: str,
    now: datetime | None = None,
) -> BusinessHours:  # fmt: skip
    try:
        zone(tz)
        parse_days(days)
        begin, finish = parse_time(starts, "start"), parse_time(ends, "end")
    except RotaError as exc:
        raise SlaError(str(exc)) from None
    if finish <= begin and finish != time(0):
        raise SlaError(f"business hours end ({ends}) before they start ({starts})")
    hours = BusinessHours(tz=tz.strip(), days=days, starts=starts, ends=ends)
    value = msgspec.json.encode(hours.__dict__).decode()
    stamp = now or datetime.now(UTC)
    connection.execute(
        upsert_insert(connection)(inbox_settings)
        .values(key="business_hours", value=value, updated_at=stamp)
        .on_conflict_do_update(index_elements=["key"], set_={"value": value, "updated_at": stamp})
    )
    return hours


# --- clocks ----------------------------------------------------------------------------------


class WorkingClock:
    """Working time on one clock: where it runs, how long between two moments, and when a
    number of working minutes after a moment falls."""

    def __init__(self, kind: str, rota: Rota, hours: BusinessHours) -> None:
        self.kind = kind
        self.rota = rota
        self.hours = hours.shift()

    def _boundaries(self, start: datetime, end: datetime) -> list[datetime]:
        moments = {start, end}
        if self.kind == "business":
            for a, b in self.hours.occurrences(start, end):
                moments.update((a, b))
        else:
            for shift in self.rota.shifts:
                for a, b in shift.occurrences(start, end):
                    moments.update((a, b))
        for e in self.rota.exceptions:
            moments.update((e["starts_at"], e["ends_at"]))
        return sorted(m for m in moments if start <= m <= end)

    def _runs(self, at: datetime) -> bool:
        if self.kind == "business":
            if self.rota._during("holiday", at):
                return False
            return bool(self.hours.occurrences(at, at + timedelta(microseconds=1)))
        return bool(self.rota.on_duty(at))

    def intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        if self.kind == "calendar":
            yield start, end
            return
        points = self._boundaries(start, end)
        for a, b in itertools.pairwise(points):
            if b > a and self._runs(a + (b - a) / 2):
                yield a, b

    def elapsed(self, start: datetime, end: datetime) -> float:
        """Working minutes between two moments."""
        if end <= start:
            return 0.0
        return sum((b - a).total_seconds() for a, b in self.intervals(start, end)) / 60

    def add(self, start: datetime, minutes: float) -> datetime | None:
        """The moment `minutes` working minutes after `start` (None: no working time ahead)."""
        left = timedelta(minutes=minutes)
        cursor = start
        while cursor < start + LOOKAHEAD:
            for a, b in self.intervals(cursor, cursor + STEP):
                if b - a >= left:
                    return a + left
                left -= b - a
            cursor += STEP
        return None


# --- the watch -------------------------------------------------------------------------------


@dataclass
class WatchReport:
    due_set: int = 0
    warnings: int = 0
    breaches: int = 0
    outcomes: int = 0


class SlaWatch:
    """Keeps every unresolved conversation's SLA due times and state current."""

    def __init__(self, engine: Engine, *, every: float = POLL_SECONDS) -> None:
        self.engine = engine
        self.every = every

    async def run_forever(self) -> None:
        """Check every `every` seconds until cancelled (`parley serve`)."""
        while True:
            try:
                await asyncio.to_thread(self.run_once)
            except asyncio.CancelledError:
                raise
            except Exception:  # the store is away: say so and try again next round
                log.exception("the SLA watch could not run")
            await asyncio.sleep(self.every)

    def run_once(self, now: datetime | None = None) -> WatchReport:
        now = now or datetime.now(UTC)
        c = inbox_conversations.c
        with self.engine.begin() as connection:
            return _check_where(
                connection,
                (c.status != "resolved") | (c.resolution_due.is_not(None) & c.resolved_at.is_not(None)
                                            & (c.sla_state != "done")),
                now,
            )  # fmt: skip


def check_conversation(connection: Connection, conversation_id: int, now: datetime) -> None:
    """The watch's check for one conversation, in the caller's transaction: run when a person
    resolves it, so a case closed before the watch's next round (every 30 s) still gets its
    due times and outcomes (otherwise it would never be counted in the report)."""
    _check_where(connection, inbox_conversations.c.id == conversation_id, now)


def _check_where(connection: Connection, where: Any, now: datetime) -> WatchReport:
    """Check the conversations `where` selects against their priority's policy."""
    report = WatchReport()
    rules = policies(connection)
    if not rules:
        return report
    rota = Rota.load(connection)
    hours = business_hours(connection)
    clocks = {kind: WorkingClock(kind, rota, hours) for kind in CLOCKS}
    rows = connection.execute(select(inbox_conversations).where(where)).all()
    recorded = _recorded(connection, [r.id for r in rows])
    for row in rows:
        policy = rules.get(row.priority)
        if policy is None:
            continue
        _check(connection, row, policy, clocks[policy.clock], now, report, recorded)
    return report


def _recorded(connection: Connection, ids: list[int]) -> set[tuple[int, str, str, datetime]]:
    out: set[tuple[int, str, str, datetime]] = set()
    for start in range(0, len(ids), 1000):
        rows = connection.execute(
            select(sla_events.c.conversation_id, sla_events.c.target, sla_events.c.state,
                   sla_events.c.due_at)
            .where(sla_events.c.conversation_id.in_(ids[start : start + 1000]))
        )  # fmt: skip
        out.update((int(r[0]), r[1], r[2], r[3]) for r in rows)
    return out


def _event(
    connection: Connection, row: Any, target: str, state: str, due: datetime, at: datetime,
    minutes: float | None, recorded: set[tuple[int, str, str, datetime]],
) -> bool:  # fmt: skip
    if (row.id, target, state, due) in recorded:
        return False
    connection.execute(
        upsert_insert(connection)(sla_events)
        .values(conversation_id=row.id, target=target, state=state, due_at=due, at=at,
                minutes=minutes, agent_id=row.assignee_id)
        .on_conflict_do_nothing(
            index_elements=["conversation_id", "target", "state", "due_at"]
        )
    )  # fmt: skip
    recorded.add((row.id, target, state, due))
    if state in ("warning", "breached"):
        who = None
        if row.assignee_id is not None:
            who = connection.execute(
                select(users.c.username).where(users.c.id == row.assignee_id)
            ).scalar()
        words = target.replace("_", " ")
        record_inapp(
            connection,
            Notification(
                event=f"sla.{state}",
                severity="medium" if state == "warning" else "high",
                title=(f"SLA {'warning' if state == 'warning' else 'BREACHED'}: {words} "
                       f"on conversation {row.id}"),
                text=f"The {words} was due at {due:%Y-%m-%d %H:%M} UTC.",
                link=f"/inbox/{row.id}",
                fields={"For": who or "(unassigned)", "Priority": row.priority},
                ref=f"sla:{row.id}:{target}:{state}:{due.isoformat()}",
            ),
            now=at,
            user_id=row.assignee_id,  # unassigned: everyone's (someone must take it)
        )  # fmt: skip
    return True


def _check(
    connection: Connection, row: Any, policy: Policy, clock: WorkingClock, now: datetime,
    report: WatchReport, recorded: set[tuple[int, str, str, datetime]],
) -> None:  # fmt: skip
    c = inbox_conversations.c
    changes: dict[str, Any] = {}
    # targets: (name, column, started, answered-at or None)
    first_start = row.first_message_at
    answered_first = row.first_response_at
    targets = []
    if policy.first_response_minutes:
        due = row.first_response_due
        if due is None:
            due = clock.add(first_start, policy.first_response_minutes)
            if due is not None:
                changes["first_response_due"] = due
                report.due_set += 1
        if due is not None:
            targets.append(("first_response", first_start, due, answered_first))
    if policy.next_response_minutes and answered_first is not None:
        due = row.next_response_due
        if row.awaiting_since is not None and due is None:
            due = clock.add(row.awaiting_since, policy.next_response_minutes)
            if due is not None:
                changes["next_response_due"] = due
                report.due_set += 1
        if due is not None:
            start = row.awaiting_since or row.last_inbound_at
            answered = row.last_response_at if row.awaiting_since is None else None
            targets.append(("next_response", start, due, answered))
            if answered is not None:
                changes["next_response_due"] = None  # this round is over
    if policy.resolution_minutes:
        due = row.resolution_due
        if due is None:
            due = clock.add(first_start, policy.resolution_minutes)
            if due is not None:
                changes["resolution_due"] = due
                report.due_set += 1
        if due is not None:
            targets.append(("resolution", first_start, due, row.resolved_at))
    state = "ok"
    for target, start, due, answered in targets:
        if answered is not None:
            minutes = clock.elapsed(start, answered)
            outcome = "met" if answered <= due else "late"
            if _event(connection, row, target, outcome, due, answered, minutes, recorded):
                report.outcomes += 1
            continue
        if now > due:
            state = "breached"
            if _event(connection, row, target, "breached", due, now, None, recorded):
                report.breaches += 1
            continue
        warn_minutes = (policy.minutes(target) or 0) * policy.warn_percent / 100
        # working time never runs faster than the calendar: skip the exact sum until then
        if now < start + timedelta(minutes=warn_minutes):
            continue
        warn_at = clock.add(start, warn_minutes)
        if warn_at is not None and now >= warn_at:
            state = "warning" if state == "ok" else state
            if _event(connection, row, target, "warning", due, now, None, recorded):
                report.warnings += 1
    if row.status == "resolved":
        state = "done"
    if state != row.sla_state:
        changes["sla_state"] = state
    if changes:
        connection.execute(update(inbox_conversations).where(c.id == row.id).values(**changes))


# --- the report ------------------------------------------------------------------------------


def report(
    connection: Connection, *, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    """% of targets met, median first-response working minutes, overall, per agent, per team.

    A target counts once it has an outcome: met, late (answered after its due time) or
    breached and still waiting."""
    e = sla_events.c
    query = (
        select(e.conversation_id, e.target, e.state, e.due_at, e.minutes, e.agent_id,
               users.c.username, rota_agents.c.team)
        .outerjoin(users, users.c.id == e.agent_id)
        .outerjoin(rota_agents, rota_agents.c.user_id == e.agent_id)
        .where(e.state.in_(("met", "late", "breached")))
    )  # fmt: skip
    if since is not None:
        query = query.where(e.at >= since)
    if until is not None:
        query = query.where(and_(e.at < until))
    cycles: dict[tuple[int, str, datetime], dict[str, Any]] = {}
    for r in connection.execute(query):
        cycle = cycles.setdefault((r.conversation_id, r.target, r.due_at), {
            "target": r.target, "met": False, "minutes": None,
            "agent": r.username or "(unassigned)", "team": r.team or "(no team)",
        })  # fmt: skip
        if r.state == "met":
            cycle["met"] = True
        if r.minutes is not None:
            cycle["minutes"] = r.minutes
            cycle["agent"] = r.username or cycle["agent"]

    def summary(items: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for target in TARGETS:
            of = [i for i in items if i["target"] == target]
            out[target] = {
                "counted": len(of),
                "met": sum(i["met"] for i in of),
                "met_percent": round(100 * sum(i["met"] for i in of) / len(of), 1) if of else None,
            }
        firsts = [i["minutes"] for i in items
                  if i["target"] == "first_response" and i["minutes"] is not None]  # fmt: skip
        out["median_first_response_minutes"] = (
            round(statistics.median(firsts), 1) if firsts else None
        )
        return out

    everything = list(cycles.values())
    by_agent: dict[str, list[dict[str, Any]]] = {}
    by_team: dict[str, list[dict[str, Any]]] = {}
    for item in everything:
        by_agent.setdefault(item["agent"], []).append(item)
        by_team.setdefault(item["team"], []).append(item)
    return {
        "overall": summary(everything),
        "agents": {name: summary(items) for name, items in sorted(by_agent.items())},
        "teams": {name: summary(items) for name, items in sorted(by_team.items())},
    }
