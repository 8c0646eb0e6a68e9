"""The source contract, and pacing by stream time.

A source yields `PostBatch`es asynchronously. A resumable one puts a `Cursor` on each batch;
the store saves it in the same transaction as the batch's posts, and the source starts from it
next time. Problems with single records are reported, never raised: the rest still imports.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from parley.bus.base import PostBatch
from parley.domain import InputProblem


class SourceAborted(RuntimeError):
    """The source cannot go on (e.g. every record so far failed the same way)."""


class Source(Protocol):
    name: str  # unique and stable: the key of its health record and of its cursor
    kind: str  # import, replay, simulator, connector

    def batches(self) -> AsyncIterator[PostBatch]: ...


ProblemSink = Callable[[InputProblem], None]
T = TypeVar("T")


@dataclass(frozen=True)
class StreamClock:
    """What time it is in a stream that runs `speed` times faster than wall time from `anchor`
    (a simulator played faster than life): the live detectors' idea of "now", so a post is
    not taken for one from the future just because the stream is ahead of the wall clock.
    Plain data, so it crosses into the detector process."""

    anchor: datetime
    speed: float
    wall0: float = field(default_factory=time.time)

    def __call__(self) -> datetime:
        return self.anchor + timedelta(seconds=(time.time() - self.wall0) * self.speed)


class Pacer:
    """Releases posts by their own timestamps: stream time runs `speed` times faster than wall time.

    Stream time `anchor` is pinned to the moment the pacer starts; a post earlier than the
    anchor is due at once (a backfill), a later one when its time comes. `speed=None` means
    as fast as possible.
    """

    def __init__(self, speed: float | None, anchor: datetime | None = None) -> None:
        if speed is not None and speed <= 0:
            raise ValueError("speed must be positive (or 'max')")
        self.speed = speed
        self.anchor = anchor
        self._wall0 = time.monotonic()

    def delay(self, moment: datetime) -> float:
        """Seconds to wait before `moment` is due (0 if it is due now)."""
        if self.speed is None:
            return 0.0
        if self.anchor is None:
            self.anchor = moment
            self._wall0 = time.monotonic()
        due = self._wall0 + (moment - self.anchor).total_seconds() / self.speed
        return max(0.0, due - time.monotonic())

    async def wait(self, moment: datetime) -> None:
        delay = self.delay(moment)
        if delay > 0:
            await asyncio.sleep(delay)


async def paced_groups(
    items: Iterable[T],
    *,
    moment: Callable[[T], datetime | None],
    pacer: Pacer | None,
    batch_size: int,
) -> AsyncIterator[list[T]]:
    """Items in groups of at most `batch_size`, released by stream time when paced.

    Before waiting for an item that is not due yet, what is due already goes out, so a live
    or replayed stream is never held back to fill a batch. Items whose `moment` is None (a
    record that could not be read) never wait.
    """
    group: list[T] = []
    for item in items:
        when = moment(item)
        if pacer is not None and when is not None and pacer.delay(when) > 0:
            if group:
                yield group
                group = []
            await asyncio.sleep(pacer.delay(when))  # again: the consumer took its time
        group.append(item)
        if len(group) >= batch_size:
            yield group
            group = []
            await asyncio.sleep(0)
    if group:
        yield group
