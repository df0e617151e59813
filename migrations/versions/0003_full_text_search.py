"""full-text search over claims: search_text column, FTS5 (SQLite) or GIN (PostgreSQL)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

``search_text`` holds the normalised words of a claim's quote and statement, computed in
Python (provenance.store.search) so both backends index identical tokens and answer alike.
Existing claims are backfilled here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE claims_fts USING fts5("
    "search_text, content='claims', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER claims_fts_update AFTER UPDATE OF search_text ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO claims_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]


def upgrade() -> None:
    from provenance.store.search import search_text

    op.add_column("claims", sa.Column("search_text", sa.Text(), nullable=True))
    bind = op.get_bind()
    claims = sa.table(
        "claims",
        sa.column("id", sa.Integer),
        sa.column("quote", sa.Text),
        sa.column("statement", sa.Text),
        sa.column("search_text", sa.Text),
    )
    rows = bind.execute(sa.select(claims.c.id, claims.c.quote, claims.c.statement)).all()
    if rows:
        bind.execute(
            claims.update().where(claims.c.id == sa.bindparam("b_id")),
            [{"b_id": i, "search_text": search_text(q, s)} for i, q, s in rows],
        )
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
        op.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    else:
        op.execute(
            "CREATE INDEX ix_claims_search ON claims "
            "USING gin (to_tsvector('simple', coalesce(search_text, '')))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("claims_fts_insert", "claims_fts_delete", "claims_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_claims_search")
    # Plain DROP COLUMN (SQLite >= 3.35): a batch table copy would trip over claim_table.
    op.execute("ALTER TABLE claims DROP COLUMN search_text")
