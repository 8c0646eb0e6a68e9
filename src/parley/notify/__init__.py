"""Notifications: in-app, email, webhooks (generic, Slack, Teams), on-call, an outbox.

The rest of Parley calls `enqueue(connection, Notification(...), now=...)` inside its own
transaction; a `Dispatcher` delivers what was queued. See docs/notifications.md.
"""

from __future__ import annotations

from parley.notify.dispatch import Dispatcher
from parley.notify.model import SEVERITIES, Notification, NotifyError
from parley.notify.store import enqueue

__all__ = ["SEVERITIES", "Dispatcher", "Notification", "NotifyError", "enqueue"]
