"""The audit log: who did what and when. Each change a person makes writes one row in the
same transaction as the change itself, so the log and the data never disagree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, func, insert, select

from parley.store.tables import audit_log
from parley.store.users import User

MAX_ACTION_CHARS = 64
MAX_TARGET_CHARS = 255
MAX_DETAIL_BYTES = 16_384


def record(
    connection: Connection,
    *,
    actor: User | str | None,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """One audit row: `actor` is the signed-in User (or a name, e.g. `cli:root`), `action`
    like `topic.update`, `target` like `topic:7`."""
    if isinstance(actor, User):
        name, actor_id = actor.username, actor.id
    else:
        name, actor_id = (actor or "system"), None
    body = msgspec.json.encode(detail).decode() if detail else None
    if body is not None and len(body) > MAX_DETAIL_BYTES:
        body = msgspec.json.encode({"truncated": body[: MAX_DETAIL_BYTES - 100]}).decode()
    row = insert(audit_log).values(
        at=now or datetime.now(UTC),
        actor=str(name)[:200],
        actor_id=actor_id,
        action=action[:MAX_ACTION_CHARS],
        target=str(target)[:MAX_TARGET_CHARS],
        detail=body,
    )
    return int(connection.execute(row).inserted_primary_key[0])


def entries(
    connection: Connection,
    *,
    limit: int = 100,
    before: int | None = None,
    action: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    since: datetime | None = None,
) -> list[dict[str, Any]]:
    """Newest first; `before` is an id for the next page (keyset, not OFFSET); `target`
    (e.g. `alert:7`) gives what people did to one thing, best with `since` (the `at` index
    bounds the search: nobody acted on an alert before it fired)."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if before is not None:
        query = query.where(audit_log.c.id < before)
    if action:
        query = query.where(audit_log.c.action.startswith(action, autoescape=True))
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if target:
        query = query.where(audit_log.c.target == target)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    out = []
    for row in connection.execute(query):
        item = dict(row._mapping)
        item["detail"] = msgspec.json.decode(item["detail"]) if item["detail"] else None
        out.append(item)
    return out


def count(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(audit_log)).scalar() or 0)
