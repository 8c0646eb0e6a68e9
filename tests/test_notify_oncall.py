"""On-call windows across time zones, midnight and daylight saving; the fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parley.notify.model import NotifyError
from parley.notify.oncall import Window, add_entry, list_entries, on_call, remove_entry

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "covered"),
    [
        ("2026-03-02T07:59", False),  # Monday 08:59 in Rome (UTC+1)
        ("2026-03-02T08:00", True),  # Monday 09:00 in Rome
        ("2026-03-06T16:59", True),  # Friday 17:59
        ("2026-03-06T17:00", False),  # Friday 18:00: the end is exclusive
        ("2026-03-07T10:00", False),  # Saturday
        ("2026-06-01T07:30", True),  # Monday 09:30 in Rome in summer (UTC+2)
        ("2026-06-01T16:30", False),  # 18:30 in Rome in summer, though 17:30 in winter time
    ],
)
def test_weekday_window_in_rome(moment, covered):
    assert Window.parse("Mon-Fri 09:00-18:00 Europe/Rome").covers(utc(moment)) is covered


@pytest.mark.parametrize(
    ("moment", "covered"),
    [
        ("2026-03-06T23:00", False),  # Friday 23:00
        ("2026-03-07T22:00", True),  # Saturday 22:00: starts
        ("2026-03-08T03:00", True),  # Sunday 03:00: Saturday's night
        ("2026-03-08T12:00", False),  # Sunday noon
        ("2026-03-08T23:30", True),  # Sunday night
        ("2026-03-09T05:59", True),  # Monday 05:59: Sunday's night runs past midnight
        ("2026-03-09T06:00", False),  # Monday 06:00: over
        ("2026-03-07T05:00", False),  # Saturday 05:00 belongs to Friday's night: not listed
    ],
)
def test_overnight_window_crosses_midnight(moment, covered):
    assert Window.parse("Sat-Sun 22:00-06:00").covers(utc(moment)) is covered


def test_zone_changes_the_day():
    # 23:30 UTC on Sunday is Monday 08:30 in Tokyo
    window = Window.parse("Mon 08:00-12:00 Asia/Tokyo")
    assert window.covers(utc("2026-03-08T23:30"))
    assert not window.covers(utc("2026-03-09T23:30"))  # Tuesday in Tokyo


def test_day_lists_wraps_and_end_of_day():
    assert Window.parse("Fri-Mon 00:00-24:00").days == frozenset({4, 5, 6, 0})
    assert Window.parse("mon,wed,Friday 10:00-11:00").days == frozenset({0, 2, 4})
    assert Window.parse("Daily 00:00-24:00 UTC").covers(utc("2026-03-04T23:59"))


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("Mon-Fri", "expected DAYS"),
        ("Mon-Fri 9-18", "HH:MM-HH:MM"),
        ("Mun-Fri 09:00-18:00", "not a day"),
        ("Mon 25:00-26:00", "not a time of day"),
        ("Mon 09:00-18:00 Mars/Olympus", "unknown time zone"),
        ("Mon 09:00-09:00", "same time"),
        ("Mon 09:00-18:00 ../../etc/passwd", "unknown time zone"),
    ],
)
def test_bad_windows_say_what_is_wrong(spec, words):
    with pytest.raises(NotifyError, match=words):
        Window.parse(spec)


def test_on_call_entries_and_fallback_in_the_store(engine):
    with engine.begin() as connection:
        rome = add_entry(connection, person="Giulia", email="giulia@example.org",
                         window="Mon-Fri 09:00-18:00 Europe/Rome", fallback=False, now=NOW)  # fmt: skip
        add_entry(connection, person="Ken", email="ken@example.org",
                  window="Mon-Fri 09:00-18:00 Asia/Tokyo", fallback=False, now=NOW)  # fmt: skip
        add_entry(connection, person="Desk", email="desk@example.org", window=None,
                  fallback=True, now=NOW)  # fmt: skip
        with pytest.raises(NotifyError, match="either a window or --fallback"):
            add_entry(connection, person="X", email="x@example.org", window=None,
                      fallback=False, now=NOW)  # fmt: skip
        with pytest.raises(NotifyError, match="not an email address"):
            add_entry(connection, person="X", email="x@example.org\nBcc: y@z.org",
                      window=None, fallback=True, now=NOW)  # fmt: skip
    with engine.connect() as connection:
        assert len(list_entries(connection)) == 3
        rome_morning = on_call(connection, utc("2026-03-02T08:30"))  # 09:30 Rome, 17:30 Tokyo
        assert rome_morning.emails == ["giulia@example.org", "ken@example.org"]
        assert not rome_morning.fallback
        tokyo_only = on_call(connection, utc("2026-03-02T01:00"))  # 10:00 Tokyo, 02:00 Rome
        assert tokyo_only.emails == ["ken@example.org"]
        night = on_call(connection, utc("2026-03-02T20:00"))
        assert night.emails == ["desk@example.org"] and night.fallback
    with engine.begin() as connection:
        remove_entry(connection, rome)
        with pytest.raises(NotifyError, match="no on-call entry"):
            remove_entry(connection, rome)
