"""`parley bench web`: fill a store with N simulated posts, then time the pages.

The fill writes through `store_batch`, the pipeline's own write path, so posts, topic
matches and every rollup are the rows the pipeline would write. What it skips is the costly
enrichment: language and sentiment are the simulator's ground truth (the labels the
enrichers aim at) and topics are matched by the real topic matcher, so the fill runs at
the speed of the store. The posts span the last `days` days up to now, so every range of
the overview has data. The accounts the simulator made post as a water-army campaign are
saved as one suspected campaign, so the "leave out campaigns" switch is timed too.

The pages are then asked `requests` times each, signed in, through the ASGI app in this
process (FastAPI's TestClient: the whole HTTP stack but the socket), and p50/p95/max are
printed with the rollup row counts that explain them and the estimate for 10 million posts.
"""

from __future__ import annotations

import itertools
import statistics
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from parley.domain import Post
from parley.settings import Settings
from parley.sources.simulator import Simulator
from parley.store.db import open_store
from parley.store.rollups import DAY, SPANS, TOP_AUTHORS, TOP_POSTS
from parley.store.tables import (
    metadata,
    rollup_authors,
    rollup_posts,
    rollup_top_authors,
    rollup_top_posts,
    rollup_topics,
    topics,
)

SCENARIO = "false_report"
BENCH_TOPICS = 12  # the brand's own ten and two others: a team's overview, not a firehose's
PAGES = (
    ("overview", "/"),
    ("overview 1h", "/?range=1h"),
    ("overview 7d", "/?range=7d"),
    ("overview 30d", "/?range=30d"),
    ("overview 1y", "/?range=1y"),
    ("overview, campaigns left out", "/?exclude=suspected"),
    ("live partial", "/partials/live"),
    ("stream", "/stream"),
    ("status API", "/api/v1/status"),
)


def _simulator(posts: int, *, days: int, seed: int, now: datetime) -> Simulator:
    """A simulator whose run of `days` up to `now` holds about `posts` posts: a pilot at
    rate 1 counts what one unit of rate gives over the same days (volume scales with it)."""
    start = now - timedelta(days=days)
    duration = timedelta(days=days)
    pilot = sum(1 for _ in Simulator(SCENARIO, seed=seed, start=start, duration=duration,
                                     rate=1.0).posts())  # fmt: skip
    return Simulator(SCENARIO, seed=seed, start=start, duration=duration,
                     rate=max(0.05, posts / max(1, pilot)))  # fmt: skip


def _batches(simulator: Simulator, posts: int, size: int) -> Iterator[list[Post]]:
    stream = itertools.islice(simulator.posts(), posts)
    while batch := list(itertools.islice(stream, size)):
        yield batch


def fill(
    engine: Engine,
    posts: int,
    *,
    days: int = 30,
    seed: int = 7,
    batch_size: int = 5000,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Store about `posts` simulated posts of the last `days` days; returns what it did."""
    from parley.bench.enrich import bench_topics
    from parley.coordination.detect import Campaign
    from parley.coordination.store import save_campaigns
    from parley.enrich.basic import BasicEnricher
    from parley.enrich.topics import TopicEnricher
    from parley.store.posts import store_batch
    from parley.store.topics import save_topic

    now = now or datetime.now(UTC)
    queries = bench_topics(BENCH_TOPICS)
    with engine.begin() as connection:
        for name, query in queries.items():
            save_topic(connection, name=name, query=query)
    basic = BasicEnricher()
    matcher = TopicEnricher(lambda: queries)
    simulator = _simulator(posts, days=days, seed=seed, now=now)
    campaign_accounts: set[str] = set()
    campaign_posts: list[str] = []
    stored = 0
    started = time.perf_counter()

    def enrich(batch: list[Post]) -> list[dict[str, Any]]:
        found = basic.transform_many(batch)
        for post, enrichment in zip(batch, found, strict=True):
            truth = (post.raw or {}).get("sim") or {}
            enrichment["lang"] = truth.get("lang") or post.lang or "und"
            if truth.get("sentiment"):
                enrichment["sentiment"] = truth["sentiment"]
            if truth.get("coordinated") and post.author is not None:
                campaign_accounts.add(f"{post.platform}:{post.author.native_id}")
                campaign_posts.append(f"{post.platform}:{post.native_id}")
        for enrichment, matched in zip(found, matcher.transform_many(batch, found), strict=True):
            enrichment.update(matched)
        return found

    def write(batch: list[Post], enrichments: list[dict[str, Any]]) -> int:
        with engine.begin() as connection:
            return store_batch(connection, batch, enrichments, now=now).inserted

    # Preparing the next batch overlaps with storing this one (the drivers release the GIL).
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending = None
        for batch in _batches(simulator, posts, batch_size):
            enrichments = enrich(batch)
            if pending is not None:
                stored += pending.result()
            pending = writer.submit(write, batch, enrichments)
        if pending is not None:
            stored += pending.result()
    seconds = time.perf_counter() - started
    if campaign_accounts:
        first = now - timedelta(days=days)
        save_campaigns(engine, [Campaign(
            accounts=sorted(campaign_accounts), posts=campaign_posts[:5000], first_at=first,
            last_at=now, score=0.9, summary="the simulator's paid posters (bench)",
            evidence={}, topics=[], stance=None,
        )])  # fmt: skip
    return {
        "posts_stored": stored,
        "days": days,
        "topics": len(queries),
        "campaign_accounts": len(campaign_accounts),
        "fill_seconds": seconds,
        "fill_posts_per_s": stored / seconds if seconds else 0.0,
    }


def rollup_rows(engine: Engine) -> dict[str, dict[int, tuple[int, int]]]:
    """(rows, buckets) per rollup table and span."""
    out: dict[str, dict[int, tuple[int, int]]] = {}
    with engine.connect() as connection:
        for table in (rollup_posts, rollup_topics, rollup_authors, rollup_top_authors,
                      rollup_top_posts):  # fmt: skip
            rows = connection.execute(
                select(table.c.span, func.count(), func.count(table.c.bucket.distinct()))
                .group_by(table.c.span)
            ).all()  # fmt: skip
            out[table.name] = {int(span): (int(n), int(b)) for span, n, b in rows}
    return out


def _caps(engine: Engine) -> dict[str, int]:
    """The most rows a bucket of each table can hold, whatever the number of posts."""
    with engine.connect() as connection:
        values = connection.execute(
            select(func.count(rollup_posts.c.value.distinct())).where(rollup_posts.c.span == DAY)
        ).scalar()
        topic_count = connection.execute(select(func.count()).select_from(topics)).scalar()
    return {
        "rollup_posts": int(values or 0),  # sentiments + platforms + languages seen
        "rollup_topics": int(topic_count or 0) * 4,  # topics x sentiment labels
        "rollup_top_authors": TOP_AUTHORS,
        "rollup_top_posts": TOP_POSTS,
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_pages(client: Any, requests: int, *, warmup: int = 3) -> dict[str, dict[str, Any]]:
    """p50/p95/max in milliseconds per page; a page that is not there (404) is skipped."""
    out: dict[str, dict[str, Any]] = {}
    for name, path in PAGES:
        first = client.get(path)
        if first.status_code == 404:
            continue
        if first.status_code != 200:
            raise RuntimeError(f"{path} answered {first.status_code}: {first.text[:300]}")
        for _ in range(warmup):
            client.get(path)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
        out[name] = {
            "path": path,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
        }
    return out


def scale_estimate(
    rows: dict[str, dict[int, tuple[int, int]]], caps: dict[str, int], posts: int, target: int
) -> dict[str, str]:
    """What `target` posts would make the overview read, from the rollup row counts.

    A page reads the rows of its range's buckets. Rows per bucket grow with the variety of
    the traffic (values of sentiment, platform and language; topics x sentiment), not with
    the number of posts, and are capped (`caps`); the top tables keep a fixed number per
    bucket. So for the same period, `target` posts read at most `buckets x cap` rows per
    table: the figure below against today's. `rollup_authors` is read only for the ten top
    authors and the campaign accounts; its size grows with the active authors (~posts)."""
    out: dict[str, str] = {}
    for table, cap in caps.items():
        parts = []
        for span, (n, buckets) in sorted(rows.get(table, {}).items()):
            if buckets:
                parts.append(f"{span}s: {n / buckets:,.1f} rows/bucket now, at most {cap}")
        out[table] = "; ".join(parts) or "empty"
    authors = sum(n for n, _ in rows.get("rollup_authors", {}).values())
    out["rollup_authors"] = (
        f"{authors:,} rows now, about {int(authors * target / max(1, posts)):,} at "
        f"{target:,} posts (not read by range)"
    )
    return out


def run_web_bench(
    settings: Settings,
    *,
    posts: int,
    database_url: str,
    requests: int,
    days: int = 30,
    fill_store: bool = True,
) -> dict[str, Any]:
    """Fill the (empty) store at `database_url`, time the pages, report. Without
    `fill_store`, time a store a previous run filled."""
    from fastapi.testclient import TestClient

    from parley.store.stats import post_total
    from parley.web.app import create_app

    engine = open_store(database_url)
    with engine.connect() as connection:
        existing = connection.execute(select(func.count()).select_from(metadata.tables["posts"]))
        if existing.scalar() and fill_store:
            raise RuntimeError("the store for `parley bench web` must be empty (or --no-fill)")
    report: dict[str, Any] = {"store": database_url.split("@")[-1], "posts": posts}
    if fill_store:
        report.update(fill(engine, posts, days=days))
    else:
        report["posts_stored"] = post_total(engine)
    rows = rollup_rows(engine)
    report["rollup_rows"] = {
        table: ", ".join(f"{span}s: {by.get(span, (0, 0))[0]:,}" for span in SPANS)
        for table, by in rows.items()
    }
    caps = _caps(engine)
    app = create_app(settings, engine=engine, simulate=None)
    with TestClient(app, base_url="https://testserver") as client:
        _sign_in(client, engine)
        report["pages"] = {
            name: f"p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms, max {t['max_ms']} ms"
            for name, t in time_pages(client, requests).items()
        }
    report["scale_to_10m"] = scale_estimate(rows, caps, report["posts_stored"], 10_000_000)
    engine.dispose()
    return report


def _sign_in(client: Any, engine: Engine) -> None:
    """Sign the client in as a new analyst through the login form, as a person would."""
    from parley.store.users import create_user

    name = f"bench-{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        _, password = create_user(connection, username=name, role="analyst")
    sign_in(client, name, password)


def sign_in(client: Any, username: str, password: str) -> None:
    """Through the login form: fetch it (the CSRF cookie), post it."""
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password,
              "csrf_token": client.cookies.get("parley_login_csrf") or ""},
        follow_redirects=False,
    )  # fmt: skip
    if response.status_code != 303:
        raise RuntimeError(f"signing in failed: {response.status_code} {response.text[:200]}")
