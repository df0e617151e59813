"""SQLite: the highest id ever handed to a claim or document, so that none is handed twice

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

A claim is referred to by its numeric id (``provenance claim 1234``, the exports'
``claim_id``). SQLite imports gave new rows the ids after the current maximum, so once
``remove`` or a re-import had deleted the claims with the highest ids, the next import
gave those ids to other claims: a reference saved earlier then named a different claim,
without a word. ``id_high_water`` keeps, per table, the highest id the import ever handed
out; new ids start after it and after the stored maximum, whichever is higher.

PostgreSQL is untouched: its sequences never hand an id out twice.

The downgrade leaves the table in place (the 0008 code never reads it): dropping it would
forget the ids handed out, and an upgrade back could only start again from the stored
maximum, which is the reuse this revision exists to prevent. Going down to base drops it
(0001), with everything else.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: The tables whose ids the import hands out (see provenance.ingest.bulk.BulkWriter.new_ids).
TABLES = ("claims", "documents")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE IF NOT EXISTS id_high_water ("
        "table_name VARCHAR(64) NOT NULL PRIMARY KEY, last_id INTEGER NOT NULL)"
    )
    for table in TABLES:  # marks left by an earlier downgrade are kept, raised if need be
        op.execute(
            f"INSERT INTO id_high_water (table_name, last_id) "
            f"SELECT '{table}', coalesce(max(id), 0) FROM {table} WHERE true "
            "ON CONFLICT (table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id)"
        )


def downgrade() -> None:
    """Nothing: the marks stay (see above)."""
