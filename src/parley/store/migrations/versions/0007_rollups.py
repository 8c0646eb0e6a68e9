"""rollups for the overview

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Posts, topic matches, authors, top authors and top posts per 5 minutes, hour and day, kept
by the pipeline so the overview never reads the posts table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _key() -> list[sa.Column]:
    return [
        sa.Column("span", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "rollup_posts",
        *_key(),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "span", "bucket", "platform", "lang", "sentiment", name="pk_rollup_posts"
        ),
    )
    op.create_table(
        "rollup_topics",
        *_key(),
        sa.Column("topic_id", _ID, nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", "bucket", "topic_id", "sentiment", name="pk_rollup_topics"),
    )
    op.create_table(
        "rollup_authors",
        *_key(),
        sa.Column("author_id", _ID, nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.Column("negative", sa.BigInteger(), nullable=False),
        sa.Column("neutral", sa.BigInteger(), nullable=False),
        sa.Column("positive", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", "bucket", "author_id", name="pk_rollup_authors"),
    )
    op.create_index(
        "ix_rollup_authors_author_id_span_bucket",
        "rollup_authors",
        ["author_id", "span", "bucket"],
    )
    op.create_table(
        "rollup_top_authors",
        *_key(),
        sa.Column("author_id", _ID, nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", "bucket", "author_id", name="pk_rollup_top_authors"),
    )
    op.create_table(
        "rollup_top_posts",
        *_key(),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("author_id", _ID, nullable=True),
        sa.Column("engagement", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", "bucket", "post_id", name="pk_rollup_top_posts"),
    )


def downgrade() -> None:
    op.drop_index("ix_rollup_authors_author_id_span_bucket", table_name="rollup_authors")
    for name in (
        "rollup_top_posts",
        "rollup_top_authors",
        "rollup_authors",
        "rollup_topics",
        "rollup_posts",
    ):
        op.drop_table(name)
