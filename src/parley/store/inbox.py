"""The team inbox in the store: conversations, their messages, notes and tags (SQLite and
PostgreSQL alike). Every function takes the caller's connection, so a change and its audit row
share one transaction. The logic (what threads with what, who gets it) is in `parley.act.inbox`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, bindparam, case, func, insert, select, text, update

from parley.store.db import upsert_insert
from parley.store.posts import _datetime_param, _executemany, _existing_keys
from parley.store.tables import (
    UtcDateTime,
    authors,
    inbox_conversations,
    inbox_messages,
    inbox_notes,
    posts,
    users,
)

STATUSES = ("new", "open", "pending", "resolved")
PRIORITIES = ("low", "normal", "high", "urgent")
SUBJECT_CHARS = 200
# A message longer than this is shown cut, with a way to see all of it (`full=True`).
SHOWN_CHARS = 2000
MAX_TAG_CHARS = 50
MAX_TAGS = 20
MAX_NOTE_CHARS = 10_000

_encode = msgspec.json.encode
_decode = msgspec.json.decode


class InboxError(ValueError):
    """A request about the inbox that cannot be carried out; the message says why."""


class ConversationNotFound(InboxError):
    def __init__(self, conversation_id: int) -> None:
        super().__init__(f"no conversation {conversation_id}")


@dataclass
class Message:
    """One message arriving in a conversation (a stored post)."""

    platform: str
    native_id: str
    direction: str  # in, out
    author_native_id: str | None
    created_at: datetime


@dataclass
class Arrival:
    """What one stored batch brings to one conversation: its new messages and what the
    newest customer message says (intent, urgency...)."""

    platform: str
    thread_key: str
    private: bool
    messages: list[Message] = field(default_factory=list)
    conversation_id: int | None = None
    to_account: str | None = None
    customer_native_id: str = ""
    customer_handle: str | None = None
    customer_name: str | None = None
    lang: str | None = None
    subject: str = ""
    priority: str = "normal"
    intent: str | None = None
    reason: str | None = None
    urgency: str | None = None
    sentiment: str | None = None
    routing: tuple[int | None, str, bool] | None = None  # (assignee, how, rota gap)

    @property
    def inbound(self) -> list[Message]:
        return [m for m in self.messages if m.direction == "in"]


def one_line(text: str, limit: int = SUBJECT_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --- threading lookups (the pipeline's side) -----------------------------------------------


def conversations_of_messages(
    connection: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """{(platform, native_id): conversation id} for the keys that are inbox messages."""
    return _existing_keys(connection, inbox_messages, keys, value="conversation_id")


def conversations_of_threads(
    connection: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """{(platform, thread_key): conversation id} for the threads that exist."""
    return _existing_keys(connection, inbox_conversations, keys, key="thread_key")


def known_accounts(connection: Connection) -> set[str]:
    """The organisation's own accounts seen so far (every `to_account` names one)."""
    rows = connection.execute(
        select(inbox_conversations.c.to_account)
        .where(inbox_conversations.c.to_account.is_not(None))
        .distinct()
    )
    return {str(r[0]).lower() for r in rows}


def _new_row(arrival: Arrival, now: datetime) -> dict[str, Any]:
    """A new conversation's row with its messages already counted (no update needed)."""
    ordered = sorted(arrival.messages, key=lambda m: m.created_at)
    inbound = [m.created_at for m in ordered if m.direction == "in"]
    first = ordered[0].created_at
    awaiting: datetime | None = None
    first_response = last_response = None
    for m in ordered:
        if m.direction == "in":
            awaiting = awaiting or m.created_at
        elif awaiting is not None:
            first_response = first_response or m.created_at
            last_response, awaiting = m.created_at, None
    routing = arrival.routing
    return {
        "platform": arrival.platform,
        "thread_key": arrival.thread_key,
        "private": arrival.private,
        "to_account": arrival.to_account,
        "customer_native_id": arrival.customer_native_id or "unknown",
        "customer_handle": arrival.customer_handle,
        "customer_name": arrival.customer_name,
        "lang": arrival.lang,
        "subject": one_line(arrival.subject) or "(no text)",
        "status": "open" if first_response else "new",
        "assignee_id": routing[0] if routing else None,
        "routing": routing[1] if routing else None,
        "rota_gap": routing[2] if routing else False,
        "priority": arrival.priority,
        "intent": arrival.intent,
        "reason": arrival.reason,
        "urgency": arrival.urgency,
        "sentiment": arrival.sentiment,
        "tags": "[]",
        "messages_count": len(ordered),
        "first_message_at": first,
        "last_message_at": ordered[-1].created_at,
        "last_inbound_at": inbound[-1] if inbound else first,
        "awaiting_since": awaiting,
        "first_response_at": first_response,
        "last_response_at": last_response,
        "sla_state": "ok",
        "reopened_count": 0,
        "created_at": now,
        "updated_at": now,
    }


def _insert_sql(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> dict[bool, str]:
    """INSERT ... ON CONFLICT DO NOTHING for both paramstyles ({True: qmark, False: format}):
    the hot path writes with hand-written statements, as `parley.store.posts` does."""

    def build(placeholder: str) -> str:
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join([placeholder] * len(columns))}) "
            f"ON CONFLICT ({', '.join(key)}) DO NOTHING"
        )

    return {True: build("?"), False: build("%s")}


_CONVERSATION_COLUMNS = tuple(
    _new_row(Arrival("", "", False, [Message("", "", "in", None, datetime.min)]), datetime.min)
)
_CONVERSATION_TIMES = frozenset(
    ("first_message_at", "last_message_at", "last_inbound_at", "awaiting_since",
     "first_response_at", "last_response_at", "created_at", "updated_at")
)  # fmt: skip
_INSERT_CONVERSATIONS = _insert_sql(
    "inbox_conversations", _CONVERSATION_COLUMNS, ("platform", "thread_key")
)
_MESSAGE_COLUMNS = (
    "conversation_id", "platform", "native_id", "direction", "author_native_id", "created_at",
)  # fmt: skip
_INSERT_MESSAGES = _insert_sql("inbox_messages", _MESSAGE_COLUMNS, ("platform", "native_id"))


def open_conversations(
    connection: Connection, arrivals: Sequence[Arrival], *, now: datetime
) -> list[Arrival]:
    """Insert new threads' conversations, counted with their messages, in one statement and
    set each arrival's `conversation_id`. Returns the arrivals whose thread exists already
    (another process opened it a moment ago): their messages still need `add_messages`."""
    if not arrivals:
        return []
    keys = [(a.platform, a.thread_key) for a in arrivals]
    existing = conversations_of_threads(connection, keys)
    raced = [a for a in arrivals if (a.platform, a.thread_key) in existing]
    to_db = _datetime_param(connection)
    rows = []
    for arrival in arrivals:
        if (arrival.platform, arrival.thread_key) in existing:
            continue
        row = _new_row(arrival, now)
        rows.append(
            tuple(
                to_db(v) if k in _CONVERSATION_TIMES and v is not None else v
                for k, v in row.items()
            )
        )
    _executemany(connection, _INSERT_CONVERSATIONS, rows)
    ids = {**existing, **conversations_of_threads(connection, keys)}
    for arrival in arrivals:
        arrival.conversation_id = ids[(arrival.platform, arrival.thread_key)]
    return raced


def insert_messages(connection: Connection, arrivals: Sequence[Arrival]) -> set[tuple[str, str]]:
    """Every arrival's messages in one statement (a key stored already is skipped); returns
    the keys written. The pipeline only hands over new posts, so all of them are new."""
    to_db = _datetime_param(connection)
    rows = [
        (a.conversation_id, m.platform, m.native_id, m.direction, m.author_native_id,
         to_db(m.created_at))
        for a in arrivals
        for m in a.messages
    ]  # fmt: skip
    _executemany(connection, _INSERT_MESSAGES, rows)
    return {(m.platform, m.native_id) for a in arrivals for m in a.messages}


_RANK_SQL = (
    "CASE priority " + " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(PRIORITIES)) + " END"
)
# One statement for every existing conversation a batch touches (executemany). In an UPDATE
# every right-hand side reads the row as it was, so `status` is tested before it changes.
_COUNT_MESSAGES = text(f"""
UPDATE inbox_conversations SET
  messages_count = messages_count + :n,
  last_message_at = CASE WHEN last_message_at > :newest THEN last_message_at ELSE :newest END,
  updated_at = :now,
  status = CASE WHEN :has_in = 1 AND status IN ('resolved', 'pending') THEN 'open'
                WHEN :out_only = 1 AND status = 'new' THEN 'open' ELSE status END,
  reopened_count = CASE WHEN :has_in = 1 AND status = 'resolved'
                        THEN reopened_count + 1 ELSE reopened_count END,
  resolved_at = CASE WHEN :has_in = 1 AND status = 'resolved' THEN NULL ELSE resolved_at END,
  last_inbound_at = CASE WHEN :has_in = 1 AND last_inbound_at < :last_in
                         THEN :last_in ELSE last_inbound_at END,
  awaiting_since = CASE WHEN :has_in = 1 THEN COALESCE(awaiting_since, :first_in)
                        WHEN :out_only = 1 THEN NULL ELSE awaiting_since END,
  first_response_at = CASE WHEN :out_only = 1 THEN COALESCE(first_response_at, :answered)
                           ELSE first_response_at END,
  last_response_at = CASE WHEN :out_only = 1 THEN :answered ELSE last_response_at END,
  intent = CASE WHEN :triage = 1 THEN :intent ELSE intent END,
  reason = CASE WHEN :triage = 1 THEN :reason ELSE reason END,
  urgency = CASE WHEN :triage = 1 THEN :urgency ELSE urgency END,
  sentiment = CASE WHEN :triage = 1 THEN :sentiment ELSE sentiment END,
  priority = CASE WHEN :triage = 1 AND {_RANK_SQL} < :rank THEN :priority ELSE priority END
WHERE id = :cid
""").bindparams(
    *(bindparam(name, type_=UtcDateTime())
      for name in ("newest", "now", "last_in", "first_in", "answered")),
)  # fmt: skip


def add_messages(
    connection: Connection,
    arrivals: Sequence[Arrival],
    fresh_keys: set[tuple[str, str]],
    *,
    now: datetime,
) -> int:
    """Count existing conversations' new messages (stored by `insert_messages`) in one
    statement, however many conversations and messages; returns how many messages counted.

    A customer message reopens a resolved conversation and ends `pending` (the customer
    answered); our own messages (answered outside Parley) count as responses; the newest
    customer message's triage replaces the old, and the priority only rises.
    """
    rows = []
    for arrival in arrivals:
        assert arrival.conversation_id is not None
        fresh = [m for m in arrival.messages if (m.platform, m.native_id) in fresh_keys]
        if not fresh:
            continue
        inbound = [m.created_at for m in fresh if m.direction == "in"]
        outbound = [m.created_at for m in fresh if m.direction == "out"]
        triage = bool(inbound) and arrival.urgency is not None
        rows.append({
            "cid": arrival.conversation_id, "n": len(fresh),
            "newest": max(m.created_at for m in fresh), "now": now,
            "has_in": 1 if inbound else 0, "out_only": 1 if outbound and not inbound else 0,
            "first_in": min(inbound) if inbound else None,
            "last_in": max(inbound) if inbound else None,
            "answered": max(outbound) if outbound else None,
            "triage": 1 if triage else 0, "intent": arrival.intent, "reason": arrival.reason,
            "urgency": arrival.urgency, "sentiment": arrival.sentiment,
            "priority": arrival.priority, "rank": PRIORITIES.index(arrival.priority),
        })  # fmt: skip
    if rows:
        connection.execute(_COUNT_MESSAGES, rows)
    return sum(r["n"] for r in rows)


def _responded(at: datetime) -> dict[str, Any]:
    c = inbox_conversations.c
    return {
        "first_response_at": func.coalesce(c.first_response_at, at),
        "last_response_at": at,
        "awaiting_since": None,
        "status": case((c.status == "new", "open"), else_=c.status),
    }


def record_response(
    connection: Connection, conversation_id: int, *, at: datetime, reply_id: int | None,
    platform: str, native_id: str | None, author_native_id: str | None,
) -> None:  # fmt: skip
    """Our reply went out: it is a message of the conversation and answers what waited."""
    connection.execute(
        upsert_insert(connection)(inbox_messages)
        .values(
            conversation_id=conversation_id,
            platform=platform,
            native_id=native_id,
            direction="out",
            author_native_id=author_native_id,
            reply_id=reply_id,
            created_at=at,
        )
        .on_conflict_do_nothing(index_elements=["platform", "native_id"])
    )
    c = inbox_conversations.c
    connection.execute(
        update(inbox_conversations)
        .where(c.id == conversation_id)
        .values(messages_count=c.messages_count + 1, last_message_at=at, updated_at=at,
                **_responded(at))
    )  # fmt: skip


# --- what people do -----------------------------------------------------------------------


def get_conversation(connection: Connection, conversation_id: int) -> dict[str, Any]:
    row = connection.execute(
        select(inbox_conversations, users.c.username.label("assignee"))
        .outerjoin(users, users.c.id == inbox_conversations.c.assignee_id)
        .where(inbox_conversations.c.id == conversation_id)
    ).first()
    if row is None:
        raise ConversationNotFound(conversation_id)
    item = dict(row._mapping)
    item["tags"] = _decode(item["tags"])
    return item


def list_conversations(
    connection: Connection,
    *,
    status: str | Sequence[str] | None = None,
    assignee_id: int | None = None,
    unassigned: bool = False,
    priority: str | None = None,
    intent: str | None = None,
    private: bool | None = None,
    lang: str | None = None,
    tag: str | None = None,
    sla_state: str | None = None,
    limit: int = 100,
    before: datetime | None = None,
    before_id: int | None = None,
) -> list[dict[str, Any]]:
    """Newest activity first; `before` (with `before_id`, the last row's id, for ties) pages
    on `(last_message_at, id)` (keyset)."""
    c = inbox_conversations.c
    query = (
        select(inbox_conversations, users.c.username.label("assignee"))
        .outerjoin(users, users.c.id == c.assignee_id)
        .order_by(c.last_message_at.desc(), c.id.desc())
        .limit(limit)
    )
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status)
        for s in wanted:
            check_status(s)
        query = query.where(c.status.in_(wanted))
    if assignee_id is not None:
        query = query.where(c.assignee_id == assignee_id)
    if unassigned:
        query = query.where(c.assignee_id.is_(None))
    if priority is not None:
        query = query.where(c.priority == check_priority(priority))
    if intent is not None:
        query = query.where(c.intent == intent)
    if private is not None:
        query = query.where(c.private.is_(private))
    if lang is not None:
        query = query.where(c.lang == lang)
    if tag is not None:
        query = query.where(c.tags.contains(_encode(tag).decode(), autoescape=True))
    if sla_state is not None:
        query = query.where(c.sla_state == sla_state)
    if before is not None:
        if before_id is None:
            query = query.where(c.last_message_at < before)
        else:
            query = query.where(
                (c.last_message_at < before) | ((c.last_message_at == before) & (c.id < before_id))
            )
    out = []
    for row in connection.execute(query):
        item = dict(row._mapping)
        item["tags"] = _decode(item["tags"])
        out.append(item)
    return out


def messages(
    connection: Connection, conversation_id: int, *, full: bool = False, limit: int = 500
) -> list[dict[str, Any]]:
    """The conversation's messages, oldest first, with their text. A text over SHOWN_CHARS is
    cut (`truncated` True, `length` the whole) unless `full`."""
    m = inbox_messages.c
    rows = connection.execute(
        select(
            m.id, m.platform, m.native_id, m.direction, m.author_native_id, m.reply_id,
            m.created_at, posts.c.text, posts.c.url, posts.c.kind, posts.c.lang,
            authors.c.handle, authors.c.name,
        )
        .outerjoin(posts, (posts.c.platform == m.platform) & (posts.c.native_id == m.native_id))
        .outerjoin(authors, authors.c.id == posts.c.author_id)
        .where(m.conversation_id == conversation_id)
        .order_by(m.created_at, m.id)
        .limit(limit)
    )  # fmt: skip
    out = []
    for row in rows:
        item = dict(row._mapping)
        text = item["text"] or ""
        item["length"] = len(text)
        item["truncated"] = not full and len(text) > SHOWN_CHARS
        if item["truncated"]:
            item["text"] = text[:SHOWN_CHARS]
        out.append(item)
    return out


def message_text(connection: Connection, message_id: int) -> str:
    """The whole text of one message (what 'show all' shows)."""
    m = inbox_messages.c
    text = connection.execute(
        select(posts.c.text)
        .select_from(inbox_messages)
        .join(posts, (posts.c.platform == m.platform) & (posts.c.native_id == m.native_id))
        .where(m.id == message_id)
    ).scalar()
    if text is None:
        raise InboxError(f"no message {message_id}")
    return str(text)


def check_status(value: object) -> str:
    if value not in STATUSES:
        raise InboxError(f"status must be one of {', '.join(STATUSES)}, got {str(value)[:40]!r}")
    return str(value)


def check_priority(value: object) -> str:
    if value not in PRIORITIES:
        raise InboxError(
            f"priority must be one of {', '.join(PRIORITIES)}, got {str(value)[:40]!r}"
        )
    return str(value)


def update_conversation(
    connection: Connection, conversation_id: int, *, now: datetime, **values: Any
) -> dict[str, Any]:
    """Change status, priority, assignee or tags; returns the conversation before the change."""
    before = get_conversation(connection, conversation_id)
    changes: dict[str, Any] = {"updated_at": now}
    if "status" in values:
        status = check_status(values.pop("status"))
        changes["status"] = status
        changes["resolved_at"] = now if status == "resolved" else None
    if "priority" in values:
        changes["priority"] = check_priority(values.pop("priority"))
    if "assignee_id" in values:
        assignee = values.pop("assignee_id")
        if assignee is not None:
            role = connection.execute(
                select(users.c.role).where(users.c.id == assignee, users.c.disabled.is_(False))
            ).scalar()
            if role is None or role == "analyst":
                raise InboxError(f"user {assignee} cannot be assigned conversations")
        changes["assignee_id"] = assignee
        changes["routing"] = "assigned by hand"
    if "tags" in values:
        changes["tags"] = _encode(check_tags(values.pop("tags"))).decode()
    if values:
        raise InboxError(f"cannot change {', '.join(sorted(values))} of a conversation")
    connection.execute(
        update(inbox_conversations)
        .where(inbox_conversations.c.id == conversation_id)
        .values(**changes)
    )
    return before


def check_tags(tags: Iterable[object]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        if not isinstance(tag, str):
            raise InboxError(f"a tag is text, got {type(tag).__name__}")
        word = " ".join(tag.split()).lower()
        if not word or len(word) > MAX_TAG_CHARS:
            raise InboxError(f"a tag is 1 to {MAX_TAG_CHARS} characters, got {tag[:60]!r}")
        if word not in out:
            out.append(word)
    if len(out) > MAX_TAGS:
        raise InboxError(f"at most {MAX_TAGS} tags on a conversation")
    return out


def add_note(
    connection: Connection,
    conversation_id: int,
    *,
    author_id: int | None,
    author: str,
    text: str,
    mentions: Sequence[str],
    now: datetime,
) -> int:
    get_conversation(connection, conversation_id)
    if not text.strip():
        raise InboxError("a note needs some text")
    if len(text) > MAX_NOTE_CHARS:
        raise InboxError(f"a note has at most {MAX_NOTE_CHARS} characters, got {len(text)}")
    return int(
        connection.execute(
            insert(inbox_notes).values(
                conversation_id=conversation_id,
                author_id=author_id,
                author=author[:200],
                text=text,
                mentions=_encode(list(mentions)).decode(),
                created_at=now,
            )
        ).inserted_primary_key[0]
    )


def notes(connection: Connection, conversation_id: int) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(inbox_notes)
        .where(inbox_notes.c.conversation_id == conversation_id)
        .order_by(inbox_notes.c.created_at, inbox_notes.c.id)
    )
    out = []
    for row in rows:
        item = dict(row._mapping)
        item["mentions"] = _decode(item["mentions"])
        out.append(item)
    return out


def open_load(connection: Connection, user_ids: Sequence[int]) -> dict[int, int]:
    """How many unresolved conversations each of these users holds."""
    if not user_ids:
        return {}
    c = inbox_conversations.c
    rows = connection.execute(
        select(c.assignee_id, func.count())
        .where(c.assignee_id.in_(list(user_ids)), c.status != "resolved")
        .group_by(c.assignee_id)
    )
    load = {uid: 0 for uid in user_ids}
    load.update({int(u): int(n) for u, n in rows})
    return load
