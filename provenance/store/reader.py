"""The runner of every read: SQL text with ``:name`` parameters, on either backend, through
the plain DB-API driver (sqlite3, psycopg) or, for callers holding one, a SQLAlchemy
connection.

Why: importing SQLAlchemy costs more than the whole answer of most read commands, and a
second copy of each query in plain SQL (one per backend) would drift. So each query of
:mod:`provenance.queries` is written once, as SQL text both backends accept, and a
:class:`Reader` runs it. What differs between the backends lives here and nowhere else:
the parameter style (psycopg wants ``%(name)s``), how a DATE and a BOOLEAN come back
(SQLite gives ``'2018-06-10'`` and 0/1), how an IN list is spelled, and the full-text
search condition (:func:`provenance.store.search.search_sql`).

Opening checks the schema revision with one SELECT; anything unusual (no file, another
revision, a server that does not answer, a URL this module does not handle) gives None,
and the caller goes the engine's way, which creates a new database or words the error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.store.read_settings import NO_JIT
from provenance.store.revision import at_head

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

Row = tuple[Any, ...]
Params = Mapping[str, Any]

#: Rows a listing fetches per round trip (and per batch of its chains and relations).
BATCH = 1000


class Reader:
    """Runs SQL text (``:name`` parameters) on one connection, inside one read transaction.

    Calling it returns every row (a :data:`provenance.queries.chains.Run`); ``batches``
    streams a long result (a server-side cursor on PostgreSQL).
    """

    def __init__(
        self,
        dialect: str,
        fetch: Callable[[str, Params], list[Row]],
        batches: Callable[[str, Params, int], Iterator[list[Row]]],
        close: Callable[[], None] = lambda: None,
    ) -> None:
        self.dialect = dialect
        self._fetch = fetch
        self._batches = batches
        self.close = close

    def __call__(self, sql: str, params: Params | None = None) -> list[Row]:
        return self._fetch(sql, params or {})

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        rows = self(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Params | None = None) -> Any:
        row = self.one(sql, params)
        return row[0] if row else None

    def batches(
        self, sql: str, params: Params | None = None, size: int = BATCH
    ) -> Iterator[list[Row]]:
        return self._batches(sql, params or {}, size)


# -- what differs between the backends ------------------------------------------------


def in_list(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``(:name_0, :name_1, ...)`` and its parameters; ``(NULL)`` (matches nothing) if empty."""
    if not values:
        return "(NULL)", {}
    params = {f"{name}_{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params


def day(value: Any) -> str | None:
    """A DATE as ``YYYY-MM-DD``: SQLite returns the text, psycopg a :class:`datetime.date`."""
    if value is None or isinstance(value, str):
        return value
    assert isinstance(value, dt.date)
    return value.isoformat()


def flag(value: Any) -> bool | None:
    """A BOOLEAN as True/False/None: SQLite returns 0/1."""
    return None if value is None else bool(value)


_QUOTED_OR_NAME = re.compile(r"('(?:[^']|'')*')|(::)|(?<![:\w]):([A-Za-z_]\w*)|(%)")


@lru_cache(maxsize=256)
def pyformat(sql: str) -> str:
    """``:name`` to ``%(name)s`` for psycopg, leaving quoted text and ``::`` casts alone,
    and doubling ``%`` (a LIKE pattern's, say) so psycopg reads it as itself."""

    def swap(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1).replace("%", "%%")
        if m.group(2) is not None:
            return "::"
        if m.group(3) is not None:
            return f"%({m.group(3)})s"
        return "%%"

    return _QUOTED_OR_NAME.sub(swap, sql)


# -- opening --------------------------------------------------------------------------


def sqlite_reader(con: Any) -> Reader:
    """A reader on an :mod:`sqlite3` connection in autocommit mode; begins its snapshot."""
    con.execute("BEGIN")

    def fetch(sql: str, params: Params) -> list[Row]:
        return list(con.execute(sql, params).fetchall())

    def batches(sql: str, params: Params, size: int) -> Iterator[list[Row]]:
        cursor = con.execute(sql, params)
        while part := cursor.fetchmany(size):
            yield part

    def close() -> None:
        try:
            con.execute("ROLLBACK")
        finally:
            con.close()

    return Reader("sqlite", fetch, batches, close)


def psycopg_reader(con: Any) -> Reader:
    """A reader on a psycopg connection (its first statement begins the transaction)."""
    counter = iter(range(1 << 30))

    def fetch(sql: str, params: Params) -> list[Row]:
        with con.cursor() as cursor:
            cursor.execute(pyformat(sql), params)
            return list(cursor.fetchall())

    def batches(sql: str, params: Params, size: int) -> Iterator[list[Row]]:
        # a named (server-side) cursor: a million rows cost one batch of memory
        with con.cursor(name=f"provenance_read_{next(counter)}") as cursor:
            cursor.itersize = size
            cursor.execute(pyformat(sql), params)
            while part := cursor.fetchmany(size):
                yield part

    def close() -> None:
        try:
            con.rollback()
        finally:
            con.close()

    return Reader("postgresql", fetch, batches, close)


def connection_reader(conn: Connection) -> Reader:
    """A reader on a SQLAlchemy connection, for callers that hold one (exports, links)."""
    from sqlalchemy import text

    def fetch(sql: str, params: Params) -> list[Row]:
        return [tuple(row) for row in conn.execute(text(sql), dict(params))]

    def batches(sql: str, params: Params, size: int) -> Iterator[list[Row]]:
        result = conn.execution_options(stream_results=True, yield_per=size).execute(
            text(sql), dict(params)
        )
        for part in result.partitions(size):
            yield [tuple(row) for row in part]

    return Reader(conn.dialect.name, fetch, batches)


def as_reader(db: Reader | Connection) -> Reader:
    """``db`` itself, or a reader on the SQLAlchemy connection it is."""
    return db if isinstance(db, Reader) else connection_reader(db)


def open_reader(url: str) -> Reader | None:
    """A reader on the database at ``url`` when it is at this code's schema, else None.

    None sends the caller to the engine (a new database, an old schema, a server that
    does not answer, an unusual URL): it owns those answers and their messages.
    """
    if url.startswith("sqlite:///") and ":memory:" not in url:
        from provenance.store.sqlite_file import open_at_head

        con = open_at_head(Path(url.removeprefix("sqlite:///").split("?", 1)[0]))
        return sqlite_reader(con) if con is not None else None
    if url.startswith("postgresql+psycopg://"):
        fast = libpq_reader(url)
        if fast is not None:
            return fast
        con = postgresql_at_head(url)
        return psycopg_reader(con) if con is not None else None
    return None


def libpq_reader(url: str) -> Reader | None:
    """A reader straight on libpq (no psycopg to import, see :mod:`provenance.store.libpq`),
    or None when that path cannot serve this database and psycopg must."""
    from provenance.store.libpq import open_at_head as libpq_at_head

    conninfo = libpq_url(url)
    con = libpq_at_head(conninfo) if conninfo is not None else None
    if con is None:
        return None
    return Reader("postgresql", con.execute, con.batches, con.close)


def libpq_url(url: str) -> str | None:
    """The libpq URI of a PostgreSQL URL (SQLAlchemy's ``postgresql+psycopg://``), else None."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgresql", "postgresql+psycopg", "postgres"):
        return None
    return "postgresql://" + rest


def postgresql_at_head(url: str) -> Any | None:
    """A psycopg connection to the database at ``url`` when it is at this code's schema,
    else None (the engine words what is wrong)."""
    conninfo = libpq_url(url)
    if conninfo is None:
        return None
    try:
        import psycopg
    except ImportError:
        return None
    try:
        con = psycopg.connect(conninfo)
    except (psycopg.Error, ValueError):
        return None
    with con.cursor() as cursor:
        ready = at_head(cursor, psycopg.Error)
        if ready:
            cursor.execute(NO_JIT)
    if not ready:
        con.close()
        return None
    return con
