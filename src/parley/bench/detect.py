"""`parley bench detect`: what the detectors cost per post, each on its own.

Simulated posts (the S1 scenario, so there are surges, a viral post and a paid-poster group)
are enriched once, as the pipeline does (200 topics by default); then the crisis detectors and
the water-army detector are each timed over the same stored-batch hooks the pipeline calls.
Two densities: the scenario's own pace (about `rate` posts a minute at peak, as when history is
imported, so the per-minute work weighs a lot) and a dense stream (the same posts' times
compressed so a minute holds `dense_per_minute` posts, as a busy live stream does).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import msgspec

from parley.bench.enrich import bench_topics
from parley.detect.backtest import build
from parley.detect.engine import Detection, MemorySink
from parley.domain import Post
from parley.enrich.dedup import NearDuplicateEnricher
from parley.enrich.parallel import run_enrichers
from parley.settings import Settings
from parley.sources.simulator import Simulator

BATCH = 2000


def _compress(posts: list[Post], per_minute: int) -> list[Post]:
    start = posts[0].created_at
    out = []
    for i, post in enumerate(posts):
        when = start + timedelta(seconds=60.0 * i / per_minute)
        out.append(msgspec.structs.replace(post, created_at=when))
    return out


def _time(batches: list[tuple[list[Post], list[dict[str, Any]]]]) -> dict[str, Any]:
    from parley.coordination.live import CoordinationDetector

    posts = sum(len(b) for b, _ in batches)
    coordination = CoordinationDetector(None)
    started = time.perf_counter()
    for batch, enrichments in batches:
        coordination(batch, enrichments, frozenset((p.platform, p.native_id) for p in batch))
    coordination.recluster()
    coordination_s = time.perf_counter() - started
    detection = Detection(MemorySink(), coordination=coordination)
    started = time.perf_counter()
    for batch, enrichments in batches:
        detection.hook(batch, enrichments, {(p.platform, p.native_id) for p in batch})
    detection.finish()
    detection_s = time.perf_counter() - started
    minutes = (batches[-1][0][-1].created_at - batches[0][0][0].created_at).total_seconds() / 60
    return {
        "posts": posts,
        "stream_minutes": round(minutes, 1),
        "scopes": len(detection.scopes),
        "alerts": len(detection.sink.alerts),  # type: ignore[attr-defined]
        "detect_us_per_post": round(detection_s / posts * 1e6, 1),
        "coordination_us_per_post": round(coordination_s / posts * 1e6, 1),
        "campaigns": len(coordination.campaigns),
    }


def run_detect_bench(
    settings: Settings, *, posts: int = 100_000, topics: int = 200, dense_per_minute: int = 20_000
) -> dict[str, Any]:
    simulator = Simulator("false_report", seed=7, rate=max(8.0, posts / 700))
    stream = []
    for post in simulator.posts():
        stream.append(post)
        if len(stream) >= posts:
            break
    enrichers = build(settings, bench_topics(topics))
    enrichers.insert(3, NearDuplicateEnricher())  # the coordination hook reads its clusters
    started = time.perf_counter()
    enriched: list[dict[str, Any]] = []
    for i in range(0, len(stream), BATCH):
        found, _ = run_enrichers(enrichers, stream[i : i + BATCH])
        enriched.extend(found)
    enrich_s = time.perf_counter() - started

    def batched(items: list[Post]) -> list[tuple[list[Post], list[dict[str, Any]]]]:
        return [
            (items[i : i + BATCH], enriched[i : i + BATCH]) for i in range(0, len(items), BATCH)
        ]

    return {
        "posts": len(stream),
        "topics": topics,
        "enrich_posts_per_s": round(len(stream) / enrich_s, 1),
        "scenario_pace": _time(batched(stream)),
        "dense": _time(batched(_compress(stream, dense_per_minute))),
    }
