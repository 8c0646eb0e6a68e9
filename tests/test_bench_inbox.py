"""`parley bench inbox` fills a store through the inbox's own path and times every view."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import func, select

from parley.cli import main
from parley.store.db import open_store
from parley.store.inbox_views import BUILT_IN
from parley.store.tables import inbox_conversations


def test_bench_inbox_runs_on_a_small_store(db_url: str) -> None:
    result = CliRunner().invoke(
        main, ["bench", "inbox", "--conversations", "600", "--requests", "3", "--days", "10",
               "--database-url", db_url, "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    # The rate is set for the count asked: about it, not exactly it.
    assert 300 <= report["conversations"] <= 1200, report
    assert report["messages"] >= report["conversations"]
    assert 0 < report["resolved"] < report["conversations"]
    assert {f"inbox {view}" for view in (b.key for b in BUILT_IN)} <= set(report["pages"])
    assert any(name.startswith("conversation (longest") for name in report["pages"])
    engine = open_store(db_url)
    with engine.connect() as connection:
        c = inbox_conversations.c
        assignees = connection.execute(
            select(c.assignee_id, func.count()).group_by(c.assignee_id)
        ).all()
    engine.dispose()
    # Seven agents on duty share the conversations round-robin; nobody is left unassigned.
    assert len(assignees) == 7 and all(a is not None for a, _ in assignees)
    again = CliRunner().invoke(main, ["bench", "inbox", "--conversations", "5",
                                      "--database-url", db_url])  # fmt: skip
    assert again.exit_code != 0 and "no conversations" in str(again.exception)


def test_bench_inbox_refuses_nonsense() -> None:
    result = CliRunner().invoke(main, ["bench", "inbox", "--conversations", "0"])
    assert result.exit_code == 2 and "--conversations" in result.output
