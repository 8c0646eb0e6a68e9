"""Collision warnings: who else has a conversation open, and who is writing a reply to it.

Each open conversation page beats every ~10 s (`beat`: viewing or replying); a beat older
than `FRESH` means the page was closed and is ignored. A reply is also checked against the
replies others queued after the page was loaded (`replies_by_others`, carried by the page).
Presence is ephemeral: it writes no audit rows (a beat is not a change to anything).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, select

from parley.store.db import upsert_insert
from parley.store.inbox import InboxError
from parley.store.tables import inbox_presence, inbox_replies, users

STATES = ("viewing", "replying")
FRESH = timedelta(seconds=30)
FORGET = timedelta(hours=1)  # beats this old are deleted as the conversation is beaten again


def beat(
    connection: Connection, conversation_id: int, *, user_id: int, state: str,
    now: datetime | None = None,
) -> None:  # fmt: skip
    """`user_id` has the conversation open (and is writing a reply when state is replying)."""
    if state not in STATES:
        raise InboxError(f"state must be one of {', '.join(STATES)}, got {state[:20]!r}")
    now = now or datetime.now(UTC)
    p = inbox_presence.c
    connection.execute(
        upsert_insert(connection)(inbox_presence)
        .values(conversation_id=conversation_id, user_id=user_id, state=state, seen_at=now)
        .on_conflict_do_update(
            index_elements=["conversation_id", "user_id"], set_={"state": state, "seen_at": now}
        )
    )
    connection.execute(
        delete(inbox_presence).where(p.conversation_id == conversation_id, p.seen_at < now - FORGET)
    )


def others(
    connection: Connection, conversation_id: int, *, user_id: int, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The other people with the conversation open now: username, display name, state."""
    now = now or datetime.now(UTC)
    p = inbox_presence.c
    rows = connection.execute(
        select(users.c.username, users.c.display_name, p.state, p.seen_at)
        .join(users, users.c.id == p.user_id)
        .where(p.conversation_id == conversation_id, p.user_id != user_id,
               p.seen_at >= now - FRESH, users.c.disabled.is_(False))
        .order_by(users.c.username)
    )  # fmt: skip
    return [dict(r._mapping) for r in rows]


def replies_by_others(connection: Connection, conversation_id: int, *, user_id: int) -> int:
    """How many replies to the conversation other people have written (any state)."""
    r = inbox_replies.c
    return int(
        connection.execute(
            select(func.count())
            .select_from(inbox_replies)
            .where(
                r.conversation_id == conversation_id,
                (r.author_id != user_id) | r.author_id.is_(None),
            )
        ).scalar()
        or 0
    )


def newer_replies(
    connection: Connection, conversation_id: int, *, user_id: int, seen: int
) -> list[dict[str, Any]]:
    """The replies by others beyond the first `seen` of them (queued after the page loaded)."""
    r = inbox_replies.c
    rows = connection.execute(
        select(r.id, r.author, r.text, r.state, r.created_at)
        .where(r.conversation_id == conversation_id,
               (r.author_id != user_id) | r.author_id.is_(None))
        .order_by(r.id)
        .offset(max(seen, 0))
    )  # fmt: skip
    return [dict(x._mapping) for x in rows]


__all__ = ["FRESH", "STATES", "beat", "newer_replies", "others", "replies_by_others"]
