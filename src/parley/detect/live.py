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
from parley.notify import Notification, enqueue
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
            alert_id = int(result.inserted_primary_key[0])
            alert.id = alert_id
            _notify(connection, alert, "opened")
            return alert_id

    def update(self, alert: AlertState, *, escalated: bool) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                alerts.update().where(alerts.c.id == alert.id).values(**self._values(alert))
            )
            if escalated:
                _notify(connection, alert, f"escalated-{alert.severity}")

    def close(self, alert: AlertState) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                alerts.update().where(alerts.c.id == alert.id).values(**self._values(alert))
            )
            _notify(connection, alert, "closed")

    def dismissed(self, alert: AlertState) -> bool:
        with self.engine.connect() as connection:
            return (
                connection.execute(
                    select(alerts.c.dismissed_at).where(alerts.c.id == alert.id)
                ).scalar()
                is not None
            )


def _notify(connection: Any, alert: AlertState, what: str) -> None:
    """Queue the news of an alert in the same transaction that stored it (the outbox), so it is
    neither lost on a restart nor sent for an alert that was never stored."""
    evidence = alert.evidence
    fields = {
        "Topic": "all posts" if alert.topic == "*" else alert.topic,
        "Kind": alert.kind,
        "Fired (stream time)": alert.fired_at.isoformat(),
    }
    if "current_per_minute" in evidence and alert.kind in ("volume", "negative"):
        fields["Rate"] = (
            f"{evidence['current_per_minute']}/min against {evidence['baseline_per_minute']}/min"
        )
    if evidence.get("coordinated_share"):
        fields["Coordinated"] = f"{evidence['coordinated_share']:.0%}"
    prefix = {"opened": "", "closed": "Calmed down: "}.get(what, "Escalated: ")
    enqueue(
        connection,
        Notification(
            event="alert.closed" if what == "closed" else
            "alert.opened" if what == "opened" else "alert.escalated",
            severity="low" if what == "closed" else alert.severity,
            title=prefix + alert.title, text=alert.summary, link=f"/alerts/{alert.id}",
            fields=fields, ref=f"alert:{alert.id}:{what}",
        ),
        now=datetime.now(UTC),
    )  # fmt: skip


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
    from parley.coordination.live import CoordinationDetector

    coordination = CoordinationDetector(engine)
    detection = Detection(
        StoreSink(engine),
        sensitivity=settings.sensitivity,
        topic_sensitivity=topic_sensitivity(engine),
        coordinated=coordination.coordinated,
        wall_clock=lambda: datetime.now(UTC),
    )
    # The water-army detector runs first, so a surge's evidence knows who is coordinated;
    # a new campaign becomes an alert.
    coordination.on_campaign = detection.campaign
    detection.coordination = coordination
    pipeline.on_stored.extend([coordination, detection.hook])
    return detection
