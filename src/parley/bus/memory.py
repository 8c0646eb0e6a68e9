"""The in-process bus: one bounded asyncio queue per subject (the embedded mode's bus)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from parley.bus.base import PostBatch

_CLOSED = object()


class MemoryDelivery:
    __slots__ = ("batch",)

    def __init__(self, batch: PostBatch) -> None:
        self.batch = batch

    async def ack(self) -> None:
        """Nothing to do: an in-process message lives and dies with the process."""


class MemoryBus:
    """Bounded queues: `publish` waits while a subject holds `maxsize` batches (backpressure)."""

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self._queues: dict[str, asyncio.Queue[object]] = {}

    def _queue(self, subject: str) -> asyncio.Queue[object]:
        if subject not in self._queues:
            self._queues[subject] = asyncio.Queue(self.maxsize)
        return self._queues[subject]

    def depth(self, subject: str) -> int:
        return self._queue(subject).qsize()

    async def publish(self, subject: str, batch: PostBatch) -> None:
        await self._queue(subject).put(batch)

    async def end(self, subject: str) -> None:
        """Tell the consumers of `subject` that no more batches will come."""
        await self._queue(subject).put(_CLOSED)

    async def consume(self, subject: str) -> AsyncIterator[MemoryDelivery]:
        queue = self._queue(subject)
        while True:
            item = await queue.get()
            if item is _CLOSED:
                return
            assert isinstance(item, PostBatch)
            yield MemoryDelivery(item)

    async def close(self) -> None:
        """Wake idle consumers; a full queue's consumer is busy and is cancelled by its owner."""
        for queue in self._queues.values():
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(_CLOSED)
