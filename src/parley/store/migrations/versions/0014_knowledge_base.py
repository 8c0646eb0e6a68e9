"""the knowledge base: articles and their versions per language

Revision ID: 0014
Revises: 0017
Create Date: 2026-12-04

Articles (internal or public, tagged, archivable) whose texts are versioned per language
(docs/inbox.md, "Knowledge base").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0017"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "kb_articles",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("source_reply_id", ID, nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_reply_id"], ["inbox_replies.id"],
            name=op.f("fk_kb_articles_source_reply_id_inbox_replies"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_articles")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_kb_articles_archived_updated_at"), "kb_articles", ["archived", "updated_at"]
    )
    op.create_table(
        "kb_versions",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["kb_articles.id"],
            name=op.f("fk_kb_versions_article_id_kb_articles"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_kb_versions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_versions")),
        sa.UniqueConstraint(
            "article_id", "lang", "number", name=op.f("uq_kb_versions_article_id_lang_number")
        ),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("kb_versions")
    op.drop_index(op.f("ix_kb_articles_archived_updated_at"), table_name="kb_articles")
    op.drop_table("kb_articles")
