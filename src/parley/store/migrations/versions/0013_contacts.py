"""contacts: one profile per person across platforms, their identities, notes and segments

Revision ID: 0013
Revises: 0014
Create Date: 2026-12-04

A contact gathers the identities (platform, native id) of one person; every conversation's
customer is one identity. Contacts for conversations filed before this revision are made by
`parley contacts backfill` (docs/inbox.md#contacts). The index on the conversations'
customer finds a contact's conversations.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0014"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("origin", name=op.f("uq_contacts_origin")),
    )
    op.create_table(
        "contact_identities",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("contact_id", ID, nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("native_id", sa.String(length=255), nullable=False),
        sa.Column("handle", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("handle_key", sa.String(length=255), nullable=True),
        sa.Column("name_key", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_identities_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_identities")),
        sa.UniqueConstraint(
            "platform", "native_id", name=op.f("uq_contact_identities_platform_native_id")
        ),
    )
    for column in ("contact_id", "handle_key", "name_key", "email"):
        op.create_index(
            op.f(f"ix_contact_identities_{column}"), "contact_identities", [column], unique=False
        )
    op.create_table(
        "contact_notes",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("contact_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_notes_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_contact_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_notes")),
    )
    op.create_index(
        op.f("ix_contact_notes_contact_id_created_at"), "contact_notes",
        ["contact_id", "created_at"], unique=False,
    )  # fmt: skip
    op.create_table(
        "contact_segments",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("filter", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_segments")),
        sa.UniqueConstraint("name", name=op.f("uq_contact_segments_name")),
    )
    op.create_index(
        op.f("ix_inbox_conversations_platform_customer_native_id"), "inbox_conversations",
        ["platform", "customer_native_id"], unique=False,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index(
        op.f("ix_inbox_conversations_platform_customer_native_id"),
        table_name="inbox_conversations",
    )
    op.drop_table("contact_segments")
    op.drop_index(op.f("ix_contact_notes_contact_id_created_at"), table_name="contact_notes")
    op.drop_table("contact_notes")
    for column in ("contact_id", "handle_key", "name_key", "email"):
        op.drop_index(op.f(f"ix_contact_identities_{column}"), table_name="contact_identities")
    op.drop_table("contact_identities")
    op.drop_table("contacts")
