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
from parley.store.rollups import SPANS
from parley.store.tables import (
    metadata,
    rollup_authors,
    rollup_posts,
    rollup_top_authors,
    rollup_top_posts,
    rollup_topics,
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
        for enrichment, topics in zip(found, matcher.transform_many(batch, found), strict=True):
            enrichment.update(topics)
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


def rollup_rows(engine: Engine) -> dict[str, dict[int, int]]:
    """Rows per rollup table and span."""
    out: dict[str, dict[int, int]] = {}
    with engine.connect() as connection:
        for table in (rollup_posts, rollup_topics, rollup_authors, rollup_top_authors,
                      rollup_top_posts):  # fmt: skip
            rows = connection.execute(
                select(table.c.span, func.count()).group_by(table.c.span)
            ).all()
            out[table.name] = {int(span): int(n) for span, n in rows}
    return out


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


def scale_estimate(rows: dict[str, dict[int, int]], posts: int, target: int) -> dict[str, Any]:
    """What 10 million posts would cost the overview, from the rollup row counts.

    The overview reads, per range, the rows of `rollup_posts` and `rollup_topics` in its
    buckets, and at most 10 authors' and the campaign accounts' `rollup_authors` rows. The
    first two grow with time and with the variety of the traffic (platform x language x
    sentiment, topic x sentiment per bucket), not with the posts; they are capped by the
    number of combinations. Taking every bucket to hold all the combinations seen (here, as
    many as the fullest bucket) is the upper bound; the top tables are capped per bucket.
    """
    factor = target / max(1, posts)
    out: dict[str, Any] = {"posts": target, "factor": round(factor, 1)}
    for table in ("rollup_posts", "rollup_topics"):
        out[table] = "rows per bucket are capped by the combinations (see docs/performance.md)"
    out["rollup_top_authors"] = "capped: 25 rows per bucket"
    out["rollup_top_posts"] = "capped: 20 rows per bucket"
    authors_now = sum(rows.get("rollup_authors", {}).values())
    out["rollup_authors_rows"] = f"about {int(authors_now * factor):,} (grows with active authors)"
    return out


def run_web_bench(
    settings: Settings,
    *,
    posts: int,
    database_url: str,
    requests: int,
    days: int = 30,
    keep: bool = False,
) -> dict[str, Any]:
    """Fill the (empty) store at `database_url`, time the pages, report."""
    from fastapi.testclient import TestClient

    from parley.web.app import create_app

    engine = open_store(database_url)
    with engine.connect() as connection:
        existing = connection.execute(select(func.count()).select_from(metadata.tables["posts"]))
        if existing.scalar():
            raise RuntimeError("the store for `parley bench web` must be empty")
    report: dict[str, Any] = {"store": database_url.split("@")[-1], "posts": posts}
    report.update(fill(engine, posts, days=days))
    rows = rollup_rows(engine)
    report["rollup_rows"] = {
        table: ", ".join(f"{span}s: {by.get(span, 0):,}" for span in SPANS)
        for table, by in rows.items()
    }
    app = create_app(settings, engine=engine, simulate=None)
    with TestClient(app, base_url="https://testserver") as client:
        _sign_in(client, engine)
        report["pages"] = {
            name: f"p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms, max {t['max_ms']} ms"
            for name, t in time_pages(client, requests).items()
        }
    report["scale_to_10m"] = scale_estimate(rows, report["posts_stored"], 10_000_000)
    engine.dispose()
    return report


def _sign_in(client: Any, engine: Engine) -> None:
    """Sign the client in as a new analyst through the login form, as a person would."""
    from parley.store.users import create_user

    name = f"bench-{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        _, password = create_user(connection, username=name, role="analyst")
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": name, "password": password,
              "csrf_token": client.cookies.get("parley_login_csrf") or ""},
        follow_redirects=False,
    )  # fmt: skip
    if response.status_code != 303:
        raise RuntimeError(f"signing in failed: {response.status_code} {response.text[:200]}")
