"""Enrichment in worker processes, so the pipeline uses more than one core.

Python runs one thread of Python at a time, and enrichment is Python-heavy; a worker process
enriches batch N while the main process decodes batch N+1 and stores batch N-1. Batches
cross the process boundary as msgpack (msgspec), which costs far less than the work itself.
Only stateless enrichers run in workers; stateful ones (near-duplicate clusters) need every
post in order and stay in the main process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import msgspec

from parley.domain import Post

_encoder = msgspec.msgpack.Encoder()
_post_decoder = msgspec.msgpack.Decoder(list[Post])
_result_decoder = msgspec.msgpack.Decoder(tuple[list[dict[str, Any]], dict[str, float]])

_worker_enrichers: list[Any] = []


def run_enrichers(
    enrichers: Sequence[Any],
    posts: Sequence[Post],
    *,
    into: list[dict[str, Any]] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Every enricher on the batch, in order; returns the merged dicts (`into`, if given,
    updated in place) and the seconds each enricher took."""
    merged: list[dict[str, Any]] = into if into is not None else [{} for _ in posts]
    times: dict[str, float] = {}
    for enricher in enrichers:
        started = time.perf_counter()
        if getattr(enricher, "uses_enrichment", False):
            results = enricher.transform_many(posts, merged)
        else:
            results = enricher.transform_many(posts)
        for target, found in zip(merged, results, strict=True):
            target.update(found)
        times[enricher.name] = time.perf_counter() - started
    return merged, times


def exit_with_parent(parent: int) -> None:
    # A worker whose parent was killed (SIGKILL leaves no time to shut the pool down) would
    # wait for work forever; it leaves as soon as it is orphaned.
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _init_worker(database_url: str | None, profile: str, parent: int) -> None:
    threading.Thread(target=exit_with_parent, args=(parent,), daemon=True).start()
    from parley.enrich.pipeline import build_enrichers
    from parley.store.db import create_store_engine

    engine = create_store_engine(database_url) if database_url else None
    enrichers = build_enrichers(engine, profile=profile)
    _worker_enrichers.extend(e for e in enrichers if not getattr(e, "stateful", False))
    from parley.gctune import tune_process

    tune_process()


def _enrich_in_worker(data: bytes) -> bytes:
    return _encoder.encode(run_enrichers(_worker_enrichers, _post_decoder.decode(data)))


class EnrichmentPool:
    """Runs the stateless enrichers in `workers` processes; `await pool.enrich(posts)`."""

    def __init__(self, database_url: str | None, workers: int, profile: str = "full") -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(database_url, profile, os.getpid()),
        )

    async def enrich(self, posts: Sequence[Post]) -> tuple[list[dict[str, Any]], dict[str, float]]:
        loop = asyncio.get_running_loop()
        data = await loop.run_in_executor(
            self._executor, _enrich_in_worker, _encoder.encode(list(posts))
        )
        return _result_decoder.decode(data)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
