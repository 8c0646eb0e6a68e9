"""Channels, the outbox and in-app notifications in the store (SQLite and PostgreSQL alike).

`enqueue` writes inside the caller's transaction: an alert and its notifications commit
together or not at all, and what is committed is delivered even if Parley restarts.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import msgspec
from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from parley.notify.model import KINDS, Notification, NotifyError, severity_rank
from parley.notify.oncall import check_email, on_call
from parley.store.db import upsert_insert
from parley.store.tables import notifications, notify_channels, notify_outbox

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
ONCALL = "oncall"


# --- channels -------------------------------------------------------------------------------


def check_target(kind: str, target: str) -> str:
    """The target normalised, or NotifyError saying what a `kind` channel needs."""
    target = target.strip()
    if kind == "email":
        if target.lower() == ONCALL:
            return ONCALL
        addresses = [check_email(a) for a in target.split(",") if a.strip()]
        if not addresses:
            raise NotifyError("an email channel's target is 'oncall' or a list of addresses")
        return ",".join(addresses)
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotifyError(f"a {kind} channel's target must be an http(s) URL, got {target!r}")
    if any(c.isspace() for c in target):
        raise NotifyError(f"the URL {target!r} contains white space")
    return target


def save_channel(
    connection: Connection,
    *,
    name: str,
    kind: str,
    target: str,
    min_severity: str = "low",
    secret: str | None = None,
    now: datetime,
) -> dict[str, Any]:
    """Create channel NAME, or change an existing one (its health is kept)."""
    if not _NAME.match(name):
        raise NotifyError(f"channel name {name!r}: use 1 to 100 letters, digits, '.', '_' or '-'")
    if kind not in KINDS:
        raise NotifyError(f"unknown channel kind {kind!r}: use one of {', '.join(KINDS)}")
    severity_rank(min_severity)
    if secret is not None and kind != "webhook":
        raise NotifyError("--secret signs generic webhooks only (Slack and Teams ignore it)")
    values = {
        "kind": kind,
        "target": check_target(kind, target),
        "config": msgspec.json.encode({"secret": secret} if secret else {}).decode(),
        "min_severity": min_severity,
        "updated_at": now,
    }
    existing = connection.execute(
        select(notify_channels.c.id).where(notify_channels.c.name == name)
    ).first()
    if existing:
        connection.execute(
            update(notify_channels).where(notify_channels.c.name == name).values(**values)
        )
    else:
        connection.execute(
            insert(notify_channels).values(
                name=name, enabled=True, state="ok", created_at=now, **values
            )
        )
    channel = get_channel(connection, name)
    assert channel is not None
    return channel


def get_channel(connection: Connection, name: str) -> dict[str, Any] | None:
    row = connection.execute(select(notify_channels).where(notify_channels.c.name == name)).first()
    if row is None:
        return None
    channel = dict(row._mapping)
    channel["config"] = msgspec.json.decode(channel["config"] or "{}")
    return channel


def set_enabled(connection: Connection, name: str, enabled: bool, *, now: datetime) -> None:
    done = connection.execute(
        update(notify_channels)
        .where(notify_channels.c.name == name)
        .values(enabled=enabled, updated_at=now)
    )
    if done.rowcount == 0:
        raise NotifyError(f"no channel {name!r} (see parley channels list)")


def remove_channel(connection: Connection, name: str, *, now: datetime) -> int:
    """Delete channel NAME; its undelivered rows stay, failed with the reason. Returns them."""
    if (
        connection.execute(delete(notify_channels).where(notify_channels.c.name == name)).rowcount
        == 0
    ):
        raise NotifyError(f"no channel {name!r} (see parley channels list)")
    return connection.execute(
        update(notify_outbox)
        .where(notify_outbox.c.channel == name, notify_outbox.c.state.in_(("pending", "sending")))
        .values(
            state="failed",
            lease_until=None,
            last_error=f"channel removed at {now.isoformat()} before delivery",
        )
    ).rowcount


def list_channels(connection: Connection) -> list[dict[str, Any]]:
    """Every channel with its health and how many deliveries wait or failed (no secrets)."""
    counts: dict[tuple[str, str], int] = {
        (row.channel, row.state): int(row.n)
        for row in connection.execute(
            select(notify_outbox.c.channel, notify_outbox.c.state, func.count().label("n"))
            .where(notify_outbox.c.state.in_(("pending", "sending", "failed")))
            .group_by(notify_outbox.c.channel, notify_outbox.c.state)
        )
    }
    out = []
    for row in connection.execute(select(notify_channels).order_by(notify_channels.c.name)):
        channel = dict(row._mapping)
        config = msgspec.json.decode(channel.pop("config") or "{}")
        channel["signed"] = bool(config.get("secret"))
        channel["pending"] = counts.get((row.name, "pending"), 0) + counts.get(
            (row.name, "sending"), 0
        )
        channel["failed"] = counts.get((row.name, "failed"), 0)
        out.append(channel)
    return out


# --- enqueue --------------------------------------------------------------------------------


def enqueue(connection: Connection, n: Notification, *, now: datetime) -> int:
    """Queue `n` for every enabled channel at or under its severity; return rows queued.

    Also records the in-app notification (once per ref). An email channel with target
    `oncall` is addressed to whoever is on call at `now` (the fallback when nobody is);
    that list is fixed here, so a retry an hour later still goes to the same people.
    Enqueueing a ref again queues nothing for a channel that already has it.
    """
    n.check()
    if now.tzinfo is None:
        raise NotifyError("enqueue needs an aware `now`")
    rank = severity_rank(n.severity)
    insert_ = upsert_insert(connection)
    record_inapp(connection, n, now=now)
    channels = connection.execute(
        select(notify_channels).where(notify_channels.c.enabled.is_(True))
    ).all()
    payload = n.to_json().decode()
    queued = 0
    for channel in channels:
        if severity_rank(channel.min_severity) > rank:
            continue
        recipients: list[str] = []
        if channel.kind == "email":
            if channel.target == ONCALL:
                recipients = on_call(connection, now).emails
            else:
                recipients = channel.target.split(",")
        result = connection.execute(
            insert_(notify_outbox)
            .values(
                channel=channel.name,
                ref=n.ref,
                event=n.event,
                severity=n.severity,
                payload=payload,
                recipients=msgspec.json.encode(recipients).decode(),
                state="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["channel", "ref"])
            .returning(notify_outbox.c.id)  # rowcount is -1 on PostgreSQL with RETURNING
        )
        queued += len(result.all())
    return queued


def record_inapp(
    connection: Connection, n: Notification, *, now: datetime, user_id: int | None = None
) -> None:
    """Only the in-app notification (once per ref), for news meant for people in the app and
    not for the team's channels (e.g. an @mention in an inbox note). `user_id` is the one
    person it is for; None shows it to everyone."""
    n.check()
    connection.execute(
        upsert_insert(connection)(notifications)
        .values(
            user_id=user_id,
            ref=n.ref,
            event=n.event,
            severity=n.severity,
            title=n.title,
            text=n.text,
            link=n.link,
            fields=msgspec.json.encode(n.fields).decode(),
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["ref"])
    )


# --- the outbox -----------------------------------------------------------------------------


def _claimable(now: datetime) -> Any:
    return or_(
        and_(notify_outbox.c.state == "pending", notify_outbox.c.next_attempt_at <= now),
        and_(notify_outbox.c.state == "sending", notify_outbox.c.lease_until < now),
    )


def due(connection: Connection, now: datetime, limit: int) -> list[tuple[int, int]]:
    """(id, attempts) of rows a dispatcher may claim now, oldest due first."""
    rows = connection.execute(
        select(notify_outbox.c.id, notify_outbox.c.attempts)
        .where(_claimable(now))
        .order_by(notify_outbox.c.next_attempt_at, notify_outbox.c.id)
        .limit(limit)
    )
    return [(int(r.id), int(r.attempts)) for r in rows]


def claim(
    connection: Connection, row_id: int, attempts: int, *, now: datetime, lease: timedelta
) -> dict[str, Any] | None:
    """Take one row for sending, or None when another dispatcher took it first.

    The update is guarded by the attempt count seen when listing, so of two dispatchers
    only one matches (a plain compare-and-set: no row locks, same on both databases).
    A dispatcher that dies mid-send leaves a lease that expires; the row is then due again.
    """
    done = connection.execute(
        update(notify_outbox)
        .where(notify_outbox.c.id == row_id, notify_outbox.c.attempts == attempts, _claimable(now))
        .values(state="sending", attempts=attempts + 1, lease_until=now + lease)
    )
    if done.rowcount != 1:
        return None
    row = connection.execute(select(notify_outbox).where(notify_outbox.c.id == row_id)).one()
    return dict(row._mapping)


def _own(row_id: int, attempts: int) -> Any:
    """Only the dispatcher holding this attempt may record its outcome."""
    return and_(
        notify_outbox.c.id == row_id,
        notify_outbox.c.attempts == attempts,
        notify_outbox.c.state == "sending",
    )


def mark_sent(
    connection: Connection, row: dict[str, Any], *, now: datetime, note: str | None = None
) -> None:
    connection.execute(
        update(notify_outbox)
        .where(_own(row["id"], row["attempts"]))
        .values(state="sent", sent_at=now, lease_until=None, last_error=note)
    )
    healthy = {"state": "ok", "last_error": None, "failing_since": None}
    if note:  # delivered, but something needs a person (a refused address)
        healthy = {"state": "failing", "last_error": note, "failing_since": now}
    connection.execute(
        update(notify_channels)
        .where(notify_channels.c.name == row["channel"])
        .values(last_sent_at=now, updated_at=now, **healthy)
    )


def mark_retry(
    connection: Connection, row: dict[str, Any], *, error: str, at: datetime, now: datetime
) -> None:
    connection.execute(
        update(notify_outbox)
        .where(_own(row["id"], row["attempts"]))
        .values(state="pending", next_attempt_at=at, lease_until=None, last_error=error)
    )
    # Visible while it retries; the state turns failing only when the row is given up.
    connection.execute(
        update(notify_channels)
        .where(notify_channels.c.name == row["channel"])
        .values(last_error=f"retrying at {at:%Y-%m-%d %H:%M:%S} UTC: {error}", updated_at=now)
    )


def mark_failed(connection: Connection, row: dict[str, Any], *, error: str, now: datetime) -> None:
    connection.execute(
        update(notify_outbox)
        .where(_own(row["id"], row["attempts"]))
        .values(state="failed", lease_until=None, last_error=error)
    )
    connection.execute(
        update(notify_channels)
        .where(notify_channels.c.name == row["channel"])
        .values(
            state="failing",
            last_error=error,
            updated_at=now,
            failing_since=func.coalesce(notify_channels.c.failing_since, now),
        )
    )


def record_test(connection: Connection, name: str, *, error: str | None, now: datetime) -> None:
    """A `channels test` outcome counts like a delivery for the channel's health."""
    values: dict[str, Any] = {
        "state": "ok",
        "last_error": None,
        "failing_since": None,
        "last_sent_at": now,
    }
    if error:
        values = {
            "state": "failing",
            "last_error": error,
            "failing_since": func.coalesce(notify_channels.c.failing_since, now),
        }
    connection.execute(
        update(notify_channels)
        .where(notify_channels.c.name == name)
        .values(updated_at=now, **values)
    )


def list_outbox(
    connection: Connection, *, state: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    query = select(notify_outbox).order_by(notify_outbox.c.id.desc()).limit(limit)
    if state:
        query = query.where(notify_outbox.c.state == state)
    out = []
    for row in connection.execute(query):
        item = dict(row._mapping)
        item["title"] = msgspec.json.decode(item.pop("payload"))["title"]
        item["recipients"] = msgspec.json.decode(item["recipients"])
        out.append(item)
    return out


# --- in-app ---------------------------------------------------------------------------------


def visible_to(user_id: int | None) -> Any:
    """The notifications one person sees: theirs and those for everyone (NULL recipient)."""
    everyone = notifications.c.user_id.is_(None)
    return everyone if user_id is None else or_(everyone, notifications.c.user_id == user_id)


def list_inapp(
    connection: Connection, *, user_id: int | None, limit: int = 50, unread_only: bool = False
) -> dict[str, Any]:
    """What `user_id` sees (their own and everyone's), newest first, with their unread
    count; `user_id=None` gives only the notifications for everyone."""
    seen = visible_to(user_id)
    query = (
        select(notifications)
        .where(seen)
        .order_by(notifications.c.created_at.desc(), notifications.c.id.desc())
        .limit(limit)
    )
    if unread_only:
        query = query.where(notifications.c.read_at.is_(None))
    items = []
    for row in connection.execute(query):
        item = dict(row._mapping)
        item["fields"] = msgspec.json.decode(item["fields"])
        items.append(item)
    unread = connection.execute(
        select(func.count())
        .select_from(notifications)
        .where(seen, notifications.c.read_at.is_(None))
    ).scalar_one()
    return {"unread": int(unread), "notifications": items}


def mark_read(
    connection: Connection, notification_id: int, *, user_id: int | None, now: datetime
) -> bool:
    """True when it exists and `user_id` may see it (reading twice keeps the first time).
    Read is per row: a notification for everyone read by one is read for all."""
    exists = connection.execute(
        select(notifications.c.id).where(notifications.c.id == notification_id, visible_to(user_id))
    ).first()
    if exists is None:
        return False
    connection.execute(
        update(notifications)
        .where(notifications.c.id == notification_id, notifications.c.read_at.is_(None))
        .values(read_at=now)
    )
    return True
