"""JSON API for notifications: the in-app list, marking read, the channels' health."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from parley.notify import store
from parley.web.auth import require

router = APIRouter(prefix="/api/v1", tags=["notifications"])


def _redacted(target: str) -> str:
    """A webhook URL's path is its secret (Slack, Teams): show only where it goes."""
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.netloc}/…" if parts.scheme in ("http", "https") else target


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


@router.get("/notifications", dependencies=[Depends(require("analyst"))])
def list_notifications(
    request: Request,
    limit: int = Query(50, ge=1, le=500),
    unread: bool = Query(False, description="Only unread notifications."),
) -> dict[str, Any]:
    """In-app notifications, newest first, and how many are unread."""
    with request.app.state.engine.connect() as connection:
        found = store.list_inapp(connection, limit=limit, unread_only=unread)
    found["notifications"] = [_jsonable(n) for n in found["notifications"]]
    return found


@router.post("/notifications/{notification_id}/read", dependencies=[Depends(require("agent"))])
def read_notification(request: Request, notification_id: int) -> dict[str, Any]:
    """Mark one notification read (again is harmless)."""
    with request.app.state.engine.begin() as connection:
        if not store.mark_read(connection, notification_id, now=datetime.now(UTC)):
            raise HTTPException(404, f"no notification {notification_id}")
    return {"id": notification_id, "read": True}


@router.get("/channels", dependencies=[Depends(require("analyst"))])
def list_channels(request: Request) -> list[dict[str, Any]]:
    """Every channel and its health: state ok or failing, the last error in words, counts."""
    with request.app.state.engine.connect() as connection:
        channels = store.list_channels(connection)
    return [_jsonable({**c, "target": _redacted(c["target"])}) for c in channels]
