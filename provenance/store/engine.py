"""Engines for SQLite and PostgreSQL, and the one place that translates driver failures.

SQLite gets foreign keys, WAL and a busy timeout on every connection, and explicit
``BEGIN`` (``BEGIN IMMEDIATE`` for writers) because the sqlite3 module's implicit
transactions would otherwise let an import interleave with another writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from provenance.config import mask_password
from provenance.errors import ConfigError, DatabaseUnavailable
from provenance.store.sqlite_file import BUSY_TIMEOUT_MS


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, write: bool = False) -> Engine:
    """Create an engine; ``write=True`` takes SQLite's write lock at the start of a transaction."""
    try:
        if is_sqlite(url):
            engine = create_engine(url, poolclass=NullPool)
            _configure_sqlite(engine, write=write)
        else:
            engine = create_engine(url, poolclass=NullPool)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"the database driver '{exc.name}' is not installed; for PostgreSQL install "
            "the postgres extra: pip install 'provenance[postgres]'"
        ) from None
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(f"cannot use database URL {mask_password(url)}: {exc}") from None
    return engine


def _configure_sqlite(engine: Engine, *, write: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal" and write:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    begin = "BEGIN IMMEDIATE" if write else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)


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
