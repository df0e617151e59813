"""search text indexes the letters of every script, not only a-z and digits

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

``claims.search_text`` held only ``[a-z0-9]`` words, so a Russian, Arabic, Greek or Japanese
quote could not be found. The rule in provenance.store.search now keeps letters and digits
of every script (Han and kana one character a word); this recomputes every claim's text.
The index follows: FTS5 through its update trigger, the GIN index by itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    from provenance.store.search import search_text

    bind = op.get_bind()
    claims = sa.table(
        "claims",
        sa.column("id", sa.Integer),
        sa.column("quote", sa.Text),
        sa.column("statement", sa.Text),
        sa.column("search_text", sa.Text),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(claims.c.id, claims.c.quote, claims.c.statement, claims.c.search_text)
            .where(claims.c.id > last)
            .order_by(claims.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        changed = [
            {"b_id": i, "search_text": new}
            for i, q, s, old in rows
            if (new := search_text(q, s)) != old
        ]
        if changed:
            bind.execute(claims.update().where(claims.c.id == sa.bindparam("b_id")), changed)


def downgrade() -> None:
    # The older code reads the richer text as it is: its words are a superset of what
    # 0003 indexed, and searches of a-z words find the same claims.
    pass
