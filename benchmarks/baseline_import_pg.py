"""The floor for ``provenance import`` on PostgreSQL: baseline_import.py's reading, checks
and rows, written with psycopg ``COPY``.

    provenance --db URL db upgrade
    python benchmarks/baseline_import_pg.py URL DIR_OR_FILES...

It runs the very ``Floor`` of ``baseline_import.py`` (json, the same checks, ids assigned
in the same order, the same rows) over a psycopg connection, in ONE transaction, and sends
every batch the way a hand-written loader would:

* new rows (documents, claims, relays, sources, actors, the waiting cross-document
  relations) in one ``COPY ... FROM STDIN`` per table and batch;
* rows that may conflict (aliases, relations) by ``COPY`` into a temporary table and one
  ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``, the rule provenance keeps;
* the id sequences moved past the ids it assigned, so the database stays usable.

No ``ANALYZE`` (provenance runs one after a large import: the floor is spared it).
The URL may be SQLAlchemy's (``postgresql+psycopg://``) or libpq's (``postgresql://``).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import baseline_import as base
import floor_rows

_INSERT = re.compile(r"\s*INSERT INTO (\w+)\s*(?:\(([^)]*)\))?\s*VALUES", re.S)


class PgDb:
    """The few sqlite3 calls the floor makes, answered on a psycopg connection."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn
        self.staged: set[str] = set()

    def cursor(self) -> PgDb:
        return self

    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.Cursor:
        if sql.startswith("PRAGMA table_info("):
            return self.conn.execute(
                "SELECT ordinal_position, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                (sql[len("PRAGMA table_info(") : -1],),
            )
        return self.conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: Iterable[tuple]) -> None:
        rows = list(rows)
        if not rows:
            return
        m = _INSERT.match(sql)
        if m is None:
            self.conn.cursor().executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]
            return
        table, columns = m.group(1), m.group(2)
        conflict = re.search(r"ON CONFLICT \(([^)]*)\) DO NOTHING", sql)
        if conflict is None:
            self._copy(table, columns, rows)
            return
        staging = f"floor_{table}"
        if staging not in self.staged:
            self.conn.execute(
                f"CREATE TEMP TABLE {staging} ON COMMIT DROP AS "
                f"SELECT 0::bigint AS seq, {columns} FROM {table} WITH NO DATA"
            )
            self.staged.add(staging)
        self.conn.execute(f"TRUNCATE {staging}")
        self._copy(staging, f"seq, {columns}", [(i, *row) for i, row in enumerate(rows)])
        self.conn.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} ORDER BY seq "
            f"ON CONFLICT ({conflict.group(1)}) DO NOTHING"
        )

    def _copy(self, table: str, columns: str | None, rows: list[tuple]) -> None:
        target = f"{table} ({columns})" if columns else table
        with self.conn.cursor().copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _one_statement_per_batch(db: Any, insert: str, rows: list[tuple]) -> None:
    db.executemany(f"{insert} VALUES", rows)  # COPY already sends a batch as one statement


def run(url: str, paths: list[str]) -> int:
    t0 = time.perf_counter()
    cwd = Path.cwd().resolve()
    files = base.annotation_files(paths)
    floor_rows.multirow = _one_statement_per_batch
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        db = PgDb(conn)
        loader = base.Floor(db)  # type: ignore[arg-type]
        if not base.load_files(loader, files, cwd):
            conn.rollback()
            return 1
        for table in ("actors", "documents", "claims"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} "
                "HAVING max(id) IS NOT NULL"
            )
    print(base.summary("Floor (COPY)", loader, len(files), t0))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(run(sys.argv[1], sys.argv[2:]))
