"""The detectors inside the live pipeline: alerts stored in the `alerts` table.

`attach(pipeline, engine, settings)` hangs a `Detection` on the pipeline's stored-batch hooks.
Each alert is written in its own transaction (rare: a few per surge), with its notifications
once the notification outbox exists, so an alert and the news of it commit together.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Engine, select

from parley.detect.engine import AlertState, Detection
from parley.settings import Settings
from parley.store.tables import alerts, topics

_json = msgspec.json.Encoder()


class StoreSink:
    """Writes the engine's alerts to the store; reads back whether a person dismissed one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._topic_ids: dict[str, int | None] = {}

    def _topic_id(self, connection: Any, name: str) -> int | None:
        if name == "*":
            return None
        if name not in self._topic_ids:
            self._topic_ids[name] = connection.execute(
                select(topics.c.id).where(topics.c.name == name)
            ).scalar()
        return self._topic_ids[name]

    @staticmethod
    def _values(alert: AlertState) -> dict[str, Any]:
        return {
            "severity": alert.severity,
            "state": alert.state if alert.state in ("open", "closed") else "closed",
            "score": float(alert.score),
            "title": alert.title[:2000],
            "summary": alert.summary,
            "evidence": _json.encode(alert.evidence).decode(),
            "updated_at": alert.updated_at,
            "closed_at": alert.closed_at,
        }

    def open(self, alert: AlertState) -> int:
        with self.engine.begin() as connection:
            result = connection.execute(
                alerts.insert().values(
                    kind=alert.kind,
                    topic=alert.topic[:200],
                    key=alert.key[:255],
                    topic_id=self._topic_id(connection, alert.topic),
                    fired_at=alert.fired_at,
                    wall_fired_at=datetime.now(UTC),
                    **self._values(alert),
                )
            )
            return int(result.inserted_primary_key[0])

    def update(self, alert: AlertState, *, escalated: bool) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                alerts.update().where(alerts.c.id == alert.id).values(**self._values(alert))
            )

    def close(self, alert: AlertState) -> None:
        self.update(alert, escalated=False)

    def dismissed(self, alert: AlertState) -> bool:
        with self.engine.connect() as connection:
            return (
                connection.execute(
                    select(alerts.c.dismissed_at).where(alerts.c.id == alert.id)
                ).scalar()
                is not None
            )


def topic_sensitivity(engine: Engine, refresh_seconds: float = 30.0) -> Callable[[str], str | None]:
    """Each topic's sensitivity, re-read from the store at most every `refresh_seconds`."""
    from parley.store.topics import sensitivities

    cache: dict[str, str] = {}
    checked = [0.0]

    def lookup(name: str) -> str | None:
        if time.monotonic() - checked[0] > refresh_seconds:
            cache.clear()
            cache.update(sensitivities(engine))
            checked[0] = time.monotonic()
        return cache.get(name)

    return lookup


def attach(pipeline: Any, engine: Engine, settings: Settings) -> Detection | None:
    """Run the detectors on everything `pipeline` stores (unless PARLEY_DETECT=off)."""
    if not settings.detect:
        return None
    detection = Detection(
        StoreSink(engine),
        sensitivity=settings.sensitivity,
        topic_sensitivity=topic_sensitivity(engine),
        wall_clock=lambda: datetime.now(UTC),
    )
    pipeline.on_stored.append(detection.hook)
    return detection
