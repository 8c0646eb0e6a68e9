"""The Overview page: figures from the rollups per range, hostile content escaped, the range
picker's errors, the campaign switch on the rollup charts, and the charts drawn in Chromium."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.coordination.detect import Campaign
from parley.coordination.store import save_campaigns
from parley.domain import Author, Metrics, Post
from parley.settings import Settings
from parley.store import posts as store
from parley.store.alerts import insert_alert
from parley.store.db import open_store
from parley.store.incidents import open_incident
from parley.store.topics import save_topic
from parley.web.app import create_app
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve, signed_in

NOW = datetime.now(UTC).replace(microsecond=0)
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"></svg>',
    "javascript:window.__pwned = 4",
]


def _post(i: int, *, ago: timedelta, author: str, text: str, likes: int = 0,
          followers: int = 10, url: str | None = None) -> Post:  # fmt: skip
    return Post(
        platform="x", native_id=f"o{i}", created_at=NOW - ago, text=text, url=url, lang="en",
        author=Author(native_id=author, handle=author, name=HOSTILE[i % len(HOSTILE)],
                      followers=followers),
        metrics=Metrics(likes=likes, reposts=1, replies=0),
    )  # fmt: skip


def _fill(url: str) -> None:
    engine = open_store(url)
    with engine.begin() as connection:
        save_topic(connection, name="<script>alert('topic')</script>", query="aurelia")
        save_topic(connection, name="rival", query="velora")
    items = []
    for i in range(8):  # the last hour: hostile texts, about the brand, mixed sentiment
        post = _post(i, ago=timedelta(minutes=5 + i), author=f"fan{i}",
                     text=f"{HOSTILE[i % 4]} aurelia {i}", likes=100 + i, followers=1000 * (i + 1),
                     url="javascript:alert(1)" if i == 0 else f"https://x.example/{i}")  # fmt: skip
        items.append((post, {"sentiment": ["negative", "positive"][i % 2], "lang": "en",
                             "topics": {"<script>alert('topic')</script>": "aurelia"}}))  # fmt: skip
    for i in range(8, 11):  # two days ago: only in the 7-day range and longer
        post = _post(i, ago=timedelta(days=2), author=f"old{i}", text=f"velora {i}")
        items.append((post, {"sentiment": "neutral", "lang": "it", "topics": {"rival": "velora"}}))
    for i in range(11, 15):  # a paid poster's four posts, twenty minutes ago
        post = _post(i, ago=timedelta(minutes=20), author="paid", text=f"dump aurelia {i}")
        items.append((post, {"sentiment": "negative", "lang": "en"}))
    with engine.begin() as connection:
        store.store_batch(connection, [p for p, _ in items], [e for _, e in items])
        store.store_batch(connection, [p for p, _ in items], [e for _, e in items])  # a replay
        insert_alert(connection, kind="volume", severity="high", score=5.0,
                     title=HOSTILE[1] + " surge", summary="s", fired_at=NOW - timedelta(minutes=9))  # fmt: skip
        open_incident(connection, title=HOSTILE[2] + " incident", by="ana", severity="high")
    save_campaigns(engine, [Campaign(
        accounts=["x:paid"], posts=[f"x:o{i}" for i in range(11, 15)], first_at=NOW, last_at=NOW,
        score=0.9, summary="paid", evidence={}, topics=[], stance=None,
    )])  # fmt: skip
    engine.dispose()


def _charts(body: str) -> list[dict]:
    return [json.loads(unescape(raw)) for raw in re.findall(r"data-chart='([^']*)'", body)]


def _figure(body: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}">([^<]*)<', body)
    assert found, element_id
    return found.group(1)


def test_overview_shows_the_rollups_per_range_and_escapes_everything(db_url: str) -> None:
    _fill(db_url)
    settings = Settings.from_env({"PARLEY_DATABASE_URL": db_url})
    with signed_in(create_app(settings, simulate=None), "analyst") as client:
        page = client.get("/")
        assert page.status_code == 200
        body = page.text
        assert _figure(body, "post-total") == "15"  # the replay counted nothing twice
        assert _figure(body, "posts-in-range") == "12"  # 24 h: not the posts of two days ago
        for payload in ("<script>window.__pwned", "<img src=x", "<svg onload", "<script>alert"):
            assert payload not in body
        assert "&lt;script&gt;alert(&#39;topic&#39;)&lt;/script&gt;" in body  # topic name
        assert "&lt;img src=x onerror" in body and "&lt;svg onload" in body  # alert, incident
        assert 'href="javascript:' not in body and 'href="https://x.example/7"' in body
        charts = _charts(body)
        assert [c["title"].split(" (")[0] for c in charts] == ["Mentions per topic", "Posts",
                                                               "Sentiment"]  # fmt: skip
        topics_chart = charts[0]
        assert [s["label"] for s in topics_chart["series"]] == ["<script>alert('topic')</script>"]
        assert sum(topics_chart["series"][0]["values"]) == 8
        assert len(topics_chart["x"]) == 24 and topics_chart["marks"][0]["label"].startswith(
            "alert #"
        )
        assert sum(charts[1]["series"][0]["values"]) == 12
        # the data attribute keeps markup as escaped JSON, never as tags
        assert "\\u003cscript\\u003e" in body or "\\u003c" in body
        # top posts by engagement, top authors by reach (the largest audience first)
        top = body[body.index('id="top-posts"') :]
        assert top.index("108 likes") < top.index("101 likes")
        authors = body[body.index('id="top-authors"') :]
        assert authors.index("@fan7") < authors.index("@fan0")

        week = client.get("/", params={"range": "7d"}).text
        assert _figure(week, "posts-in-range") == "15"
        assert "rival" in week[week.index('id="share-of-voice"') :]
        hour = client.get("/partials/live", params={"range": "1h"}).text
        assert _figure(hour, "posts-in-range") == "12"
        assert len(_charts(hour)[1]["x"]) == 12  # 5-minute buckets

        left_out = client.get("/", params={"exclude": "suspected"}).text
        assert _figure(left_out, "posts-in-range") == "8"
        assert "4 posts by accounts in campaigns left out" in left_out
        assert 'id="switch-covers"' in left_out
        assert "dump aurelia" not in left_out
        assert 'hx-get="/partials/live?exclude=suspected"' in left_out
        assert 'href="/?range=7d&amp;exclude=suspected"' in left_out  # the picker keeps it
        negative = sum(_charts(left_out)[2]["series"][0]["values"])
        assert negative == 4  # the paid poster's four negative posts are out


@pytest.mark.parametrize("path", ["/", "/partials/live"])
def test_the_range_picker_rejects_unknown_ranges(tmp_path: Path, path: str) -> None:
    settings = Settings.from_env({"PARLEY_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    with signed_in(create_app(settings, simulate=None), "analyst") as client:
        for bad in ("2y", "", "1h; drop table posts", "24H"):
            answer = client.get(path, params={"range": bad})
            assert answer.status_code == 422, bad
            assert "range" in answer.text
        for good in ("1h", "24h", "7d", "30d", "1y"):
            assert client.get(path, params={"range": good}).status_code == 200


def test_bench_web_runs_on_a_small_store(db_url: str) -> None:
    result = CliRunner().invoke(
        main, ["bench", "web", "--posts", "2000", "--requests", "2", "--days", "2",
               "--database-url", db_url, "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    assert report["posts_stored"] == 2000
    assert {"overview", "overview 1y", "live partial", "status API"} <= set(report["pages"])
    assert "rollup_posts" in report["rollup_rows"]
    again = CliRunner().invoke(main, ["bench", "web", "--posts", "10", "--database-url", db_url])
    assert again.exit_code != 0 and "empty" in str(again.exception)


@pytest.mark.browser
def test_browser_draws_the_overview_charts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    _fill(url)
    engine = open_store(url)
    make_user(engine, "analyst", username="watcher")
    engine.dispose()
    with serve(tmp_path, url) as base, browser() as chromium:
        page = chromium.new_page()
        errors: list[str] = []
        dialogs: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        browser_sign_in(page, base, "watcher")
        page.goto(base + "/?range=24h")
        for index in range(3):
            chart = page.locator("figure.chart").nth(index)
            chart.locator("canvas").first.wait_for(timeout=15000)
        page.wait_for_timeout(6000)  # one HTMX refresh redraws them
        assert page.locator("figure.chart canvas").count() >= 3
        assert page.evaluate("window.__pwned") is None and dialogs == []
        screenshot(page, "overview-charts")
        page.goto(base + "/?range=bogus")
        assert "range" in page.content()
    assert not errors, errors
