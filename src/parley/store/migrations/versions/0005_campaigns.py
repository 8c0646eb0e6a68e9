"""campaigns

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Water-army campaigns, their accounts and posts, and a person's decision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("stance", sa.String(length=200), nullable=True),
        sa.Column("accounts_count", sa.Integer(), nullable=False),
        sa.Column("posts_count", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaigns_status"), ["status"], unique=False)

    op.create_table(
        "campaign_accounts",
        sa.Column(
            "campaign_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("author_native_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_accounts_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "platform", "author_native_id", name=op.f("pk_campaign_accounts")
        ),
    )
    with op.batch_alter_table("campaign_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_accounts_platform_author_native_id"),
            ["platform", "author_native_id"],
            unique=False,
        )

    op.create_table(
        "campaign_posts",
        sa.Column(
            "campaign_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("native_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_posts_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "campaign_id", "platform", "native_id", name=op.f("pk_campaign_posts")
        ),
    )
    with op.batch_alter_table("campaign_posts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_posts_platform_native_id"),
            ["platform", "native_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("campaign_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_posts_platform_native_id"))

    op.drop_table("campaign_posts")
    with op.batch_alter_table("campaign_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_accounts_platform_author_native_id"))

    op.drop_table("campaign_accounts")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaigns_status"))

    op.drop_table("campaigns")
