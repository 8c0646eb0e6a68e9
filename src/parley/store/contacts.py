"""Contacts: one profile per person across platforms (docs/inbox.md#contacts).

Every conversation's customer (platform, customer_native_id) is an **identity**, and every
identity belongs to exactly one **contact**; a contact's conversations are those of its
identities, so merging and splitting move identities and the conversations follow.

The inbox creates contacts as it files new conversations (`file_customers`, a fixed number of
statements per batch); `backfill` makes them for conversations filed before. Merges are
suggested, with their reasons, never applied by themselves (`suggestions`). The relationship
indicator (`relationships`) and segments are computed when read. Every function takes the
caller's connection, so a change and its audit row share one transaction.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

import msgspec
from sqlalchemy import (
    Connection,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from parley.store import audit
from parley.store.inbox import _insert_sql, check_tags
from parley.store.posts import SENTIMENTS, _datetime_param, _executemany, _existing_keys
from parley.store.tables import (
    contact_identities,
    contact_notes,
    contact_segments,
    contacts,
    inbox_conversations,
    inbox_messages,
    posts,
    sla_events,
)
from parley.store.users import User

BANDS = ("at risk", "neutral", "good", "advocate")
RECENT = 10  # the relationship reads this many of the customer's latest messages
MAX_NOTE_CHARS = 10_000
MAX_SEGMENT_NAME = 100
# A key shared by more contacts than this is not a sign that they are one person (a shop's
# address, a common first name): it suggests nothing.
MAX_SHARED = {"handle": 5, "email": 3, "name": 3}
EMAIL = re.compile(
    r"(?<![\w.%+-])([a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.[a-z]{2,24})(?![\w-])",
    re.IGNORECASE,
)

_encode = msgspec.json.encode
_decode = msgspec.json.decode
ci = contact_identities.c
cv = inbox_conversations.c


class ContactError(ValueError):
    """A request about contacts that cannot be carried out; the message says why."""


class ContactNotFound(ContactError):
    def __init__(self, contact_id: int) -> None:
        super().__init__(f"no contact {contact_id}")


# --- normalising what suggests a merge ------------------------------------------------------


def handle_key(handle: str | None) -> str | None:
    """A handle compared across platforms: NFKC, case-folded, without a leading @ and without
    punctuation ("@Maria.Rossi_" and "maria_rossi" match). Under 3 characters: None."""
    if not handle:
        return None
    folded = unicodedata.normalize("NFKC", handle).casefold().lstrip("@")
    key = "".join(ch for ch in folded if ch.isalnum())[:255]
    return key if len(key) >= 3 else None


def name_key(name: str | None) -> str | None:
    """A display name compared: NFKC, case-folded, accents stripped, only letters and digits
    kept, words single-spaced ("María  ROSSI" is "maria rossi"). Under 3 characters: None."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKC", name).casefold()
    bare = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    words = "".join(ch if ch.isalnum() else " " for ch in bare).split()
    key = " ".join(words)[:255]
    return key if len(key.replace(" ", "")) >= 3 else None


def find_email(text: str) -> str | None:
    """The last email address written in a text (customers correct themselves), lower-cased."""
    if "@" not in text:
        return None
    found = EMAIL.findall(text)
    return found[-1].lower()[:254] if found else None


# --- filing customers (the inbox's hot path) ------------------------------------------------


@dataclass(frozen=True)
class Customer:
    platform: str
    native_id: str
    handle: str | None
    name: str | None


_INSERT_CONTACTS = _insert_sql(
    "contacts", ("origin", "display_name", "tags", "created_at", "updated_at"), ("origin",)
)
_IDENTITY_COLUMNS = (
    "contact_id", "platform", "native_id", "handle", "name", "handle_key", "name_key",
    "created_at",
)  # fmt: skip
_INSERT_IDENTITIES = _insert_sql("contact_identities", _IDENTITY_COLUMNS, ("platform", "native_id"))
_SET_EMAIL = {
    paramstyle: f"UPDATE contact_identities SET email = {p} WHERE platform = {p} "
    f"AND native_id = {p}"
    for paramstyle, p in ((True, "?"), (False, "%s"))
}


def _origin(platform: str, native_id: str) -> str:
    return f"{platform}:{native_id}"[:300]


def _display(name: str | None, handle: str | None, native_id: str) -> str:
    for value in (name, handle and f"@{handle.lstrip('@')}", native_id):
        if value and value.strip():
            return " ".join(value.split())[:300]
    return "(nobody)"


def file_customers(
    connection: Connection,
    customers: Sequence[Customer],
    emails: dict[tuple[str, str], str] | None = None,
    *,
    now: datetime,
) -> int:
    """Make a contact with one identity for each customer not known yet, and store the email
    addresses customers wrote in DMs on their identities; returns how many contacts were made.

    A fixed number of statements however many customers: one lookup per platform, one insert
    of the contacts, one read of their ids, one insert of the identities, and one update of
    emails when a DM held one. Two processes filing one new customer make one contact (the
    contact's `origin` is unique and both inserts skip conflicts)."""
    made = 0
    wanted: dict[tuple[str, str], Customer] = {}
    for customer in customers:
        wanted.setdefault((customer.platform, customer.native_id), customer)
    if wanted:
        known = _existing_keys(connection, contact_identities, wanted)
        missing = [c for key, c in wanted.items() if key not in known]
        if missing:
            stamp = _datetime_param(connection)(now)
            _executemany(connection, _INSERT_CONTACTS, [
                (_origin(c.platform, c.native_id), _display(c.name, c.handle, c.native_id),
                 "[]", stamp, stamp)
                for c in missing
            ])  # fmt: skip
            origins = [_origin(c.platform, c.native_id) for c in missing]
            ids: dict[str, int] = {}
            for start in range(0, len(origins), 1000):
                ids.update(
                    (o, int(i))
                    for i, o in connection.execute(
                        select(contacts.c.id, contacts.c.origin).where(
                            contacts.c.origin.in_(origins[start : start + 1000])
                        )
                    )
                )
            _executemany(connection, _INSERT_IDENTITIES, [
                (ids[_origin(c.platform, c.native_id)], c.platform, c.native_id, c.handle,
                 c.name, handle_key(c.handle), name_key(c.name), stamp)
                for c in missing
                if _origin(c.platform, c.native_id) in ids
            ])  # fmt: skip
            made = len(missing)
    if emails:
        _executemany(connection, _SET_EMAIL, [(email, p, n) for (p, n), email in emails.items()])
    return made


def backfill(connection: Connection, *, now: datetime | None = None) -> dict[str, int]:
    """Contacts for conversations filed before contacts existed (or while the hook was off),
    and the email addresses their customers wrote in DMs. Safe to run again."""
    now = now or datetime.now(UTC)
    rows = connection.execute(
        select(cv.platform, cv.customer_native_id, cv.customer_handle, cv.customer_name)
        .select_from(
            inbox_conversations.outerjoin(
                contact_identities,
                (ci.platform == cv.platform) & (ci.native_id == cv.customer_native_id),
            )
        )
        .where(ci.id.is_(None))
        .order_by(cv.id)
    ).all()
    customers = [Customer(r[0], r[1], r[2], r[3]) for r in rows]
    made = 0
    for start in range(0, len(customers), 1000):
        made += file_customers(connection, customers[start : start + 1000], now=now)
    m = inbox_messages.c
    texts = connection.execute(
        select(m.platform, m.author_native_id, posts.c.text)
        .select_from(inbox_messages)
        .join(inbox_conversations, cv.id == m.conversation_id)
        .join(posts, (posts.c.platform == m.platform) & (posts.c.native_id == m.native_id))
        .where(
            cv.private.is_(True),
            m.direction == "in",
            m.author_native_id == cv.customer_native_id,
            posts.c.text.contains("@"),
        )
        .order_by(m.created_at, m.id)
    )
    emails: dict[tuple[str, str], str] = {}
    for platform, author, text in texts:
        email = find_email(text or "")
        if email and author:
            emails[(platform, author)] = email
    file_customers(connection, [], emails, now=now)
    return {"contacts": made, "emails": len(emails)}


# --- reading ---------------------------------------------------------------------------------


def _contact_row(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["tags"] = _decode(item["tags"])
    return item


def get_contact(connection: Connection, contact_id: int) -> dict[str, Any]:
    row = connection.execute(select(contacts).where(contacts.c.id == contact_id)).first()
    if row is None:
        raise ContactNotFound(contact_id)
    return _contact_row(row)


def identities(connection: Connection, contact_ids: Sequence[int]) -> dict[int, list[dict]]:
    """{contact id: its identities, oldest first}."""
    out: dict[int, list[dict]] = {i: [] for i in contact_ids}
    for start in range(0, len(contact_ids), 1000):
        rows = connection.execute(
            select(contact_identities)
            .where(ci.contact_id.in_(list(contact_ids[start : start + 1000])))
            .order_by(ci.id)
        )
        for row in rows:
            out[row.contact_id].append(dict(row._mapping))
    return out


def contact_of(connection: Connection, platform: str, native_id: str) -> dict[str, Any] | None:
    """The contact an identity belongs to, with its relationship (None before a backfill)."""
    row = connection.execute(
        select(contacts)
        .join(contact_identities, ci.contact_id == contacts.c.id)
        .where(ci.platform == platform, ci.native_id == native_id)
    ).first()
    if row is None:
        return None
    item = _contact_row(row)
    item["relationship"] = relationships(connection, [item["id"]])[item["id"]]
    return item


def _of_contacts(ids: Sequence[int]) -> Any:
    return ci.contact_id.in_(list(ids))


_CONVERSATIONS_OF = inbox_conversations.join(
    contact_identities,
    (ci.platform == cv.platform) & (ci.native_id == cv.customer_native_id),
)


def conversations(connection: Connection, contact_id: int, limit: int = 500) -> list[dict]:
    """The contact's conversations on every platform, newest activity first."""
    rows = connection.execute(
        select(
            cv.id, cv.platform, cv.private, cv.subject, cv.status, cv.priority, cv.sentiment,
            cv.last_message_at, cv.reopened_count, cv.customer_handle, ci.id.label("identity"),
        )
        .select_from(_CONVERSATIONS_OF)
        .where(ci.contact_id == contact_id)
        .order_by(cv.last_message_at.desc(), cv.id.desc())
        .limit(limit)
    )  # fmt: skip
    return [dict(r._mapping) for r in rows]


def _month(connection: Connection, column: Any) -> Any:
    if connection.dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def _inbound(ids: Sequence[int] | None) -> Any:
    """The customer's own messages (in a public thread others write too) with their posts."""
    m = inbox_messages.c
    query = (
        select(ci.contact_id, m.created_at, posts.c.sentiment)
        .select_from(_CONVERSATIONS_OF)
        .join(
            inbox_messages,
            (m.conversation_id == cv.id) & (m.direction == "in")
            & (m.author_native_id == ci.native_id),
        )
        .join(posts, (posts.c.platform == m.platform) & (posts.c.native_id == m.native_id))
    )  # fmt: skip
    return query if ids is None else query.where(_of_contacts(ids))


def sentiment_by_month(connection: Connection, contact_id: int) -> list[dict[str, Any]]:
    """[{month: "2026-03", negative: n, neutral: n, positive: n, unknown: n}], oldest first."""
    inner = _inbound([contact_id]).subquery()
    month = _month(connection, inner.c.created_at)
    rows = connection.execute(
        select(month.label("month"), inner.c.sentiment, func.count())
        .group_by(month, inner.c.sentiment)
        .order_by(month)
    )
    table: dict[str, dict[str, Any]] = {}
    for month_, sentiment, n in rows:
        entry = table.setdefault(
            str(month_), {"month": str(month_), **dict.fromkeys(SENTIMENTS, 0), "unknown": 0}
        )
        entry[sentiment if sentiment in SENTIMENTS else "unknown"] += int(n)
    return list(table.values())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def judge(recent: Counter[str], cases: dict[str, int]) -> tuple[str, str]:
    """(band, why) from the latest messages' sentiment and how the contact's cases went."""
    n = sum(recent[s] for s in SENTIMENTS)
    neg, pos = recent["negative"], recent["positive"]
    reopened, reopened_cases = cases.get("reopened", 0), cases.get("reopened_cases", 0)
    met, late = cases.get("met", 0), cases.get("late", 0)
    parts = []
    if n == 0:
        parts.append("no messages with a sentiment yet")
    elif neg >= pos:
        parts.append(f"{neg} of {n} recent messages negative")
    else:
        parts.append(f"{pos} of {n} recent messages positive")
    total, resolved, open_now = (
        cases.get("total", 0),
        cases.get("resolved", 0),
        cases.get("open", 0),
    )
    if total:
        parts.append(f"{_plural(total, 'case')}, {resolved} resolved")
    if reopened_cases == 1:
        parts.append(f"1 case reopened {_times(reopened)}")
    elif reopened_cases > 1:
        parts.append(f"{reopened_cases} cases reopened {_times(reopened)} in all")
    if met + late:
        parts.append(f"{late} of {_plural(met + late, 'SLA target')} late")
    if open_now:
        parts.append(f"{open_now} open now")
    if (n >= 2 and neg * 2 >= n and neg > pos) or reopened >= 2 or (late >= 2 and late > met):
        band = "at risk"
    elif n >= 3 and pos * 10 >= n * 6 and neg == 0 and reopened == 0 and late <= met:
        band = "advocate"
    elif pos > neg and reopened == 0 and late <= met:
        band = "good"
    else:
        band = "neutral"
    return band, "; ".join(parts)


def relationships(
    connection: Connection, contact_ids: Sequence[int] | None
) -> dict[int, dict[str, Any]]:
    """{contact id: {band, why, recent: {sentiment: n}, cases: {...}}} for these contacts (all
    when None): the latest RECENT messages' sentiment, and each contact's cases (total,
    resolved, open, reopened, met and late SLA targets). Three grouped statements."""
    ids = None if contact_ids is None else list(contact_ids)
    if ids is not None and not ids:
        return {}
    inner = (
        _inbound(ids)
        .add_columns(
            func.row_number()
            .over(partition_by=ci.contact_id, order_by=inbox_messages.c.created_at.desc())
            .label("rank")
        )
        .subquery()
    )
    recent: dict[int, Counter[str]] = defaultdict(Counter)
    for contact_id, sentiment, n in connection.execute(
        select(inner.c.contact_id, inner.c.sentiment, func.count())
        .where(inner.c.rank <= RECENT)
        .group_by(inner.c.contact_id, inner.c.sentiment)
    ):
        recent[int(contact_id)][sentiment or "unknown"] += int(n)
    cases: dict[int, dict[str, int]] = defaultdict(dict)
    query = (
        select(
            ci.contact_id, func.count(),
            func.sum(case((cv.status == "resolved", 1), else_=0)),
            func.sum(case((cv.status != "resolved", 1), else_=0)),
            func.sum(cv.reopened_count),
            func.sum(case((cv.reopened_count > 0, 1), else_=0)),
        )
        .select_from(_CONVERSATIONS_OF)
        .group_by(ci.contact_id)
    )  # fmt: skip
    if ids is not None:
        query = query.where(_of_contacts(ids))
    for contact_id, total, resolved, open_, reopened, reopened_cases in connection.execute(query):
        cases[int(contact_id)].update(
            total=int(total), resolved=int(resolved or 0), open=int(open_ or 0),
            reopened=int(reopened or 0), reopened_cases=int(reopened_cases or 0),
        )  # fmt: skip
    e = sla_events.c
    query = (
        select(ci.contact_id, e.state, func.count())
        .select_from(_CONVERSATIONS_OF.join(sla_events, e.conversation_id == cv.id))
        .where(e.state.in_(("met", "late")))
        .group_by(ci.contact_id, e.state)
    )
    if ids is not None:
        query = query.where(_of_contacts(ids))
    for contact_id, state, n in connection.execute(query):
        cases[int(contact_id)][str(state)] = int(n)
    wanted = ids if ids is not None else sorted(set(recent) | set(cases))
    out = {}
    for contact_id in wanted:
        band, why = judge(recent[contact_id], cases[contact_id])
        out[contact_id] = {
            "band": band, "why": why, "recent": dict(recent[contact_id]),
            "cases": {"total": 0, "resolved": 0, "open": 0, "reopened": 0, "reopened_cases": 0,
                      "met": 0, "late": 0, **cases[contact_id]},
        }  # fmt: skip
    return out


# --- listing, searching, segments -----------------------------------------------------------


@dataclass
class Filter:
    """Which contacts: a search (name, handle, email), a tag, a platform, a conversation
    language, a relationship band, a minimum number of conversations."""

    q: str | None = None
    tag: str | None = None
    platform: str | None = None
    language: str | None = None
    band: str | None = None
    min_conversations: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "") and k != "q"}


def check_filter(values: dict[str, Any]) -> Filter:
    """A segment's filter from hostile input; a bad value is refused by name."""
    known = {"q", "tag", "platform", "language", "band", "min_conversations"}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ContactError(f"a segment cannot filter on {', '.join(map(str, unknown))[:80]}")
    out = Filter()
    for name in ("q", "platform", "language"):
        value = values.get(name)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or len(value) > 100:
            raise ContactError(f"{name} must be text of at most 100 characters")
        setattr(out, name, value.strip() or None)
    if values.get("tag") not in (None, ""):
        out.tag = check_tags([values["tag"]])[0] if isinstance(values["tag"], str) else None
        if out.tag is None:
            raise ContactError("a tag is text")
    band = values.get("band")
    if band not in (None, ""):
        if band not in BANDS:
            raise ContactError(f"band must be one of {', '.join(BANDS)}, got {str(band)[:40]!r}")
        out.band = str(band)
    low = values.get("min_conversations")
    if low not in (None, ""):
        try:
            number = int(str(low))
        except ValueError:
            raise ContactError(
                f"min conversations must be a whole number, got {str(low)[:40]!r}"
            ) from None
        if not 0 <= number <= 1_000_000:
            raise ContactError(f"min conversations must be 0 to 1000000, got {number}")
        out.min_conversations = number or None
    return out


def _query(f: Filter, before: int | None) -> Any:
    c = contacts.c
    query = select(contacts).order_by(c.id.desc())
    if f.q:
        needle = f.q.strip().lstrip("@").lower()
        if needle:
            query = query.where(
                or_(
                    func.lower(c.display_name).contains(needle, autoescape=True),
                    c.id.in_(
                        select(ci.contact_id).where(
                            or_(
                                func.lower(ci.handle).contains(needle, autoescape=True),
                                func.lower(ci.name).contains(needle, autoescape=True),
                                ci.email.contains(needle, autoescape=True),
                            )
                        )
                    ),
                )
            )
    if f.tag:
        query = query.where(c.tags.contains(_encode(f.tag).decode(), autoescape=True))
    if f.platform:
        query = query.where(c.id.in_(select(ci.contact_id).where(ci.platform == f.platform)))
    if f.language:
        query = query.where(
            c.id.in_(
                select(ci.contact_id).select_from(_CONVERSATIONS_OF).where(cv.lang == f.language)
            )
        )
    if f.min_conversations:
        query = query.where(
            c.id.in_(
                select(ci.contact_id)
                .select_from(_CONVERSATIONS_OF)
                .group_by(ci.contact_id)
                .having(func.count() >= f.min_conversations)
            )
        )
    if before is not None:
        query = query.where(c.id < before)
    return query


def iter_contacts(
    connection: Connection, f: Filter | None = None, *, before: int | None = None,
    chunk: int = 500,
) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Contacts matching `f`, newest first, each with its identities, conversation count and
    relationship; read `chunk` at a time (keyset on id), so an export holds one chunk."""
    f = f or Filter()
    while True:
        rows = [_contact_row(r) for r in connection.execute(_query(f, before).limit(chunk))]
        if not rows:
            return
        ids = [r["id"] for r in rows]
        found = identities(connection, ids)
        related = relationships(connection, ids)
        for row in rows:
            row["identities"] = found[row["id"]]
            row["relationship"] = related[row["id"]]
            row["conversations"] = row["relationship"]["cases"]["total"]
            if f.band is None or row["relationship"]["band"] == f.band:
                yield row
        if len(rows) < chunk:
            return
        before = ids[-1]


def list_contacts(
    connection: Connection, f: Filter | None = None, *, limit: int = 50,
    before: int | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    out = []
    for row in iter_contacts(connection, f, before=before, chunk=max(limit, 50)):
        out.append(row)
        if len(out) >= limit:
            break
    return out


def segments(connection: Connection) -> list[dict[str, Any]]:
    out = []
    for row in connection.execute(select(contact_segments).order_by(contact_segments.c.name)):
        item = dict(row._mapping)
        item["filter"] = _decode(item["filter"])
        out.append(item)
    return out


def segment(connection: Connection, name: str) -> dict[str, Any]:
    for item in segments(connection):
        if item["name"] == name:
            return item
    raise ContactError(f"no segment named {name[:100]!r}")


def segment_filter(item: dict[str, Any]) -> Filter:
    return check_filter(item["filter"])


def save_segment(
    connection: Connection, *, name: str, values: dict[str, Any], actor: User | str,
    now: datetime | None = None,
) -> int:  # fmt: skip
    now = now or datetime.now(UTC)
    clean = " ".join(name.split())
    if not clean or len(clean) > MAX_SEGMENT_NAME:
        raise ContactError(f"a segment's name is 1 to {MAX_SEGMENT_NAME} characters")
    f = check_filter({k: v for k, v in values.items() if k != "q"})
    exists = connection.execute(
        select(contact_segments.c.id).where(contact_segments.c.name == clean)
    ).scalar()
    if exists is not None:
        raise ContactError(f"a segment named {clean!r} exists already")
    segment_id = int(
        connection.execute(
            insert(contact_segments).values(
                name=clean, filter=_encode(f.as_json()).decode(), created_at=now,
                created_by=actor.username if isinstance(actor, User) else str(actor)[:200],
            )
        ).inserted_primary_key[0]
    )  # fmt: skip
    audit.record(connection, actor=actor, action="contact.segment.add",
                 target=f"segment:{segment_id}", detail={"name": clean, **f.as_json()},
                 now=now)  # fmt: skip
    return segment_id


def delete_segment(
    connection: Connection, segment_id: int, *, actor: User | str, now: datetime | None = None
) -> None:
    row = connection.execute(
        select(contact_segments).where(contact_segments.c.id == segment_id)
    ).first()
    if row is None:
        raise ContactError(f"no segment {segment_id}")
    connection.execute(delete(contact_segments).where(contact_segments.c.id == segment_id))
    audit.record(connection, actor=actor, action="contact.segment.delete",
                 target=f"segment:{segment_id}", detail={"name": row.name}, now=now)  # fmt: skip


# --- what people do -------------------------------------------------------------------------


def notes(connection: Connection, contact_id: int) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(contact_notes)
        .where(contact_notes.c.contact_id == contact_id)
        .order_by(contact_notes.c.created_at, contact_notes.c.id)
    )
    return [dict(r._mapping) for r in rows]


def add_note(
    connection: Connection, contact_id: int, *, actor: User, text: str,
    now: datetime | None = None,
) -> int:  # fmt: skip
    now = now or datetime.now(UTC)
    get_contact(connection, contact_id)
    if not text.strip():
        raise ContactError("a note needs some text")
    if len(text) > MAX_NOTE_CHARS:
        raise ContactError(f"a note has at most {MAX_NOTE_CHARS} characters, got {len(text)}")
    note_id = int(
        connection.execute(
            insert(contact_notes).values(contact_id=contact_id, author_id=actor.id,
                                         author=actor.username[:200], text=text, created_at=now)
        ).inserted_primary_key[0]
    )  # fmt: skip
    audit.record(connection, actor=actor, action="contact.note", target=f"contact:{contact_id}",
                 detail={"note": note_id}, now=now)  # fmt: skip
    return note_id


def set_tags(
    connection: Connection, contact_id: int, tags: Iterable[object], *, actor: User | str,
    now: datetime | None = None,
) -> list[str]:  # fmt: skip
    now = now or datetime.now(UTC)
    before = get_contact(connection, contact_id)["tags"]
    try:
        clean = check_tags(tags)
    except ValueError as exc:
        raise ContactError(str(exc).replace("a conversation", "a contact")) from None
    connection.execute(
        update(contacts)
        .where(contacts.c.id == contact_id)
        .values(tags=_encode(clean).decode(), updated_at=now)
    )
    if clean != before:
        audit.record(connection, actor=actor, action="contact.tags",
                     target=f"contact:{contact_id}", detail={"tags": [before, clean]},
                     now=now)  # fmt: skip
    return clean


def merge(
    connection: Connection, into_id: int, other_id: int, *, actor: User | str,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Contact `other_id` becomes part of `into_id`: its identities (and so its
    conversations), notes and tags move, and it is gone. Returns the merged contact."""
    now = now or datetime.now(UTC)
    if into_id == other_id:
        raise ContactError(f"contact {into_id} cannot be merged into itself")
    into = get_contact(connection, into_id)
    other = get_contact(connection, other_id)
    tags = list(dict.fromkeys(into["tags"] + other["tags"]))
    try:
        check_tags(tags)
    except ValueError:
        raise ContactError(
            f"together the two contacts have {len(tags)} tags, more than a contact may hold; "
            "remove some first"
        ) from None
    moved = [i["id"] for i in identities(connection, [other_id])[other_id]]
    connection.execute(
        update(contact_identities).where(ci.contact_id == other_id).values(contact_id=into_id)
    )
    notes_moved = connection.execute(
        update(contact_notes)
        .where(contact_notes.c.contact_id == other_id)
        .values(contact_id=into_id)
    ).rowcount
    connection.execute(
        update(contacts)
        .where(contacts.c.id == into_id)
        .values(tags=_encode(tags).decode(), updated_at=now)
    )
    connection.execute(delete(contacts).where(contacts.c.id == other_id))
    audit.record(
        connection, actor=actor, action="contact.merge", target=f"contact:{into_id}",
        detail={"merged": other_id, "name": other["display_name"][:200], "identities": moved,
                "notes": notes_moved, "tags": other["tags"]},
        now=now,
    )  # fmt: skip
    return get_contact(connection, into_id)


def split(
    connection: Connection, identity_id: int, *, actor: User | str,
    now: datetime | None = None,
) -> int:  # fmt: skip
    """The identity (and its conversations) becomes a contact of its own; returns its id.
    Notes and tags stay with the contact it leaves."""
    now = now or datetime.now(UTC)
    row = connection.execute(select(contact_identities).where(ci.id == identity_id)).first()
    if row is None:
        raise ContactError(f"no identity {identity_id}")
    siblings = connection.execute(
        select(func.count()).where(ci.contact_id == row.contact_id)
    ).scalar()
    if int(siblings or 0) < 2:
        raise ContactError(
            f"identity {identity_id} is the only identity of contact {row.contact_id}: "
            "there is nothing to split it from"
        )
    origin = _origin(row.platform, row.native_id)
    moved_origin = connection.execute(
        update(contacts)
        .where(contacts.c.id == row.contact_id, contacts.c.origin == origin)
        .values(origin=None, updated_at=now)
    ).rowcount
    new_id = int(
        connection.execute(
            insert(contacts).values(
                origin=origin if moved_origin else None,
                display_name=_display(row.name, row.handle, row.native_id), tags="[]",
                created_at=now, updated_at=now,
            )
        ).inserted_primary_key[0]
    )  # fmt: skip
    connection.execute(
        update(contact_identities).where(ci.id == identity_id).values(contact_id=new_id)
    )
    audit.record(
        connection, actor=actor, action="contact.split", target=f"contact:{row.contact_id}",
        detail={"identity": identity_id, "platform": row.platform,
                "native_id": row.native_id[:200], "new_contact": new_id},
        now=now,
    )  # fmt: skip
    return new_id


def rename(
    connection: Connection, contact_id: int, name: str, *, actor: User | str,
    now: datetime | None = None,
) -> None:  # fmt: skip
    now = now or datetime.now(UTC)
    before = get_contact(connection, contact_id)["display_name"]
    clean = " ".join(name.split())
    if not clean or len(clean) > 300:
        raise ContactError("a contact's name is 1 to 300 characters")
    connection.execute(
        update(contacts).where(contacts.c.id == contact_id)
        .values(display_name=clean, updated_at=now)
    )  # fmt: skip
    audit.record(connection, actor=actor, action="contact.rename",
                 target=f"contact:{contact_id}", detail={"name": [before, clean]},
                 now=now)  # fmt: skip


# --- suggested merges ------------------------------------------------------------------------


def _shared(connection: Connection, column: Any, limit: int, contact_id: int | None) -> Any:
    """The identities whose `column` value is shared by 2..limit contacts."""
    keys = (
        select(column)
        .where(column.is_not(None))
        .group_by(column)
        .having(func.count(ci.contact_id.distinct()).between(2, limit))
    )
    if contact_id is not None:
        keys = keys.where(column.in_(select(column).where(ci.contact_id == contact_id)))
    return connection.execute(
        select(column, ci.contact_id, ci.platform, ci.handle, ci.name, ci.email)
        .where(column.in_(keys))
        .order_by(column, ci.contact_id)
    ).all()


def suggestions(connection: Connection, contact_id: int | None = None) -> list[dict[str, Any]]:
    """Pairs of contacts that may be one person, each with its reasons: the same handle on
    different platforms, the same email address written in DMs, and the same normalised name
    (alone, a weaker sign: `strength` "weak"). Computed, never applied."""
    pairs: dict[tuple[int, int], dict[str, Any]] = {}

    def add(a: int, b: int, signal: str, reason: str) -> None:
        key = (min(a, b), max(a, b))
        entry = pairs.setdefault(key, {"a": key[0], "b": key[1], "signals": [], "reasons": []})
        if signal not in entry["signals"]:
            entry["signals"].append(signal)
            entry["reasons"].append(reason)

    for signal, column in (("handle", ci.handle_key), ("email", ci.email),
                           ("name", ci.name_key)):  # fmt: skip
        groups: dict[str, list[Any]] = defaultdict(list)
        for row in _shared(connection, column, MAX_SHARED[signal], contact_id):
            groups[row[0]].append(row)
        for rows in groups.values():
            for i, x in enumerate(rows):
                for y in rows[i + 1 :]:
                    if x.contact_id == y.contact_id:
                        continue
                    if contact_id is not None and contact_id not in (x.contact_id, y.contact_id):
                        continue
                    if signal == "handle":
                        if x.platform == y.platform:
                            continue
                        reason = (f"same handle on {x.platform} (@{x.handle.lstrip('@')}) and "
                                  f"{y.platform} (@{y.handle.lstrip('@')})")  # fmt: skip
                    elif signal == "email":
                        reason = (f"both wrote {x.email} in a DM ({x.platform} and "
                                  f"{y.platform})")  # fmt: skip
                    else:
                        reason = f"same name: {x.name!r} and {y.name!r}"
                    add(x.contact_id, y.contact_id, signal, reason)
    if not pairs:
        return []
    names = dict(
        connection.execute(
            select(contacts.c.id, contacts.c.display_name).where(
                contacts.c.id.in_({i for pair in pairs for i in pair})
            )
        ).all()
    )
    out = []
    for entry in pairs.values():
        if entry["signals"] == ["name"]:
            entry["strength"] = "weak"
            entry["reasons"][0] += " (only the name agrees: a weaker sign, check before merging)"
        else:
            entry["strength"] = "strong"
        entry["a_name"], entry["b_name"] = names.get(entry["a"], ""), names.get(entry["b"], "")
        out.append(entry)
    out.sort(key=lambda e: (e["strength"] != "strong", -len(e["signals"]), e["a"], e["b"]))
    return out


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "display_name", "identities", "emails", "tags", "conversations", "open", "band",
    "why", "created_at",
)  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ tab CR LF gets a
    leading apostrophe (OWASP's advice), so it shows as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_row(item: dict[str, Any]) -> list[str]:
    rel = item["relationship"]
    ids = item["identities"]
    return [safe_cell(v) for v in (
        item["id"], item["display_name"],
        "; ".join(f"{i['platform']}:{'@' + i['handle'].lstrip('@') if i['handle'] else i['native_id']}"
                  for i in ids),
        "; ".join(sorted({i["email"] for i in ids if i["email"]})),
        ", ".join(item["tags"]), rel["cases"]["total"], rel["cases"]["open"], rel["band"],
        rel["why"], item["created_at"].isoformat() if item["created_at"] else "",
    )]  # fmt: skip


def csv_chunks(items: Iterable[dict[str, Any]], *, bom: bool = False) -> Iterator[str]:
    """The CSV text, a header then about 200 contacts per chunk (for a streamed download)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for n, item in enumerate(items, 1):
        writer.writerow(csv_row(item))
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(items: Iterable[dict[str, Any]], out: TextIO, *, bom: bool = False) -> int:
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for item in items:
            count += 1
            yield item

    for chunk in csv_chunks(counted(), bom=bom):
        out.write(chunk)
    return count


__all__ = [
    "BANDS", "ContactError", "ContactNotFound", "Customer", "Filter", "add_note", "backfill",
    "check_filter", "contact_of", "conversations", "csv_chunks", "delete_segment",
    "file_customers", "find_email", "get_contact", "handle_key", "identities",
    "iter_contacts", "judge", "list_contacts", "merge", "name_key", "notes", "relationships",
    "rename", "save_segment", "segment", "segment_filter", "segments", "sentiment_by_month",
    "set_tags", "split", "suggestions", "write_csv",
]  # fmt: skip
