"""The scenario simulator as a pipeline source, and as a JSONL writer (`parley simulate`).

In `parley serve` the simulator runs live: it starts a little in the past (a backfill, so the
pages have history at once) and then releases posts as their timestamps come due. Each run
tags its native ids, so a restarted server adds a new stream instead of rewriting the old one.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import msgspec

from parley.bus.base import PostBatch
from parley.domain import Post
from parley.interchange import encode_line
from parley.sources.base import Pacer, paced_groups
from parley.sources.simulator import Simulator

_ID_FIELDS = ("reply_to", "repost_of", "quote_of", "conversation_id")


def tagged(posts: Iterator[Post], tag: str) -> Iterator[Post]:
    """Prefix every id (and every reference to one) with `tag`."""
    for post in posts:
        changes = {"native_id": f"{tag}-{post.native_id}"}
        for name in _ID_FIELDS:
            value = getattr(post, name)
            if value is not None:
                changes[name] = f"{tag}-{value}"
        yield msgspec.structs.replace(post, **changes)


class SimulatorSource:
    kind = "simulator"

    def __init__(
        self,
        simulator: Simulator,
        *,
        batch_size: int = 1000,
        pacer: Pacer | None = None,
        tag: str | None = None,
        name: str | None = None,
    ) -> None:
        self.simulator = simulator
        self.batch_size = batch_size
        self.pacer = pacer
        self.tag = tag
        self.name = name or "simulator"

    async def batches(self) -> AsyncIterator[PostBatch]:
        stream = self.simulator.posts()
        if self.tag:
            stream = tagged(stream, self.tag)
        groups = paced_groups(
            stream,
            moment=lambda post: post.created_at,
            pacer=self.pacer,
            batch_size=self.batch_size,
        )
        async for posts in groups:
            yield PostBatch(source=self.name, posts=posts)


def write_jsonl(simulator: Simulator, out: Path, *, pacer: Pacer | None = None) -> int:
    """Write the simulated stream as interchange JSONL (paced if asked); returns the count."""
    import time

    handle = sys.stdout.buffer if str(out) == "-" else out.open("wb")
    count = 0
    try:
        for post in simulator.posts():
            if pacer is not None:
                delay = pacer.delay(post.created_at)
                if delay > 0:
                    handle.flush()
                    time.sleep(delay)
            handle.write(encode_line(post))
            count += 1
    finally:
        if handle is not sys.stdout.buffer:
            handle.close()
    return count
