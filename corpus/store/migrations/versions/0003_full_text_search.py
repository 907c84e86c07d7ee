"""full-text search over titles, bodies, quotes and notes (SQLite FTS5)

On SQLite a contentless-delete FTS5 table kept current by triggers; other back ends (PostgreSQL)
get nothing here and `corpus.search` falls back to plain SQL matching there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TRIGGERS = {
    "search_article_ai": """
        CREATE TRIGGER search_article_ai AFTER INSERT ON article BEGIN
            INSERT INTO search_index (kind, ref_id, article_id, title, text)
            VALUES ('article', new.id, new.id, new.title, new.body);
        END""",
    "search_article_au": """
        CREATE TRIGGER search_article_au AFTER UPDATE OF title, body ON article BEGIN
            DELETE FROM search_index WHERE kind = 'article' AND ref_id = old.id;
            INSERT INTO search_index (kind, ref_id, article_id, title, text)
            VALUES ('article', new.id, new.id, new.title, new.body);
        END""",
    "search_article_ad": """
        CREATE TRIGGER search_article_ad AFTER DELETE ON article BEGIN
            DELETE FROM search_index WHERE article_id = old.id;
        END""",
    "search_annotation_ai": """
        CREATE TRIGGER search_annotation_ai AFTER INSERT ON annotation BEGIN
            INSERT INTO search_index (kind, ref_id, article_id, title, text)
            VALUES ('annotation', new.id, new.article_id, new.exact,
                    new.note || ' ' || coalesce(new.claim_reviewed, ''));
        END""",
    "search_annotation_au": """
        CREATE TRIGGER search_annotation_au AFTER UPDATE OF exact, note, claim_reviewed ON annotation BEGIN
            DELETE FROM search_index WHERE kind = 'annotation' AND ref_id = old.id;
            INSERT INTO search_index (kind, ref_id, article_id, title, text)
            VALUES ('annotation', new.id, new.article_id, new.exact,
                    new.note || ' ' || coalesce(new.claim_reviewed, ''));
        END""",
    "search_annotation_ad": """
        CREATE TRIGGER search_annotation_ad AFTER DELETE ON annotation BEGIN
            DELETE FROM search_index WHERE kind = 'annotation' AND ref_id = old.id;
        END""",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, ref_id UNINDEXED, article_id UNINDEXED, title, text, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    for sql in TRIGGERS.values():
        op.execute(sql)
    op.execute(
        "INSERT INTO search_index (kind, ref_id, article_id, title, text) "
        "SELECT 'article', id, id, title, body FROM article"
    )
    op.execute(
        "INSERT INTO search_index (kind, ref_id, article_id, title, text) "
        "SELECT 'annotation', id, article_id, exact, note || ' ' || coalesce(claim_reviewed, '') FROM annotation"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_index")
