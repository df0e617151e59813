"""Bulk loading on PostgreSQL with ``COPY``: the import's rows in one stream per batch.

An ``executemany`` of INSERTs costs a round trip and a statement per row (half of a large
import's time on a server); ``COPY ... FROM STDIN`` streams the same rows in one
statement. Rows that may already be stored (actors, aliases, relations) are copied into a
temporary table first and moved with ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``, so
the database's own conflict rule still decides, as it did row by row.

Only the importer imports this module, and only on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

#: an import that wrote at least this many rows refreshes the planner's statistics
ANALYZE_AFTER_ROWS = 10_000
# the columns reads filter, join, group or sort on: statistics of the long texts and of the
# full-text expression index would take three quarters of the time and serve no plan
_TOUCHED = (
    "actors (id, key, kind, country, state_affiliated, affiliation_id), actor_aliases, "
    "documents (id, key, publisher_id, published, language), document_sources, "
    "claims (id, document_id, key, kind, direct_quote, made_on, originator_id), relays, "
    "claim_relations (id, from_claim_id, type, to_claim_id, declared_in_id)"
)


def _columns(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def copy_rows(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows of plain values (same keys in every row) appended to ``table`` with COPY."""
    if not rows:
        return
    names = list(rows[0])
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f'COPY "{table}" ({_columns(names)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[n] for n in names])
    finally:
        cursor.close()


def copy_new_rows(
    conn: Connection,
    table: str,
    rows: list[dict[str, Any]],
    conflict: Sequence[str],
) -> int:
    """Insert the rows not conflicting with stored ones (on ``conflict``), in their order.

    Returns how many were inserted; rows a concurrent import stored first are skipped,
    exactly as ``INSERT ... ON CONFLICT DO NOTHING`` skips them one by one.
    """
    if not rows:
        return 0
    names = list(rows[0])
    staging = f"copy_{table}"
    conn.execute(
        text(
            f'CREATE TEMPORARY TABLE IF NOT EXISTS "{staging}" ON COMMIT DROP AS '
            f'SELECT 0::bigint AS copy_seq, {_columns(names)} FROM "{table}" WITH NO DATA'
        )
    )
    conn.execute(text(f'DELETE FROM "{staging}"'))  # cheaper than TRUNCATE for a few rows
    copy_rows(conn, staging, [{"copy_seq": i, **row} for i, row in enumerate(rows)])
    inserted = conn.execute(
        text(
            f'INSERT INTO "{table}" ({_columns(names)}) '
            f'SELECT {_columns(names)} FROM "{staging}" ORDER BY copy_seq '
            f"ON CONFLICT ({_columns(conflict)}) DO NOTHING"
        )
    )
    return int(inserted.rowcount)


def analyze_if_large(conn: Connection, rows_written: int) -> None:
    """Fresh planner statistics after a bulk load.

    Servers often run bulk loads with autovacuum off (the test server does); without
    statistics the planner takes a 100k-row table for an empty one, and the aggregates
    and joins that follow an import pick nested loops over full scans.
    """
    if rows_written >= ANALYZE_AFTER_ROWS:
        conn.execute(text(f"ANALYZE {_TOUCHED}"))
