"""Engines for SQLite and PostgreSQL, and the one place that translates driver failures.

SQLite gets foreign keys, WAL and a busy timeout on every connection, and explicit
``BEGIN`` (``BEGIN IMMEDIATE`` for writers) because the sqlite3 module's implicit
transactions would otherwise let an import interleave with another writer.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, ExceptionContext
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from provenance.config import mask_password
from provenance.errors import ConfigError, DatabaseUnavailable, NotADatabase, StorageError
from provenance.store.failures import storage_error as storage_error
from provenance.store.sqlite_file import BUSY_TIMEOUT_MS, read_only_uri

# Set in a connection's info: its next transactions only read, so a writer's connection
# begins them without taking the write lock (an import checking its files first).
READ_FIRST = "provenance_read_first"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None (another backend, or an in-memory database)."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    return None


#: Prepared statements the sqlite3 driver keeps per connection (its default is 128). An
#: import sends ``IN (?, ?, ...)`` lists of many lengths, each a statement of its own, and
#: 128 of them held about 13 MB by the end of a 1M-claim import (the writing process's
#: peak was 137 MB with them, 124 MB with 16). No command repeats more than a few
#: statements in turn.
CACHED_STATEMENTS = 16


def make_engine(url: str, *, write: bool = False) -> Engine:
    """Create an engine; ``write=True`` takes SQLite's write lock at the start of a transaction.

    A file that cannot be written is opened read-only for reading, and refused for writing
    before anything is attempted.
    """
    where = mask_password(url)
    try:
        if is_sqlite(url):
            path = sqlite_path(url)
            if path is not None and not _empty_or_sqlite(path):
                # SQLite takes a file of one byte for an empty database and writes a new
                # schema over it: the user's file would be lost to a read command
                raise NotADatabase(
                    f"cannot open database {mask_password(url)}: {NotADatabase.reason}"
                )
            uri = read_only_uri(path) if path is not None and path.is_file() else None
            if uri is not None and write:
                raise StorageError(
                    f"cannot write to database {path}: it or its folder is read-only"
                )
            options: dict[str, Any] = {"connect_args": {"cached_statements": CACHED_STATEMENTS}}
            if uri is not None:
                options["creator"] = lambda: sqlite3.connect(
                    uri, uri=True, cached_statements=CACHED_STATEMENTS
                )
            engine = create_engine(url, poolclass=NullPool, **options)
            where = str(path) if path is not None else url
            _configure_sqlite(engine, write=write, where=where)
        else:
            engine = create_engine(url, poolclass=NullPool)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"the database driver '{exc.name}' is not installed; for PostgreSQL install "
            "the postgres extra: pip install 'provenance[postgres]'"
        ) from None
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        # ValueError: what make_url says of a port that is not a number
        raise ConfigError(f"cannot use database URL {mask_password(url)}: {exc}") from None

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        error = storage_error(context.original_exception, where)
        if error is not None:
            raise error from None

    return engine


def _empty_or_sqlite(path: Path) -> bool:
    """No file, an empty one, or one that starts as every SQLite database does."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError:
        return True  # no file yet, or a folder: SQLite's own error words it
    return not head or head == b"SQLite format 3\x00"


def _configure_sqlite(engine: Engine, *, write: bool, where: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and write:
                _switch_to_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            error = storage_error(exc, where)
            if error is None:
                raise
            raise error from None
        finally:
            cursor.close()

    begin = "BEGIN IMMEDIATE" if write else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.info.get(READ_FIRST) else begin)


#: How long a new connection retries its switch to WAL mode (see _switch_to_wal).
WAL_SWITCH_WAIT_MS = 1000


def _switch_to_wal(cursor: Any) -> None:
    """WAL mode, retried while another process holds the new file.

    Two first imports at once: while one creates the schema, the other's switch to WAL
    gets SQLITE_BUSY at once, without the busy timeout (seen about one run in six of
    tests/test_hardening_store.py). Retried for a moment (the other's schema takes
    milliseconds); still busy, the connection goes on in the file's current mode: it
    works, its transactions wait for locks as usual, and a later writer switches it.
    """
    deadline = time.monotonic() + min(BUSY_TIMEOUT_MS, WAL_SWITCH_WAIT_MS) / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_BUSY"):
                raise
            if time.monotonic() >= deadline:
                return
            time.sleep(0.05)


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    """A connection, with "server not reachable" turned into one clear error."""
    try:
        conn = engine.connect()
    except DatabaseError as exc:
        raise DatabaseUnavailable(
            f"cannot open database {mask_password(str(engine.url.render_as_string(False)))}: "
            f"{_first_line(exc.orig)}"
        ) from None
    try:
        yield conn
    finally:
        conn.close()


def _first_line(exc: BaseException | None) -> str:
    text = str(exc) if exc is not None else "unknown error"
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
