"""Surge mode: switched on and off by a manager (CLI, alert, incident, rota page), new
conversations during a surge go to the surge pool (off-shift agents included, least loaded,
any language), normal rules after it ends; the banner, the long-surge warning, audit rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from parley.act import inbox, rota, surge
from parley.act.rota import Assigner
from parley.act.surge import SurgeError
from parley.cli import main
from parley.domain import Author, Post
from parley.notify.store import list_inapp
from parley.settings import Settings
from parley.store import audit
from parley.store import inbox as store
from parley.store import posts as post_store
from parley.store.db import open_store
from parley.store.tables import alerts, incidents
from parley.store.users import create_user
from parley.web.app import create_app
from tests.webutil import signed_in

MON = datetime(2026, 3, 2, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return MON + timedelta(hours=hour, minutes=minute)


@pytest.fixture
def team(engine):  # type: ignore[no-untyped-def]
    """ana and bo on 08:00-18:00; cy and dee in the surge pool (dee away); max a manager."""
    people = {}
    with engine.begin() as connection:
        for name, role in [("ana", "agent"), ("bo", "agent"), ("cy", "agent"), ("dee", "agent"),
                           ("eve", "agent"), ("max", "manager")]:  # fmt: skip
            people[name], _ = create_user(connection, username=name, role=role, password="x" * 12)
        for name in ("ana", "bo"):
            rota.add_shift(connection, username=name, days="daily", starts="08:00", ends="18:00",
                           tz="UTC")  # fmt: skip
        rota.set_presence(connection, username="ana", languages="it")
        rota.set_presence(connection, username="cy", surge_pool=True, languages="zh")
        rota.set_presence(connection, username="dee", surge_pool=True, available=False)
        rota.set_assignment(connection, strategy="round_robin", by_language=True)
    return engine, people


def arrive(engine, hook, native_id: str, lang: str | None = "fr") -> dict:  # type: ignore[no-untyped-def]
    p = Post(platform="x", native_id=native_id, created_at=MON, text="help!", kind="dm",
             author=Author(native_id=f"c-{native_id}"), to_account="AureliaCare")  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [p], [{"lang": lang}])
    hook([p], [{"lang": lang}], result.new_keys)
    with engine.connect() as connection:
        (found,) = [c for c in store.list_conversations(connection, limit=1000)
                    if c["thread_key"] == f"dm:c-{native_id}"]  # fmt: skip
    return found


def test_during_a_surge_off_shift_pool_agents_get_conversations_and_after_it_they_do_not(team):
    engine, people = team
    now = [at(21)]  # nobody's shift: ana and bo work 08:00-18:00
    hook = inbox.Inbox(engine, router=Assigner(engine, clock=lambda: now[0], refresh=0))
    before = arrive(engine, hook, "n1")
    assert before["assignee"] is None and before["rota_gap"]
    with engine.begin() as connection:
        started = surge.start(connection, actor=people["max"], reason="airport outage",
                              now=now[0])  # fmt: skip
    during = [arrive(engine, hook, f"s{i}") for i in range(3)]
    # cy is the only available pool agent off shift (dee is away): all three go to cy
    assert [c["assignee"] for c in during] == ["cy", "cy", "cy"]
    assert not any(c["rota_gap"] for c in during)
    assert f"surge mode (#{started.id})" in during[0]["routing"]
    assert "cy (surge pool, off shift) had 0 open" in during[0]["routing"]
    assert "cy (surge pool, off shift) had 2 open" in during[2]["routing"]
    # in the day: everyone on duty plus the pool, least loaded first, language ignored
    now[0] = at(10)
    day = [arrive(engine, hook, f"d{i}", lang="it") for i in range(4)]
    assert [c["assignee"] for c in day] == ["ana", "bo", "ana", "bo"]  # cy holds 3 already
    assert all("least-loaded of 3 in the pool" in c["routing"] for c in day)
    with engine.begin() as connection:
        surge.end(connection, actor=people["max"], now=now[0])
    now[0] = at(21)
    after = arrive(engine, hook, "a1")
    assert after["assignee"] is None and after["rota_gap"]  # cy is off shift again
    assert "nobody on duty at 2026-03-02 21:00 UTC" in after["routing"]
    now[0] = at(11)
    normal = arrive(engine, hook, "a2", lang="it")
    assert normal["assignee"] == "ana" and "speaks it" in normal["routing"]  # by language


def test_a_surge_without_anyone_in_the_pool_is_a_rota_gap(team):
    engine, people = team
    with engine.begin() as connection:
        rota.set_presence(connection, username="cy", surge_pool=False)
        rota.set_assignment(connection, strategy="manual")
        surge.start(connection, actor=people["max"], reason="storm", now=at(21))
    now = [at(21)]
    hook = inbox.Inbox(engine, router=Assigner(engine, clock=lambda: now[0], refresh=0))
    lonely = arrive(engine, hook, "z1")
    assert lonely["assignee"] is None and lonely["rota_gap"]
    assert "nobody on duty or in the surge pool" in lonely["routing"]
    now[0] = at(9)  # manual assignment is overruled by the surge: least loaded
    assert arrive(engine, hook, "z2")["assignee"] == "ana"


def test_start_and_end_are_audited_checked_and_tell_everyone(team):
    engine, people = team
    with engine.begin() as connection:
        incident_id = connection.execute(
            incidents.insert().values(title="outage", severity="high", status="open",
                                      opened_at=at(9), opened_by="max")
        ).inserted_primary_key[0]  # fmt: skip
    with engine.begin() as connection:
        with pytest.raises(SurgeError, match="needs the manager role, and they hold agent"):
            surge.start(connection, actor=people["ana"], reason="x")
        with pytest.raises(SurgeError, match="reason: say why"):
            surge.start(connection, actor=people["max"], reason="  \n ")
        with pytest.raises(SurgeError, match="incident: there is no incident 99"):
            surge.start(connection, actor=people["max"], reason="x", incident_id=99)
        with pytest.raises(SurgeError, match="alert: there is no alert 98"):
            surge.start(connection, actor=people["max"], reason="x", alert_id=98)
        with pytest.raises(SurgeError, match="not both"):
            surge.start(connection, actor=people["max"], reason="x", alert_id=1, incident_id=1)
        with pytest.raises(SurgeError, match="max hours: 1 to 168"):
            surge.start(connection, actor=people["max"], reason="x", max_hours=0)
        with pytest.raises(SurgeError, match="not on"):
            surge.end(connection, actor=people["max"])
    with engine.begin() as connection:
        surge.start(connection, actor=people["max"], reason="<b>outage</b>",
                    incident_id=incident_id, now=at(10, 42))  # fmt: skip
    with engine.begin() as connection, pytest.raises(SurgeError, match="already on since"):
        surge.start(connection, actor=people["max"], reason="again", now=at(11))
    with engine.connect() as connection:
        banner = surge.status(connection, now=at(11))
        assert banner is not None and banner["warning"] is None
        # at 11:00 nobody of the pool is off shift but cy (dee is away)
        assert banner["text"] == (f"Surge mode since 10:42 UTC, started by max from incident "
                                  f"{incident_id}: 1 extra agent")  # fmt: skip
        assert banner["extra"] == ["cy"]
        later = surge.status(connection, now=at(10, 42) + timedelta(hours=25))
        assert later is not None and "on for 25 hours, longer than its 24 h maximum" in (
            later["warning"] or ""
        )
        assert "never ends by itself" in later["warning"]
        assert surge.current(connection) is not None  # still on: it never ends silently
        for person in ("ana", "eve"):
            news = list_inapp(connection, user_id=people[person].id)["notifications"]
            assert [n["event"] for n in news] == ["inbox.surge"]
        assert news[0]["title"] == "Surge mode on: <b>outage</b>"
    with engine.begin() as connection:
        ended = surge.end(connection, actor=people["max"], now=at(12, 42))
    assert ended.ended_by == "max" and surge.hours_on(ended, at(13)) == 2.0
    with engine.connect() as connection:
        assert surge.status(connection) is None
        actions = [e["action"] for e in audit.entries(connection, action="surge.")]
        assert actions == ["surge.end", "surge.start"]
        (row,) = audit.entries(connection, action="surge.start")
        assert row["actor"] == "max" and row["detail"]["incident"] == incident_id


def _run(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env)


def test_the_cli_switches_surge_mode_on_and_off(cli_env, db_url):
    engine = open_store(db_url)
    with engine.begin() as connection:
        create_user(connection, username="max", role="manager", password="x" * 12)
        create_user(connection, username="ana", role="agent", password="x" * 12)
        connection.execute(alerts.insert().values(
            kind="volume", topic="*", key="k", severity="high", state="open", score=3.0,
            title="spike", summary="s", evidence="{}", fired_at=at(9), updated_at=at(9),
            wall_fired_at=at(9)))  # fmt: skip
    engine.dispose()
    assert "surge mode is off" in _run(cli_env, "inbox", "surge", "status").output
    pooled = _run(cli_env, "rota", "presence", "ana", "--surge-pool")
    assert pooled.exit_code == 0 and "in the surge pool" in pooled.output
    refused = _run(cli_env, "inbox", "surge", "on", "--reason", "x", "--by", "ana")
    assert refused.exit_code == 1 and "needs the manager role" in refused.output
    bad = _run(cli_env, "inbox", "surge", "on", "--reason", "x", "--alert", "7", "--by", "max")
    assert bad.exit_code == 1 and "there is no alert 7" in bad.output
    on = _run(cli_env, "inbox", "surge", "on", "--reason", "spike \x1b[31m", "--alert", "1",
              "--max-hours", "6", "--by", "max")  # fmt: skip
    assert on.exit_code == 0, on.output
    assert "started by max from alert 1: 1 extra agent" in on.output
    shown = _run(cli_env, "inbox", "surge", "status")
    assert "reason: spike" in shown.output and "\x1b" not in shown.output
    assert "extra agents: ana" in shown.output
    as_json = json.loads(_run(cli_env, "inbox", "surge", "status", "--json").output)
    assert as_json["surge"]["alert_id"] == 1 and as_json["surge"]["settings"]["max_hours"] == 6
    off = _run(cli_env, "inbox", "surge", "off", "--by", "max")
    assert off.exit_code == 0 and "surge mode off after" in off.output
    again = _run(cli_env, "inbox", "surge", "off", "--by", "max")
    assert again.exit_code == 1 and "surge mode is not on" in again.output
    engine = open_store(db_url)
    with engine.connect() as connection:
        assert [e["action"] for e in audit.entries(connection, action="surge.")] == [
            "surge.end", "surge.start"]  # fmt: skip
        assert connection.execute(select(alerts.c.id)).scalar() == 1
    engine.dispose()


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def test_the_pages_switch_surge_mode_and_show_the_banner(app, engine):
    manager = signed_in(app, "manager", username="ana")
    agent = signed_in(app, "agent", username="bo")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(alerts.insert().values(
            kind="volume", topic="*", key="k", severity="high", state="open", score=3.0,
            title="spike", summary="s", evidence="{}", fired_at=now, updated_at=now,
            wall_fired_at=now))  # fmt: skip
        connection.execute(incidents.insert().values(
            title="outage", severity="high", status="open", opened_at=now, opened_by="ana"))  # fmt: skip
    p = Post(platform="x", native_id="w1", created_at=now, kind="dm", text="help",
             author=Author(native_id="c-w1"), to_account="AureliaCare")  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, [p], [{}])
    inbox.Inbox(engine)([p], [{}], result.new_keys)
    alert_page = manager.get("/alerts/1")
    assert "Start surge mode" in alert_page.text and 'name="alert_id" value="1"' in alert_page.text
    assert "Start surge mode" not in agent.get("/alerts/1").text
    assert agent.post("/surge/start", data={"reason": "x"}).status_code == 403
    empty = manager.post("/surge/start", data={"reason": " ", "alert_id": "1"})
    assert empty.status_code == 422 and "reason: say why" in empty.text
    bad = manager.post("/surge/start", data={"reason": "x", "max_hours": "many"})
    assert bad.status_code == 422 and "max hours: &#39;many&#39; is not a whole number" in bad.text
    on = manager.post("/surge/start", data={"reason": "<i>spike</i>", "alert_id": "1",
                                            "back": "/alerts/1"}, follow_redirects=False)  # fmt: skip
    assert on.status_code == 303 and on.headers["location"] == "/alerts/1"
    for page in (agent.get("/inbox"), agent.get("/inbox/1"), agent.get("/rota"),
                 agent.get("/incidents/1"), manager.get("/alerts/1")):  # fmt: skip
        assert page.status_code == 200
        assert "started by ana from alert 1: 0 extra agents" in page.text, page.url
        assert "&lt;i&gt;spike&lt;/i&gt;" in page.text and "<i>spike" not in page.text
    assert "Surge mode since " in agent.get("/inbox").text
    again = manager.post("/surge/start", data={"reason": "y", "incident_id": "1"})
    assert again.status_code == 422 and "already on since" in again.text
    # the pool on /rota: bo goes in, the banner counts him (he has no shift: off shift)
    assert agent.post("/rota/surge-pool", data={"username": "bo", "surge_pool": "true"}
                      ).status_code == 403  # fmt: skip
    pooled = manager.post("/rota/surge-pool", data={"username": "bo", "surge_pool": "true"})
    assert pooled.status_code == 200 and "Take out of the pool" in pooled.text
    assert "1 extra agent" in pooled.text
    assert manager.post("/rota/surge-pool", data={"username": "nobody",
                                                  "surge_pool": "true"}).status_code == 422  # fmt: skip
    room = manager.get("/incidents/1")
    assert "End surge mode" in room.text
    off = manager.post("/surge/end", data={"back": "https://evil.example/"},
                       follow_redirects=False)  # fmt: skip
    assert off.status_code == 303 and off.headers["location"] == "/rota"
    assert "Surge mode since" not in agent.get("/inbox").text
    assert manager.post("/surge/end").status_code == 422
    with engine.connect() as connection:
        actions = [e["action"] for e in audit.entries(connection)]
    assert {"surge.start", "surge.end", "rota.surge_pool"} <= set(actions)
