"""Bulk loading on PostgreSQL with ``COPY``: the import's rows in one stream per batch.

An ``executemany`` of INSERTs costs a round trip and a statement per row (half of a large
import's time on a server); ``COPY ... FROM STDIN`` streams the same rows in one
statement. Rows that may already be stored (actors, aliases, relations) are copied into a
temporary table first and moved with ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``, so
the database's own conflict rule still decides, as it did row by row.

The server takes about as long to store a batch (its indexes, the full-text one above all)
as the importer takes to check the next one. A :class:`CopyWorker` sends the batches from
a thread of its own, so the two overlap; every other statement on the connection waits
until the batches sent before it are stored, so the statements run in the order they were
made, as they would without the thread.

Only the importer imports this module, and only on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection

#: an import that wrote at least this many rows refreshes the planner's statistics
ANALYZE_AFTER_ROWS = 10_000
# the columns reads filter, join, group or sort on: statistics of the long texts and of the
# search vector would take three quarters of the time and serve no plan
_TOUCHED = (
    "actors (id, key, kind, country, state_affiliated, affiliation_id), actor_aliases, "
    "documents (id, key, publisher_id, published, language), document_sources, "
    "claims (id, document_id, key, kind, direct_quote, made_on, originator_id), relays, "
    "claim_relations (id, from_claim_id, type, to_claim_id, declared_in_id)"
)
# GIN's fast update files new entries in a pending list that every search then reads from
# end to end, until a vacuum (often off during bulk loads) or 4 MB of them move it into the
# index: after a 10k-claim import all of them were pending, and a `links` candidate query
# took 32 ms instead of 10. Only the index's owner may move them; another role is told.
# (CASE, not AND: only CASE promises not to call the function for another role)
_CLEAN_PENDING = (
    "SELECT CASE WHEN pg_has_role(c.relowner, 'USAGE') "
    "THEN gin_clean_pending_list(c.oid) >= 0 ELSE false END "
    "FROM pg_class c WHERE c.oid = to_regclass('ix_claims_search')"
)
NOT_OWNER = (
    "the search index keeps this import's claims in its pending list (only the owner of "
    "ix_claims_search may move them): searches and links stay slower until the owner runs "
    "VACUUM claims"
)
_WORKER = "provenance.copy_worker"  # the key of a connection's CopyWorker in its info


def _columns(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


class CopyWorker:
    """Sends one connection's COPYs from a thread, in the order they were given.

    A psycopg connection may be shared by threads; SQLAlchemy's may not, so the thread
    only ever touches the driver's connection, and only while the importer's thread waits
    (before any statement of its own) or is busy with Python.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.driver: Any = conn.connection.dbapi_connection
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="provenance-copy")
        self._sent: list[Future[object]] = []
        conn.info[_WORKER] = self
        event.listen(conn, "before_cursor_execute", self._before_statement)

    def send(self, job: Callable[[Any], object]) -> None:
        """Run ``job(driver_connection)`` after the jobs sent before it."""
        self._sent.append(self._pool.submit(job, self.driver))

    def wait(self) -> None:
        """Every job sent so far done; the first one that failed raises its error again.

        Jobs after a failed one fail too (the transaction is aborted): the first error
        is the one the import would have met without the thread.
        """
        sent, self._sent = self._sent, []
        errors = [job.exception() for job in sent]
        first = next((e for e in errors if e is not None), None)
        if first is not None:
            raise first

    def close(self) -> None:
        """Wait for the jobs sent, then let the thread and the connection go."""
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)
            event.remove(self.conn, "before_cursor_execute", self._before_statement)
            self.conn.info.pop(_WORKER, None)

    def _before_statement(self, *_args: Any) -> None:
        self.wait()


def _copy(driver: Any, table: str, names: Sequence[str], rows: list[dict[str, Any]]) -> None:
    cursor = driver.cursor()
    try:
        with cursor.copy(f'COPY "{table}" ({_columns(names)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[n] for n in names])
    finally:
        cursor.close()


def _copy_new(driver: Any, table: str, rows: list[dict[str, Any]], conflict: Sequence[str]) -> int:
    names = list(rows[0])
    staging = f"copy_{table}"
    cursor = driver.cursor()
    try:
        cursor.execute(
            f'CREATE TEMPORARY TABLE IF NOT EXISTS "{staging}" ON COMMIT DROP AS '
            f'SELECT 0::bigint AS copy_seq, {_columns(names)} FROM "{table}" WITH NO DATA'
        )
        cursor.execute(f'DELETE FROM "{staging}"')  # cheaper than TRUNCATE for a few rows
        _copy(
            driver,
            staging,
            ["copy_seq", *names],
            [{"copy_seq": i, **r} for i, r in enumerate(rows)],
        )
        cursor.execute(
            f'INSERT INTO "{table}" ({_columns(names)}) '
            f'SELECT {_columns(names)} FROM "{staging}" ORDER BY copy_seq '
            f"ON CONFLICT ({_columns(conflict)}) DO NOTHING"
        )
        return int(cursor.rowcount)
    finally:
        cursor.close()


def _worker(conn: Connection) -> CopyWorker | None:
    worker: CopyWorker | None = conn.info.get(_WORKER)
    return worker


def copy_rows(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows of plain values (same keys in every row) appended to ``table`` with COPY.

    With a :class:`CopyWorker` on the connection they are sent from its thread: the rows
    must not change afterwards.
    """
    if not rows:
        return
    names = list(rows[0])
    worker = _worker(conn)
    if worker is None:
        _copy(conn.connection.dbapi_connection, table, names, rows)
    else:
        worker.send(lambda driver: _copy(driver, table, names, rows))


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
    worker = _worker(conn)
    if worker is not None:
        worker.wait()
    return _copy_new(conn.connection.dbapi_connection, table, rows, conflict)


def send_new_rows(
    conn: Connection, table: str, rows: list[dict[str, Any]], conflict: Sequence[str]
) -> None:
    """:func:`copy_new_rows` without the count, sent from the connection's CopyWorker."""
    worker = _worker(conn)
    if not rows or worker is None:
        copy_new_rows(conn, table, rows, conflict)
        return
    worker.send(lambda driver: _copy_new(driver, table, rows, conflict))


def after_bulk_load(conn: Connection, rows_written: int, claims_changed: int) -> list[str]:
    """Fresh planner statistics, and a search index with nothing pending, after a bulk load.

    Servers often run bulk loads with autovacuum off (the test server does); without
    statistics the planner takes a 100k-row table for an empty one, and the aggregates
    and joins that follow an import pick nested loops over full scans. The warnings are
    for the user: what this role could not tidy.
    """
    if rows_written >= ANALYZE_AFTER_ROWS:
        conn.execute(text(f"ANALYZE {_TOUCHED}"))
    if not claims_changed:
        return []
    cleaned = conn.execute(text(_CLEAN_PENDING)).scalar()
    return [NOT_OWNER] if cleaned is False else []
