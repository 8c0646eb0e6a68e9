"""rollups for the overview

Revision ID: 0007
Revises: 0012
Create Date: 2026-12-02

Posts, topic matches, authors, top authors and top posts per 5 minutes, hour and day, kept
by the pipeline so the overview never reads the posts table. A store that already holds
posts gets its platform and language counts from `post_counts` (the only history that can
be rebuilt without reading every post); sentiment, topics and authors count from now on.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0012"
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
        sa.Column("dimension", sa.String(length=16), nullable=False),
        *_key(),
        sa.Column("value", sa.String(length=35), nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "span", "bucket", "value", name="pk_rollup_posts"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "rollup_topics",
        *_key(),
        sa.Column("topic_id", _ID, nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", "bucket", "topic_id", "sentiment", name="pk_rollup_topics"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "rollup_authors",
        sa.Column("author_id", _ID, nullable=False),
        *_key(),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.Column("negative", sa.BigInteger(), nullable=False),
        sa.Column("neutral", sa.BigInteger(), nullable=False),
        sa.Column("positive", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("author_id", "span", "bucket", name="pk_rollup_authors"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "rollup_top_authors",
        *_key(),
        sa.Column("author_id", _ID, nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=False),
        sa.Column("posts", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", "bucket", "author_id", name="pk_rollup_top_authors"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "rollup_top_posts",
        *_key(),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("author_id", _ID, nullable=True),
        sa.Column("engagement", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", "bucket", "post_id", name="pk_rollup_top_posts"),
        sqlite_with_rowid=False,
    )
    _backfill()


def _backfill() -> None:
    """Platform and language rows of `rollup_posts` from the per-minute `post_counts`."""
    bind = op.get_bind()
    sums: Counter[tuple[str, int, datetime, str]] = Counter()
    result = bind.execute(sa.text("SELECT minute, platform, lang, n FROM post_counts"))
    while chunk := result.fetchmany(10_000):
        for minute, platform, lang, n in chunk:
            if isinstance(minute, str):  # SQLite hands back its text form
                minute = datetime.fromisoformat(minute)
            seconds = int(minute.replace(tzinfo=UTC).timestamp())
            for span in (300, 3600, 86400):
                bucket = datetime.fromtimestamp(seconds - seconds % span, UTC).replace(tzinfo=None)
                sums[("platform", span, bucket, platform)] += n
                sums[("lang", span, bucket, lang)] += n
    if not sums:
        return
    table = sa.table(
        "rollup_posts",
        sa.column("dimension", sa.String), sa.column("span", sa.Integer),
        sa.column("bucket", sa.DateTime), sa.column("value", sa.String),
        sa.column("posts", sa.BigInteger), sa.column("reach", sa.BigInteger),
    )  # fmt: skip
    rows = [
        {"dimension": d, "span": span, "bucket": b, "value": v, "posts": n, "reach": 0}
        for (d, span, b, v), n in sums.items()
    ]
    for start in range(0, len(rows), 5000):
        op.bulk_insert(table, rows[start : start + 5000])


def downgrade() -> None:
    for name in (
        "rollup_top_posts",
        "rollup_top_authors",
        "rollup_authors",
        "rollup_topics",
        "rollup_posts",
    ):
        op.drop_table(name)
