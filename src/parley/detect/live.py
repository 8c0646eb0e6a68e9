"""The detectors inside the live pipeline: alerts stored in the `alerts` table.

`attach(pipeline, engine, settings)` hangs a `Detection` on the pipeline's stored-batch hooks.
Each alert is written in its own transaction (rare: a few per surge), with its notifications
once the notification outbox exists, so an alert and the news of it commit together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import regex
from sqlalchemy import Engine, select

from parley.detect.engine import AlertState, Detection
from parley.notify import Notification, enqueue
from parley.settings import Settings
from parley.store import alerts as alert_store
from parley.store.incidents import alert_updated
from parley.store.tables import alerts, topics

_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = regex.compile(r"[\t\n\r]")


def _clean(text: str, limit: int, *, multiline: bool = False) -> str:
    """Outside content (author names, post texts) in an alert's words: control characters
    become spaces (a title is one line), and it is cut to what the column holds."""
    text = _CONTROL.sub(" ", text)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text if text.strip() else "(no text)"


class StoreSink:
    """Writes the engine's alerts to the store (through `parley.store.alerts`, which checks
    them), tells linked incidents what changed, and reads back whether a person dismissed one.

    Dismissals are read once per round of closed minutes (`refresh`, called by the engine),
    for every alert of this sink still open, in one query: the engine asks about each open
    alert every few stream minutes, and an import of history closes dozens of minutes a
    second, so one query per question cost the detector process more than the detectors
    (docs/performance.md, "Detection's cost, 2026-12-03").

    A plain update of an open alert (new evidence every few stream minutes, nothing to
    notify) is held until the engine has closed its round of minutes (`flush`) and only the
    newest one of each alert is written, in one transaction for all of them: an import of
    history closes dozens of minutes per batch and updated each open alert every five of
    them, each in its own transaction. What is written last is the same. Opening, escalating
    and closing an alert are written at once, with their notifications."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._topic_ids: dict[str, int | None] = {}
        self._open_ids: set[int] = set()  # alerts this sink opened and has not seen end
        self._dismissed_now: set[int] | None = None  # this round's answer, once read
        self._held: dict[int, dict[str, Any]] = {}  # alert id -> its newest plain update

    def refresh(self) -> None:
        """A new round: the next question about a dismissal reads the store again."""
        self._dismissed_now = None

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
            "score": float(alert.score) if math.isfinite(alert.score) else 0.0,
            "title": _clean(alert.title, alert_store.MAX_TITLE_CHARS),
            "summary": _clean(alert.summary, alert_store.MAX_SUMMARY_CHARS, multiline=True),
            "evidence": alert.evidence,
            "updated_at": alert.updated_at,
            "closed_at": alert.closed_at,
        }

    def open(self, alert: AlertState) -> int:
        with self.engine.begin() as connection:
            alert_id = alert_store.insert_alert(
                connection, kind=alert.kind, fired_at=alert.fired_at,
                topic=_clean(alert.topic, alert_store.MAX_TOPIC_CHARS),
                key=_clean(alert.key, alert_store.MAX_KEY_CHARS),
                topic_id=self._topic_id(connection, alert.topic), **self._values(alert),
            )  # fmt: skip
            alert.id = alert_id
            _notify(connection, alert, "opened")
        self._open_ids.add(alert_id)
        self._dismissed_now = None  # the round's answer did not cover this one
        return alert_id

    def _write(self, alert: AlertState, what: str | None) -> None:
        assert alert.id is not None
        values = self._values(alert)
        self._held.pop(alert.id, None)  # this write is newer
        with self.engine.begin() as connection:
            _store_update(connection, alert.id, values)
            if what:
                _notify(connection, alert, what)
        self._track(alert.id, values["state"])

    def _track(self, alert_id: int, state: str) -> None:
        if state == "open":
            if alert_id not in self._open_ids:
                self._open_ids.add(alert_id)
                self._dismissed_now = None
        else:
            self._open_ids.discard(alert_id)

    def update(self, alert: AlertState, *, escalated: bool) -> None:
        if escalated:
            self._write(alert, f"escalated-{alert.severity}")
            return
        assert alert.id is not None
        values = self._values(alert)  # as it is now: the engine goes on changing the alert
        self._held[alert.id] = values
        self._track(alert.id, values["state"])

    def flush(self) -> None:
        """Write the held plain updates, the newest of each alert, in one transaction."""
        if not self._held:
            return
        held, self._held = self._held, {}
        with self.engine.begin() as connection:
            for alert_id, values in held.items():
                _store_update(connection, alert_id, values)

    def close(self, alert: AlertState) -> None:
        self._write(alert, "closed")

    def dismissed(self, alert: AlertState) -> bool:
        if alert.id is None:
            return False
        if alert.id not in self._open_ids:  # not one of this round's: ask about it alone
            return bool(self._dismissed_among([alert.id]))
        if self._dismissed_now is None:
            self._dismissed_now = self._dismissed_among(sorted(self._open_ids))
        if alert.id in self._dismissed_now:
            self._open_ids.discard(alert.id)  # the engine closes it; a dismissal stays
            self._held.pop(alert.id, None)
            return True
        return False

    def _dismissed_among(self, ids: list[int]) -> set[int]:
        """Which of `ids` a person dismissed, in as few queries as the parameters allow."""
        found: set[int] = set()
        with self.engine.connect() as connection:
            for i in range(0, len(ids), 500):  # bound the statement's parameters
                found.update(
                    connection.scalars(
                        select(alerts.c.id).where(
                            alerts.c.id.in_(ids[i : i + 500]), alerts.c.dismissed_at.is_not(None)
                        )
                    )
                )
        return found


def _store_update(connection: Any, alert_id: int, values: dict[str, Any]) -> None:
    """An alert's new values, and the news of them on the timeline of its incidents."""
    alert_store.update_alert(connection, alert_id, **values)
    alert_updated(connection, alert_id)


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


def build_detection(
    engine: Engine, settings: Settings, clock: Callable[[], datetime] | None = None
) -> tuple[Any, Detection]:
    """The water-army detector and the crisis detectors, writing to `engine`'s store. `clock`
    is "now" for the future-post guard (default the wall clock; a StreamClock when a
    simulator plays faster than real time)."""
    from parley.coordination.live import CoordinationDetector

    coordination = CoordinationDetector(engine)
    detection = Detection(
        StoreSink(engine),
        sensitivity=settings.sensitivity,
        topic_sensitivity=topic_sensitivity(engine),
        coordination=coordination,
        wall_clock=clock or (lambda: datetime.now(UTC)),
    )
    # The water-army detector runs first (see `attach`), so a surge's evidence knows who is
    # coordinated.
    return coordination, detection


def attach(
    pipeline: Any, engine: Engine, settings: Settings, clock: Callable[[], datetime] | None = None
) -> Any:
    """Run the detectors on everything `pipeline` stores, as PARLEY_DETECT says: in their own
    process (`process`, the default), in the pipeline's process (`inline`), or not (`off`).
    Returns what to `finish()` at the end of a file (None when off)."""
    if settings.detect == "off":
        return None
    if settings.detect == "process":
        from parley.detect.worker import DetectorProcess

        forward = DetectorProcess(
            engine.url.render_as_string(hide_password=False), settings, clock=clock
        )
        pipeline.on_stored.append(forward)
        return forward
    coordination, detection = build_detection(engine, settings, clock)
    pipeline.on_stored.extend([coordination, detection.hook])
    return detection
