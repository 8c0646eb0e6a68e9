"""The rota: shifts in time zones, split and overnight shifts, exceptions, cover, presence,
and automatic assignment of new conversations (with the fallback when nobody is on duty)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.act import inbox, rota
from parley.act.rota import Assigner, RotaError
from parley.domain import Author, Post
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.users import create_user

# Monday 2 March 2026; Rome is UTC+1 then.
MON = datetime(2026, 3, 2, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return MON + timedelta(days=day, hours=hour, minutes=minute)


@pytest.fixture
def team(engine):  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        for name, role in [
            ("ana", "agent"),
            ("bo", "agent"),
            ("cy", "manager"),
            ("dee", "analyst"),
        ]:
            create_user(connection, username=name, role=role, password="x" * 12)
    return engine


def names(duty: list[rota.OnDuty]) -> list[str]:
    return [d.username for d in duty]


def test_split_shift_in_a_time_zone_and_next_on_duty(team):
    with team.begin() as connection:
        rota.add_shift(connection, username="ana", days="mon-fri", starts="09:00", ends="13:00",
                       tz="Europe/Rome")  # fmt: skip
        rota.add_shift(connection, username="ana", days="mon-fri", starts="15:00", ends="19:00",
                       tz="Europe/Rome")  # fmt: skip
        rota.add_shift(connection, username="bo", days="sat,sun", starts="10:00", ends="16:00",
                       tz="America/New_York")  # fmt: skip
        r = rota.Rota.load(connection)
    assert names(r.on_duty(at(0, 8))) == ["ana"]  # 09:00 in Rome
    assert names(r.on_duty(at(0, 7, 59))) == []
    assert names(r.on_duty(at(0, 12, 30))) == []  # the split shift's break
    assert names(r.on_duty(at(0, 14))) == ["ana"]
    assert names(r.on_duty(at(5, 15))) == ["bo"]  # Saturday 10:00 in New York (UTC-5)
    moment, coming = r.next_on_duty(at(0, 12, 30))
    assert moment == at(0, 14) and names(coming) == ["ana"]
    moment, coming = r.next_on_duty(at(4, 18, 30))  # Friday evening: the weekend shift next
    assert moment == at(5, 15) and names(coming) == ["bo"]


def test_a_shift_ending_before_it_starts_is_refused_unless_overnight(team):
    with team.begin() as connection:
        with pytest.raises(RotaError, match=r"ends at 06:00, before it starts at 22:00.*overnight"):
            rota.add_shift(connection, username="bo", days="mon", starts="22:00", ends="06:00",
                           tz="UTC")  # fmt: skip
        with pytest.raises(RotaError, match="would last no time"):
            rota.add_shift(connection, username="bo", days="mon", starts="09:00", ends="09:00",
                           tz="UTC")  # fmt: skip
        rota.add_shift(connection, username="bo", days="mon", starts="22:00", ends="06:00",
                       tz="UTC", overnight=True)  # fmt: skip
        r = rota.Rota.load(connection)
    assert names(r.on_duty(at(0, 23))) == ["bo"]
    assert names(r.on_duty(at(1, 5, 59))) == ["bo"]  # Tuesday morning, same shift
    assert names(r.on_duty(at(1, 6))) == []


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"tz": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"days": "someday"}, "days 'someday'"),
        ({"starts": "9am"}, "start '9am': use HH:MM"),
        ({"username": "dee"}, "dee is an analyst"),
        ({"username": "zed"}, "no user named 'zed'"),
        ({"valid_from": "2026-05-01", "valid_until": "2026-04-01"}, "before it is valid from"),
    ],
)
def test_bad_shifts_say_what_is_wrong(team, kwargs, words):
    shift = {"username": "ana", "days": "mon", "starts": "09:00", "ends": "17:00", "tz": "UTC"}
    with team.begin() as connection, pytest.raises(RotaError, match=words):
        rota.add_shift(connection, **(shift | kwargs))


def test_overlap_across_time_zones_names_both_shifts(team):
    with team.begin() as connection:
        first = rota.add_shift(connection, username="ana", days="mon-fri", starts="09:00",
                               ends="17:00", tz="Europe/Rome")  # fmt: skip
        rota.add_shift(connection, username="ana", days="fri", starts="16:00", ends="18:00",
                       tz="Europe/London", valid_from="2026-03-02")  # fmt: skip
    with team.begin() as connection, pytest.raises(RotaError) as refused:
        rota.add_shift(connection, username="ana", days="wed", starts="15:00",
                       ends="20:00", tz="Europe/London")  # fmt: skip
    message = str(refused.value)
    assert "new shift (wed 15:00-20:00 Europe/London)" in message
    assert f"shift #{first.id} of ana (mon,tue,wed,thu,fri 09:00-17:00 Europe/Rome)" in message
    # another agent's shift at the same time is fine
    with team.begin() as connection:
        rota.add_shift(connection, username="bo", days="wed", starts="15:00", ends="20:00",
                       tz="Europe/London")  # fmt: skip


def test_absence_with_cover_holiday_extra_and_presence(team):
    with team.begin() as connection:
        rota.add_shift(connection, username="ana", days="daily", starts="08:00", ends="16:00",
                       tz="UTC")  # fmt: skip
        rota.add_exception(connection, kind="absence", username="ana", cover="bo",
                           starts_at=at(1, 0), ends_at=at(2, 0))  # fmt: skip
        rota.add_exception(connection, kind="holiday", starts_at=at(3, 0), ends_at=at(4, 0),
                           note="public holiday")  # fmt: skip
        rota.add_exception(connection, kind="extra", username="cy", starts_at=at(3, 10),
                           ends_at=at(3, 12))  # fmt: skip
        with pytest.raises(RotaError, match=r"ends .* before it starts"):
            rota.add_exception(connection, kind="absence", username="ana", starts_at=at(5, 0),
                               ends_at=at(4, 0))  # fmt: skip
        with pytest.raises(RotaError, match="cannot cover their own"):
            rota.add_exception(connection, kind="absence", username="ana", cover="ana",
                               starts_at=at(5, 0), ends_at=at(6, 0))  # fmt: skip
        r = rota.Rota.load(connection)
    assert names(r.on_duty(at(0, 9))) == ["ana"]
    covering = r.on_duty(at(1, 9))
    assert names(covering) == ["bo"] and covering[0].why == "covering for ana"
    assert names(r.on_duty(at(3, 9))) == []  # the holiday
    assert names(r.on_duty(at(3, 11))) == ["cy"]  # an extra shift still counts
    with team.begin() as connection:
        rota.set_presence(connection, username="ana", available=False)
        duty = rota.who_is_on_duty(connection, at(0, 9))
    assert [(d.username, d.available) for d in duty] == [("ana", False)]


def _conversation(engine, hook, native_id: str, lang: str | None = None,  # type: ignore[no-untyped-def]
                  reason: str | None = None) -> dict:  # fmt: skip
    p = Post(platform="x", native_id=native_id, created_at=MON, text="help", kind="dm",
             author=Author(native_id=f"c-{native_id}"))  # fmt: skip
    enrichment = {"lang": lang} | (
        {"reason": reason, "intent": "complaint", "urgency": "normal"} if reason else {}
    )
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [p], [enrichment])
    hook([p], [enrichment], result.new_keys)
    with engine.connect() as connection:
        (found,) = [
            c
            for c in store.list_conversations(connection)
            if c["thread_key"] == f"dm:c-{native_id}"
        ]
    return found


def test_round_robin_least_loaded_and_language(team):
    now = [at(0, 10)]
    with team.begin() as connection:
        for name in ("ana", "bo"):
            rota.add_shift(connection, username=name, days="daily", starts="08:00", ends="18:00",
                           tz="UTC")  # fmt: skip
        rota.set_presence(connection, username="bo", languages="zh,en")
        rota.set_presence(connection, username="ana", languages="it")
    hook = inbox.Inbox(team, router=Assigner(team, clock=lambda: now[0], refresh=0))
    got = [_conversation(team, hook, f"rr{i}")["assignee"] for i in range(4)]
    assert got == ["ana", "bo", "ana", "bo"]
    with team.begin() as connection:
        rota.set_assignment(connection, strategy="least_loaded", by_language=True)
    chinese = _conversation(team, hook, "zh1", lang="zh")
    assert chinese["assignee"] == "bo" and "speaks zh" in chinese["routing"]
    # ana has 2 open, bo 3: the least loaded gets a language nobody lists... ana lists "it"
    french = _conversation(team, hook, "fr1", lang="fr")
    assert french["assignee"] == "ana" and "nobody on duty speaks fr" in french["routing"]


def test_nobody_on_duty_goes_to_the_fallback_or_the_queue_and_is_flagged(team):
    now = [at(0, 22)]
    with team.begin() as connection:
        rota.add_shift(connection, username="ana", days="daily", starts="08:00", ends="18:00",
                       tz="UTC")  # fmt: skip
    hook = inbox.Inbox(team, router=Assigner(team, clock=lambda: now[0], refresh=0))
    queued = _conversation(team, hook, "late1")
    assert queued["assignee"] is None and queued["rota_gap"]
    assert "nobody on duty at 2026-03-02 22:00 UTC" in queued["routing"]
    assert "unassigned queue" in queued["routing"]
    with team.begin() as connection:
        rota.set_assignment(connection, fallback="cy")
        with pytest.raises(RotaError, match="no user named"):
            rota.set_assignment(connection, fallback="nobody")
    fallback = _conversation(team, hook, "late2")
    assert fallback["assignee"] == "cy" and fallback["rota_gap"]
    assert "sent to the fallback, cy" in fallback["routing"]
    with team.connect() as connection:
        assert rota.gaps(connection) == 2
    now[0] = at(1, 9)
    assert not _conversation(team, hook, "day1")["rota_gap"]


def test_assignment_by_skill_prefers_the_agents_skilled_in_the_reason(team):
    now = [at(0, 10)]
    with team.begin() as connection:
        for name in ("ana", "bo"):
            rota.add_shift(connection, username=name, days="daily", starts="08:00", ends="18:00",
                           tz="UTC")  # fmt: skip
        rota.set_presence(connection, username="bo", skills="Billing, account")
        rota.set_assignment(connection, strategy="least_loaded", by_skill=True)
        with pytest.raises(RotaError, match="a skill is a reason's name"):
            rota.set_presence(connection, username="ana", skills="billing; drop table")
    hook = inbox.Inbox(team, router=Assigner(team, clock=lambda: now[0], refresh=0))
    bills = [_conversation(team, hook, f"b{i}", reason="billing") for i in range(3)]
    assert {c["assignee"] for c in bills} == {"bo"}  # the specialist, however loaded
    assert "skilled in billing" in bills[0]["routing"]
    delivery = _conversation(team, hook, "d1", reason="delivery_cancellation")
    assert delivery["assignee"] == "ana"  # nobody skilled: the least loaded of all
    assert "nobody on duty is skilled in delivery_cancellation" in delivery["routing"]
    other = _conversation(team, hook, "o1", reason="other")
    assert "skilled" not in other["routing"]
    with team.begin() as connection:
        rota.set_assignment(connection, by_skill=False)
        assert rota.get_assignment(connection).strategy == "least_loaded"
    plain = _conversation(team, hook, "b9", reason="billing")
    assert plain["assignee"] == "ana" and "skilled" not in plain["routing"]
