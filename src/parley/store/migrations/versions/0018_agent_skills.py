"""agents' skills, for assignment by the conversation's reason

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-03

Each agent lists the reasons of the triage taxonomy they are skilled in (billing,
delivery_cancellation...); with assignment by skill, a conversation goes to an agent on duty
skilled in its reason when there is one. Existing agents become generalists (no skills).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rota_agents") as batch:
        batch.add_column(
            sa.Column("skills", sa.String(length=500), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("rota_agents") as batch:
        batch.drop_column("skills")
