"""the team inbox: conversations, notes, replies (the outbox), rota, SLAs

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-03

Conversations with customers and their messages, internal notes, our replies and the outbox
that publishes them, canned replies, approval rules, the rota (shifts, exceptions, presence)
and SLA policies with the record of each target met or breached (docs/inbox.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0008"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inbox_approval_rules",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_approval_rules")),
        sa.UniqueConstraint("kind", "value", name=op.f("uq_inbox_approval_rules_kind_value")),
    )
    op.create_table(
        "inbox_canned",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_canned")),
        sa.UniqueConstraint("name", "lang", name=op.f("uq_inbox_canned_name_lang")),
    )
    op.create_table(
        "inbox_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_inbox_settings")),
    )
    op.create_table(
        "sla_policies",
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("first_response_minutes", sa.Integer(), nullable=True),
        sa.Column("next_response_minutes", sa.Integer(), nullable=True),
        sa.Column("resolution_minutes", sa.Integer(), nullable=True),
        sa.Column("clock", sa.String(length=16), nullable=False),
        sa.Column("warn_percent", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("priority", name=op.f("pk_sla_policies")),
    )
    op.create_table(
        "inbox_conversations",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("thread_key", sa.String(length=300), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("to_account", sa.String(length=255), nullable=True),
        sa.Column("customer_native_id", sa.String(length=255), nullable=False),
        sa.Column("customer_handle", sa.Text(), nullable=True),
        sa.Column("customer_name", sa.Text(), nullable=True),
        sa.Column("lang", sa.String(length=35), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee_id", ID, nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("intent", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("urgency", sa.String(length=16), nullable=True),
        sa.Column("sentiment", sa.String(length=16), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("routing", sa.Text(), nullable=True),
        sa.Column("rota_gap", sa.Boolean(), nullable=False),
        sa.Column("messages_count", sa.Integer(), nullable=False),
        sa.Column("first_message_at", sa.DateTime(), nullable=False),
        sa.Column("last_message_at", sa.DateTime(), nullable=False),
        sa.Column("last_inbound_at", sa.DateTime(), nullable=False),
        sa.Column("awaiting_since", sa.DateTime(), nullable=True),
        sa.Column("first_response_at", sa.DateTime(), nullable=True),
        sa.Column("last_response_at", sa.DateTime(), nullable=True),
        sa.Column("first_response_due", sa.DateTime(), nullable=True),
        sa.Column("next_response_due", sa.DateTime(), nullable=True),
        sa.Column("resolution_due", sa.DateTime(), nullable=True),
        sa.Column("sla_state", sa.String(length=16), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["users.id"],
            name=op.f("fk_inbox_conversations_assignee_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_conversations")),
        sa.UniqueConstraint(
            "platform", "thread_key", name=op.f("uq_inbox_conversations_platform_thread_key")
        ),
    )
    op.create_index(
        op.f("ix_inbox_conversations_assignee_id_status"),
        "inbox_conversations",
        ["assignee_id", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_inbox_conversations_status_last_message_at"),
        "inbox_conversations",
        ["status", "last_message_at"],
        unique=False,
    )
    op.create_table(
        "rota_agents",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_rota_agents_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_rota_agents")),
    )
    op.create_table(
        "rota_exceptions",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("cover_id", ID, nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cover_id"],
            ["users.id"],
            name=op.f("fk_rota_exceptions_cover_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_rota_exceptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_exceptions")),
    )
    op.create_index(
        op.f("ix_rota_exceptions_starts_at"), "rota_exceptions", ["starts_at"], unique=False
    )
    op.create_table(
        "rota_shifts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("days", sa.String(length=64), nullable=False),
        sa.Column("starts", sa.String(length=5), nullable=False),
        sa.Column("ends", sa.String(length=5), nullable=False),
        sa.Column("overnight", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.String(length=10), nullable=True),
        sa.Column("valid_until", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_rota_shifts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_shifts")),
    )
    op.create_index(op.f("ix_rota_shifts_user_id"), "rota_shifts", ["user_id"], unique=False)
    op.create_table(
        "inbox_messages",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("native_id", sa.String(length=255), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("author_native_id", sa.String(length=255), nullable=True),
        sa.Column("reply_id", ID, nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["inbox_conversations.id"],
            name=op.f("fk_inbox_messages_conversation_id_inbox_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
        sa.UniqueConstraint(
            "platform", "native_id", name=op.f("uq_inbox_messages_platform_native_id")
        ),
    )
    op.create_index(
        op.f("ix_inbox_messages_conversation_id_created_at"),
        "inbox_messages",
        ["conversation_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "inbox_notes",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("mentions", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_inbox_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["inbox_conversations.id"],
            name=op.f("fk_inbox_notes_conversation_id_inbox_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_notes")),
    )
    op.create_index(
        op.f("ix_inbox_notes_conversation_id_created_at"),
        "inbox_notes",
        ["conversation_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "inbox_replies",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("approval_reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("native_id", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_inbox_replies_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["inbox_conversations.id"],
            name=op.f("fk_inbox_replies_conversation_id_inbox_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_replies")),
    )
    op.create_index(
        op.f("ix_inbox_replies_conversation_id"), "inbox_replies", ["conversation_id"], unique=False
    )
    op.create_index(
        op.f("ix_inbox_replies_state_next_attempt_at"),
        "inbox_replies",
        ["state", "next_attempt_at"],
        unique=False,
    )
    op.create_table(
        "sla_events",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=True),
        sa.Column("agent_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["agent_id"],
            ["users.id"],
            name=op.f("fk_sla_events_agent_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["inbox_conversations.id"],
            name=op.f("fk_sla_events_conversation_id_inbox_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_events")),
        sa.UniqueConstraint(
            "conversation_id",
            "target",
            "state",
            "due_at",
            name=op.f("uq_sla_events_conversation_id_target_state_due_at"),
        ),
    )
    op.create_index(op.f("ix_sla_events_at"), "sla_events", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sla_events_at"), table_name="sla_events")
    op.drop_table("sla_events")
    op.drop_index(op.f("ix_inbox_replies_state_next_attempt_at"), table_name="inbox_replies")
    op.drop_index(op.f("ix_inbox_replies_conversation_id"), table_name="inbox_replies")
    op.drop_table("inbox_replies")
    op.drop_index(op.f("ix_inbox_notes_conversation_id_created_at"), table_name="inbox_notes")
    op.drop_table("inbox_notes")
    op.drop_index(op.f("ix_inbox_messages_conversation_id_created_at"), table_name="inbox_messages")
    op.drop_table("inbox_messages")
    op.drop_index(op.f("ix_rota_shifts_user_id"), table_name="rota_shifts")
    op.drop_table("rota_shifts")
    op.drop_index(op.f("ix_rota_exceptions_starts_at"), table_name="rota_exceptions")
    op.drop_table("rota_exceptions")
    op.drop_table("rota_agents")
    op.drop_index(
        op.f("ix_inbox_conversations_status_last_message_at"), table_name="inbox_conversations"
    )
    op.drop_index(
        op.f("ix_inbox_conversations_assignee_id_status"), table_name="inbox_conversations"
    )
    op.drop_table("inbox_conversations")
    op.drop_table("sla_policies")
    op.drop_table("inbox_settings")
    op.drop_table("inbox_canned")
    op.drop_table("inbox_approval_rules")
