"""`parley alerts ...` and `parley incidents ...` as a person runs them (click's CliRunner),
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

from click.testing import CliRunner

from parley.cli import main
from parley.store.db import open_store
from tests.test_incidents import WALL, _crisis, new_alert


def run(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_alerts_and_an_incident_from_the_command_line(cli_env, db_url):
    engine = open_store(db_url)
    with engine.begin() as c:
        alert_id = new_alert(c)
        other = new_alert(c, kind="volume", key="v")
    engine.dispose()

    listed = run(cli_env, "alerts", "list")
    assert listed.exit_code == 0, listed.output
    assert f"#{alert_id}" in listed.stdout and "negative" in listed.stdout
    rows = json.loads(run(cli_env, "alerts", "list", "--kind", "volume", "--json").stdout)
    assert [r["id"] for r in rows] == [other]
    assert run(cli_env, "alerts", "list", "--state", "closed").stdout.strip() == "no alerts"

    shown = run(cli_env, "alerts", "show", str(alert_id))
    assert shown.exit_code == 0
    assert "window start: 2026-03-02T09:20:00+00:00" in shown.stdout
    assert "current per min: 42.0" in shown.stdout
    assert "top posts (1):" in shown.stdout
    # the escape sequence quoted from a hostile post is shown, never sent to the terminal
    assert "\x1b" not in shown.stdout and "\\x1b[31m" in shown.stdout
    evidence = json.loads(run(cli_env, "alerts", "show", str(alert_id), "--json").stdout)
    assert evidence["evidence"]["top_posts"][0]["text"].endswith("\x1b[31m")

    assert "dismissed by bo" in run(cli_env, "alerts", "dismiss", str(other), "--by", "bo").stdout
    acked = run(cli_env, "alerts", "ack", str(alert_id), "--by", "ana")
    assert acked.exit_code == 0 and "acknowledged by ana" in acked.stdout

    opened = run(cli_env, "incidents", "open", "--from-alert", str(alert_id), "--by", "ana")
    assert opened.exit_code == 0 and opened.stdout.startswith("opened incident #1")
    again = run(cli_env, "incidents", "open", "--from-alert", str(alert_id), "--by", "bo")
    assert "already open for this alert: incident #1" in again.stdout
    steps = [
        ("commander", "1", "Dana", "--by", "ana"),
        ("severity", "1", "high", "--by", "dana"),
        ("note", "1", "line one\nline two", "--by", "dana"),
        ("statement", "1", "We are checking.", "--channel", "weibo", "--url",
         "https://weibo.example/1", "--at", (WALL + timedelta(hours=2)).isoformat(),
         "--by", "dana"),
        ("link", "1", str(other), "--by", "dana"),
        ("status", "1", "monitoring", "--by", "dana"),
    ]  # fmt: skip
    for step in steps:
        result = run(cli_env, "incidents", *step)
        assert result.exit_code == 0, (step, result.output)
    shown = run(cli_env, "incidents", "show", "1").stdout
    assert "incident #1 [monitoring, high, commander Dana]" in shown
    assert "statement by dana [weibo, https://weibo.example/1]: We are checking." in shown
    assert "line one\n    line two" in shown
    full = json.loads(run(cli_env, "incidents", "show", "1", "--json").stdout)
    assert [e["kind"] for e in full["timeline"]][-1] == "status"
    assert {a["id"] for a in full["alerts"]} == {alert_id, other}
    listed = json.loads(
        run(cli_env, "incidents", "list", "--status", "monitoring", "--json").stdout
    )
    assert [i["id"] for i in listed] == [1] and listed[0]["alerts"] == 2
    assert "no incidents" in run(cli_env, "incidents", "list", "--status", "resolved").stdout

    report = run(cli_env, "incidents", "postmortem", "1")
    assert report.exit_code == 0
    assert "detected 1 min after the surge began" in report.stdout
    assert "first statement 2 h after the alert (on weibo)" in report.stdout


def test_postmortem_command_prints_the_curve(cli_env, db_url):
    engine = open_store(db_url)
    iid, _ = _crisis(engine)
    engine.dispose()
    text = run(cli_env, "incidents", "postmortem", str(iid)).stdout
    assert "first statement 3 h 12 min after the alert (on weibo)" in text
    assert "2026-03-02 10:00   70.0 % of     50  " + "#" * 28 in text
    report = json.loads(run(cli_env, "incidents", "postmortem", str(iid), "--tolerance", "1",
                            "--json").stdout)  # fmt: skip
    assert report["negative_share"]["recovered_hour"] == "2026-03-02T13:00:00+00:00"


def test_mistakes_on_the_command_line_are_clear(cli_env):
    def fails(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), env=cli_env)
        assert result.exit_code != 0, result.output
        return result.output

    assert "no alert with id 7" in fails("alerts", "ack", "7", "--by", "ana")
    assert "no incident with id 7" in fails("incidents", "show", "7")
    assert "Missing option '--by'" in fails("incidents", "open", "--title", "x")
    assert "either --title" in fails("incidents", "open", "--by", "ana")
    assert "either --title" in fails("incidents", "open", "--title", "x", "--from-alert", "1",
                                     "--by", "ana")  # fmt: skip
    assert "is not in the range" in fails("incidents", "show", str(2**64))
    assert "'closed' is not one of" in fails("incidents", "status", "1", "closed", "--by", "a")
    run(cli_env, "incidents", "open", "--title", "<b>Storm</b>", "--by", "ana")
    assert "already open" in fails("incidents", "status", "1", "open", "--by", "ana")
    assert "control characters" in fails("incidents", "note", "1", "x\x1b[2J", "--by", "ana")
    assert "control characters" in fails("incidents", "commander", "1", "a\nb", "--by", "ana")
    assert "20001 characters" in fails("incidents", "note", "1", "n" * 20_001, "--by", "ana")
    assert "not a date" in fails("incidents", "statement", "1", "s", "--at", "soon", "--by", "a")
    assert "https://" in fails("incidents", "statement", "1", "s", "--url", "file:///etc/passwd",
                               "--by", "a")  # fmt: skip
    assert "no topic named" in fails("incidents", "open", "--title", "x", "--topic", "nope",
                                     "--by", "ana")  # fmt: skip
    shown = run(cli_env, "incidents", "show", "1").stdout
    assert "<b>Storm</b>" in shown and shown.count("\n  20") == 1  # only "opened" on the timeline
