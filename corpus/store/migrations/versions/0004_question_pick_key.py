"""a stored random key per question for the seeded draw

The draw order for a seed was computed from SQLite's implicit rowid (which VACUUM may renumber)
or, elsewhere, from md5 of the id; a stored random integer gives the same order on every
database and keeps it through a VACUUM or a restore. Existing questions get random keys.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pick_key", sa.Integer(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE question SET pick_key = abs(random() % 2147483647)")
    else:
        op.execute("UPDATE question SET pick_key = floor(random() * 2147483647)::integer")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.alter_column("pick_key", server_default=None)
        batch_op.drop_index("ix_question_pick")
        batch_op.create_index(
            "ix_question_pick", ["status", "skill", "kind", "difficulty", "times_used", "pick_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index("ix_question_pick")
        batch_op.create_index("ix_question_pick", ["status", "skill", "kind", "difficulty", "times_used"], unique=False)
        batch_op.drop_column("pick_key")
