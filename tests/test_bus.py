"""The in-process bus: bounded (backpressure), ordered, ends cleanly."""

from __future__ import annotations

import asyncio

from parley.bus.base import PostBatch
from parley.bus.memory import MemoryBus


def test_publish_waits_when_the_queue_is_full():
    async def scenario() -> list[str]:
        bus = MemoryBus(maxsize=2)
        await bus.publish("posts", PostBatch(source="a", posts=[]))
        await bus.publish("posts", PostBatch(source="b", posts=[]))
        third = asyncio.create_task(bus.publish("posts", PostBatch(source="c", posts=[])))
        await asyncio.sleep(0.05)
        assert not third.done(), "a full bus must make the producer wait"
        assert bus.depth("posts") == 2
        seen = []
        consumer = bus.consume("posts")
        seen.append((await anext(consumer)).batch.source)
        await asyncio.wait_for(third, 1)
        ending = asyncio.create_task(bus.end("posts"))  # waits for room like any publish
        async for delivery in consumer:
            await delivery.ack()
            seen.append(delivery.batch.source)
        await ending
        return seen

    assert asyncio.run(scenario()) == ["a", "b", "c"]
