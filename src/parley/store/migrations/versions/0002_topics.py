"""topics and the posts they matched

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "topics",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("name", name=op.f("uq_topics_name")),
    )
    op.create_table(
        "post_topics",
        sa.Column("topic_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("post_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("clause", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_post_topics_post_id_posts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_post_topics_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("topic_id", "post_id", name=op.f("pk_post_topics")),
    )
    with op.batch_alter_table("post_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_topics_post_id"), ["post_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_post_topics_topic_id_created_at"),
            ["topic_id", "created_at"],
            unique=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("post_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_topics_topic_id_created_at"))
        batch_op.drop_index(batch_op.f("ix_post_topics_post_id"))

    op.drop_table("post_topics")
    op.drop_table("topics")
