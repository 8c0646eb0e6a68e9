"""The team inbox: posts addressed to the organisation become conversations as the pipeline
stores them, and what agents do with them (status, assignment, tags, notes with @mentions).

Threading (docs/inbox.md): a private message belongs to its customer's one conversation on
that platform (`dm:<author id>`); a public post addressed to us starts a conversation
(`post:<its id>`) and every reply down its chain joins it, whoever writes. Our own accounts'
posts (the accounts named in `to_account`) answer the conversation they reply in. A new
customer message reopens a resolved conversation.

The hook is on the pipeline's hot path, so it filters with attribute reads only and does a
fixed number of statements per batch (new conversations and all messages are inserted in
one statement each) plus one update per existing conversation touched, however many messages
a customer sends.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from parley.domain import Post
from parley.enrich.intent import ADDRESSED_KINDS
from parley.notify.model import Notification
from parley.notify.store import record_inapp
from parley.store import audit, contacts
from parley.store import inbox as store
from parley.store.inbox import Arrival, InboxError, Message
from parley.store.tables import users
from parley.store.users import User

log = logging.getLogger("parley.inbox")

# The newest customer message's triage sets the conversation's priority (it only rises).
_PRIORITY = {"high": "high", "normal": "normal", "low": "low"}
MENTION = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9._-]{0,63})", re.IGNORECASE)

# Called with (connection, arrival) for each new conversation, returns (assignee id or None,
# how it was routed in words, whether nobody was on duty): the rota's automatic assignment
# (`parley.act.rota.Assigner`).
Router = Callable[[Connection, Arrival], tuple[int | None, str, bool]]


def priority_of(enrichment: dict[str, Any] | None) -> str:
    """Urgent complaints come first; otherwise the intent enricher's urgency decides."""
    if not enrichment:
        return "normal"
    urgency = enrichment.get("urgency")
    if urgency == "high" and enrichment.get("intent") == "complaint":
        return "urgent"
    return _PRIORITY.get(str(urgency), "normal")


def _handle(value: str | None) -> str | None:
    return value.lstrip("@").lower() if value else None


class Inbox:
    """The pipeline hook (`Pipeline(on_stored=[inbox])`) that files addressed posts."""

    def __init__(
        self,
        engine: Engine,
        *,
        router: Router | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.engine = engine
        self.router = router
        self.clock = clock
        self.seconds = 0.0  # time spent in the hook, for `parley bench pipeline`
        with engine.connect() as connection:
            self.own_accounts = store.known_accounts(connection)

    def __call__(
        self,
        posts: list[Post],
        enrichments: list[dict[str, Any]],
        new_keys: frozenset[tuple[str, str]],
    ) -> None:
        started = time.perf_counter()
        try:
            candidates = [
                (post, enrichment)
                for post, enrichment in zip(posts, enrichments, strict=True)
                if (post.to_account or post.reply_to or post.kind in ADDRESSED_KINDS)
                and post.key in new_keys
            ]
            if candidates:
                self.file(candidates)
        finally:
            self.seconds += time.perf_counter() - started

    def _ours(self, post: Post) -> bool:
        author = post.author
        if author is None or not author.handle:
            return False
        handle = _handle(author.handle)
        return handle in self.own_accounts or handle == _handle(post.to_account)

    def file(self, candidates: Sequence[tuple[Post, dict[str, Any] | None]]) -> list[int]:
        """Thread the candidates into conversations (one transaction); returns the ids of
        the conversations that were opened."""
        for post, _ in candidates:
            if post.to_account:
                self.own_accounts.add(str(_handle(post.to_account)))
        now = self.clock()
        with self.engine.begin() as connection:
            parents = store.conversations_of_messages(
                connection, {(p.platform, p.reply_to) for p, _ in candidates if p.reply_to}
            )
            dm_threads = store.conversations_of_threads(
                connection,
                {
                    (p.platform, f"dm:{p.author.native_id if p.author else 'unknown'}")
                    for p, _ in candidates
                    if p.kind == "dm" and not self._ours(p)
                },
            )
            arrivals: dict[tuple[str, str], Arrival] = {}
            # messages of this batch: (platform, native_id) -> the arrival they went to
            placed: dict[tuple[str, str], Arrival] = {}
            emails: dict[tuple[str, str], str] = {}  # written by customers in DMs (contacts)
            for post, enrichment in candidates:
                arrival = self._place(post, enrichment, parents, dm_threads, arrivals, placed)
                if arrival is None:
                    continue
                ours = self._ours(post)
                arrival.messages.append(
                    Message(
                        platform=post.platform,
                        native_id=post.native_id,
                        direction="out" if ours else "in",
                        author_native_id=post.author.native_id if post.author else None,
                        created_at=post.created_at,
                    )
                )
                placed[post.key] = arrival
                if not ours:
                    _triage(arrival, post, enrichment)
                    if post.kind == "dm" and "@" in post.text and post.author is not None:
                        email = contacts.find_email(post.text)
                        if email:
                            emails[(post.platform, post.author.native_id)] = email
            new = [a for a in arrivals.values() if a.conversation_id is None and a.inbound]
            known = [a for a in arrivals.values() if a.conversation_id is not None]
            if self.router is not None:
                for arrival in new:
                    arrival.routing = self.router(connection, arrival)
            raced = store.open_conversations(connection, new, now=now)
            contacts.file_customers(connection, [
                contacts.Customer(a.platform, a.customer_native_id or "unknown",
                                  a.customer_handle, a.customer_name)
                for a in new
            ], emails, now=now)  # fmt: skip
            opened = [a.conversation_id for a in new if a not in raced]  # type: ignore[misc]
            fresh = store.insert_messages(connection, known + new)
            store.add_messages(connection, known + raced, fresh, now=now)
        return opened

    def _place(
        self,
        post: Post,
        enrichment: dict[str, Any] | None,
        parents: dict[tuple[str, str], int],
        dm_threads: dict[tuple[str, str], int],
        arrivals: dict[tuple[str, str], Arrival],
        placed: dict[tuple[str, str], Arrival],
    ) -> Arrival | None:
        """The arrival (conversation) this post belongs to, or None when it is not ours."""
        platform = post.platform
        if post.reply_to:
            parent = (platform, post.reply_to)
            if parent in placed:
                return placed[parent]
            if parent in parents:
                return _arrival(arrivals, platform, f"id:{parents[parent]}", parents[parent])
        ours = self._ours(post)
        if ours:
            return None  # our post outside a known conversation: not a customer's message
        if post.kind == "dm":
            customer = post.author.native_id if post.author else "unknown"
            key = f"dm:{customer}"
            existing = dm_threads.get((platform, key))
            if existing is not None:
                return _arrival(arrivals, platform, f"id:{existing}", existing)
            return _arrival(arrivals, platform, key, None, private=True)
        if post.to_account or post.kind in ADDRESSED_KINDS:
            return _arrival(arrivals, platform, f"post:{post.native_id}", None)
        return None  # a reply in a thread that is not a conversation


def _arrival(
    arrivals: dict[tuple[str, str], Arrival],
    platform: str,
    key: str,
    conversation_id: int | None,
    *,
    private: bool = False,
) -> Arrival:
    found = arrivals.get((platform, key))
    if found is None:
        found = arrivals[(platform, key)] = Arrival(
            platform=platform,
            thread_key=key,
            private=private,
            conversation_id=conversation_id,
        )
    return found


def _triage(arrival: Arrival, post: Post, enrichment: dict[str, Any] | None) -> None:
    """The customer and what they want, from their newest message in the batch."""
    author = post.author
    if not arrival.customer_native_id:
        arrival.customer_native_id = author.native_id if author else "unknown"
        arrival.customer_handle = author.handle if author else None
        arrival.customer_name = author.name if author else None
        arrival.subject = post.text if post.title is None else post.title
        arrival.to_account = _handle(post.to_account)
    enrichment = enrichment or {}
    arrival.lang = enrichment.get("lang") or post.lang or arrival.lang
    if enrichment.get("urgency") is not None:
        arrival.intent = enrichment.get("intent")
        arrival.reason = enrichment.get("reason")
        arrival.urgency = enrichment.get("urgency")
        sentiment = enrichment.get("sentiment")
        arrival.sentiment = sentiment.get("label") if isinstance(sentiment, dict) else sentiment
        arrival.priority = max(
            arrival.priority, priority_of(enrichment), key=store.PRIORITIES.index
        )


def attach(pipeline: Any, engine: Engine, router: Router | None = None) -> Inbox:
    """File what `pipeline` stores into the inbox (see `parley.act.rota.attach` for the
    version that also assigns)."""
    inbox = Inbox(engine, router=router)
    pipeline.on_stored.append(inbox)
    return inbox


# --- what agents do --------------------------------------------------------------------------


def change(
    connection: Connection,
    conversation_id: int,
    *,
    actor: User | str,
    now: datetime | None = None,
    **values: Any,
) -> dict[str, Any]:
    """Change status, priority, assignee or tags, with an audit row; returns the new state."""
    now = now or datetime.now(UTC)
    before = store.update_conversation(connection, conversation_id, now=now, **values)
    if values.get("status") == "resolved" and before.get("status") != "resolved":
        from parley.act.sla import check_conversation  # the SLA builds on the inbox

        check_conversation(connection, conversation_id, now)
    after = store.get_conversation(connection, conversation_id)
    changed = {k: [before[k], after[k]] for k in values if before.get(k) != after.get(k)}
    if changed:
        audit.record(
            connection, actor=actor, action="inbox.update",
            target=f"conversation:{conversation_id}", detail=changed, now=now,
        )  # fmt: skip
    return after


def bulk_change(
    connection: Connection,
    conversation_ids: Sequence[int],
    *,
    actor: User | str,
    now: datetime | None = None,
    **values: Any,
) -> int:
    """The same change on many conversations (bulk actions), all or nothing."""
    for conversation_id in conversation_ids:
        change(connection, conversation_id, actor=actor, now=now, **dict(values))
    return len(conversation_ids)


def add_note(
    connection: Connection,
    conversation_id: int,
    *,
    actor: User,
    text: str,
    now: datetime | None = None,
) -> int:
    """An internal note; each @username of an active colleague gets an in-app notification.
    An @name that is nobody is left as text (and not notified)."""
    now = now or datetime.now(UTC)
    named = list(dict.fromkeys(m.lower() for m in MENTION.findall(text)))
    found = (
        {
            r.username: r.id
            for r in connection.execute(
                select(users.c.username, users.c.id).where(
                    users.c.username.in_(named), users.c.disabled.is_(False)
                )
            )
        }
        if named
        else {}
    )
    mentioned = [name for name in named if name in found]
    note_id = store.add_note(
        connection, conversation_id, author_id=actor.id, author=actor.username, text=text,
        mentions=mentioned, now=now,
    )  # fmt: skip
    conversation = store.get_conversation(connection, conversation_id)
    for name in mentioned:
        record_inapp(
            connection,
            Notification(
                event="inbox.mention",
                severity="low",
                title=f"{actor.display_name} mentioned you on conversation {conversation_id}",
                text=text[:500],
                link=f"/inbox/{conversation_id}",
                fields={"For": name, "Conversation": store.one_line(conversation["subject"], 80)},
                ref=f"mention:note:{note_id}:{name}",
            ),
            now=now,
            user_id=found[name],
        )
    audit.record(
        connection, actor=actor, action="inbox.note", target=f"conversation:{conversation_id}",
        detail={"note": note_id, "mentions": mentioned}, now=now,
    )  # fmt: skip
    return note_id


__all__ = ["Inbox", "InboxError", "add_note", "attach", "bulk_change", "change", "priority_of"]
