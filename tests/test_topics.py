"""Topics as a user keeps them: saved queries, matches stored with their clause, export by topic."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import select

from parley.cli import main
from parley.store.db import open_store
from parley.store.tables import post_topics
from tests.conftest import record, write_jsonl


def run(env, *args):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_topics_match_new_posts_and_explain_why(tmp_path, cli_env, db_url):
    assert (
        run(cli_env, "topics", "add", "brand", "aurelia OR #aureliasilk OR 奥瑞莉亚").exit_code == 0
    )
    result = run(cli_env, "topics", "add", "crisis", 'aurelia AND (cancer OR "致癌")')
    assert result.exit_code == 0
    records = [
        record(0, text="Aurelia shampoo gives you cancer?!"),
        record(1, text="奥瑞莉亚洗发水致癌？"),
        record(2, text="nothing to see here", hashtags=[]),
        record(3, text="love my #AureliaSilk"),
    ]
    write_jsonl(tmp_path / "t.jsonl", records)
    assert run(cli_env, "import", str(tmp_path / "t.jsonl")).exit_code == 0

    listed = json.loads(run(cli_env, "topics", "list", "--json").stdout)
    counts = {t["name"]: t["posts"] for t in listed}
    assert counts == {"brand": 3, "crisis": 1}

    engine = open_store(db_url)
    with engine.connect() as connection:
        clauses = connection.execute(select(post_topics.c.clause)).scalars().all()
    engine.dispose()
    assert any("cancer" in c for c in clauses)

    run(cli_env, "export", "--topic", "crisis", "--out", str(tmp_path / "c.jsonl"))
    [line] = (tmp_path / "c.jsonl").read_text().splitlines()
    assert json.loads(line)["native_id"] == "p0"

    preview = run(cli_env, "topics", "test", "致癌")
    assert "奥瑞莉亚洗发水致癌" in preview.stdout and "why:" in preview.stdout

    # a topic added later can be matched against what is already stored
    result = run(cli_env, "topics", "add", "quiet", '"nothing to see"', "--since", "2026-01-01")
    assert "matched 1 stored posts" in result.stdout

    assert run(cli_env, "topics", "remove", "crisis").exit_code == 0
    assert {t["name"] for t in json.loads(run(cli_env, "topics", "list", "--json").stdout)} == {
        "brand",
        "quiet",
    }


def test_bad_topics_are_refused_with_the_position(cli_env):
    result = CliRunner().invoke(
        main, ["topics", "add", "broken", 'aurelia AND ("unclosed'], env=cli_env
    )
    assert result.exit_code != 0 and "position" in result.stderr
    result = CliRunner().invoke(main, ["topics", "add", "  ", "aurelia"], env=cli_env)
    assert result.exit_code != 0 and "needs a name" in result.stderr
    result = CliRunner().invoke(main, ["topics", "remove", "nope"], env=cli_env)
    assert result.exit_code != 0 and "no topic named 'nope'" in result.stderr
    result = CliRunner().invoke(main, ["topics", "test", "NEAR/"], env=cli_env)
    assert result.exit_code != 0 and "query" in result.stderr
    many = " OR ".join(f"term{i}" for i in range(10_000))
    assert CliRunner().invoke(main, ["topics", "add", "huge", many], env=cli_env).exit_code == 0
