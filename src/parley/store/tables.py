"""The store's tables (SQLAlchemy Core). Migrations in `migrations/` build exactly these.

Times are stored as naive UTC (`UtcDateTime` adds the zone back on read) so SQLite and
PostgreSQL behave the same. JSON-valued columns are TEXT written with msgspec: faster than
the generic JSON type and free of PostgreSQL jsonb's refusal of `\\u0000` in raw payloads.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# SQLite only auto-increments an INTEGER PRIMARY KEY.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out; naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


authors = Table(
    "authors",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("handle", Text),
    Column("name", Text),
    Column("followers", BigInteger),
    Column("following", BigInteger),
    Column("posts_count", BigInteger),
    Column("created_at", UtcDateTime),
    Column("verified", Boolean),
    Column("bio", Text),
    Column("location", Text),
    Column("first_seen", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("platform", "native_id"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("ingested_at", UtcDateTime, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("lang", String(35)),
    Column("author_id", Id, ForeignKey("authors.id")),
    Column("reply_to", String(255)),
    Column("repost_of", String(255)),
    Column("quote_of", String(255)),
    Column("conversation_id", String(255)),
    Column("to_account", String(255)),
    Column("urls", Text),
    Column("hashtags", Text),
    Column("mentions", Text),
    Column("likes", BigInteger),
    Column("reposts", BigInteger),
    Column("replies", BigInteger),
    Column("views", BigInteger),
    Column("raw", Text),
    Column("extra", Text),
    Column("enrichment", Text),
    # Copies of the enrichment the Stream filters on, so "newest first with this filter" is one
    # index range (migration 0008): the language shown (detected, else the platform's tag,
    # else "und"), the sentiment label and the intent (NULL for posts not addressed to us).
    Column("language", String(35)),
    Column("sentiment", String(8)),
    Column("intent", String(16)),
    UniqueConstraint("platform", "native_id"),
    Index(None, "created_at"),
    Index(None, "author_id"),
    Index(None, "platform", "created_at", "id"),
    Index(None, "language", "created_at", "id"),
    Index(None, "sentiment", "created_at", "id"),
    Index(None, "intent", "created_at", "id"),
)

# Posts per minute by platform and language, kept by the pipeline as it stores new posts,
# so dashboards and `parley status` never count raw posts.
post_counts = Table(
    "post_counts",
    metadata,
    Column("minute", UtcDateTime, primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("lang", String(35), primary_key=True),
    Column("n", BigInteger, nullable=False),
)

# Every source (an import, a replay, the simulator, later a connector) and its health.
sources = Table(
    "sources",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("state", String(16), nullable=False),  # running, failing, stopped, done
    Column("detail", Text),  # the last error, in words
    Column("posts_total", BigInteger, nullable=False, default=0),
    Column("problems_total", BigInteger, nullable=False, default=0),
    Column("last_post_at", UtcDateTime),
    Column("started_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Where a source stopped, written in the same transaction as the posts it covers, so a
# restarted import or replay resumes exactly after the last stored batch.
source_cursors = Table(
    "source_cursors",
    metadata,
    Column("source", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("line", BigInteger, nullable=False),
    Column("done", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Topics: the team's boolean queries (docs/queries.md). `version` grows with every change so
# a running pipeline knows when to recompile.
topics = Table(
    "topics",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("query", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    # How readily the detectors alert on this topic: fewer, balanced or more (docs/detection.md).
    Column("sensitivity", String(16), nullable=False, server_default="balanced"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Which posts matched which topic, and the clause that made it match (the explanation).
# `created_at` repeats the post's, so "posts of topic T in a time range" is one index range.
post_topics = Table(
    "post_topics",
    metadata,
    Column("topic_id", Id, ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("clause", Text, nullable=False),
    Index(None, "topic_id", "created_at"),
    Index(None, "post_id"),
)

# Alerts raised by the detectors (docs/detection.md). One row per surge: while it goes on the
# row is updated (peak, posts, evidence), not repeated. Times named `*_at` without `wall_` are
# stream time (the posts' own clock), so a replay gives the same rows as the live stream did.
# `topic_id` NULL with `topic` "*" is the whole organisation. `key` tells one open alert from
# another of the same kind and topic (the term, the post).
alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column(
        "kind", String(32), nullable=False
    ),  # volume, negative, virality, emerging_term, campaign
    Column("topic_id", Id, ForeignKey("topics.id", ondelete="SET NULL")),
    Column("topic", String(200), nullable=False),
    Column("key", String(255), nullable=False),
    Column("severity", String(16), nullable=False),  # low, medium, high, critical
    Column("state", String(16), nullable=False),  # open, closed
    Column("score", Float, nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False),  # the evidence in words
    Column("evidence", Text, nullable=False),  # JSON: rates, series, top posts, authors, terms...
    Column("fired_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("wall_fired_at", UtcDateTime, nullable=False),
    # What a person did with it: acknowledged (seen, being handled) or dismissed (a false alarm).
    Column("acknowledged_at", UtcDateTime),
    Column("acknowledged_by", String(200)),
    Column("dismissed_at", UtcDateTime),
    Column("dismissed_by", String(200)),
    Index(None, "state", "kind", "topic", "key"),
    Index(None, "fired_at"),
)

# Incidents: the start of the crisis room. Times are wall-clock (people act in real time).
incidents = Table(
    "incidents",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("title", Text, nullable=False),
    Column("severity", String(16), nullable=False),  # low, medium, high, critical
    Column("status", String(16), nullable=False),  # open, monitoring, resolved
    Column("commander", String(200)),
    Column("topic_id", Id, ForeignKey("topics.id", ondelete="SET NULL")),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("opened_by", String(200), nullable=False),
    Column("resolved_at", UtcDateTime),
    Column("summary", Text),
    Index(None, "status"),
)

incident_alerts = Table(
    "incident_alerts",
    metadata,
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("alert_id", Id, ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    Index(None, "alert_id"),
)

# The incident's timeline records itself: alert_fired, opened, status, severity, commander,
# note, statement (published), alert_linked... `data` is JSON with the details.
incident_events = Table(
    "incident_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("data", Text, nullable=False),
    Index(None, "incident_id", "at"),
)

# The people around the commander: one holder per role (scribe, spokesperson, liaison).
incident_roles = Table(
    "incident_roles",
    metadata,
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("assigned_by", String(200), nullable=False),
    Column("assigned_at", UtcDateTime, nullable=False),
)

# A statement on its way out (docs/incidents.md, "Statement drafts"): written, submitted,
# approved or sent back by a manager, then published (which records a `statement` event).
# `posts` is a JSON list of texts (a thread); `contributors` a JSON list of who wrote or
# edited it, so nobody approves words they wrote themselves.
statement_drafts = Table(
    "statement_drafts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("state", String(16), nullable=False),  # draft, submitted, returned, approved, published
    Column("channel", String(100), nullable=False),
    Column("language", String(35), nullable=False),
    Column("posts", Text, nullable=False),
    Column("template", String(64)),
    Column("contributors", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("submitted_by", String(200)),
    Column("submitted_at", UtcDateTime),
    Column("reviewed_by", String(200)),
    Column("reviewed_at", UtcDateTime),
    Column("review_comment", Text),
    Column("published_by", String(200)),
    Column("published_at", UtcDateTime),
    Column("url", Text),
    Column("statement_event_id", Id),
    Index(None, "incident_id"),
)

# Notifications (docs/notifications.md). A channel is where notifications go: an email list
# (or `oncall`), a generic JSON webhook, Slack or Teams. `state` is ok or failing, with the
# error in words and since when, so a broken channel is visible, never silent.
notify_channels = Table(
    "notify_channels",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # email, webhook, slack, teams
    Column("target", Text, nullable=False),  # URL, comma-separated addresses, or "oncall"
    Column("config", Text, nullable=False),  # JSON: {"secret": ...} for signed webhooks
    Column("min_severity", String(16), nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("state", String(16), nullable=False),  # ok, failing
    Column("last_error", Text),
    Column("failing_since", UtcDateTime),
    Column("last_sent_at", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# The outbox: one row per (channel, notification), written in the transaction that raised
# it, so a restart never loses one. `channel` is the name, not a key: a removed channel's
# rows stay (failed, with the reason) as the record of what was not sent. A dispatcher
# claims a row by moving it to `sending` with a lease; an expired lease is claimable again.
notify_outbox = Table(
    "notify_outbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("channel", String(100), nullable=False),
    Column("ref", String(255), nullable=False),
    Column("event", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("payload", Text, nullable=False),  # JSON: the Notification
    Column("recipients", Text, nullable=False),  # JSON list: email addresses fixed at enqueue
    Column("state", String(16), nullable=False),  # pending, sending, sent, failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("lease_until", UtcDateTime),
    Column("last_error", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    UniqueConstraint("channel", "ref"),
    Index(None, "state", "next_attempt_at"),
)

# In-app notifications: one per ref, read or unread. `user_id` is who it is for (an @mention,
# an SLA warning for the assignee, a reply's failure for its author); NULL is for everyone
# (alerts, incidents, surges). Read is per row: a broadcast read by one is read for all.
notifications = Table(
    "notifications",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("ref", String(255), nullable=False, unique=True),
    Column("event", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("link", Text),
    Column("fields", Text, nullable=False),  # JSON object of strings
    Column("created_at", UtcDateTime, nullable=False),
    Column("read_at", UtcDateTime),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE")),
    Index(None, "created_at"),
    Index(None, "user_id", "created_at"),
)

# Who is on call: a person, their address, and a weekly window in a time zone
# ("Mon-Fri 09:00-18:00 Europe/Rome"); a fallback entry (no window) is used when nobody is.
oncall = Table(
    "oncall",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("person", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("schedule", String(200)),  # the weekly window; NULL for a fallback
    Column("fallback", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# Water-army campaigns (docs/water-army.md): groups of accounts found acting together.
# `first_at`/`last_at` are stream time; `detected_at`/`updated_at`/`decided_at` wall time.
# `status` is suspected until a person confirms or dismisses it; later runs keep the decision.
campaigns = Table(
    "campaigns",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("status", String(16), nullable=False),  # suspected, confirmed, dismissed
    Column("score", Float, nullable=False),
    Column("summary", Text, nullable=False),  # the evidence in words
    Column("evidence", Text, nullable=False),  # JSON: occasions, signals, traits, score parts
    Column("topics", Text, nullable=False),  # JSON list
    Column("stance", String(200)),
    Column("accounts_count", Integer, nullable=False),
    Column("posts_count", Integer, nullable=False),
    Column("first_at", UtcDateTime, nullable=False),
    Column("last_at", UtcDateTime, nullable=False),
    Column("detected_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime),
    Column("decided_by", String(200)),
    Index(None, "status"),
)

campaign_accounts = Table(
    "campaign_accounts",
    metadata,
    Column("campaign_id", Id, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("author_native_id", String(255), primary_key=True),
    Index(None, "platform", "author_native_id"),
)

campaign_posts = Table(
    "campaign_posts",
    metadata,
    Column("campaign_id", Id, ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("native_id", String(255), primary_key=True),
    Index(None, "platform", "native_id"),
)

# Rollups for the overview (docs/web.md, "Overview"), kept by the pipeline as it stores new
# posts (store/rollups.py), so no dashboard reads `posts`. Each is kept at three spans, in
# seconds: 300 (the last hour), 3600 (a day or a week) and 86400 (a month or a year); a
# bucket is the span's start in UTC. Rows grow with time and the variety of the traffic,
# not with the number of posts. `reach` sums the followers of the posts' authors.
rollup_posts = Table(
    "rollup_posts",
    metadata,
    # one row per value of one dimension: sentiment (negative, neutral, positive, none),
    # platform or lang; apart, each chart reads a handful of rows per bucket
    Column("dimension", String(16), primary_key=True),
    Column("span", Integer, primary_key=True),
    Column("bucket", UtcDateTime, primary_key=True),
    Column("value", String(35), primary_key=True),
    Column("posts", BigInteger, nullable=False),
    Column("reach", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# Topic matches (share of voice) by sentiment.
rollup_topics = Table(
    "rollup_topics",
    metadata,
    Column("span", Integer, primary_key=True),
    Column("bucket", UtcDateTime, primary_key=True),
    Column("topic_id", Id, primary_key=True),
    Column("sentiment", String(16), primary_key=True),
    Column("posts", BigInteger, nullable=False),
    Column("reach", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# Every author's posts per bucket (spans 300 and 3600; days add up hours), so the overview
# can take the accounts of water-army campaigns out of its volume and sentiment figures.
rollup_authors = Table(
    "rollup_authors",
    metadata,
    # keyed by author first: it is only ever read for a few authors at a time
    Column("author_id", Id, primary_key=True),
    Column("span", Integer, primary_key=True),
    Column("bucket", UtcDateTime, primary_key=True),
    Column("posts", BigInteger, nullable=False),
    Column("reach", BigInteger, nullable=False),
    Column("negative", BigInteger, nullable=False),
    Column("neutral", BigInteger, nullable=False),
    Column("positive", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# The authors with the largest audience (followers) who posted in each bucket, at most
# `rollups.TOP_AUTHORS` per bucket: the top of any range is among the tops of its buckets.
rollup_top_authors = Table(
    "rollup_top_authors",
    metadata,
    Column("span", Integer, primary_key=True),
    Column("bucket", UtcDateTime, primary_key=True),
    Column("author_id", Id, primary_key=True),
    Column("followers", BigInteger, nullable=False),
    Column("posts", BigInteger, nullable=False),
    Column("reach", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# The most engaging posts (likes + reposts + replies) of each bucket, at most
# `rollups.TOP_POSTS` per bucket; a later copy of a post raises its figure, never adds to it.
rollup_top_posts = Table(
    "rollup_top_posts",
    metadata,
    Column("span", Integer, primary_key=True),
    Column("bucket", UtcDateTime, primary_key=True),
    Column("post_id", Id, primary_key=True),
    Column("author_id", Id),
    Column("engagement", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# People who sign in (docs/web.md). Passwords are Argon2 hashes; `role` is one of analyst,
# agent, manager, admin. Failed sign-ins lock the account for a while (`locked_until`).
users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    Column("password_changed_at", UtcDateTime, nullable=False),
    Column("last_login_at", UtcDateTime),
)

# Signed-in browser sessions. The cookie holds a random token; only its SHA-256 is stored,
# so a copy of the database signs nobody in. `csrf` is the session's anti-forgery token.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Index(None, "user_id"),
)

# API tokens for /api/v1: stored hashed (SHA-256 of a 256-bit random secret), with scopes
# (read, write, admin), revocable. `prefix` is the first characters, to tell tokens apart.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("scopes", String(64), nullable=False),  # space-separated
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_used_at", UtcDateTime),
    Column("expires_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
    Index(None, "user_id"),
)

# Who did what and when: every change a person makes, written in the change's transaction.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("actor_id", Id),
    Column("action", String(64), nullable=False),
    Column("target", String(255), nullable=False),
    Column("detail", Text),  # JSON
    Index(None, "at"),
    Index(None, "action"),
)

# --- The team inbox (docs/inbox.md) ---------------------------------------------------------
# A conversation is a thread with a customer: the reply chain of a public post, or every
# private message of one customer on one platform. `thread_key` is what threads it ("dm:" +
# the customer's id, or "post:" + the native id of the thread's first post addressed to us).
# Times named `*_at` are wall-clock except `first_message_at`, `last_inbound_at` and
# `awaiting_since`, which are the customer's posts' own times (the SLA clocks start there).
inbox_conversations = Table(
    "inbox_conversations",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("thread_key", String(300), nullable=False),
    Column("private", Boolean, nullable=False),
    Column("to_account", String(255)),
    Column("customer_native_id", String(255), nullable=False),
    Column("customer_handle", Text),
    Column("customer_name", Text),
    Column("lang", String(35)),
    Column("subject", Text, nullable=False),  # the first message, cut to a line
    Column("status", String(16), nullable=False),  # new, open, pending, resolved
    Column("assignee_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("priority", String(16), nullable=False),  # low, normal, high, urgent
    Column("intent", String(32)),
    Column("reason", String(64)),
    Column("urgency", String(16)),
    Column("sentiment", String(16)),
    Column("tags", Text, nullable=False),  # JSON list
    Column("routing", Text),  # how it was routed, in words ("nobody on duty: fallback ...")
    Column("rota_gap", Boolean, nullable=False),  # routed while nobody was on duty
    Column("messages_count", Integer, nullable=False),
    Column("first_message_at", UtcDateTime, nullable=False),
    Column("last_message_at", UtcDateTime, nullable=False),
    Column("last_inbound_at", UtcDateTime, nullable=False),
    Column("awaiting_since", UtcDateTime),  # the oldest customer message not answered yet
    Column("first_response_at", UtcDateTime),
    Column("last_response_at", UtcDateTime),
    Column("first_response_due", UtcDateTime),
    Column("next_response_due", UtcDateTime),
    Column("resolution_due", UtcDateTime),
    Column("sla_state", String(16), nullable=False),  # ok, warning, breached
    Column("resolved_at", UtcDateTime),
    Column("reopened_count", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("platform", "thread_key"),
    Index(None, "status", "last_message_at"),
    Index(None, "assignee_id", "status"),
    Index(None, "platform", "customer_native_id"),  # a contact's conversations (0013)
)

# The messages of a conversation: the customer's posts (by key: the text is in `posts`) and
# our replies (`reply_id`; `native_id` once published).
inbox_messages = Table(
    "inbox_messages",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column(
        "conversation_id",
        Id,
        ForeignKey("inbox_conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("platform", String(32), nullable=False),
    Column("native_id", String(255)),
    Column("direction", String(8), nullable=False),  # in, out
    Column("author_native_id", String(255)),
    Column("reply_id", Id),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("platform", "native_id"),
    Index(None, "conversation_id", "created_at"),
)

# Saved views of the inbox list: a name and the JSON of its filters
# (`parley.store.inbox_views.ViewFilters`); no owner means shared with the team.
inbox_views = Table(
    "inbox_views",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False),
    Column("owner_id", Id, ForeignKey("users.id", ondelete="CASCADE")),
    Column("filters", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "owner_id"),
)

# Internal notes on a conversation; `mentions` is the JSON list of usernames notified.
inbox_notes = Table(
    "inbox_notes",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column(
        "conversation_id",
        Id,
        ForeignKey("inbox_conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("author_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("author", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("mentions", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "conversation_id", "created_at"),
)

# Our replies, and the outbox that publishes them: `state` is awaiting_approval, queued,
# sending, sent, failed or refused. A publisher claims a row like the notification
# dispatcher does (a conditional UPDATE on `attempts`), so a reply is never sent twice.
inbox_replies = Table(
    "inbox_replies",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column(
        "conversation_id",
        Id,
        ForeignKey("inbox_conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("text", Text, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("author_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("author", String(200), nullable=False),
    Column("state", String(20), nullable=False),
    Column("approval_reason", Text),
    Column("decided_by", String(200)),
    Column("decided_at", UtcDateTime),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime),
    Column("lease_until", UtcDateTime),
    Column("last_error", Text),
    Column("native_id", String(255)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
    Index(None, "state", "next_attempt_at"),
    Index(None, "conversation_id"),
)

# Canned replies: one text per (name, language) with {customer_name}-style variables.
inbox_canned = Table(
    "inbox_canned",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("lang", String(35), nullable=False),
    Column("text", Text, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("name", "lang"),
)

# Approval rules: a reply matching one waits for a manager. kind: keyword (value: the word),
# incident (a topic under an open incident; value unused), role (value: the author's role).
inbox_approval_rules = Table(
    "inbox_approval_rules",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("value", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("kind", "value"),
)

# The inbox's settings (assignment strategy, fallback, business hours): one JSON per key.
inbox_settings = Table(
    "inbox_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# The rota (docs/inbox.md): weekly recurring shifts per agent in the agent's time zone.
# `days` is a comma list (mon,tue,...); a shift ending at or before it starts runs overnight
# only when `overnight` says so. Two shifts of one day make a split shift.
rota_shifts = Table(
    "rota_shifts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("tz", String(64), nullable=False),
    Column("days", String(64), nullable=False),
    Column("starts", String(5), nullable=False),  # HH:MM local
    Column("ends", String(5), nullable=False),
    Column("overnight", Boolean, nullable=False),
    Column("valid_from", String(10)),  # YYYY-MM-DD local, inclusive
    Column("valid_until", String(10)),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "user_id"),
)

# One-off changes: `absence` (the agent is off; `cover_id` takes over), `extra` (an extra
# shift) or `holiday` (user_id NULL: nobody's weekly shifts count, e.g. a public holiday).
rota_exceptions = Table(
    "rota_exceptions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE")),
    Column("cover_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("note", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "starts_at"),
)

# Each agent's presence (available or away), languages and team.
rota_agents = Table(
    "rota_agents",
    metadata,
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("available", Boolean, nullable=False),
    Column("languages", String(200), nullable=False),  # comma list of codes; empty: any
    Column("team", String(100)),
    Column("updated_at", UtcDateTime, nullable=False),
    # called in during a surge (docs/inbox.md, "Surge mode"), even off shift
    Column("surge_pool", Boolean, nullable=False, server_default=false()),
    # comma list of the reasons (the triage taxonomy's names) the agent is skilled in;
    # empty: a generalist (docs/inbox.md, "Rota and assignment")
    Column("skills", String(500), nullable=False, server_default=""),
)

# SLA policies per priority: minutes to the first response, the next response, resolution,
# counted on the `clock`: calendar (all the time), business (business hours) or rota (while
# someone is on duty). `warn_percent` of the target elapsed raises a warning.
sla_policies = Table(
    "sla_policies",
    metadata,
    Column("priority", String(16), primary_key=True),
    Column("first_response_minutes", Integer),
    Column("next_response_minutes", Integer),
    Column("resolution_minutes", Integer),
    Column("clock", String(16), nullable=False),
    Column("warn_percent", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# What happened to each SLA target: warning, breached, met (with the working minutes taken).
sla_events = Table(
    "sla_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column(
        "conversation_id",
        Id,
        ForeignKey("inbox_conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("target", String(16), nullable=False),  # first_response, next_response, resolution
    Column("state", String(16), nullable=False),  # warning, breached, met
    Column("due_at", UtcDateTime, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("minutes", Float),
    Column("agent_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    UniqueConstraint("conversation_id", "target", "state", "due_at"),
    Index(None, "at"),
)

# --- The knowledge base (docs/inbox.md "Knowledge base") -------------------------------------
# An article is one answer in any number of languages: each language has its own history of
# versions (`kb_versions`, never changed once written; an edit or a restore adds one). The
# current text of a language is its highest `number`. `rev` counts every change to the article
# (a version, its visibility, tags, archiving), so the sum over articles tells a search index
# whether it is stale. `source_reply_id`: the reply it was saved from, if any.
kb_articles = Table(
    "kb_articles",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("visibility", String(16), nullable=False),  # internal, public
    Column("tags", Text, nullable=False),  # JSON list
    Column("archived", Boolean, nullable=False),
    Column("rev", Integer, nullable=False),
    Column("source_reply_id", Id, ForeignKey("inbox_replies.id", ondelete="SET NULL")),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index(None, "archived", "updated_at"),
)

kb_versions = Table(
    "kb_versions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("article_id", Id, ForeignKey("kb_articles.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(35), nullable=False),
    Column("number", Integer, nullable=False),  # 1, 2, ... per (article, language)
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("note", Text),  # the change note
    Column("restored_from", Integer),  # the version number a restore copied
    Column("author_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("author", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("article_id", "lang", "number"),
)

# --- Contacts (docs/inbox.md#contacts) -------------------------------------------------------
# One profile per person across platforms. Every conversation's customer (platform,
# customer_native_id) is one identity, and every identity belongs to exactly one contact, so
# a contact's conversations are those of its identities (merging and splitting move
# identities, and the conversations follow). `origin` is the identity that created the
# contact ("platform:native_id"; unique, so two processes filing the same new customer make
# one contact); `handle_key`/`name_key` are the normalised handle and name that suggested
# merges compare; `email` is the latest address the customer wrote in a DM.
contacts = Table(
    "contacts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("origin", String(300), unique=True),
    Column("display_name", Text, nullable=False),
    Column("tags", Text, nullable=False),  # JSON list
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

contact_identities = Table(
    "contact_identities",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("contact_id", Id, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("native_id", String(255), nullable=False),
    Column("handle", Text),
    Column("name", Text),
    Column("email", String(254)),
    Column("handle_key", String(255)),
    Column("name_key", String(255)),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("platform", "native_id"),
    Index(None, "contact_id"),
    Index(None, "handle_key"),
    Index(None, "name_key"),
    Index(None, "email"),
)

contact_notes = Table(
    "contact_notes",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("contact_id", Id, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("author", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "contact_id", "created_at"),
)

# Saved segments: a name and a filter (JSON: tag, platform, language, band,
# min_conversations), computed when read.
contact_segments = Table(
    "contact_segments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("filter", Text, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# Who has a conversation open now, and whether they are writing a reply (the collision
# warning): each open page beats every ~10 s; a row older than `presence.FRESH` is ignored.
inbox_presence = Table(
    "inbox_presence",
    metadata,
    Column(
        "conversation_id",
        Id,
        ForeignKey("inbox_conversations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("state", String(16), nullable=False),  # viewing, replying
    Column("seen_at", UtcDateTime, nullable=False),
    Index(None, "seen_at"),
)

# Surge mode (docs/inbox.md): while a row has no `ended_at`, new conversations go to the
# surge pool (on duty plus the agents flagged `surge_pool`), least loaded first, any
# language. `settings` is the JSON of the rules it applied (max_hours before it warns...).
inbox_surges = Table(
    "inbox_surges",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("started_by", String(200), nullable=False),
    Column("reason", Text, nullable=False),
    Column("alert_id", Id, ForeignKey("alerts.id", ondelete="SET NULL")),
    Column("incident_id", Id, ForeignKey("incidents.id", ondelete="SET NULL")),
    Column("settings", Text, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("ended_by", String(200)),
    Index(None, "ended_at"),
)
