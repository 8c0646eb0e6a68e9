"""SLAs: working-time clocks, due times, warnings, breaches, outcomes and the report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.act import inbox, rota, sla
from parley.act.sla import SlaError, SlaWatch, WorkingClock
from parley.domain import Author, Post
from parley.notify.store import list_inapp
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.users import create_user

MON = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; Rome is UTC+1


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return MON + timedelta(days=day, hours=hour, minutes=minute)


def dm(engine, hook, native_id: str, when: datetime, customer: str = "c1", **kw) -> None:  # type: ignore[no-untyped-def]
    p = Post(platform="x", native_id=native_id, created_at=when, text="help", kind="dm",
             author=Author(native_id=customer, handle=customer), **kw)  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [p])
    hook([p], [{}], result.new_keys)


def only(engine) -> dict:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        (found,) = store.list_conversations(connection)
    return found


def test_business_hours_clock_skips_nights_weekends_and_holidays(engine):
    with engine.begin() as connection:
        sla.set_business_hours(connection, tz="Europe/Rome", days="mon-fri", starts="09:00",
                               ends="17:00")  # fmt: skip
        rota.add_exception(connection, kind="holiday", starts_at=at(1, 0), ends_at=at(2, 0))
        clock = WorkingClock("business", rota.Rota.load(connection), sla.business_hours(connection))
        with pytest.raises(SlaError, match="end"):
            sla.set_business_hours(connection, tz="UTC", days="mon", starts="18:00", ends="09:00")
        with pytest.raises(SlaError, match="unknown time zone"):
            sla.set_business_hours(connection, tz="Nowhere/City", days="mon", starts="09:00",
                                   ends="17:00")  # fmt: skip
    # Monday 15:00 Rome (14:00 UTC) + 3 working hours: 2 on Monday, Tuesday is a holiday,
    # the last hour on Wednesday from 09:00 Rome (08:00 UTC)
    assert clock.add(at(0, 14), 180) == at(2, 9)
    assert clock.elapsed(at(0, 14), at(2, 9)) == 180
    # Friday 16:00 Rome + 2 h: 1 h Friday, 1 h Monday
    assert clock.add(at(4, 15), 120) == at(7, 9)
    calendar = WorkingClock("calendar", clock.rota, sla.BusinessHours())
    assert calendar.add(at(0, 14), 180) == at(0, 17)


def test_rota_clock_runs_only_while_someone_is_on_duty(engine):
    with engine.begin() as connection:
        create_user(connection, username="ana", role="agent", password="x" * 12)
        rota.add_shift(connection, username="ana", days="daily", starts="08:00", ends="12:00",
                       tz="UTC")  # fmt: skip
        clock = WorkingClock("rota", rota.Rota.load(connection), sla.business_hours(connection))
    assert clock.add(at(0, 11), 120) == at(1, 9)
    empty = WorkingClock("rota", rota.Rota([], [], {}, {}), sla.BusinessHours())
    assert empty.add(at(0, 11), 10) is None  # nobody ever on duty: no due time, no crash


def test_bad_policies_say_what_is_wrong(engine):
    with engine.begin() as connection:
        with pytest.raises(SlaError, match="priority must be one of"):
            sla.set_policy(connection, priority="whenever", first_response_minutes=5)
        with pytest.raises(SlaError, match="clock must be one of"):
            sla.set_policy(connection, priority="high", clock="sundial")
        with pytest.raises(SlaError, match="1 to 525600 minutes"):
            sla.set_policy(connection, priority="high", first_response_minutes=0)


def test_warning_breach_outcomes_and_report(engine):
    with engine.begin() as connection:
        ana, _ = create_user(connection, username="ana", role="agent", password="x" * 12)
        rota.set_presence(connection, username="ana", team="care")
        sla.set_policy(connection, priority="normal", first_response_minutes=60,
                       next_response_minutes=30, resolution_minutes=24 * 60)  # fmt: skip
    hook = inbox.Inbox(engine)
    watch = SlaWatch(engine)
    dm(engine, hook, "d1", at(0, 9))
    conv = only(engine)
    with engine.begin() as connection:
        inbox.change(connection, conv["id"], actor="cli:t", assignee_id=ana.id)
    watch.run_once(at(0, 9, 10))
    conv = only(engine)
    assert conv["first_response_due"] == at(0, 10) and conv["sla_state"] == "ok"
    assert watch.run_once(at(0, 9, 50)).warnings == 1  # 80 % of an hour
    assert only(engine)["sla_state"] == "warning"
    assert watch.run_once(at(0, 9, 55)).warnings == 0  # once
    assert watch.run_once(at(0, 10, 5)).breaches == 1
    assert only(engine)["sla_state"] == "breached"
    with engine.connect() as connection:
        news = list_inapp(connection, user_id=ana.id)["notifications"]
        assert list_inapp(connection, user_id=None)["notifications"] == []  # ana's only
    assert {n["event"] for n in news} == {"sla.warning", "sla.breached"}
    assert all(n["fields"]["For"] == "ana" for n in news)
    # answered late (outside Parley: our account's DM), then the customer writes again
    dm(engine, hook, "o1", at(0, 10, 20), customer="care", to_account="care", reply_to="d1")
    watch.run_once(at(0, 10, 21))
    dm(engine, hook, "d2", at(0, 11))
    watch.run_once(at(0, 11, 1))
    assert only(engine)["next_response_due"] == at(0, 11, 30)
    dm(engine, hook, "o2", at(0, 11, 10), customer="care", to_account="care", reply_to="d2")
    watch.run_once(at(0, 11, 11))
    with engine.begin() as connection:
        inbox.change(connection, conv["id"], actor="cli:t", status="resolved", now=at(0, 12))
    watch.run_once(at(0, 12, 1))
    assert only(engine)["sla_state"] == "done"
    # a second conversation answered in time, unassigned
    dm(engine, hook, "e1", at(0, 13), customer="c2")
    watch.run_once(at(0, 13, 1))
    dm(engine, hook, "o3", at(0, 13, 30), customer="care", to_account="care", reply_to="e1")
    watch.run_once(at(0, 13, 31))
    with engine.connect() as connection:
        result = sla.report(connection)
    first = result["overall"]["first_response"]
    assert (first["counted"], first["met"], first["met_percent"]) == (2, 1, 50.0)
    assert result["overall"]["median_first_response_minutes"] == 55.0  # 80 and 30 minutes
    assert result["overall"]["next_response"]["met_percent"] == 100.0
    assert result["overall"]["resolution"]["met_percent"] == 100.0
    assert result["agents"]["ana"]["first_response"]["met"] == 0
    assert result["agents"]["(unassigned)"]["first_response"]["met"] == 1
    assert result["teams"]["care"]["median_first_response_minutes"] == 80.0


def test_a_case_resolved_before_the_watch_ever_saw_it_is_still_counted(engine):
    """The watch runs every 30 s; a quick case answered and resolved in between must still
    get its due times and outcomes (resolving checks it at once)."""
    with engine.begin() as connection:
        ana, _ = create_user(connection, username="ana", role="agent", password="x" * 12)
        sla.set_policy(connection, priority="normal", first_response_minutes=30,
                       resolution_minutes=24 * 60)  # fmt: skip
    hook = inbox.Inbox(engine)
    dm(engine, hook, "q1", at(0, 9))
    conv = only(engine)
    dm(engine, hook, "q2", at(0, 9, 5), customer="care", to_account="care", reply_to="q1")
    with engine.begin() as connection:
        inbox.change(connection, conv["id"], actor="cli:t", assignee_id=ana.id)
        inbox.change(connection, conv["id"], actor="cli:t", status="resolved", now=at(0, 9, 6))
    done = only(engine)
    assert done["sla_state"] == "done" and done["first_response_due"] == at(0, 9, 30)
    with engine.connect() as connection:
        result = sla.report(connection)
    assert result["agents"]["ana"]["first_response"]["met_percent"] == 100.0
    assert result["overall"]["median_first_response_minutes"] == 5.0
    assert SlaWatch(engine).run_once(at(0, 9, 7)).outcomes == 0  # nothing counted twice
