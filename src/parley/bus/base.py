"""The bus contract: publish batches on a subject, consume them with acknowledgement.

Delivery is at-least-once: a consumer acknowledges a message after its effects are stored,
and the store makes a repeated delivery harmless (posts are keyed by platform and native id).
Publishing waits when the bus is full, which is how a slow stage slows its producers down
instead of letting memory grow.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

import msgspec

from parley.domain import Post


class Cursor(msgspec.Struct, frozen=True):
    """How far a resumable source has got once this batch is stored."""

    source: str
    fingerprint: str
    position: int  # byte offset after the last line of the batch
    line: int  # number of lines read so far
    done: bool = False


class PostBatch(msgspec.Struct):
    """The unit that travels on the bus: some posts from one source, and where that source is."""

    source: str
    posts: list[Post]
    cursor: Cursor | None = None
    problems: int = 0  # records the source could not take while reading this batch
    last_problem: str | None = None


class Delivery(Protocol):
    batch: PostBatch

    async def ack(self) -> None: ...


class Bus(Protocol):
    async def publish(self, subject: str, batch: PostBatch) -> None: ...

    async def end(self, subject: str) -> None:
        """Tell the consumers of `subject` that a finite run (an import, a replay) is over."""

    def consume(self, subject: str) -> AsyncIterator[Delivery]: ...

    async def close(self) -> None: ...
