"""The highest id each table ever handed out, so that no claim id names two claims.

A saved ``provenance claim 1234`` must name that claim or nothing. PostgreSQL's sequences
never hand an id out twice; on SQLite the import hands out ids itself and records the
highest in ``id_high_water`` (migration 0009), since the rows holding the highest ids may
since have been removed. A copy of the corpus (``export sqlite``) carries the marks over.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

#: The tables whose ids the import hands out (migration 0009 lists the same).
TABLES = ("claims", "documents")


def highest_ids(conn: Connection) -> dict[str, int]:
    """Per table, the highest id ever given: stored rows, deleted ones, either backend."""
    marks: dict[str, int] = {}
    for table in TABLES:
        if conn.dialect.name == "postgresql":
            # a reader granted SELECT on the tables alone may not read the sequence: its
            # copy then starts after the stored maximum (PostgreSQL still reuses nothing)
            sql = (
                f"SELECT greatest((SELECT max(id) FROM {table}), CASE WHEN "
                "has_sequence_privilege(s, 'SELECT') OR has_sequence_privilege(s, 'USAGE') "
                f"THEN pg_sequence_last_value(s) END) "
                f"FROM (SELECT pg_get_serial_sequence('{table}', 'id')::regclass AS s) AS q"
            )
        else:
            sql = (
                f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), coalesce("
                f"(SELECT last_id FROM id_high_water WHERE table_name = '{table}'), 0))"
            )
        marks[table] = int(conn.execute(text(sql)).scalar() or 0)
    return marks


def raise_mark(conn: Connection, table: str, last: int) -> None:
    """Record on SQLite that ids up to ``last`` are given, in the caller's transaction (a
    rollback hands them out again, a commit never)."""
    conn.execute(
        text(
            "INSERT INTO id_high_water (table_name, last_id) VALUES (:t, :last) "
            "ON CONFLICT (table_name) DO UPDATE SET last_id = max(last_id, excluded.last_id)"
        ),
        {"t": table, "last": last},
    )
