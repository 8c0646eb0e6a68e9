"""`parley channels|oncall|notify`, the status line and the JSON API, as a user meets them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner

from parley.cli import main
from parley.notify import Notification, enqueue
from parley.settings import Settings
from parley.store.db import open_store
from parley.web.app import create_app
from tests.notify_servers import free_port, http_receiver, smtp_server
from tests.webutil import signed_in

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def run(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def alert(ref: str, title: str = "Surge on Aurelia") -> Notification:
    return Notification(event="alert.opened", severity="high", title=title, text="42/min",
                        link="/alerts/1", fields={"Topic": "Aurelia"}, ref=ref)  # fmt: skip


def test_channels_lifecycle_and_failing_is_visible_everywhere(cli_env, db_url):
    dead = f"http://127.0.0.1:{free_port()}/hook"
    with http_receiver(200) as server:
        assert run(cli_env, "channels", "add", "slack", "--kind", "slack",
                   "--target", server.url + "/s", "--min-severity", "medium").exit_code == 0  # fmt: skip
        result = run(cli_env, "channels", "test", "slack")
        assert result.exit_code == 0 and "delivered: HTTP 200" in result.stdout
        assert len(server.received) == 1
    assert run(cli_env, "channels", "add", "dead", "--kind", "webhook", "--target", dead,
               "--secret", "k").exit_code == 0  # fmt: skip
    result = run(cli_env, "channels", "test", "dead")
    assert result.exit_code == 1 and "failed (temporary): cannot connect" in result.stderr

    listed = run(cli_env, "channels", "list")
    assert "failing  dead  webhook" in listed.stdout and "cannot connect" in listed.stdout
    assert "ok       slack  slack" in listed.stdout
    as_json = json.loads(run(cli_env, "channels", "list", "--json").stdout)
    assert {c["name"]: c["state"] for c in as_json} == {"dead": "failing", "slack": "ok"}
    assert all("secret" not in json.dumps(c) for c in as_json)  # never printed
    status = run(cli_env, "status")
    assert "failing  dead" in status.stdout and "cannot connect" in status.stdout
    report = json.loads(run(cli_env, "status", "--json").stdout)
    assert [c["state"] for c in report["channels"]] == ["failing", "ok"]

    engine = open_store(db_url)
    try:
        app = create_app(Settings.from_env(cli_env), engine=engine)
        client = signed_in(app, "analyst")  # no lifespan: no pipeline or dispatcher started
        channels = client.get("/api/v1/channels").json()
        assert {c["name"]: c["state"] for c in channels} == {"dead": "failing", "slack": "ok"}
        assert {c["target"] for c in channels} == {dead.rsplit("/", 1)[0] + "/…",
                                                   server.url + "/…"}  # fmt: skip
    finally:
        engine.dispose()

    bad = run(cli_env, "channels", "add", "x", "--kind", "slack", "--target", "not a url")
    assert bad.exit_code == 1 and "http(s) URL" in bad.stderr
    assert run(cli_env, "channels", "disable", "slack").exit_code == 0
    assert "disabled slack" in run(cli_env, "channels", "list").stdout
    assert run(cli_env, "channels", "enable", "slack").exit_code == 0
    assert run(cli_env, "channels", "remove", "dead").exit_code == 0
    gone = run(cli_env, "channels", "remove", "dead")
    assert gone.exit_code == 1 and "no channel 'dead'" in gone.stderr


def test_oncall_commands(cli_env):
    assert run(cli_env, "oncall", "add", "Giulia", "giulia@example.org",
               "--window", "Mon-Fri 09:00-18:00 Europe/Rome").exit_code == 0  # fmt: skip
    assert run(cli_env, "oncall", "add", "Desk", "desk@example.org", "--fallback").exit_code == 0
    bad = run(cli_env, "oncall", "add", "X", "x@example.org", "--window", "Mon 9-5")
    assert bad.exit_code == 1 and "HH:MM-HH:MM" in bad.stderr
    listed = run(cli_env, "oncall", "list")
    assert "Giulia <giulia@example.org>  Mon-Fri 09:00-18:00 Europe/Rome" in listed.stdout
    entries = json.loads(run(cli_env, "oncall", "list", "--json").stdout)
    assert [e["person"] for e in entries] == ["Giulia", "Desk"]
    day = run(cli_env, "oncall", "now", "--at", "2026-03-02T09:00:00Z")
    assert "Giulia" in day.stdout and "Desk" not in day.stdout
    night = run(cli_env, "oncall", "now", "--at", "2026-03-02T22:00:00+00:00")
    assert "Desk" in night.stdout and "fallback" in night.stdout
    assert run(cli_env, "oncall", "remove", str(entries[1]["id"])).exit_code == 0
    nobody = run(cli_env, "oncall", "now", "--at", "2026-03-02T22:00:00Z")
    assert "nobody is on call" in nobody.stdout


def test_notify_run_delivers_and_list_shows_states(cli_env, db_url):
    with smtp_server() as box:
        env = {**cli_env, "PARLEY_SMTP_HOST": "127.0.0.1", "PARLEY_SMTP_PORT": str(box.port),
               "PARLEY_SMTP_FROM": "parley@example.org", "PARLEY_SMTP_STARTTLS": "false"}  # fmt: skip
        assert run(env, "channels", "add", "mail", "--kind", "email",
                   "--target", "ops@example.org").exit_code == 0  # fmt: skip
        engine = open_store(db_url)
        try:
            with engine.begin() as connection:
                assert enqueue(connection, alert("a:1", "Bad\nnews"), now=NOW) == 1
        finally:
            engine.dispose()
        pending = run(env, "notify", "list", "--state", "pending")
        assert "#1 pending mail  high alert.opened  Bad news" in pending.stdout
        result = run(env, "notify", "run", "--once")
        assert (
            result.exit_code == 0 and "sent     #1 mail a:1: mailed 1 recipient(s)" in result.stdout
        )
        assert "1 sent, 0 to retry, 0 failed" in result.stderr
        assert len(box.messages) == 1
    rows = json.loads(run(env, "notify", "list", "--json").stdout)
    assert [(r["state"], r["attempts"]) for r in rows] == [("sent", 1)]
    assert "nothing in the outbox in state failed" in run(env, "notify", "list", "--state",
                                                          "failed").stdout  # fmt: skip


def test_in_app_notifications_api(engine, tmp_path):
    with engine.begin() as connection:
        enqueue(connection, alert("a:1", "<script>x</script>"), now=NOW)
        enqueue(connection, alert("a:2"), now=NOW.replace(minute=5))
        enqueue(connection, alert("a:2"), now=NOW.replace(minute=9))  # same ref: once
    settings = Settings(data_dir=tmp_path, database_url=str(engine.url))
    client = signed_in(create_app(settings, engine=engine), "agent")
    page = client.get("/api/v1/notifications").json()
    assert page["unread"] == 2
    assert [n["ref"] for n in page["notifications"]] == ["a:2", "a:1"]
    first = page["notifications"][1]
    assert first["title"] == "<script>x</script>" and first["fields"] == {"Topic": "Aurelia"}
    assert first["read_at"] is None and first["link"] == "/alerts/1"
    assert client.post(f"/api/v1/notifications/{first['id']}/read").status_code == 200
    assert client.post(f"/api/v1/notifications/{first['id']}/read").status_code == 200
    assert client.post("/api/v1/notifications/999/read").status_code == 404
    after = client.get("/api/v1/notifications", params={"unread": "true"}).json()
    assert after["unread"] == 1 and [n["ref"] for n in after["notifications"]] == ["a:2"]
    assert client.get("/api/v1/notifications", params={"limit": 0}).status_code == 422
