"""saved views of the inbox list

Revision ID: 0017
Revises: 0007
Create Date: 2026-12-03

A person's own views of the conversation list, or a manager's shared with the team: a name
and the filters (statuses, assignee, priority, intent, language, channel, tag, SLA state).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0007"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inbox_views",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("owner_id", ID, nullable=True),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_inbox_views_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_views")),
    )
    op.create_index(op.f("ix_inbox_views_owner_id"), "inbox_views", ["owner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_views_owner_id"), table_name="inbox_views")
    op.drop_table("inbox_views")
