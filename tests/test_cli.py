"""The other commands as a user runs them: simulate, replay, status, migrate, settings errors."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from parley.cli import main
from parley.sources.base import Pacer
from tests.conftest import record, write_jsonl


def run(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_simulate_to_file_is_deterministic_and_carries_truth(tmp_path, cli_env):
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    for path, seed in ((a, "3"), (b, "3"), (c, "4")):
        result = run(cli_env, "simulate", "--scenario", "false_report", "--hours", "2",
                     "--seed", seed, "--out", str(path), "--truth", str(tmp_path / "truth.json"))  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    first = json.loads(a.read_text().splitlines()[0])
    assert "sim" in first["raw"]
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert isinstance(truth, list)


def test_simulate_into_the_store_then_status(cli_env):
    result = run(cli_env, "simulate", "--scenario", "baseline", "--hours", "1")
    assert result.exit_code == 0, result.stderr
    assert "new posts" in result.stdout
    status = run(cli_env, "status", "--json")
    report = json.loads(status.stdout)
    assert report["posts"] > 0
    assert report["sources"][0]["name"].startswith("simulator:baseline")
    assert report["sources"][0]["state"] == "done"
    text = run(cli_env, "status").stdout
    assert "posts" in text and "simulator:baseline" in text


def test_unknown_scenario_is_a_clear_error(cli_env):
    result = CliRunner().invoke(main, ["simulate", "--scenario", "nope"], env=cli_env)
    assert result.exit_code != 0 and "baseline" in result.stderr


def test_replay_paces_by_stream_time(tmp_path, cli_env):
    # 30 posts one second apart, replayed at 20x: about 1.5 s, not instant, not 30 s
    path = write_jsonl(tmp_path / "r.jsonl", [record(i) for i in range(30)])
    started = time.monotonic()
    result = run(cli_env, "replay", str(path), "--speed", "20")
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert "30 imported" in result.stdout
    assert elapsed >= 1.2  # a lower bound on pacing: never flaky on a slow machine
    result = run(cli_env, "replay", str(path), "--speed", "0")
    assert result.exit_code != 0 and "positive" in result.stderr


def test_pacer_releases_backfill_at_once_and_the_future_on_time():
    now = datetime.now(UTC)
    pacer = Pacer(2.0, anchor=now)
    assert pacer.delay(now - timedelta(hours=1)) == 0.0
    assert 4.5 < pacer.delay(now + timedelta(seconds=10)) <= 5.0
    assert Pacer(None).delay(now + timedelta(days=1)) == 0.0


def test_migrate_and_bad_settings(cli_env):
    assert run(cli_env, "migrate").exit_code == 0
    bad = dict(cli_env, PARLEY_BATCH_SIZE="lots")
    result = CliRunner().invoke(main, ["status"], env=bad)
    assert result.exit_code != 0 and "PARLEY_BATCH_SIZE must be a whole number" in result.stderr
    typo = dict(cli_env, PARLEY_DATABSE_URL="sqlite:///x.db")
    result = CliRunner().invoke(main, ["status"], env=typo)
    assert result.exit_code != 0 and "unknown setting(s) PARLEY_DATABSE_URL" in result.stderr
    nats = dict(cli_env, PARLEY_BUS_URL="nats://127.0.0.1:4222")
    result = CliRunner().invoke(main, ["status"], env=nats)
    assert result.exit_code != 0 and "only the in-process bus" in result.stderr
    unreachable = dict(cli_env, PARLEY_DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(main, ["status"], env=unreachable)
    assert result.exit_code != 0 and "cannot open the store" in result.stderr
