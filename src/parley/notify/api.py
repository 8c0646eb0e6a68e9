"""JSON API for notifications: the in-app list, marking read, the channels' health."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from parley.notify import store
from parley.store.users import User
from parley.web.auth import require

router = APIRouter(prefix="/api/v1", tags=["notifications"])


def redacted(target: str) -> str:
    """A webhook URL's path is its secret (Slack, Teams): show only where it goes."""
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.netloc}/…" if parts.scheme in ("http", "https") else target


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


@router.get("/notifications")
def list_notifications(
    request: Request,
    limit: int = Query(50, ge=1, le=500),
    unread: bool = Query(False, description="Only unread notifications."),
    user: User = Depends(require("analyst")),
) -> dict[str, Any]:
    """Your in-app notifications and everyone's, newest first, and how many are unread
    (someone else's @mention or SLA warning is not listed)."""
    with request.app.state.engine.connect() as connection:
        found = store.list_inapp(connection, user_id=user.id, limit=limit, unread_only=unread)
    found["notifications"] = [_jsonable(n) for n in found["notifications"]]
    return found


@router.post("/notifications/{notification_id}/read")
def read_notification(
    request: Request,
    notification_id: int = Path(ge=1, le=2**53),
    user: User = Depends(require("agent")),
) -> dict[str, Any]:
    """Mark one notification read (again is harmless); another person's is not found."""
    with request.app.state.engine.begin() as connection:
        if not store.mark_read(connection, notification_id, user_id=user.id, now=datetime.now(UTC)):
            raise HTTPException(404, f"no notification {notification_id}")
    return {"id": notification_id, "read": True}


@router.get("/channels", dependencies=[Depends(require("analyst"))])
def list_channels(request: Request) -> list[dict[str, Any]]:
    """Every channel and its health: state ok or failing, the last error in words, counts."""
    with request.app.state.engine.connect() as connection:
        channels = store.list_channels(connection)
    return [_jsonable({**c, "target": redacted(c["target"])}) for c in channels]
