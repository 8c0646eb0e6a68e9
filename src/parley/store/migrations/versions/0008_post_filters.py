"""the Stream's filter columns on posts

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-02

`posts.language`, `posts.sentiment` and `posts.intent` copy what the Stream filters on out of
the enrichment JSON, with indexes for "newest first with this filter" (and one for the
platform). Existing posts are backfilled from their enrichment in batches by id, so a large
store is never read or written in one statement.
"""

from __future__ import annotations

from typing import Any

import msgspec
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"  # main's head when this was merged; the integrator chains it
branch_labels = None
depends_on = None

BATCH = 5000
_INDEXES = (
    ("ix_posts_platform_created_at_id", ["platform", "created_at", "id"]),
    ("ix_posts_language_created_at_id", ["language", "created_at", "id"]),
    ("ix_posts_sentiment_created_at_id", ["sentiment", "created_at", "id"]),
    ("ix_posts_intent_created_at_id", ["intent", "created_at", "id"]),
)
# Frozen copies of the store's rule (store/posts.py filter_columns) as of this revision.
_SENTIMENTS = frozenset({"negative", "neutral", "positive"})
_INTENTS = frozenset({"complaint", "question", "request", "praise", "other"})


def _columns(enrichment: str | None, platform_lang: str | None) -> tuple[Any, ...]:
    try:
        found = msgspec.json.decode(enrichment) if enrichment else {}
    except msgspec.DecodeError:
        found = {}
    if not isinstance(found, dict):
        found = {}
    detected = found.get("lang")
    if isinstance(detected, str) and detected and detected != "und":
        language = detected
    else:
        language = platform_lang or "und"
    sentiment = found.get("sentiment")
    intent = found.get("intent")
    return (
        language[:35],
        sentiment if sentiment in _SENTIMENTS else None,
        intent if intent in _INTENTS else None,
    )


_PG_UPDATE = sa.text(
    "UPDATE posts SET language = v.language, sentiment = v.sentiment, intent = v.intent "
    "FROM unnest(CAST(:ids AS BIGINT[]), CAST(:languages AS TEXT[]), "
    "CAST(:sentiments AS TEXT[]), CAST(:intents AS TEXT[])) "
    "AS v(id, language, sentiment, intent) WHERE posts.id = v.id"
)


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=35), nullable=True))
        batch_op.add_column(sa.Column("sentiment", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("intent", sa.String(length=16), nullable=True))

    # Backfill before indexing: filling indexed columns row by row costs far more.
    connection = op.get_bind()
    posts = sa.table(
        "posts",
        sa.column("id", sa.BigInteger()),
        sa.column("lang", sa.String()),
        sa.column("enrichment", sa.Text()),
        sa.column("language", sa.String()),
        sa.column("sentiment", sa.String()),
        sa.column("intent", sa.String()),
    )
    update = (
        posts.update()
        .where(posts.c.id == sa.bindparam("row_id"))
        .values(
            language=sa.bindparam("v_language"),
            sentiment=sa.bindparam("v_sentiment"),
            intent=sa.bindparam("v_intent"),
        )
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(posts.c.id, posts.c.enrichment, posts.c.lang)
            .where(posts.c.id > last)
            .order_by(posts.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        found = [(row_id, *_columns(enrichment, lang)) for row_id, enrichment, lang in rows]
        if connection.dialect.name == "postgresql":
            # one statement a batch: row-by-row updates ran at about 5,000 rows/s
            ids, languages, sentiments, intents = (list(c) for c in zip(*found, strict=True))
            connection.execute(_PG_UPDATE, {"ids": ids, "languages": languages,
                                            "sentiments": sentiments, "intents": intents})  # fmt: skip
        else:
            connection.execute(
                update,
                [{"row_id": i, "v_language": la, "v_sentiment": se, "v_intent": it}
                 for i, la, se, it in found],
            )  # fmt: skip
        last = rows[-1][0]

    with op.batch_alter_table("posts", schema=None) as batch_op:
        for name, columns in _INDEXES:
            batch_op.create_index(name, columns, unique=False)
    if connection.dialect.name == "postgresql":
        # fresh statistics for the new columns, or the planner takes them all for NULL
        connection.execute(sa.text("ANALYZE posts"))


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        for name, _ in _INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_column("intent")
        batch_op.drop_column("sentiment")
        batch_op.drop_column("language")
