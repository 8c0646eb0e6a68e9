"""the inbox's surge mode, collision warnings and notifications with a recipient

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-05

`notifications.user_id` says who an in-app notification is for (NULL: everyone, as every
notification was before); `rota_agents.surge_pool` marks agents called in during a surge;
`inbox_presence` holds who has a conversation open (and is writing a reply); `inbox_surges`
records each surge (docs/inbox.md).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # batch: SQLite cannot add a foreign key to an existing table, so it copies the table
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("user_id", ID, nullable=True))
        batch.create_foreign_key(
            "fk_notifications_user_id_users", "users", ["user_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_notifications_user_id_created_at", ["user_id", "created_at"])
    with op.batch_alter_table("rota_agents") as batch:
        batch.add_column(
            sa.Column("surge_pool", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "inbox_presence",
        sa.Column("conversation_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["inbox_conversations.id"],
            name=op.f("fk_inbox_presence_conversation_id_inbox_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_inbox_presence_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "user_id", name=op.f("pk_inbox_presence")),
    )
    op.create_index(op.f("ix_inbox_presence_seen_at"), "inbox_presence", ["seen_at"])
    op.create_table(
        "inbox_surges",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("started_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("alert_id", ID, nullable=True),
        sa.Column("incident_id", ID, nullable=True),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_inbox_surges_alert_id_alerts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_inbox_surges_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_surges")),
    )
    op.create_index(op.f("ix_inbox_surges_ended_at"), "inbox_surges", ["ended_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_surges_ended_at"), table_name="inbox_surges")
    op.drop_table("inbox_surges")
    op.drop_index(op.f("ix_inbox_presence_seen_at"), table_name="inbox_presence")
    op.drop_table("inbox_presence")
    with op.batch_alter_table("rota_agents") as batch:
        batch.drop_column("surge_pool")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_user_id_created_at")
        batch.drop_constraint("fk_notifications_user_id_users", type_="foreignkey")
        batch.drop_column("user_id")
