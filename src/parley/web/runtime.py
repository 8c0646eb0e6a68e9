"""The embedded mode's moving parts inside the web process: the pipeline and the simulator."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from parley.act.publish import SimulatorPublisher
from parley.act.replies import ReplyOutbox
from parley.act.rota import attach as attach_inbox
from parley.act.sla import SlaWatch
from parley.detect.live import attach
from parley.ingest import Pipeline
from parley.notify import Dispatcher
from parley.settings import Settings
from parley.sources.base import Pacer, StreamClock
from parley.sources.simulated import SimulatorSource

log = logging.getLogger("parley.runtime")

# The simulator starts this far in the past, so the pages have history from the first second
# and the detectors a day to learn from (with less, they ask more of a surge), and its
# scenario's event begins this long after the server starts.
BACKFILL = timedelta(hours=26)
EVENT_AFTER_START = timedelta(minutes=3)
LIVE_DURATION = timedelta(days=30)
# Posts per minute at the daily peak: busy enough that a newcomer sees the stream move.
LIVE_RATE = 20.0
# The paid posters of S1 are already at it before the report, every 11 minutes, so their
# campaign is on the Campaigns page within minutes of the event (not an hour, as in the
# scenario's own timing); the water-army detector needs several occasions to be sure.
DEMO_CAMPAIGN_START = timedelta(minutes=-34)
DEMO_CAMPAIGN_GAP = timedelta(minutes=11)


class Runtime:
    """Starts and stops the pipeline consumer and (optionally) the live simulator."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        simulate: str | None = None,
        speed: float | None = 1.0,
        seed: int | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.simulate = simulate
        self.speed = speed
        self.seed = seed
        self.pipeline = Pipeline(
            engine, queue_size=settings.bus_queue_size, workers=settings.enrich_workers
        )
        # A simulator played faster than life runs ahead of the wall clock: the detectors
        # must not take its posts for ones from the future.
        self.started_at = datetime.now(UTC)
        self.anchor = self.started_at.replace(microsecond=0)
        clock = StreamClock(self.anchor, speed) if simulate and speed and speed != 1 else None
        self.detection = attach(self.pipeline, engine, settings, clock)
        self.inbox = attach_inbox(self.pipeline, engine)
        self.dispatcher = Dispatcher(engine, settings)
        self.sla = SlaWatch(engine)
        self.replies = ReplyOutbox(engine, settings, [SimulatorPublisher(engine)])
        self.tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.tasks.append(asyncio.create_task(self.pipeline.consume(), name="pipeline"))
        self.tasks.append(asyncio.create_task(self.dispatcher.run_forever(), name="notify"))
        self.tasks.append(asyncio.create_task(self.sla.run_forever(), name="sla"))
        self.tasks.append(asyncio.create_task(self.replies.run_forever(), name="replies"))
        if self.simulate:
            self.tasks.append(asyncio.create_task(self._simulate(self.simulate), name="simulator"))

    async def _simulate(self, scenario: str) -> None:
        from parley.sources.simulator import Simulator

        now = self.anchor
        seed = self.seed if self.seed is not None else int(now.timestamp())
        simulator = Simulator(
            scenario,
            seed=seed,
            start=now - BACKFILL,
            duration=LIVE_DURATION,
            event_at=BACKFILL + EVENT_AFTER_START,
            rate=LIVE_RATE,
            campaign_start=DEMO_CAMPAIGN_START,
            campaign_gap=DEMO_CAMPAIGN_GAP,
        )
        source = SimulatorSource(
            simulator,
            batch_size=self.settings.batch_size,
            pacer=Pacer(self.speed, anchor=now),
            tag=f"r{seed}",
            name=f"simulator:{scenario}",
        )
        try:
            await self.pipeline.feed(source)
        except asyncio.CancelledError:
            raise
        except Exception:  # recorded as failing by feed(); the log says it too
            log.exception("the simulator stopped")

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks.clear()
        self.pipeline.close()
        if self.detection is not None and hasattr(self.detection, "close"):
            self.detection.close()
