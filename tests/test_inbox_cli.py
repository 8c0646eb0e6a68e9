"""`parley inbox`, `parley rota` and `parley sla` as a person runs them (click's CliRunner)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from parley.act import inbox
from parley.cli import main
from parley.domain import Author, Post
from parley.store import posts as post_store
from parley.store.db import open_store
from parley.store.users import create_user


def run(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env)


def seed(db_url: str) -> None:
    engine = open_store(db_url)
    with engine.begin() as connection:
        create_user(connection, username="ana", role="agent", password="x" * 12)
        create_user(connection, username="max", role="manager", password="x" * 12)
    hook = inbox.Inbox(engine)
    now = datetime.now(UTC) - timedelta(minutes=5)
    batch = [
        Post(platform="x", native_id="d1", created_at=now, kind="dm", to_account="AureliaCare",
             text="\x1b[31mred\x1b[0m " + "y" * 3000, raw={"sim": {}},
             author=Author(native_id="c1", handle="maria", name="Maria")),
        Post(platform="x", native_id="m1", created_at=now, to_account="AureliaCare",
             text="@AureliaCare hello", author=Author(native_id="c2", handle="luca")),
    ]  # fmt: skip
    with engine.begin() as connection:
        result = post_store.store_batch(connection, batch)
    hook(batch, [{}, {}], result.new_keys)
    engine.dispose()


def test_inbox_list_show_reply_approve_send(cli_env, db_url):
    seed(db_url)
    listed = run(cli_env, "inbox", "list")
    assert listed.exit_code == 0, listed.output
    assert "(unassigned)" in listed.output and listed.output.count("\n") == 2
    rows = json.loads(run(cli_env, "inbox", "list", "--status", "new", "--json").output)
    dm = next(r for r in rows if r["private"])
    shown = run(cli_env, "inbox", "show", str(dm["id"]))
    assert "\\x1b[31mred" in shown.output and "\x1b" not in shown.output  # control chars shown
    assert "cut at 2000 of 3013 characters (--full shows all)" in shown.output
    full = json.loads(run(cli_env, "inbox", "show", str(dm["id"]), "--full", "--json").output)
    assert len(full["messages"][0]["text"]) == 3013
    assert run(cli_env, "inbox", "rule", "keyword", "refund").exit_code == 0
    held = run(cli_env, "inbox", "reply", str(dm["id"]), "your refund is coming", "--by", "ana")
    assert "reply #1 waits for a manager: says 'refund'" in held.output
    refused = run(cli_env, "inbox", "approve", "1", "--by", "ana")
    assert refused.exit_code == 1 and "needs the manager role" in refused.output
    assert "approved: queued by max" in run(cli_env, "inbox", "approve", "1", "--by", "max").output
    assert run(cli_env, "inbox", "canned", "hi", "--lang", "en",
               "--text", "Hi {customer_name}, case {case_number}").exit_code == 0  # fmt: skip
    canned = run(cli_env, "inbox", "reply", str(dm["id"]), "--canned", "hi", "--by", "ana")
    assert "reply #2 queued" in canned.output
    sent = run(cli_env, "inbox", "send")
    assert "2 sent, 0 retrying, 0 failed" in sent.output, sent.output
    public = next(r for r in rows if not r["private"])
    run(cli_env, "inbox", "reply", str(public["id"]), "thanks!", "--by", "ana")
    failed = run(cli_env, "inbox", "send")
    assert "no publisher for x yet" in failed.output  # not a simulated conversation
    after = json.loads(run(cli_env, "inbox", "show", str(dm["id"]), "--json").output)
    assert [m["direction"] for m in after["messages"]] == ["in", "out", "out"]
    assert after["messages"][2]["text"] == f"Hi Maria, case {dm['id']}"
    assert run(cli_env, "inbox", "status", str(dm["id"]), "resolved", "--by", "ana").exit_code == 0
    assert run(cli_env, "inbox", "assign", str(dm["id"]), "max", "--by", "ana").exit_code == 0
    missing = run(cli_env, "inbox", "show", "999")
    assert missing.exit_code == 1 and "no conversation 999" in missing.output


def test_rota_and_sla_commands(cli_env, db_url):
    seed(db_url)
    nobody = run(cli_env, "rota", "show")
    assert (
        "on duty: NOBODY" in nobody.output and "next: nobody in the next 14 days" in nobody.output
    )
    bad = run(cli_env, "rota", "add-shift", "ana", "--days", "mon", "--starts", "22:00",
              "--ends", "06:00", "--tz", "UTC")  # fmt: skip
    assert bad.exit_code == 1 and "before it starts at 22:00" in bad.output
    ok = run(cli_env, "rota", "add-shift", "ana", "--days", "daily", "--starts", "00:00",
             "--ends", "24:00", "--tz", "Europe/Rome")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    clash = run(cli_env, "rota", "add-shift", "ana", "--days", "mon", "--starts", "10:00",
                "--ends", "11:00", "--tz", "UTC")  # fmt: skip
    assert clash.exit_code == 1 and "overlaps shift #1 of ana" in clash.output
    assert run(cli_env, "rota", "presence", "ana", "--away", "--team", "care").exit_code == 0
    shown = json.loads(run(cli_env, "rota", "show", "--json").output)
    assert [d["username"] for d in shown["on_duty"]] == ["ana"]
    assert shown["on_duty"][0]["available"] is False
    assert "away" in run(cli_env, "rota", "show").output
    assert run(cli_env, "rota", "assignment", "--strategy", "least_loaded",
               "--fallback", "max").exit_code == 0  # fmt: skip
    holiday = run(cli_env, "rota", "exception", "holiday", "--from", "2026-12-25T00:00+01:00",
                  "--until", "2026-12-24T00:00+01:00")  # fmt: skip
    assert holiday.exit_code == 1 and "before it starts" in holiday.output
    assert run(cli_env, "sla", "set", "normal", "--first-response", "1").exit_code == 0
    assert run(cli_env, "sla", "hours", "--tz", "UTC", "--days", "mon-fri", "--starts", "09:00",
               "--ends", "17:00").exit_code == 0  # fmt: skip
    checked = run(cli_env, "sla", "check")
    assert "2 due times set" in checked.output and "2 breaches" in checked.output, checked.output
    report = json.loads(run(cli_env, "sla", "report", "--json").output)
    assert report["overall"]["first_response"]["counted"] == 2
    assert "overall" in run(cli_env, "sla", "report").output
