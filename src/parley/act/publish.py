"""Publishing our replies: the publisher interface, and the simulator's platform.

A `Publisher` sends one reply (`send(reply) -> PublishResult`) or raises `PublishError`,
transient (the outbox tries again, within bounds) or permanent (the reply is failed and the
failure shown on the conversation), like the notification transports do. `reply.id` is an
idempotency key: a publisher must not post the same reply id twice, so a retry after a crash
between sending and recording cannot double it. Real platforms come with the connectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import msgspec
from sqlalchemy import Engine, select

from parley.domain import Author, Post
from parley.store import posts as post_store
from parley.store.tables import inbox_messages, posts


@dataclass(frozen=True)
class Reply:
    """One reply to publish: where, to whom, in answer to which message."""

    id: int
    conversation_id: int
    platform: str
    private: bool
    text: str
    in_reply_to: str | None  # native id of the customer's latest message
    account: str  # our account that answers (the one they wrote to)
    customer_native_id: str
    attempt: int


@dataclass(frozen=True)
class PublishResult:
    native_id: str
    url: str | None = None


class PublishError(Exception):
    """A reply that did not go out; `transient` says whether trying again may help."""

    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None):
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


class Publisher(Protocol):
    def handles(self, engine: Engine, reply: Reply) -> bool:
        """Whether this publisher can answer this conversation."""
        ...

    def send(self, reply: Reply) -> PublishResult: ...


class SimulatorPublisher:
    """The simulator's platform: a reply becomes a post from our account in the store, as the
    real platform would show it, so the whole loop works in `make run`. It answers only
    conversations whose customer messages came from the simulator (their raw payload says so)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def handles(self, engine: Engine, reply: Reply) -> bool:
        if reply.platform == "sim":
            return True
        with engine.connect() as connection:
            raw = connection.execute(
                select(posts.c.raw)
                .select_from(inbox_messages)
                .join(
                    posts,
                    (posts.c.platform == inbox_messages.c.platform)
                    & (posts.c.native_id == inbox_messages.c.native_id),
                )
                .where(
                    inbox_messages.c.conversation_id == reply.conversation_id,
                    inbox_messages.c.direction == "in",
                )
                .limit(1)
            ).scalar()
        if not raw:
            return False
        try:
            payload = msgspec.json.decode(raw)
        except msgspec.DecodeError:
            return False
        return isinstance(payload, dict) and "sim" in payload

    def send(self, reply: Reply) -> PublishResult:
        native_id = f"parley-reply-{reply.id}"  # the idempotency key: the same reply, the same post
        post = Post(
            platform=reply.platform,
            native_id=native_id,
            created_at=datetime.now(UTC),
            text=reply.text,
            kind="dm" if reply.private else "reply",
            author=Author(native_id=f"account:{reply.account}", handle=reply.account),
            reply_to=reply.in_reply_to,
            to_account=reply.account if reply.private else None,
            raw={"published_by": "parley", "reply": reply.id},
        )
        with self.engine.begin() as connection:
            post_store.store_batch(connection, [post])
        return PublishResult(native_id=native_id)
