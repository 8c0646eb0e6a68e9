"""`parley import` / `export`: the interchange contract, CSV mappings, idempotence, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from parley.cli import main
from parley.store.db import open_store
from parley.store.tables import authors, posts
from tests.conftest import record, write_jsonl


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def count(db_url: str, table=posts) -> int:  # type: ignore[no-untyped-def]
    engine = open_store(db_url)
    with engine.connect() as connection:
        n = connection.execute(select(func.count()).select_from(table)).scalar_one()
    engine.dispose()
    return int(n)


def test_jsonl_import_twice_keeps_one_copy_and_updates_metrics(tmp_path, cli_env, db_url):
    path = write_jsonl(tmp_path / "a.jsonl", [record(i) for i in range(50)])
    code, out, err = run(cli_env, "import", str(path))
    assert code == 0, err
    assert "50 imported, 0 updated, 0 skipped" in out
    assert count(db_url) == 50
    assert count(db_url, authors) == 7  # authors are stored once

    later = [record(i, metrics={"likes": 1000 + i}) for i in range(50)]
    later[49]["author"]["followers"] = 99999  # the last sighting of author a0 wins
    write_jsonl(tmp_path / "a.jsonl", later)
    code, out, _ = run(cli_env, "import", str(path))
    assert "0 imported, 50 updated" in out
    assert count(db_url) == 50
    engine = open_store(db_url)
    with engine.connect() as connection:
        likes = connection.execute(
            select(posts.c.likes).where(posts.c.native_id == "p3")
        ).scalar_one()
        followers = connection.execute(
            select(authors.c.followers).where(authors.c.native_id == "a0")
        ).scalar_one()
    engine.dispose()
    assert likes == 1003
    assert followers == 99999


def test_export_then_import_is_lossless(tmp_path, cli_env, db_url):
    records = [record(i) for i in range(20)]
    records[1] |= {
        "kind": "reply", "reply_to": "p0", "conversation_id": "p0", "lang": "en",
        "url": "https://x.example/p1", "hashtags": ["aureliasilk"], "mentions": ["aureliacare"],
        "urls": [], "to_account": "AureliaCare", "title": None,
        "raw": {"id_str": "p1", "nested": [1, {"a": None}], "nul": "\u0000 kept"},
        "custom_field": {"kept": True}, "another": 3,
    }  # fmt: skip
    records[2]["author"] = {"native_id": "only-once", "handle": "once", "followers": 5,
        "name": "Zoë «名字» عربي", "bio": "<b>bio</b>", "verified": True, "following": 3,
        "posts_count": 44, "created_at": "2020-01-02T03:04:05Z", "location": "Roma",
        "unknown_author_field": "x",
    }  # fmt: skip
    records[3]["created_at"] = "2026-03-02T01:00:00-08:00"
    records[4]["metrics"] = {"likes": 1, "reposts": 2, "replies": 3, "views": 4, "bookmarks": 5}
    records[5]["text"] = ""
    write_jsonl(tmp_path / "in.jsonl", records)
    assert run(cli_env, "import", str(tmp_path / "in.jsonl"))[0] == 0
    code, _, err = run(cli_env, "export", "--out", str(tmp_path / "out.jsonl"))
    assert code == 0 and "exported 20 posts" in err
    exported = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]

    def canonical(r: dict) -> dict:
        from parley.interchange import Decoder, to_record

        return to_record(Decoder().decode_record(r))

    by_id = {r["native_id"]: r for r in exported}
    for original in records:
        if original["author"]["native_id"] != "only-once":
            # an author is stored once: exports carry the latest profile, so compare that
            original["author"] = records[
                max(i for i in range(20) if i % 7 == int(original["author"]["native_id"][1:]))
            ]["author"]
        again = by_id[original["native_id"]]
        assert again == canonical(original)
        # null and absent mean the same; everything else comes back as it was given
        expected = {k: v for k, v in original.items() if v is not None and k != "created_at"}
        expected.setdefault("kind", "post")
        assert {k: again[k] for k in expected} == expected
    assert by_id["p3"]["created_at"] == "2026-03-02T09:00:00Z"
    assert by_id["p1"]["custom_field"] == {"kept": True}
    assert by_id["p2"]["author"]["unknown_author_field"] == "x"
    assert by_id["p4"]["metrics"]["bookmarks"] == 5

    # and the exported file imports into a second store as the same posts
    second = tmp_path / "second.db"
    env2 = dict(cli_env, PARLEY_DATABASE_URL=f"sqlite:///{second}")
    assert run(env2, "import", str(tmp_path / "out.jsonl"))[0] == 0
    run(env2, "export", "--out", str(tmp_path / "out2.jsonl"))
    assert sorted((tmp_path / "out.jsonl").read_text().splitlines()) == sorted(
        (tmp_path / "out2.jsonl").read_text().splitlines()
    )


def test_export_filters(tmp_path, cli_env):
    records = [record(i, platform="x" if i % 2 else "mastodon") for i in range(10)]
    write_jsonl(tmp_path / "in.jsonl", records)
    run(cli_env, "import", str(tmp_path / "in.jsonl"))
    run(cli_env, "export", "--platform", "mastodon", "--out", str(tmp_path / "m.jsonl"))
    assert len((tmp_path / "m.jsonl").read_text().splitlines()) == 5
    run(cli_env, "export", "--since", "2026-03-02T09:00:05Z", "--until", "2026-03-02T09:00:08Z",
        "--out", str(tmp_path / "t.jsonl"))  # fmt: skip
    ids = [json.loads(x)["native_id"] for x in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert ids == ["p5", "p6", "p7"]


BAD_LINES: list[tuple[bytes, str]] = [
    (b'{"platform": "x", "native_id": "b1", "created_at": "2026-03-02T09:00:00Z", "text": "x"', "invalid JSON: Expecting ',' delimiter at column 87"),
    (msgspec.json.encode({"platform": "x", "native_id": "b2", "text": "x"}), "missing required field 'created_at'"),
    (msgspec.json.encode(record(900, text=42)), "field 'text' should be a string, got the number 42"),
    (msgspec.json.encode(record(901, metrics={"likes": "many"})), "field 'metrics.likes' should be a whole number"),
    (b'{"platform": "x", "native_id": "b5", "created_at": "2026-03-02T09:00:00Z", "text": "caf\xe9"}', "not valid UTF-8"),
    (msgspec.json.encode(record(902, text="nul \u0000 byte")), "NUL character"),
    (msgspec.json.encode(record(903, text="x" * (10 * 1024 * 1024))), "longer than 4,194,304 bytes"),
    (msgspec.json.encode(record(910, text="y" * 300_000)), "has 300,000 characters, over the limit of 200,000"),
    (msgspec.json.encode(record(904, created_at="2026-03-02 09:00:00")), "without a UTC offset"),
    (msgspec.json.encode(record(905, platform="myspace")), "unknown platform 'myspace'"),
    (msgspec.json.encode(record(906, kind="story")), "field 'kind' is 'story'"),
    (msgspec.json.encode(record(907, created_at="yesterday")), "not an RFC 3339 timestamp"),
    (msgspec.json.encode([1, 2, 3]), "expected a JSON object, got an array"),
    (msgspec.json.encode(record(908, author={"handle": "x"})), "author.native_id"),
    (msgspec.json.encode(record(909, hashtags="#one")), "field 'hashtags' should be an array of strings"),
]  # fmt: skip


def test_bad_lines_are_reported_and_the_rest_imports(tmp_path, cli_env, db_url):
    # posts already stored must come through a bad import untouched
    write_jsonl(tmp_path / "good.jsonl", [record(i) for i in range(5)])
    run(cli_env, "import", str(tmp_path / "good.jsonl"))

    lines: list[bytes] = [msgspec.json.encode(record(100))]
    for bad, _ in BAD_LINES:
        lines.append(bad)
    lines.append(b"")  # blank lines are not records
    lines.append(msgspec.json.encode(record(101)))
    lines.append(msgspec.json.encode(record(3, text="a later copy, same key")))
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    code, out, err = run(cli_env, "import", str(path))
    assert code == 0
    assert f"2 imported, 1 updated, {len(BAD_LINES)} skipped" in out
    for number, (_, message) in enumerate(BAD_LINES, start=2):
        assert f"mixed.jsonl: line {number}: " in err
        assert message in err, message
    assert count(db_url) == 7
    engine = open_store(db_url)
    with engine.connect() as connection:
        text = connection.execute(
            select(posts.c.text).where(posts.c.native_id == "p3")
        ).scalar_one()
    engine.dispose()
    assert text == record(3)["text"]  # a later copy updates metrics, not the text


def test_unpaired_surrogates_are_replaced_not_fatal(tmp_path, cli_env, db_url):
    line = b'{"platform": "x", "native_id": "s1", "created_at": "2026-03-02T09:00:00Z", "text": "half \\ud83d emoji"}'
    path = write_jsonl(tmp_path / "s.jsonl", [line])
    code, out, err = run(cli_env, "import", str(path))
    assert code == 0 and "1 imported" in out
    assert "replaced with U+FFFD" in err
    engine = open_store(db_url)
    with engine.connect() as connection:
        assert connection.execute(select(posts.c.text)).scalar_one() == "half \ufffd emoji"
    engine.dispose()


def test_empty_file_imports_nothing(tmp_path, cli_env):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    code, out, _ = run(cli_env, "import", str(path))
    assert code == 0 and "0 imported, 0 updated, 0 skipped" in out


def test_a_file_that_is_all_wrong_stops_early_with_the_reason(tmp_path, cli_env):
    path = write_jsonl(
        tmp_path / "naive.jsonl", [record(i, created_at="2026-03-02 09:00:00") for i in range(300)]
    )
    code, _, err = run(cli_env, "import", str(path))
    assert code != 0
    assert "the first 100 records all failed" in err and "--timezone" in err
    code, out, _ = run(cli_env, "import", str(path), "--timezone", "Europe/Rome")
    assert code == 0 and "300 imported" in out


CSV = (
    "tweet_id,name,text,tweet_created,retweet_count,extra\n"
    '1,alice,"hello\nworld, with a newline",2015-02-24 11:35:52 -0800,3,e1\n'
    "2,bob,plain,2015-02-24 11:36:00 -0800,,e2\n"
    "3,carol,bad count,2015-02-24 11:37:00 -0800,lots,e3\n"
    "4,dave,short row\n"
)
MAP = "native_id=tweet_id,created_at=tweet_created,text=text,author.native_id=name,author.handle=name,metrics.reposts=retweet_count"


def test_csv_with_mapping(tmp_path, cli_env, db_url):
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out, err = run(
        cli_env, "import", str(path), "--format", "csv", "--platform", "x", "--map", MAP
    )
    assert code == 0, err
    assert "2 imported, 0 updated, 2 skipped" in out
    assert "row 4: column for 'metrics.reposts' should hold a whole number, got 'lots'" in err
    assert "row 5: has 3 fields, the header has 6" in err
    run(cli_env, "export", "--out", str(tmp_path / "o.jsonl"))
    first = json.loads((tmp_path / "o.jsonl").read_text().splitlines()[0])
    assert first["text"] == "hello\nworld, with a newline"
    assert first["created_at"] == "2015-02-24T19:35:52Z"
    assert first["metrics"] == {"reposts": 3}
    assert first["raw"]["extra"] == "e1"  # the whole row is kept as the raw payload


def test_csv_mapping_errors_name_the_problem(tmp_path, cli_env):
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="utf-8")
    code, _, err = run(cli_env, "import", str(path), "--format", "csv", "--platform", "x",
                         "--map", MAP.replace("retweet_count", "retweets"))  # fmt: skip
    assert code != 0 and "column(s) 'retweets', which t.csv does not have" in err
    assert "tweet_id, name, text" in err
    code, _, err = run(
        cli_env, "import", str(path), "--format", "csv", "--platform", "x", "--map", "text=text"
    )
    assert code != 0 and "created_at" in err
    code, _, err = run(
        cli_env,
        "import",
        str(path),
        "--format",
        "csv",
        "--platform",
        "x",
        "--map",
        MAP + ",colour=text",
    )
    assert code != 0 and "field 'colour'" in err
    code, _, err = run(
        cli_env,
        "import",
        str(path),
        "--format",
        "csv",
        "--platform",
        "Not A Platform",
        "--map",
        MAP,
    )
    assert code != 0 and "platform" in err
    code, _, err = run(cli_env, "import", str(path), "--format", "csv", "--map", MAP)
    assert code != 0 and "--platform" in err
    code, _, err = run(cli_env, "import", str(path), "--timezone", "Mars/Olympus")
    assert code != 0 and "unknown time zone" in err


AIRLINE_MAP = (
    "native_id=tweet_id,created_at=tweet_created,text=text,author.native_id=name,author.handle=name"
)


@pytest.mark.slow
def test_airline_file(shared_data: Path, cli_env, db_url):
    path = shared_data / "airline" / "Tweets.csv"
    args = ["import", str(path), "--format", "csv", "--platform", "x", "--map", AIRLINE_MAP]
    code, out, err = run(cli_env, *args)
    assert code == 0, err
    # 14,640 rows, of which 155 repeat an earlier tweet_id
    assert "14485 imported, 155 updated, 0 skipped" in out
    assert count(db_url) == 14485
    code, out, _ = run(cli_env, *args)
    assert "0 imported, 14640 updated" in out
    assert count(db_url) == 14485


IRA_MAP = "created_at=publish_date,text=content,author.native_id=author_id,author.handle=author_id,author.followers=followers,author.following=following,author.posts_count=updates"


@pytest.mark.slow
def test_ira_file_needs_a_timezone(shared_data: Path, cli_env, db_url):
    path = shared_data / "ira" / "ira_2016-10-01_07.csv"
    args = ["import", str(path), "--format", "csv", "--platform", "x", "--map", IRA_MAP]
    code, _, err = run(cli_env, *args)
    assert code != 0 and "without a UTC offset" in err and "--timezone" in err
    assert count(db_url) == 0
    code, out, err = run(cli_env, *args, "--timezone", "UTC")
    assert code == 0, err
    stored = count(db_url)
    assert stored > 34000  # 34,429 rows; identical rows are one post
    assert f"{stored} imported" in out
    assert count(db_url, authors) == 313


def test_csv_platform_may_be_one_added_by_setting(tmp_path, cli_env):
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="utf-8")
    env = dict(cli_env, PARLEY_EXTRA_PLATFORMS="myforum")
    result = CliRunner().invoke(
        main,
        ["import", str(path), "--format", "csv", "--platform", "myforum", "--map", MAP],
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    assert "2 imported" in result.stdout
