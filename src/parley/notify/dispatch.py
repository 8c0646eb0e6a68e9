"""The Dispatcher: claims due outbox rows, sends them, records the outcome.

Retry policy (docs/notifications.md): a transient failure waits `PARLEY_NOTIFY_BACKOFF`
seconds doubled per attempt (at most an hour), times a random 0.5-1.0 (jitter, so many rows
failing together do not retry together), at least what a 429's Retry-After asks. A row is
given up (failed) after `PARLEY_NOTIFY_MAX_ATTEMPTS` attempts or once its next try would
fall later than `PARLEY_NOTIFY_MAX_AGE` seconds after it was queued, whichever comes first.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import Engine

from parley.notify import store
from parley.notify.model import Notification
from parley.notify.send import Delivery, DeliveryError, Sent, deliver
from parley.settings import Settings

log = logging.getLogger("parley.notify")

MAX_DELAY = 3600.0
# A claimed row is someone's for this long past the send timeout; then it is due again.
LEASE_MARGIN = timedelta(seconds=60)


@dataclass
class Report:
    """What one pass did, row by row in words (for `parley notify run --once`)."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)


def backoff(
    settings: Settings,
    attempts: int,
    *,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds before attempt `attempts + 1`: exponential, capped, with jitter."""
    base = min(MAX_DELAY, settings.notify_backoff * 2 ** max(0, attempts - 1))
    delay = base * (0.5 + (rng or random).random() / 2)
    return max(delay, min(retry_after or 0.0, MAX_DELAY))


class Dispatcher:
    """Delivers the outbox. Any number may run on one store: claims are compare-and-set."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        batch: int = 50,
        rng: random.Random | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.batch = batch
        self.rng = rng or random.Random()
        self.lease = timedelta(seconds=settings.notify_timeout * 2) + LEASE_MARGIN

    def run_once(self, now: datetime | None = None) -> Report:
        """Try every row due at `now` (default: the clock) once."""
        now = now or datetime.now(UTC)
        report = Report()
        with self.engine.connect() as connection:
            candidates = store.due(connection, now, self.batch)
        for row_id, attempts in candidates:
            with self.engine.begin() as connection:
                row = store.claim(connection, row_id, attempts, now=now, lease=self.lease)
            if row is not None:  # else another dispatcher has it
                self._deliver(row, now, report)
        return report

    def _deliver(self, row: dict[str, Any], now: datetime, report: Report) -> None:
        with self.engine.connect() as connection:
            channel = store.get_channel(connection, row["channel"])
        notification = Notification.from_json(row["payload"])
        label = f"#{row['id']} {row['channel']} {notification.ref}"
        try:
            if channel is None:
                raise DeliveryError("the channel was removed", transient=False)
            if not channel["enabled"]:
                raise DeliveryError("the channel is disabled", transient=False)
            sent = deliver(
                Delivery(
                    kind=channel["kind"],
                    target=channel["target"],
                    config=channel["config"],
                    notification=notification,
                    recipients=msgspec.json.decode(row["recipients"]),
                    delivery_id=row["id"],
                    attempt=row["attempts"],
                    created_at=row["created_at"],
                ),
                self.settings,
            )
        except DeliveryError as exc:
            self._failed(row, exc, now, report, label)
        except Exception as exc:  # a bug must not leave the row claimed and unexplained
            log.exception("delivering %s", label)
            self._failed(
                row,
                DeliveryError(f"internal error: {type(exc).__name__}: {exc}", transient=True),
                now,
                report,
                label,
            )
        else:
            self._sent(row, sent, now, report, label)

    def _sent(
        self, row: dict[str, Any], sent: Sent, now: datetime, report: Report, label: str
    ) -> None:
        with self.engine.begin() as connection:
            store.mark_sent(connection, row, now=now, note=sent.problem)
        report.sent += 1
        report.lines.append(
            f"sent     {label}: {sent.said}" + (f" ({sent.problem})" if sent.problem else "")
        )

    def _failed(
        self, row: dict[str, Any], exc: DeliveryError, now: datetime, report: Report, label: str
    ) -> None:
        attempts = row["attempts"]
        error = f"attempt {attempts}: {exc}"
        if exc.transient:
            delay = backoff(self.settings, attempts, retry_after=exc.retry_after, rng=self.rng)
            at = now + timedelta(seconds=delay)
            age_limit = row["created_at"] + timedelta(seconds=self.settings.notify_max_age)
            if attempts < self.settings.notify_max_attempts and at <= age_limit:
                with self.engine.begin() as connection:
                    store.mark_retry(connection, row, error=error, at=at, now=now)
                report.retrying += 1
                report.lines.append(f"retrying {label}: {error}; next try in {delay:.0f} s")
                return
            bound = (
                f"{attempts} attempts (PARLEY_NOTIFY_MAX_ATTEMPTS)"
                if attempts >= self.settings.notify_max_attempts
                else f"{self.settings.notify_max_age} s since queued (PARLEY_NOTIFY_MAX_AGE)"
            )
            error = f"gave up after {bound}; last: {exc}"
        with self.engine.begin() as connection:
            store.mark_failed(connection, row, error=error, now=now)
        log.warning("notification %s failed: %s", label, error)
        report.failed += 1
        report.lines.append(f"failed   {label}: {error}")

    async def run_forever(self) -> None:
        """Deliver every PARLEY_NOTIFY_POLL seconds until cancelled (`parley serve`)."""
        while True:
            try:
                await asyncio.to_thread(self.run_once)
            except asyncio.CancelledError:
                raise
            except Exception:  # the store is away: say so and try again next round
                log.exception("the notification dispatcher could not run")
            await asyncio.sleep(self.settings.notify_poll)


def send_test(
    engine: Engine, settings: Settings, name: str, *, now: datetime | None = None
) -> Sent:
    """Send a test notification to channel NAME now, bypassing the outbox; raise on failure.

    The outcome updates the channel's health like a real delivery does, so fixing a channel
    and testing it clears the `failing` state.
    """
    now = now or datetime.now(UTC)
    with engine.connect() as connection:
        channel = store.get_channel(connection, name)
        if channel is None:
            raise store.NotifyError(f"no channel {name!r} (see parley channels list)")
        recipients: list[str] = []
        if channel["kind"] == "email":
            recipients = (
                store.on_call(connection, now).emails
                if channel["target"] == store.ONCALL
                else channel["target"].split(",")
            )
    notification = Notification(
        event="channel.test",
        severity="low",
        title=f"Parley test notification for channel {name}",
        text="If you can read this, the channel works. Nothing needs doing.",
        link="/",
        fields={"Channel": name, "Kind": channel["kind"], "Sent at": now.isoformat()},
        ref=f"test:{name}:{now.isoformat()}",
    )
    delivery = Delivery(
        kind=channel["kind"],
        target=channel["target"],
        config=channel["config"],
        notification=notification,
        recipients=recipients,
        delivery_id=0,
        attempt=1,
        created_at=now,
    )
    try:
        sent = deliver(delivery, settings)
    except DeliveryError as exc:
        with engine.begin() as connection:
            store.record_test(connection, name, error=f"test: {exc}", now=now)
        raise
    with engine.begin() as connection:
        store.record_test(connection, name, error=sent.problem, now=now)
    return sent
