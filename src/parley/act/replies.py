"""Our replies to customers: written by an agent, approved by a manager when a rule says so,
published through the outbox, never twice, with failures shown on the conversation.

    write ──► (approval rule matches? ──► awaiting_approval ──► approved by a manager)
          ──► queued ──► ReplyOutbox claims it (conditional UPDATE) ──► Publisher.send
          ──► sent (a message of the conversation: the SLA clock stops) | retry | failed

Approval rules: `keyword` (the reply says this word), `incident` (the conversation's posts
match a topic under an open incident), `role` (replies by this role always wait). The
approver's role is read again at the moment of approval (`current_role`), so a manager who
lost the role meanwhile is refused. Retries follow the notification bounds
(PARLEY_NOTIFY_MAX_ATTEMPTS, PARLEY_NOTIFY_MAX_AGE, PARLEY_NOTIFY_BACKOFF).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, insert, or_, select, update

from parley.act.publish import Publisher, PublishError, Reply
from parley.notify.dispatch import backoff
from parley.notify.model import Notification
from parley.notify.store import record_inapp
from parley.settings import Settings
from parley.store import audit
from parley.store import inbox as inbox_store
from parley.store.db import upsert_insert
from parley.store.inbox import InboxError
from parley.store.tables import (
    inbox_approval_rules,
    inbox_canned,
    inbox_messages,
    inbox_replies,
    incidents,
    post_topics,
    posts,
)
from parley.store.users import RANK, User, current_role

log = logging.getLogger("parley.replies")

MAX_REPLY_CHARS = 10_000
RULE_KINDS = ("keyword", "incident", "role")
VARIABLES = ("customer_name", "case_number", "agent_name")
APPROVER = "manager"
LEASE = timedelta(minutes=5)


# --- approval rules --------------------------------------------------------------------------


def add_rule(
    connection: Connection, *, kind: str, value: str = "", now: datetime | None = None
) -> int:
    if kind not in RULE_KINDS:
        raise InboxError(f"rule kind must be one of {', '.join(RULE_KINDS)}, got {kind!r}")
    value = " ".join(value.split()).lower()
    if kind == "keyword" and not value:
        raise InboxError("a keyword rule needs the word")
    if kind == "role" and value not in RANK:
        raise InboxError(f"a role rule names a role ({', '.join(RANK)}), got {value!r}")
    if kind == "incident":
        value = "open incident"
    row = connection.execute(
        upsert_insert(connection)(inbox_approval_rules)
        .values(kind=kind, value=value, created_at=now or datetime.now(UTC))
        .on_conflict_do_nothing(index_elements=["kind", "value"])
        .returning(inbox_approval_rules.c.id)
    ).first()
    if row is None:
        raise InboxError(f"that {kind} rule exists already")
    return int(row[0])


def remove_rule(connection: Connection, rule_id: int) -> None:
    done = connection.execute(
        delete(inbox_approval_rules).where(inbox_approval_rules.c.id == rule_id)
    )
    if done.rowcount == 0:
        raise InboxError(f"no approval rule {rule_id}")


def rules(connection: Connection) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in connection.execute(
        select(inbox_approval_rules).order_by(inbox_approval_rules.c.id))]  # fmt: skip


def _under_open_incident(connection: Connection, conversation_id: int) -> str | None:
    """The title of an open incident whose topic the conversation's posts match."""
    m = inbox_messages.c
    row = connection.execute(
        select(incidents.c.id, incidents.c.title)
        .select_from(inbox_messages)
        .join(posts, (posts.c.platform == m.platform) & (posts.c.native_id == m.native_id))
        .join(post_topics, post_topics.c.post_id == posts.c.id)
        .join(incidents, incidents.c.topic_id == post_topics.c.topic_id)
        .where(m.conversation_id == conversation_id, incidents.c.status != "resolved")
        .limit(1)
    ).first()
    return None if row is None else f"incident #{row.id} ({row.title})"


def approval_needed(
    connection: Connection, conversation_id: int, text: str, author: User
) -> str | None:
    """Why this reply waits for a manager, in words; None when it may go at once."""
    reasons = []
    words = text.lower()
    for rule in rules(connection):
        if rule["kind"] == "keyword" and re.search(
            rf"(?<!\w){re.escape(rule['value'])}(?!\w)", words
        ):
            reasons.append(f"says {rule['value']!r}")
        elif rule["kind"] == "role" and author.role == rule["value"]:
            reasons.append(f"replies by {rule['value']}s need approval")
        elif rule["kind"] == "incident":
            incident = _under_open_incident(connection, conversation_id)
            if incident:
                reasons.append(f"the topic is under open {incident}")
    return "; ".join(reasons) or None


# --- canned replies --------------------------------------------------------------------------


def _check_template(text: str) -> None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise InboxError(f"canned reply: {exc} (write {{{{ and }}}} for a literal brace)") from None
    unknown = sorted({f for f in fields if f not in VARIABLES})
    if unknown:
        raise InboxError(
            f"unknown variable {{{unknown[0]}}}: use {', '.join('{' + v + '}' for v in VARIABLES)}"
        )


def save_canned(connection: Connection, *, name: str, lang: str, text: str,
                now: datetime | None = None) -> None:  # fmt: skip
    name, lang = name.strip(), lang.strip().lower()
    if not name or len(name) > 100:
        raise InboxError("a canned reply's name is 1 to 100 characters")
    if not lang or len(lang) > 35:
        raise InboxError("give the canned reply's language (e.g. en, it, zh)")
    if not text.strip() or len(text) > MAX_REPLY_CHARS:
        raise InboxError(f"a canned reply is 1 to {MAX_REPLY_CHARS} characters")
    _check_template(text)
    stamp = now or datetime.now(UTC)
    connection.execute(
        upsert_insert(connection)(inbox_canned)
        .values(name=name, lang=lang, text=text, updated_at=stamp)
        .on_conflict_do_update(
            index_elements=["name", "lang"], set_={"text": text, "updated_at": stamp}
        )
    )


def remove_canned(connection: Connection, *, name: str, lang: str) -> None:
    done = connection.execute(
        delete(inbox_canned).where(inbox_canned.c.name == name, inbox_canned.c.lang == lang)
    )
    if done.rowcount == 0:
        raise InboxError(f"no canned reply {name[:100]!r} in {lang[:35]!r}")


def canned(connection: Connection) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in connection.execute(
        select(inbox_canned).order_by(inbox_canned.c.name, inbox_canned.c.lang))]  # fmt: skip


def render_canned(connection: Connection, name: str, conversation_id: int, agent: User) -> str:
    """The canned reply in the conversation's language (else English, else any), filled in."""
    conversation = inbox_store.get_conversation(connection, conversation_id)
    versions = {r.lang: r.text for r in connection.execute(
        select(inbox_canned.c.lang, inbox_canned.c.text).where(inbox_canned.c.name == name))}  # fmt: skip
    if not versions:
        raise InboxError(f"no canned reply named {name!r}")
    lang = (conversation["lang"] or "").split("-")[0]
    text = versions.get(lang) or versions.get("en") or versions[sorted(versions)[0]]
    return text.format(**variables(conversation, agent))


def variables(conversation: dict[str, Any], agent: User) -> dict[str, str]:
    """The values of VARIABLES for a reply on `conversation` by `agent` (canned replies and
    knowledge-base articles fill the same ones)."""
    customer = conversation["customer_name"] or conversation["customer_handle"] or "there"
    return {"customer_name": inbox_store.one_line(customer, 80),
            "case_number": str(conversation["id"]), "agent_name": agent.display_name}  # fmt: skip


# --- writing and approving -------------------------------------------------------------------


def write_reply(
    connection: Connection, conversation_id: int, *, author: User, text: str,
    private: bool | None = None, now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Queue a reply (or hold it for approval); returns the reply row. `private` None answers
    on the conversation's own channel; True on a public thread sends the customer a private
    message instead (taking the case out of public view); a private conversation is never
    answered in public."""
    now = now or datetime.now(UTC)
    conversation = inbox_store.get_conversation(connection, conversation_id)
    if private is None:
        private = bool(conversation["private"])
    elif conversation["private"] and not private:
        raise InboxError("a private conversation is answered privately, never in public")
    if not text.strip():
        raise InboxError("a reply needs some text")
    if len(text) > MAX_REPLY_CHARS:
        raise InboxError(f"a reply has at most {MAX_REPLY_CHARS} characters, got {len(text)}")
    reason = approval_needed(connection, conversation_id, text, author)
    reply_id = connection.execute(
        insert(inbox_replies).values(
            conversation_id=conversation_id, text=text, private=private,
            author_id=author.id, author=author.username,
            state="awaiting_approval" if reason else "queued", approval_reason=reason,
            attempts=0, next_attempt_at=None if reason else now, created_at=now,
        )
    ).inserted_primary_key[0]  # fmt: skip
    audit.record(connection, actor=author, action="inbox.reply", target=f"conversation:{conversation_id}",
                 detail={"reply": int(reply_id), "approval": reason}, now=now)  # fmt: skip
    return get_reply(connection, int(reply_id))


def get_reply(connection: Connection, reply_id: int) -> dict[str, Any]:
    row = connection.execute(select(inbox_replies).where(inbox_replies.c.id == reply_id)).first()
    if row is None:
        raise InboxError(f"no reply {reply_id}")
    return dict(row._mapping)


def replies(connection: Connection, conversation_id: int) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in connection.execute(
        select(inbox_replies).where(inbox_replies.c.conversation_id == conversation_id)
        .order_by(inbox_replies.c.id))]  # fmt: skip


def decide(
    connection: Connection, reply_id: int, *, approver: User, approve: bool,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A manager approves (the reply is queued) or refuses a reply waiting for approval.
    The approver's role is checked as it is now, not as it was at sign-in."""
    now = now or datetime.now(UTC)
    role = current_role(connection, approver.id)
    if role is None or RANK[role] < RANK[APPROVER]:
        raise InboxError(
            f"{approver.username} cannot approve replies: that needs the {APPROVER} role, and "
            f"they now hold {role or 'no active account'}"
        )
    reply = get_reply(connection, reply_id)
    if reply["state"] != "awaiting_approval":
        raise InboxError(
            f"reply {reply_id} is {reply['state'].replace('_', ' ')}, not awaiting approval"
        )
    state = "queued" if approve else "refused"
    done = connection.execute(
        update(inbox_replies)
        .where(inbox_replies.c.id == reply_id, inbox_replies.c.state == "awaiting_approval")
        .values(state=state, decided_by=approver.username, decided_at=now,
                next_attempt_at=now if approve else None)
    )  # fmt: skip
    if done.rowcount != 1:
        raise InboxError(f"reply {reply_id} was decided by someone else a moment ago")
    audit.record(connection, actor=approver, action="inbox.reply.approve" if approve else "inbox.reply.refuse",
                 target=f"reply:{reply_id}", detail={"conversation": reply["conversation_id"]}, now=now)  # fmt: skip
    return get_reply(connection, reply_id)


# --- the outbox ------------------------------------------------------------------------------


def _claimable(now: datetime) -> Any:
    r = inbox_replies.c
    return or_(
        and_(r.state == "queued", r.next_attempt_at <= now),
        and_(r.state == "sending", r.lease_until < now),
    )


@dataclass
class OutboxReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)


class ReplyOutbox:
    """Publishes queued replies. Any number may run on one store: claims are compare-and-set
    on the attempt count, as in the notification outbox."""

    def __init__(
        self, engine: Engine, settings: Settings, publishers: Sequence[Publisher], *,
        batch: int = 20, rng: random.Random | None = None, every: float = 5.0,
    ) -> None:  # fmt: skip
        self.engine = engine
        self.settings = settings
        self.publishers = list(publishers)
        self.batch = batch
        self.rng = rng or random.Random()
        self.every = every

    def run_once(self, now: datetime | None = None) -> OutboxReport:
        now = now or datetime.now(UTC)
        report = OutboxReport()
        r = inbox_replies.c
        with self.engine.connect() as connection:
            due = connection.execute(
                select(r.id, r.attempts).where(_claimable(now))
                .order_by(r.next_attempt_at, r.id).limit(self.batch)
            ).all()  # fmt: skip
        for reply_id, attempts in due:
            with self.engine.begin() as connection:
                claimed = connection.execute(
                    update(inbox_replies)
                    .where(r.id == reply_id, r.attempts == attempts, _claimable(now))
                    .values(state="sending", attempts=attempts + 1, lease_until=now + LEASE)
                ).rowcount == 1  # fmt: skip
                if claimed:
                    reply = self._reply(connection, reply_id)
            if claimed:
                self._send(reply, now, report)
        return report

    def _reply(self, connection: Connection, reply_id: int) -> Reply:
        row = get_reply(connection, reply_id)
        conversation = inbox_store.get_conversation(connection, row["conversation_id"])
        m = inbox_messages.c
        last_in = connection.execute(
            select(m.native_id).where(m.conversation_id == conversation["id"], m.direction == "in")
            .order_by(m.created_at.desc(), m.id.desc()).limit(1)
        ).scalar()  # fmt: skip
        return Reply(
            id=reply_id, conversation_id=conversation["id"], platform=conversation["platform"],
            private=row["private"], text=row["text"], in_reply_to=last_in,
            account=conversation["to_account"] or "us",
            customer_native_id=conversation["customer_native_id"], attempt=row["attempts"],
        )  # fmt: skip

    def _send(self, reply: Reply, now: datetime, report: OutboxReport) -> None:
        label = f"reply #{reply.id} (conversation {reply.conversation_id})"
        try:
            publisher = next((p for p in self.publishers if p.handles(self.engine, reply)), None)
            if publisher is None:
                raise PublishError(
                    f"no publisher for {reply.platform} yet (real platforms come with the "
                    "connectors; the simulator answers simulated conversations)",
                    transient=False,
                )
            result = publisher.send(reply)
        except PublishError as exc:
            self._failed(reply, exc, now, report, label)
            return
        except Exception as exc:  # a bug must not leave the row claimed and unexplained
            log.exception("publishing %s", label)
            self._failed(reply, PublishError(f"internal error: {type(exc).__name__}: {exc}",
                                             transient=True), now, report, label)  # fmt: skip
            return
        r = inbox_replies.c
        with self.engine.begin() as connection:
            connection.execute(
                update(inbox_replies)
                .where(r.id == reply.id, r.attempts == reply.attempt, r.state == "sending")
                .values(state="sent", sent_at=now, lease_until=None, native_id=result.native_id,
                        last_error=None)
            )  # fmt: skip
            inbox_store.record_response(
                connection, reply.conversation_id, at=now, reply_id=reply.id,
                platform=reply.platform, native_id=result.native_id,
                author_native_id=f"account:{reply.account}",
            )  # fmt: skip
        report.sent += 1
        report.lines.append(f"sent     {label} as {result.native_id}")

    def _failed(self, reply: Reply, exc: PublishError, now: datetime, report: OutboxReport,
                label: str) -> None:  # fmt: skip
        r = inbox_replies.c
        error = f"attempt {reply.attempt}: {exc}"
        with self.engine.begin() as connection:
            stored = get_reply(connection, reply.id)
            created = stored["created_at"]
            own = (r.id == reply.id) & (r.attempts == reply.attempt) & (r.state == "sending")
            if exc.transient:
                delay = backoff(
                    self.settings, reply.attempt, retry_after=exc.retry_after, rng=self.rng
                )
                at = now + timedelta(seconds=delay)
                if (reply.attempt < self.settings.notify_max_attempts
                        and at <= created + timedelta(seconds=self.settings.notify_max_age)):  # fmt: skip
                    connection.execute(update(inbox_replies).where(own).values(
                        state="queued", next_attempt_at=at, lease_until=None, last_error=error))  # fmt: skip
                    report.retrying += 1
                    report.lines.append(f"retrying {label}: {error}; next try in {delay:.0f} s")
                    return
                error = f"gave up after {reply.attempt} attempts; last: {exc}"
            connection.execute(update(inbox_replies).where(own).values(
                state="failed", lease_until=None, last_error=error))  # fmt: skip
            record_inapp(
                connection,
                Notification(
                    event="inbox.reply_failed", severity="high",
                    title=f"A reply on conversation {reply.conversation_id} was not sent",
                    text=error, link=f"/inbox/{reply.conversation_id}",
                    fields={"Reply": str(reply.id)}, ref=f"reply:{reply.id}:failed",
                ),
                now=now,
                user_id=stored["author_id"],  # its author (everyone's if they left)
            )  # fmt: skip
        report.failed += 1
        report.lines.append(f"failed   {label}: {error}")

    async def run_forever(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.run_once)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the reply outbox could not run")
            await asyncio.sleep(self.every)


def retry(
    connection: Connection, reply_id: int, *, actor: User | str, now: datetime | None = None
) -> None:
    """Send a failed reply again (a person decided to), from a fresh attempt count."""
    now = now or datetime.now(UTC)
    done = connection.execute(
        update(inbox_replies).where(inbox_replies.c.id == reply_id, inbox_replies.c.state == "failed")
        .values(state="queued", attempts=0, next_attempt_at=now, created_at=now)
    )  # fmt: skip
    if done.rowcount != 1:
        raise InboxError(f"reply {reply_id} has not failed: only a failed reply is sent again")
    audit.record(
        connection, actor=actor, action="inbox.reply.retry", target=f"reply:{reply_id}", now=now
    )
