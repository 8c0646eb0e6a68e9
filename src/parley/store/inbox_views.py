"""Inbox views: the filters of the conversation list, the built-in views and those people save.

A view is a set of filters (`ViewFilters`): statuses, assignee (`me`, `nobody` or a
username), priority, intent, language, private or public, tag and SLA state. The built-in
views ("All open", "My open", "Urgent complaints", "Unassigned Chinese DMs"...) are filters
like any other; people save their own from the list page, for themselves or (managers) for
the whole team. Filters come from query strings, so every value is checked and a bad one is
refused with the name of the filter and what it accepts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, delete, insert, or_, select

from parley.enrich.intent import INTENTS
from parley.store.inbox import PRIORITIES, STATUSES, InboxError
from parley.store.tables import inbox_views, users

SLA_STATES = ("ok", "warning", "breached", "done")
UNRESOLVED = ("new", "open", "pending")
MAX_NAME = 80
MAX_VIEWS_PER_OWNER = 50
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_TAG_CHARS = 64


class ViewError(InboxError):
    pass


@dataclass(frozen=True)
class ViewFilters:
    """What a list shows. Empty means "any"."""

    status: tuple[str, ...] = UNRESOLVED
    assignee: str = ""  # "", "me", "nobody" or a username
    priority: str = ""
    intent: str = ""
    lang: str = ""
    channel: str = ""  # "", "private" or "public"
    tag: str = ""
    sla: str = ""

    def query(self) -> dict[str, Any]:
        """As query-string parameters (only those set; status as a list)."""
        out: dict[str, Any] = {"status": list(self.status)}
        for name, value in asdict(self).items():
            if name != "status" and value:
                out[name] = value
        return out

    def describe(self) -> str:
        parts = ["any status" if set(self.status) == set(STATUSES) else "/".join(self.status)]
        if self.assignee:
            parts.append({"me": "assigned to me", "nobody": "unassigned"}.get(
                self.assignee, f"assigned to {self.assignee}"))  # fmt: skip
        for label, value in (("priority", self.priority), ("intent", self.intent),
                             ("language", self.lang), ("tag", self.tag), ("SLA", self.sla)):  # fmt: skip
            if value:
                parts.append(f"{label} {value}")
        if self.channel:
            parts.append("private messages" if self.channel == "private" else "public threads")
        return ", ".join(parts)


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value and value not in allowed:
        raise ViewError(f"{name} must be one of {', '.join(allowed)}, got {value[:40]!r}")
    return value


def parse_filters(raw: Mapping[str, Any]) -> ViewFilters:
    """Filters from query parameters or a stored view; every value is checked.

    `status` is a list (or one value); `all` means every status, `unresolved` the three
    that are not resolved."""
    statuses = raw.get("status") or []
    if isinstance(statuses, str):
        statuses = [statuses]
    wanted: list[str] = []
    for value in statuses:
        value = str(value).strip()
        if value == "all":
            wanted.extend(STATUSES)
        elif value == "unresolved":
            wanted.extend(UNRESOLVED)
        elif value:
            wanted.append(_one_of("status", value, (*STATUSES, "all", "unresolved")))
    status = tuple(s for s in STATUSES if s in wanted) or UNRESOLVED

    def text(name: str, limit: int = 64) -> str:
        value = raw.get(name)
        value = "" if value is None else str(value).strip()
        if len(value) > limit:
            raise ViewError(f"{name} is at most {limit} characters")
        if any(ord(ch) < 32 for ch in value):
            raise ViewError(f"{name} has control characters")
        return value

    lang = text("lang", 16).lower()
    if lang and not _LANG.match(lang):
        raise ViewError(f"lang must be a language code like zh or pt-br, got {lang[:16]!r}")
    assignee = text("assignee")
    if assignee and assignee not in ("me", "nobody") and not re.fullmatch(r"[\w.@-]+", assignee):
        raise ViewError("assignee must be me, nobody or a username")
    return ViewFilters(
        status=status,
        assignee=assignee,
        priority=_one_of("priority", text("priority"), PRIORITIES),
        intent=_one_of("intent", text("intent"), INTENTS),
        lang=lang,
        channel=_one_of("channel", text("channel"), ("private", "public")),
        tag=text("tag", _TAG_CHARS).lower(),
        sla=_one_of("sla", text("sla"), SLA_STATES),
    )


def list_arguments(connection: Connection, filters: ViewFilters, *, user_id: int) -> dict[str, Any]:
    """The keyword arguments of `parley.store.inbox.list_conversations` for `filters`."""
    out: dict[str, Any] = {"status": list(filters.status)}
    if filters.assignee == "me":
        out["assignee_id"] = user_id
    elif filters.assignee == "nobody":
        out["unassigned"] = True
    elif filters.assignee:
        found = connection.execute(
            select(users.c.id).where(users.c.username == filters.assignee)
        ).scalar()
        if found is None:
            raise ViewError(f"assignee: no user named {filters.assignee!r}")
        out["assignee_id"] = int(found)
    for name in ("priority", "intent", "lang", "tag"):
        if getattr(filters, name):
            out[name] = getattr(filters, name)
    if filters.channel:
        out["private"] = filters.channel == "private"
    if filters.sla:
        out["sla_state"] = filters.sla
    return out


@dataclass(frozen=True)
class View:
    key: str  # "open" for a built-in view, "saved-7" for a saved one
    name: str
    filters: ViewFilters
    shared: bool = False  # a saved view shared with the team (else the user's own)
    id: int | None = None  # a saved view's row


BUILT_IN: tuple[View, ...] = (
    View("open", "All open", ViewFilters()),
    View("mine", "My open", ViewFilters(assignee="me")),
    View("unassigned", "Unassigned", ViewFilters(assignee="nobody")),
    View(
        "urgent",
        "Urgent complaints",
        ViewFilters(status=("new", "open"), priority="urgent", intent="complaint"),
    ),
    View(
        "unassigned-zh-dms",
        "Unassigned Chinese DMs",
        ViewFilters(assignee="nobody", channel="private", lang="zh"),
    ),
    View("breached", "SLA breached", ViewFilters(sla="breached")),
    View("resolved", "Resolved", ViewFilters(status=("resolved",))),
)


def _view(row: Any) -> View:
    stored = msgspec.json.decode(row.filters)
    return View(
        key=f"saved-{row.id}",
        name=row.name,
        filters=parse_filters(stored),
        shared=row.owner_id is None,
        id=int(row.id),
    )


def views_for(connection: Connection, user_id: int) -> list[View]:
    """The built-in views, then the team's shared views, then the user's own."""
    v = inbox_views.c
    rows = connection.execute(
        select(v.id, v.name, v.filters, v.owner_id)
        .where(or_(v.owner_id.is_(None), v.owner_id == user_id))
        .order_by(v.owner_id.is_not(None), v.name, v.id)
    )
    return [*BUILT_IN, *(_view(row) for row in rows)]


def check_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ViewError("a view needs a name")
    if len(name) > MAX_NAME:
        raise ViewError(f"a view's name is at most {MAX_NAME} characters")
    return name


def save_view(
    connection: Connection,
    *,
    name: str,
    filters: ViewFilters,
    owner_id: int | None,
    now: datetime | None = None,
) -> int:
    """Save `filters` as a view of `owner_id` (None: shared with the team); a name already
    used by the same owner (or among shared views) is refused."""
    name = check_name(name)
    v = inbox_views.c
    same_owner = v.owner_id.is_(None) if owner_id is None else v.owner_id == owner_id
    names = {n.casefold() for n in connection.execute(select(v.name).where(same_owner)).scalars()}
    if name.casefold() in names or name.casefold() in {b.name.casefold() for b in BUILT_IN}:
        raise ViewError(f"there is already a view named {name!r}")
    if len(names) >= MAX_VIEWS_PER_OWNER:
        raise ViewError(f"at most {MAX_VIEWS_PER_OWNER} views each: delete one first")
    stored = filters.query()
    return int(connection.execute(
        insert(inbox_views).values(
            name=name, owner_id=owner_id, filters=msgspec.json.encode(stored).decode(),
            created_at=now or datetime.now(UTC),
        )
    ).inserted_primary_key[0])  # fmt: skip


def delete_view(connection: Connection, view_id: int, *, user_id: int, may_share: bool) -> str:
    """Delete a saved view: one's own, or a shared one with `may_share` (managers)."""
    v = inbox_views.c
    row = connection.execute(select(v.name, v.owner_id).where(v.id == view_id)).first()
    if row is None:
        raise ViewError(f"there is no saved view {view_id}")
    if row.owner_id is None and not may_share:
        raise ViewError("only a manager can delete a view shared with the team")
    if row.owner_id is not None and row.owner_id != user_id:
        raise ViewError("this view is someone else's")
    connection.execute(delete(inbox_views).where(v.id == view_id))
    return str(row.name)
