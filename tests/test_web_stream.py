"""The Stream (`/stream`, `/api/v1/posts`): filters narrow, keyset pages neither repeat nor
skip, the live poll brings only newer posts, hostile content stays text, bad filter values
are refused by name, and migration 0008 backfills an existing store."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text

from parley.coordination.store import coordinated_accounts
from parley.domain import PLATFORMS, Author, Post
from parley.enrich.intent import INTENTS as ENRICH_INTENTS
from parley.settings import Settings
from parley.store import posts as store
from parley.store.db import alembic_config, create_store_engine, migrate
from parley.store.tables import campaign_accounts, campaigns, posts
from parley.store.topics import save_topic
from parley.web import stream_queries as sq
from parley.web.app import create_app
from tests.webutil import browser, browser_sign_in, make_user, screenshot, serve, signed_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"></svg>',
    "javascript:window.__pwned = 4",
]
SENTIMENTS = ("negative", "neutral", "positive")
PLATFORMS_USED = ("x", "bluesky", "mastodon")
LANGS = ("en", "es", "zh")


def make_post(i: int, *, at: datetime | None = None, text_: str | None = None, **kw: Any) -> Post:
    fields: dict[str, Any] = {
        "platform": PLATFORMS_USED[i % 3],
        "native_id": f"s{i}",
        "created_at": at or T0 + timedelta(seconds=i),
        "text": text_ or f"post {i} about the airline",
        "lang": "en",
        "author": Author(native_id=f"a{i % 5}", handle=f"h{i % 5}", name=f"Person {i % 5}"),
    }
    fields.update(kw)
    return Post(**fields)


def enrichment(i: int, topic: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "lang": LANGS[i % 3] if i % 11 else "und",  # "und": the platform's tag is shown
        "lang_confidence": 0.9,
        "lang_source": "detected",
        "sentiment": SENTIMENTS[i % 3 - 1 if i % 2 else i % 3],
        "sentiment_score": -0.5,
        "sentiment_why": [["late", -0.4], ["again", -0.1]],
        "intent": ENRICH_INTENTS[i % 5] if i % 4 == 0 else None,
        "dup_cluster": f"x:{i % 6}",
        "dup_size": 1 + i % 3,
    }
    if topic is not None and i % 2 == 0:
        out["topics"] = {topic: "airline AND late"}
    return out


def fill(engine: Any, n: int, *, topic: str | None = "Airline", start: int = 0) -> None:
    if topic is not None:
        with engine.begin() as connection:
            save_topic(connection, name=topic, query="airline")
    batch = [make_post(i) for i in range(start, start + n)]
    with engine.begin() as connection:
        store.store_batch(
            connection, batch, [enrichment(i, topic) for i in range(start, start + n)]
        )


def walk(engine: Any, stream: sq.StreamFilter, limit: int) -> list[int]:
    """Every post id, page by page through `older`."""
    seen: list[int] = []
    before = None
    for _ in range(1000):
        page = sq.older_page(engine, stream, before=before, limit=limit)
        seen += [p.id for p in page.posts]
        if page.older is None:
            return seen
        before = page.older
    raise AssertionError("the walk did not end")


def expected_ids(engine: Any, condition: Any = None) -> list[int]:
    query = select(posts.c.id).order_by(posts.c.created_at.desc(), posts.c.id.desc())
    if condition is not None:
        query = query.where(condition)
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())


def parse(engine: Any, **params: str) -> sq.StreamFilter:
    return sq.parse_filter(engine, platforms=PLATFORMS, **params)


def test_the_store_writes_the_filter_columns_and_labels_match_the_enrichers(engine):
    from parley.enrich.sentiment import LABELS

    assert tuple(LABELS) == store.SENTIMENTS and ENRICH_INTENTS == store.INTENTS
    fill(engine, 12)
    with engine.connect() as connection:
        rows = {r.native_id: r for r in connection.execute(select(posts))}
    assert rows["s1"].language == "es" and rows["s1"].sentiment == "negative"
    assert rows["s0"].language == "en"  # detected "und": the platform's tag
    assert rows["s4"].intent == ENRICH_INTENTS[4] and rows["s1"].intent is None
    assert rows["s11"].language == "en"  # detected "und": the platform's tag
    with engine.begin() as connection:
        store.store_batch(connection, [make_post(99, lang=None)], [None])
    with engine.connect() as connection:
        row = connection.execute(select(posts).where(posts.c.native_id == "s99")).one()
    assert (row.language, row.sentiment, row.intent) == ("und", None, None)


@pytest.mark.parametrize("limit", [7, 50])
def test_each_filter_narrows_and_pages_have_no_gap_or_repeat(engine, limit):
    fill(engine, 90)
    # ties on created_at: the id breaks them, so paging must not lose or repeat these
    with engine.begin() as connection:
        store.store_batch(
            connection,
            [make_post(1000 + k, at=T0 + timedelta(seconds=40)) for k in range(9)],
            [enrichment(1000 + k) for k in range(9)],
        )
    cases = {
        (): None,
        (("sentiment", "negative"),): posts.c.sentiment == "negative",
        (("intent", "complaint"),): posts.c.intent == "complaint",
        (("language", "es"),): posts.c.language == "es",
        (("platform", "bluesky"),): posts.c.platform == "bluesky",
        (("sentiment", "positive"), ("platform", "x")): (posts.c.sentiment == "positive")
        & (posts.c.platform == "x"),
    }
    for params, condition in cases.items():
        want = expected_ids(engine, condition)
        assert want, params
        got = walk(engine, parse(engine, **dict(params)), limit)
        assert got == want, params  # same posts, same order: no gap, no duplicate
    topic_posts = walk(engine, parse(engine, topic="Airline"), limit)
    with engine.connect() as connection:
        tagged = set(connection.execute(text("select post_id from post_topics")).scalars())
    assert set(topic_posts) == tagged and len(topic_posts) == len(tagged) == 45
    assert topic_posts == [i for i in expected_ids(engine) if i in tagged]


def test_bounded_search_says_how_far_it_looked_and_older_goes_on(engine, monkeypatch):
    monkeypatch.setattr(sq, "SCAN", 10)
    fill(engine, 60, topic=None)
    with engine.begin() as connection:  # the only match, far down the stream
        store.store_batch(connection, [make_post(500, at=T0 - timedelta(hours=1),
                                                 text_="Needle in 100% of_cases")])  # fmt: skip
    stream = parse(engine, q="100% of_")
    page = sq.older_page(engine, stream, limit=5)
    assert page.posts == [] and page.searched_back_to is not None and page.older is not None
    found: list[str] = []
    before = None
    for _ in range(20):
        page = sq.older_page(engine, stream, before=before, limit=5)
        found += [p.text for p in page.posts]
        if page.older is None:
            break
        before = page.older
    assert found == ["Needle in 100% of_cases"]
    # LIKE wildcards are literal: "%" and "_" match only themselves
    monkeypatch.setattr(sq, "SCAN", 5000)
    assert [p.text for p in sq.older_page(engine, parse(engine, q="%")).posts] == [found[0]]
    assert sq.older_page(engine, parse(engine, q="o_ f")).posts == []
    assert len(sq.older_page(engine, parse(engine, q="NEEDLE")).posts) == 1  # any case


def test_live_poll_returns_only_newer_posts(engine):
    fill(engine, 20)
    stream = parse(engine, sentiment="negative")
    first = sq.older_page(engine, stream)
    assert first.newest is not None
    assert sq.newer_posts(engine, stream, after=first.newest).posts == []
    later = T0 + timedelta(minutes=10)
    with engine.begin() as connection:
        store.store_batch(
            connection,
            [make_post(200 + k, at=later + timedelta(seconds=k)) for k in range(6)]
            + [make_post(300, at=T0 - timedelta(days=1))],  # late and old: not "newer"
            [enrichment(200 + k) for k in range(6)] + [enrichment(300)],
        )
    newer = sq.newer_posts(engine, stream, after=first.newest)
    want = expected_ids(engine, (posts.c.sentiment == "negative") & (posts.c.created_at >= later))
    assert [p.id for p in newer.posts] == want and want  # newest first, only the new ones
    assert all(p.enrichment["sentiment"] == "negative" for p in newer.posts)
    assert sq.newer_posts(engine, stream, after=newer.newest).posts == []
    # a burst larger than a poll comes over several polls, in order, nothing missed
    everything = parse(engine)
    top = sq.older_page(engine, everything, before=None).newest
    with engine.begin() as connection:
        store.store_batch(
            connection, [make_post(400 + k, at=later + timedelta(minutes=5, seconds=k))
                         for k in range(13)])  # fmt: skip
    got: list[int] = []
    after = top
    for _ in range(5):
        step = sq.newer_posts(engine, everything, after=after, limit=4)
        got = [p.id for p in step.posts] + got
        after = step.newest
    assert got == expected_ids(engine, posts.c.native_id.like("s4__"))


def app_for(db_url: str) -> Any:
    return create_app(Settings.from_env({"PARLEY_DATABASE_URL": db_url}), simulate=None)


def test_pages_and_api_filter_and_the_poll_prepends(db_url):
    app = app_for(db_url)
    fill(app.state.engine, 30)
    client = signed_in(app, "analyst")
    page = client.get("/stream", params={"sentiment": "neutral", "platform": "x"})
    assert page.status_code == 200
    shown = re.findall(r'id="post-(\d+)"', page.text)
    want = expected_ids(
        app.state.engine, (posts.c.sentiment == "neutral") & (posts.c.platform == "x")
    )
    assert [int(i) for i in shown] == want
    assert 'hx-trigger="every 3s"' in page.text and "Pause" in page.text
    poll = re.search(r'hx-get="(/stream/live\?[^"]+)" hx-trigger', page.text)
    assert poll
    url = poll.group(1).replace("&amp;", "&")
    assert client.get(url).status_code == 204  # nothing new
    with app.state.engine.begin() as connection:
        store.store_batch(connection, [make_post(903, at=T0 + timedelta(hours=1))],
                          [enrichment(903)])  # fmt: skip
        store.store_batch(connection, [make_post(906, at=T0 + timedelta(hours=1))],
                          [{**enrichment(906), "sentiment": "neutral"}])  # fmt: skip
    live = client.get(url)
    assert live.status_code == 200
    assert re.findall(r'id="post-(\d+)"', live.text) == [str(expected_ids(
        app.state.engine, posts.c.native_id == "s906")[0])]  # fmt: skip
    assert 'hx-swap-oob="true"' in live.text  # the poller moves on
    pause = re.search(r'hx-get="(/stream/live\?[^"]+paused=1)"', live.text)
    paused = client.get(pause.group(1).replace("&amp;", "&"))  # the moved-on poller's Pause
    assert "Resume" in paused.text and "hx-trigger" not in paused.text
    resume = (
        re.search(r'hx-get="(/stream/live\?[^"]+)"', paused.text).group(1).replace("&amp;", "&")
    )
    resumed = client.get(resume)  # nothing new, yet the polling control comes back
    assert resumed.status_code == 200 and 'hx-trigger="every 3s"' in resumed.text
    assert "post-" not in resumed.text and "resume" not in resumed.text

    api = client.get("/api/v1/posts", params={"intent": "complaint", "limit": 2}).json()
    assert [p["enrichment"]["intent"] for p in api["posts"]] == ["complaint"] * 2
    rest = client.get("/api/v1/posts", params={"intent": "complaint", "before": api["older"]})
    ids = [p["id"] for p in api["posts"] + rest.json()["posts"]]
    assert ids == expected_ids(app.state.engine, posts.c.intent == "complaint")
    five = client.get("/api/v1/posts", params={"limit": 5}).json()
    between = client.get(
        "/api/v1/posts", params={"after": five["older"], "before": five["newest"]}
    ).json()
    assert [p["id"] for p in between["posts"]] == [p["id"] for p in five["posts"][1:4]]
    newer = client.get("/api/v1/posts", params={"after": api["newest"]}).json()
    assert newer["posts"] and all(p["created_at"] > api["posts"][0]["created_at"]
                                  for p in newer["posts"])  # fmt: skip
    older = client.get("/stream/older", params={"intent": "complaint", "before": api["older"]})
    assert older.status_code == 200 and "No older posts match these filters." in older.text
    one = client.get("/api/v1/posts", params={"intent": "complaint", "limit": 1}).json()
    older = client.get("/stream/older", params={"intent": "complaint", "before": one["older"]})
    assert re.findall(r'id="post-(\d+)"', older.text) == [str(ids[1])]
    assert "stream-older" not in older.text  # the last of them: no "older" any more


def test_bad_filter_values_are_refused_by_name(db_url):
    app = app_for(db_url)
    client = signed_in(app, "analyst")
    bad = {
        "sentiment": "angry",
        "intent": "<script>",
        "platform": "myspace",
        "language": "en' OR 1=1 --",
        "topic": "no such topic",
        "q": "x" * 501,
        "before": "yesterday",
    }
    for name, value in bad.items():
        page = client.get("/stream", params={name: value})
        assert page.status_code == 400, name
        assert f"<code>{name}</code>" in page.text, name
        assert "<script>" not in page.text.split("<main>")[1]
        api = client.get("/api/v1/posts", params={name: value})
        assert api.status_code == (404 if name == "topic" else 422), name
        assert api.json()["detail"][0]["loc"] == ["query", name]
    assert "at most 500" in client.get("/stream", params={"q": "y" * 600}).text
    nul = client.get("/api/v1/posts", params={"q": "a\x00b"})
    assert nul.status_code == 422 and nul.json()["detail"][0]["loc"] == ["query", "q"]
    page = client.get("/stream", params={"q": "a\x00b"})
    assert page.status_code == 400 and "NUL" in page.text
    assert client.get("/stream", params={"before": "1-123456789012345678901"}).status_code == 400
    assert client.get("/stream/live", params={"after": "nope"}).status_code == 400
    assert client.get("/api/v1/posts", params={"limit": 0}).status_code == 422
    # empty values (a submitted form's "any") are no filter
    assert client.get("/stream", params={"sentiment": "", "topic": "", "q": ""}).status_code == 200


def test_hostile_content_renders_as_text(db_url):
    app = app_for(db_url)
    engine = app.state.engine
    topic = '<img src=x onerror="window.__pwned = 5">'
    with engine.begin() as connection:
        save_topic(connection, name=topic, query="airline")
    hostile_posts = [
        make_post(
            i, text_=HOSTILE[i % 4], title=HOSTILE[(i + 1) % 4], url="javascript:alert(1)",
            author=Author(native_id=f"evil{i}", handle=HOSTILE[(i + 2) % 4],
                          name=HOSTILE[(i + 3) % 4], bio=HOSTILE[i % 4]),
        )
        for i in range(4)
    ]  # fmt: skip
    enrichments = [
        {**enrichment(i), "topics": {topic: '<svg onload="x">'},
         "sentiment_why": [[HOSTILE[0], -1.0]], "intent": "complaint",
         "intent_why": HOSTILE[1], "dup_cluster": HOSTILE[2]}
        for i in range(4)
    ]  # fmt: skip
    with engine.begin() as connection:
        store.store_batch(connection, hostile_posts, enrichments)
    client = signed_in(app, "analyst")
    for response in (client.get("/stream"), client.get("/stream", params={"topic": topic})):
        body = response.text.split("<main>")[1]
        assert response.status_code == 200
        for raw in ("<script>window", "<img src=x", "<svg onload", 'href="javascript:'):
            assert raw not in body
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in body
        assert "&lt;svg onload=&#34;x&#34;&gt;" in body  # the clause
        assert "Bio:" in body
        assert "original</a>" not in body  # a javascript: address is not linked


def test_campaign_accounts_are_marked(db_url):
    app = app_for(db_url)
    engine = app.state.engine
    fill(engine, 6, topic=None)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        cid = connection.execute(
            campaigns.insert().values(
                status="confirmed", score=0.9, summary="s", evidence="{}", topics="[]",
                accounts_count=1, posts_count=2, first_at=now, last_at=now, detected_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]  # fmt: skip
        connection.execute(campaign_accounts.insert().values(
            campaign_id=cid, platform="x", author_native_id="a0"))  # fmt: skip
    assert coordinated_accounts(engine)
    client = signed_in(app, "analyst")
    body = client.get("/stream").text
    assert f"confirmed campaign #{cid}" in body
    api = client.get("/api/v1/posts").json()["posts"]
    marked = {(p["platform"], p["author_native_id"]) for p in api if p["campaign"] == cid}
    assert marked == {("x", "a0")}
    assert {p["campaign_status"] for p in api if p["campaign"]} == {"confirmed"}


def test_migration_backfills_an_existing_store(db_url):
    engine = create_store_engine(db_url)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    import msgspec

    with engine.begin() as connection:
        stamp = store._datetime_param(connection)  # as the store writes times
        for i in range(12):
            connection.execute(
                text(
                    "insert into posts (platform, native_id, created_at, ingested_at, kind, "
                    "text, lang, enrichment) values (:p, :n, :c, :c, 'post', 't', :lang, :e)"
                ),
                {"p": "x", "n": f"m{i}", "c": stamp(T0 + timedelta(seconds=i)), "lang": "it",
                 "e": None if i == 0 else ("not json" if i == 1 else
                                           msgspec.json.encode(enrichment(i)).decode())},
            )  # fmt: skip
    migrate(engine)
    with engine.connect() as connection:
        rows = {r.native_id: r for r in connection.execute(select(posts))}
    for i in range(2, 12):
        language, sentiment, intent = store.filter_columns(enrichment(i), "it")
        row = rows[f"m{i}"]
        assert (row.language, row.sentiment, row.intent) == (language, sentiment, intent), i
    assert (rows["m0"].language, rows["m0"].sentiment) == ("it", None)
    assert (rows["m1"].language, rows["m1"].sentiment) == ("it", None)
    assert rows["m3"].sentiment == enrichment(3)["sentiment"]
    # and the Stream filters the backfilled posts
    got = walk(engine, sq.parse_filter(engine, platforms=PLATFORMS, sentiment="neutral"), 3)
    assert got == expected_ids(engine, posts.c.sentiment == "neutral") and got
    engine.dispose()


@pytest.mark.browser
def test_browser_filters_and_sees_a_new_post_arrive(tmp_path):
    url = f"sqlite:///{tmp_path / 'stream.db'}"
    engine = create_store_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        store.store_batch(
            connection,
            [
                make_post(i, at=now - timedelta(minutes=10 - i), text_=HOSTILE[i % 4])
                for i in range(8)
            ],
            [enrichment(i) for i in range(8)],
        )
    name = make_user(engine, "analyst")
    errors: list[str] = []
    with serve(tmp_path, url) as base, browser() as launched:
        page = launched.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append("dialog " + d.message), d.dismiss()))
        browser_sign_in(page, base, name)
        page.goto(base + "/stream")
        page.select_option("select[name=sentiment]", "negative")
        page.click("form.stream-filters button[type=submit]")
        page.wait_for_url(lambda u: "sentiment=negative" in u)
        count = page.locator("#stream-posts li.post").count()
        assert count == len([i for i in range(8) if enrichment(i)["sentiment"] == "negative"])
        with engine.begin() as connection:
            store.store_batch(
                connection,
                [make_post(50, at=datetime.now(UTC), text_="a brand new negative post")],
                [{**enrichment(50), "sentiment": "negative"}],
            )
            store.store_batch(
                connection,
                [make_post(51, at=datetime.now(UTC), text_="a new positive post")],
                [{**enrichment(51), "sentiment": "positive"}],
            )
        first = page.locator("#stream-posts li.post").first
        from playwright.sync_api import expect

        expect(first.locator(".text")).to_have_text("a brand new negative post", timeout=15000)
        assert page.get_by_text("a new positive post").count() == 0
        assert page.locator("#stream-posts li.post").count() == count + 1
        page.wait_for_timeout(4000)  # more polls: the poller moved on, nothing comes twice
        assert page.locator("#stream-posts li.post").count() == count + 1
        page.click("#stream-live button")
        expect(page.locator("#stream-live")).to_contain_text("Paused")
        with engine.begin() as connection:
            store.store_batch(
                connection,
                [make_post(52, at=datetime.now(UTC), text_="while paused")],
                [{**enrichment(52), "sentiment": "negative"}],
            )
        page.wait_for_timeout(4000)
        assert page.get_by_text("while paused").count() == 0  # paused: nothing comes in
        page.click("#stream-live button")  # Resume fetches what came meanwhile
        expect(first.locator(".text")).to_have_text("while paused", timeout=15000)
        expect(page.locator("#stream-live")).to_contain_text("Live")
        assert page.locator("#stream-posts li.post").count() == count + 2
        assert page.evaluate("window.__pwned") is None
        screenshot(page, "stream")
    engine.dispose()
    assert not errors, errors
