"""a stored key per question for the seeded draw

The draw order for a seed was computed from SQLite's implicit rowid (which VACUUM may renumber)
or, elsewhere, from md5 of the id; a stored integer derived from the question id (sha256) gives
the same order in every store and on every database, and keeps it through a VACUUM or a restore.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _pick_key(question_id: str) -> int:
    # The same function as quizzes.models.pick_key_for, copied so this revision never changes.
    return int.from_bytes(hashlib.sha256(question_id.encode("utf-8")).digest()[:4], "big") % (2**31 - 1)


def upgrade() -> None:
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pick_key", sa.Integer(), nullable=False, server_default="0"))
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM question"))]
    if ids:
        bind.execute(
            sa.text("UPDATE question SET pick_key = :k WHERE id = :i"),
            [{"k": _pick_key(i), "i": i} for i in ids],
        )
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
