"""`parley bench pipeline`: simulated posts → JSONL → import (decode, enrich, store) → numbers.

Each stage is timed on its own and the whole import end to end, on a fresh store (a temporary
SQLite file unless a database URL is given), and the process's peak resident memory is read
from the kernel. The posts come from the scenario simulator, so they are multilingual and
shaped like real traffic.
"""

from __future__ import annotations

import asyncio
import itertools
import resource
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from parley.enrich.basic import BasicEnricher
from parley.ingest import Pipeline
from parley.interchange import Decoder, encode_line
from parley.settings import Settings
from parley.sources.files import JsonlSource
from parley.sources.simulator import Simulator
from parley.store.db import open_store


def generate(path: Path, posts: int, *, seed: int = 7) -> float:
    """Write `posts` simulated posts to `path`; returns posts/s of generation."""
    # about 720 posts a day per unit of rate, so this rate gives the count within a day or two
    simulator = Simulator(
        "baseline", seed=seed, duration=timedelta(days=3), rate=max(8.0, posts / 700)
    )
    started = time.perf_counter()
    with path.open("wb") as handle:
        for post in itertools.islice(simulator.posts(), posts):
            handle.write(encode_line(post))
    return posts / (time.perf_counter() - started)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # children that have ended
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def run_pipeline_bench(
    settings: Settings,
    *,
    posts: int,
    batch_size: int,
    database_url: str | None = None,
    enrich: str = "full",
    topics: int = 200,
) -> dict[str, Any]:
    """`enrich="cheap"` runs only the cheap enrichers (the spine's figure); `"full"` runs
    everything the product runs. Both use the worker processes of the settings, as Parley does."""
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "posts.jsonl"
        generated = generate(path, posts)
        size_mb = path.stat().st_size / 1e6

        # decode alone, for the per-stage figure
        decoder = Decoder(max_text_chars=settings.max_text_chars)
        started = time.perf_counter()
        sample: list[Any] = []
        with path.open("rb") as handle:
            for line in handle:
                post = decoder.decode_line(line)
                if len(sample) < 50_000:
                    sample.append(post)
        decode_rate = posts / (time.perf_counter() - started)

        enricher = BasicEnricher()
        started = time.perf_counter()
        for i in range(0, len(sample), batch_size):
            enricher.transform_many(sample[i : i + batch_size])
        enrich_rate = len(sample) / (time.perf_counter() - started)
        del sample

        url = database_url or f"sqlite:///{folder / 'bench.db'}"
        engine = open_store(url)
        if enrich == "full" and topics:
            from parley.bench.enrich import bench_topics
            from parley.store.topics import save_topic

            with engine.begin() as connection:
                for name, query in bench_topics(topics).items():
                    save_topic(connection, name=name, query=query)
        source = JsonlSource(
            path,
            decoder=Decoder(max_text_chars=settings.max_text_chars),
            max_line_bytes=settings.max_line_bytes,
            batch_size=batch_size,
        )
        pipeline = Pipeline(
            engine,
            queue_size=settings.bus_queue_size,
            workers=settings.enrich_workers,
            profile=enrich,
        )
        detection = inbox = None
        if enrich == "full":  # the product runs the detectors and the inbox on all it stores
            from parley.act.rota import attach as attach_inbox
            from parley.detect.live import attach

            detection = attach(pipeline, engine, settings)
            inbox = attach_inbox(pipeline, engine)
        children_before = _children_cpu()
        cpu_started = time.process_time()
        summary = asyncio.run(pipeline.run(source))
        main_cpu = time.process_time() - cpu_started
        drained = time.perf_counter()
        if detection is not None:  # wait for the detectors to catch up (their own process)
            detection.finish()
        drain_seconds = time.perf_counter() - drained
        # the enrichment worker and the detector process have ended: their whole CPU time,
        # start-up (imports, models) included
        children_cpu = _children_cpu() - children_before
        engine.dispose()
        stored = summary.stored
        inbox_seconds = inbox.seconds if inbox is not None else 0.0
        return {
            "posts": posts,
            "jsonl_mb": round(size_mb, 1),
            "store": "sqlite (temporary file)" if database_url is None else url.split("@")[-1],
            "batch_size": batch_size,
            "enrich": enrich,
            "topics": topics if enrich == "full" else 0,
            "enrich_workers": settings.enrich_workers,
            "generate_posts_per_s": generated,
            "decode_posts_per_s": decode_rate,
            "enrich_basic_posts_per_s": enrich_rate,
            **{
                f"enrich_{name}_posts_per_s": stored / seconds
                for name, seconds in summary.times.enrich.items()
                if seconds
            },
            "store_posts_per_s": stored / summary.times.store if summary.times.store else 0.0,
            "detect": settings.detect if enrich == "full" else "off",
            # the detectors' hook: the hand-over to their process (or, inline, the detectors)
            "detect_us_per_post": (summary.times.hooks - inbox_seconds) / stored * 1e6
            if stored
            else 0.0,
            # the inbox's hook (it files addressed posts); until 2026-12-03 detect_us_per_post
            # included it
            "inbox_us_per_post": inbox_seconds / stored * 1e6 if stored else 0.0,
            # CPU per stored post: this process during the import, the child processes in all
            "main_cpu_us_per_post": main_cpu / stored * 1e6 if stored else 0.0,
            "children_cpu_us_per_post": children_cpu / stored * 1e6 if stored else 0.0,
            "detect_drain_seconds": drain_seconds,
            "end_to_end_posts_per_s": stored / summary.seconds,
            "end_to_end_seconds": summary.seconds,
            "inserted": summary.inserted,
            "peak_rss_mb": peak_rss_mb(),
            # the largest finished child: the enrichment worker (lingua's models live there)
            "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }
