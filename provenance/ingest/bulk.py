"""Bulk writing on one connection: ids assigned up front, plain executemany, no ORM.

Every INSERT of an import is a plain executemany on SQLite and a ``COPY`` on PostgreSQL
(no statement or RETURNING round trip per row), which is what lets a corpus of 100k claims
load in seconds.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection

from provenance.ingest.copy_pg import CopyWorker, copy_new_rows, copy_rows, send_new_rows
from provenance.ingest.stored import chunks
from provenance.store.high_water import highest_ids, raise_mark


def _plain(value: Any) -> Any:
    """What SQLAlchemy's SQLite types store: ISO dates, 0/1 booleans."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def insert_rows(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Many rows of plain values (ints, strings, booleans, dates, None) at once.

    On SQLite they go straight to the driver's executemany as tuples: SQLAlchemy's
    per-row parameter processing would cost a third of the insert. The values are
    already what SQLAlchemy would bind (sqlite3 stores dates and booleans alike).
    On PostgreSQL they stream in one ``COPY``.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table.name, rows)
        return
    names = list(rows[0])
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    sqlite_executemany(
        conn, f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', _tuples(rows, names)
    )


def _tuples(rows: list[dict[str, Any]], names: list[str]) -> list[tuple[Any, ...]]:
    """The rows as tuples, built column by column in C: only a column holding dates is
    converted value by value (booleans are ints to sqlite3 already)."""
    columns: list[Any] = [list(map(operator.itemgetter(n), rows)) for n in names]
    for i, values in enumerate(columns):
        if any(issubclass(t, dt.date) for t in set(map(type, values))):
            columns[i] = list(map(_plain, values))
    return list(zip(*columns, strict=True))


def sqlite_executemany(conn: Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """The sqlite3 driver's own executemany, past SQLAlchemy's per-row processing."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


class BulkWriter:
    """Inserts many rows at once, and keeps the full-text index out of the way meanwhile."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        self._next_ids: dict[str, int] = {}
        self._fts_trigger: str | None = None  # the SQL to recreate it, while it is dropped
        self._fts_from = 0
        # on PostgreSQL the rows go to the server while the next batch is checked
        self._copies = CopyWorker(conn) if self.dialect == "postgresql" else None

    def close(self) -> None:
        """Every row sent is stored (or its error raised); to be called however the run ends."""
        if self._copies is not None:
            copies, self._copies = self._copies, None
            copies.close()

    def insert_new(self, table: Table, rows: list[dict[str, Any]], conflict: list[str]) -> int:
        """Insert the rows that conflict with no stored row (on ``conflict``); how many.

        ``ON CONFLICT DO NOTHING`` on both backends, so a row a concurrent import stored
        first is skipped, not an error; on PostgreSQL the rows arrive by ``COPY``.
        """
        if self.dialect == "postgresql":
            return copy_new_rows(self.conn, table.name, rows, conflict)
        stmt = (
            sqlite.insert(table)
            .on_conflict_do_nothing(index_elements=conflict)
            .returning(table.c[conflict[0]])
        )
        # rows skipped on a conflict are not returned, so not counted
        return sum(len(self.conn.execute(stmt, list(chunk)).all()) for chunk in chunks(rows))

    def add_new(self, table: Table, rows: list[dict[str, Any]], conflict: list[str]) -> None:
        """:meth:`insert_new` when the count does not matter: on PostgreSQL the rows may
        still be on their way to the server when this returns."""
        if self.dialect == "postgresql":
            send_new_rows(self.conn, table.name, rows, conflict)
        else:
            self.insert_new(table, rows, conflict)

    def new_ids(self, table: str, n: int) -> list[int]:
        """Ids for n new rows: from the sequence on PostgreSQL (safe with concurrent
        imports); on SQLite, after the highest ever handed out (we hold the write lock)."""
        if n == 0:
            return []
        if self.dialect == "postgresql":
            ids = self.conn.execute(
                text(
                    "SELECT array_agg(nextval(pg_get_serial_sequence(:t, 'id'))) "
                    "FROM generate_series(1, :n)"
                ),
                {"t": table, "n": n},
            ).scalar_one()
            return sorted(int(i) for i in ids)
        if table not in self._next_ids:
            self._next_ids[table] = highest_ids(self.conn)[table] + 1
        first = self._next_ids[table]
        self._next_ids[table] = first + n
        raise_mark(self.conn, table, first + n - 1)
        return list(range(first, first + n))

    def suspend_search_index(self) -> None:
        """Index new claims in one statement at the end rather than row by row.

        FTS5's insert trigger costs about a quarter of a large import when it fires per
        row; one ``INSERT ... SELECT`` over the new ids builds the same index in a fraction
        of that. The trigger is dropped inside this transaction, so a failed or killed
        import gets it back with the rollback. Updates and deletes keep their triggers:
        they touch claims that were indexed before this import.
        """
        if self.dialect != "sqlite" or self._fts_trigger is not None:
            return
        row = self.conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
            {"n": "claims_fts_insert"},
        ).first()
        if row is None:
            return
        # new claims take ids from here on (never one a deleted claim had): the final fill
        # indexes exactly the ids >= _fts_from
        self._fts_from = self._next_ids.get("claims") or highest_ids(self.conn)["claims"] + 1
        self._next_ids["claims"] = self._fts_from
        self.conn.execute(text("DROP TRIGGER claims_fts_insert"))
        self._fts_trigger = str(row[0])

    def index_new_claims(self) -> None:
        """The search index of every claim this import added; the trigger back."""
        if self._fts_trigger is None:
            return
        self._index_from(self._fts_from, None)
        self.conn.execute(text(self._fts_trigger))
        self._fts_trigger = None

    def index_written_claims(self) -> None:
        """Index the claims written so far, while the writes wait for checked documents.

        With the checks in a second process (:mod:`~provenance.ingest.check_worker`) this
        one waits for documents now and then: indexing what is written meanwhile leaves
        less for :meth:`index_new_claims` at the end, on the import's critical path. The
        index is the same: FTS5 gathers a transaction's rows in memory whatever the number
        of statements. Only ids handed out are indexed, and each is written at once.
        """
        if self._fts_trigger is None:
            return
        end = self._next_ids.get("claims", self._fts_from)
        if end > self._fts_from:
            self._index_from(self._fts_from, end)
            self._fts_from = end

    def _index_from(self, first: int, end: int | None) -> None:
        until = "" if end is None else " AND id < :end"
        self.conn.execute(
            text(
                "INSERT INTO claims_fts(rowid, search_text) "
                f"SELECT id, search_text FROM claims WHERE id >= :first{until}"
            ),
            {"first": first, "end": end},
        )
