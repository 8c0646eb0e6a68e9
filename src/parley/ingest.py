"""The pipeline: sources publish batches on the bus; one consumer enriches and stores them.

    source ──► bus "posts" ──► enrich (batch) ──► store (one transaction per batch) ──► hooks

Hooks (`on_stored`) see each stored batch with its enrichments and which posts were new; the
detectors hang there. The store runs in a worker thread, so parsing the next batch overlaps
with writing this one (SQLite and psycopg release the GIL while they work).
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine

from parley.bus.base import Bus, PostBatch
from parley.bus.memory import MemoryBus
from parley.domain import Post
from parley.enrich.parallel import EnrichmentPool, run_enrichers
from parley.enrich.pipeline import build_enrichers
from parley.gctune import pipeline_gc
from parley.sources.base import Source, SourceAborted
from parley.store import posts as store

SUBJECT = "posts"


class Enricher(Protocol):
    """Pure and batched: one dict per post. One that sets `uses_enrichment = True` is also
    given what the enrichers before it found (e.g. topics read the detected language)."""

    name: str

    def transform_many(self, posts: Sequence[Post]) -> list[dict[str, Any]]: ...


StoredHook = Callable[[list[Post], list[dict[str, Any]], frozenset[tuple[str, str]]], None]


@dataclass
class StageTimes:
    """Seconds spent in each stage, for `parley bench pipeline` and `parley status`."""

    enrich: dict[str, float] = field(default_factory=dict)
    store: float = 0.0
    hooks: float = 0.0


@dataclass
class IngestSummary:
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    batches: int = 0
    seconds: float = 0.0
    error: str | None = None
    times: StageTimes = field(default_factory=StageTimes)

    @property
    def stored(self) -> int:
        return self.inserted + self.updated


class Pipeline:
    """Enrich-and-store consumer plus the plumbing to feed it from sources."""

    def __init__(
        self,
        engine: Engine,
        *,
        bus: Bus | None = None,
        enrichers: Sequence[Enricher] | None = None,
        on_stored: Sequence[StoredHook] = (),
        queue_size: int = 64,
        workers: int = 0,
        profile: str = "full",
    ) -> None:
        """`workers` > 0 runs the stateless enrichers in that many processes (see
        `parley.enrich.parallel`); 0 runs every enricher in this process."""
        self.engine = engine
        self.bus: Bus = bus or MemoryBus(queue_size)
        if enrichers is not None and workers > 0:
            raise ValueError("give enrichers or workers (with a profile), not both")
        self.enrichers = (
            list(enrichers) if enrichers is not None else build_enrichers(engine, profile=profile)
        )
        self.on_stored = list(on_stored)
        self.summary = IngestSummary()
        self.pool: EnrichmentPool | None = None
        if workers > 0:
            self.pool = EnrichmentPool(
                str(engine.url.render_as_string(hide_password=False)), workers, profile
            )
            self.enrichers = [e for e in self.enrichers if getattr(e, "stateful", False)]

    # -- the consumer ----------------------------------------------------------------------
    def enrich(self, posts: Sequence[Post]) -> list[dict[str, Any]]:
        merged, times = run_enrichers(self.enrichers, posts)
        self._add_times(times)
        return merged

    def _add_times(self, times: dict[str, float]) -> None:
        total = self.summary.times.enrich
        for name, seconds in times.items():
            total[name] = total.get(name, 0.0) + seconds

    async def enrich_batch(self, posts: Sequence[Post]) -> list[dict[str, Any]]:
        """What can run ahead: everything in-process (no workers), or the workers' part."""
        if self.pool is None:
            return await asyncio.to_thread(self.enrich, posts)
        merged, times = await self.pool.enrich(posts)
        self._add_times(times)
        return merged

    def _finish_enrichment(self, posts: Sequence[Post], merged: list[dict[str, Any]]) -> None:
        """With workers, the stateful enrichers run here, in stream order, just before the
        store; so the worker starts the next batch at once instead of waiting for them."""
        if self.pool is None or not self.enrichers:
            return
        _, times = run_enrichers(self.enrichers, posts, into=merged)
        self._add_times(times)

    def _enrich_rest_and_store(
        self, batch: PostBatch, enrichments: list[dict[str, Any]]
    ) -> store.StoreResult:
        self._finish_enrichment(batch.posts, enrichments)
        started = time.perf_counter()
        result = self._store(batch, enrichments)
        self.summary.times.store += time.perf_counter() - started
        return result

    def _store(self, batch: PostBatch, enrichments: list[dict[str, Any]]) -> store.StoreResult:
        now = datetime.now(UTC)
        last = max((p.created_at for p in batch.posts), default=None)
        with self.engine.begin() as connection:
            result = store.store_batch(
                connection, batch.posts, enrichments, cursor=batch.cursor, now=now
            )
            store.source_progress(
                connection,
                name=batch.source,
                posts=result.inserted,
                problems=batch.problems,
                last_post_at=last,
                detail=batch.last_problem,
                now=now,
            )
        return result

    async def store_enriched(
        self, batch: PostBatch, enrichments: list[dict[str, Any]]
    ) -> store.StoreResult:
        result = await asyncio.to_thread(self._enrich_rest_and_store, batch, enrichments)
        self.summary.inserted += result.inserted
        self.summary.updated += result.updated
        self.summary.skipped += batch.problems
        self.summary.batches += 1
        if self.on_stored and batch.posts:
            started = time.perf_counter()
            for hook in self.on_stored:
                hook(batch.posts, enrichments, result.new_keys)
            self.summary.times.hooks += time.perf_counter() - started
        return result

    async def consume(self) -> None:
        """Handle batches until the bus says the run is over.

        Two stages joined by a short queue: enriching batch N overlaps with storing batch N-1.
        Batches are stored (and acknowledged) in the order they arrived.
        """
        enriched: asyncio.Queue[Any] = asyncio.Queue(maxsize=2)

        # With workers, the next batch is already on its way to a worker while this one is
        # finished: the worker never waits for the main process to hand it work.
        ahead = (self.pool.workers + 1) if self.pool is not None else 1
        pending: collections.deque[tuple[Any, asyncio.Task[list[dict[str, Any]]]]] = (
            collections.deque()
        )

        async def enrich_stage() -> None:
            try:
                async for delivery in self.bus.consume(SUBJECT):
                    task = asyncio.create_task(self.enrich_batch(delivery.batch.posts))
                    pending.append((delivery, task))
                    if len(pending) >= ahead:
                        first, done = pending.popleft()
                        await enriched.put((first, await done))
                while pending:
                    first, done = pending.popleft()
                    await enriched.put((first, await done))
            finally:
                for _, task in pending:
                    task.cancel()
            await enriched.put(None)

        async def store_stage() -> None:
            while (item := await enriched.get()) is not None:
                delivery, enrichments = item
                await self.store_enriched(delivery.batch, enrichments)
                await delivery.ack()

        try:
            with pipeline_gc():  # see parley.gctune: the collector cost a quarter of the CPU
                async with asyncio.TaskGroup() as group:
                    group.create_task(enrich_stage())
                    group.create_task(store_stage())
        except BaseExceptionGroup as failed:  # say what went wrong, not "a TaskGroup failed"
            raise failed.exceptions[0] from None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    # -- feeding it ------------------------------------------------------------------------
    async def feed(self, source: Source) -> None:
        """Publish every batch of `source`; record its health as it goes and when it ends."""
        await asyncio.to_thread(self._source_started, source)
        try:
            async for batch in source.batches():
                await self.bus.publish(SUBJECT, batch)
        except SourceAborted as exc:
            self.summary.error = str(exc)
            await asyncio.to_thread(self._source_finished, source, "failing", str(exc))
            raise
        except Exception as exc:
            detail = f"{type(exc).__name__}: {exc}"
            self.summary.error = detail
            await asyncio.to_thread(self._source_finished, source, "failing", detail)
            raise

    def _source_started(self, source: Source) -> None:
        with self.engine.begin() as connection:
            store.source_started(connection, name=source.name, kind=source.kind)

    def _source_finished(self, source: Source, state: str, detail: str | None) -> None:
        with self.engine.begin() as connection:
            store.source_finished(connection, name=source.name, state=state, detail=detail)

    async def run(self, source: Source) -> IngestSummary:
        """Run one finite source to its end through the bus and the consumer."""
        started = time.perf_counter()
        consumer = asyncio.create_task(self.consume())
        try:
            feeding = asyncio.create_task(self.feed(source))
            done, _ = await asyncio.wait({consumer, feeding}, return_when=asyncio.FIRST_COMPLETED)
            if consumer in done:  # before the end is sent, the consumer only ends by failing
                feeding.cancel()
                consumer.result()
            feeding.result()
            await self.bus.end(SUBJECT)
            await consumer
            await asyncio.to_thread(self._source_finished, source, "done", None)
        finally:
            if not consumer.done():
                consumer.cancel()
            self.close()
            self.summary.seconds = time.perf_counter() - started
        return self.summary
