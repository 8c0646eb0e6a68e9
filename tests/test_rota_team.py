"""The rota's team page: agents' languages and teams, absences with cover, extra shifts and
holidays, entered by a manager in the browser's local times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parley.act import rota
from parley.settings import Settings
from parley.web.app import create_app
from tests.webutil import signed_in


@pytest.fixture
def app(engine, db_url, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(Settings(data_dir=tmp_path, database_url=db_url), engine=engine,
                      simulate=None)  # fmt: skip


def test_a_manager_covers_an_absence_and_the_rota_follows(app, engine) -> None:
    boss = signed_in(app, "manager", username="boss")
    signed_in(app, "agent", username="ana")
    signed_in(app, "agent", username="ben")
    with engine.begin() as connection:
        rota.add_shift(connection, username="ana", days="mon-sun", starts="00:00", ends="24:00",
                       tz="UTC")  # fmt: skip
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    local = now.astimezone(rota.zone("Asia/Shanghai"))
    form = {"kind": "absence", "username": "ana", "cover": "ben", "tz": "Asia/Shanghai",
            "starts": (local - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends": (local + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "note": "<b>dentist</b>"}  # fmt: skip
    added = boss.post("/rota/exceptions", data=form, follow_redirects=False)
    assert added.status_code == 303
    with engine.connect() as connection:
        on_duty = {d.username for d in rota.who_is_on_duty(connection, now)}
        (exception,) = rota.exceptions(connection, since=now)
    assert on_duty == {"ben"}  # ana is away, ben covers her shift
    assert exception["starts_at"] == now - timedelta(hours=1)  # the zone was applied
    page = boss.get("/rota/team").text
    assert "covered by ben" in page and "&lt;b&gt;dentist" in page and "<b>dentist" not in page
    backwards = boss.post("/rota/exceptions", data=form | {"ends": form["starts"],
                                                             "starts": form["ends"]})  # fmt: skip
    assert backwards.status_code == 422 and "before it starts" in backwards.text
    assert 'value="ben" selected' in backwards.text  # the form is kept
    garbage = boss.post("/rota/exceptions", data=form | {"starts": "tomorrow"})
    assert garbage.status_code == 422 and "the start must be a date and time" in garbage.text
    zone = boss.post("/rota/exceptions", data=form | {"tz": "Mars/Olympus"})
    assert zone.status_code == 422 and "Mars/Olympus" in zone.text
    holiday = boss.post("/rota/exceptions", data=form | {"kind": "holiday"})
    assert holiday.status_code == 422 and "a holiday is for everyone" in holiday.text
    removed = boss.post(f"/rota/exceptions/{exception['id']}/delete", follow_redirects=False)
    assert removed.status_code == 303
    with engine.connect() as connection:
        assert {d.username for d in rota.who_is_on_duty(connection, now)} == {"ana"}
    assert boss.post(f"/rota/exceptions/{exception['id']}/delete").status_code == 404
    audit = signed_in(app, "admin").get("/audit").text
    assert "rota.exception.add" in audit and "rota.exception.remove" in audit


def test_languages_and_team_of_an_agent(app, engine) -> None:
    boss = signed_in(app, "manager", username="boss")
    agent = signed_in(app, "agent", username="chen")
    saved = boss.post("/rota/team/chen", data={"languages": "zh, en", "team": "Asia"},
                      follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    with engine.connect() as connection:
        presence = next(iter(rota.Rota.load(connection).presence.values()))
    assert presence["languages"] == ("zh", "en") and presence["team"] == "Asia"
    bad = boss.post("/rota/team/chen", data={"languages": "zh; drop table", "team": ""})
    assert bad.status_code == 422 and "languages are codes" in bad.text
    nobody = boss.post("/rota/team/ghost", data={"languages": "en"})
    assert nobody.status_code == 422 and "ghost" in nobody.text
    assert agent.post("/rota/team/chen", data={"languages": "en"}).status_code == 403
    assert "zh, en" in agent.get("/rota/team").text
