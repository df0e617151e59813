"""The PostgreSQL side of the reads, straight on libpq through :mod:`ctypes`.

Why not psycopg here: importing psycopg costs about 0.13 s at every start (it imports
asyncio, logging, importlib.metadata, ctypes.util and its whole adaptation layer), as much
as everything else a read command imports, while a read needs very little of it: connect,
run a statement with parameters inside one transaction, and turn the few column types the
queries return into the values psycopg gives. psycopg wraps this same library, so the
connection itself (the URL, the ``PG*`` environment, SSL, authentication) behaves alike;
what is written here is only the calls below and the conversion of values, in text form.

Kept deliberately small, and safe to lose:

* The library is the system's ``libpq.so.5`` (its calls used here have kept their ABI since
  PostgreSQL 8). Where it is missing (a wheel-only install) :func:`open_at_head` says None
  and the reads go through psycopg as before; so does a server whose ``DateStyle`` is not ISO.
* Values come back in text form; a column of a type not in :data:`_CONVERT` is an error
  (:class:`LibpqError`), never a guess: a new query returning such a type fails its tests.
* Parameters are sent as psycopg sends them: a str with no type (the server infers it), an
  int as the smallest integer type holding it, bools, floats and dates typed.
* A statement blocks in libpq: Ctrl-C is seen when it returns (the reads take milliseconds).

Anything this module cannot do is psycopg's job, through :mod:`provenance.store.reader`.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from itertools import repeat
from typing import Any

from provenance.store.read_settings import NO_JIT
from provenance.store.revision import at_head

Row = tuple[Any, ...]

_CONNECTION_OK = 0
_IDLE = 0  # PQTRANS_IDLE: no transaction open
_COMMAND_OK, _TUPLES_OK, _COPY_OUT = 1, 2, 3
_SQLSTATE, _PRIMARY = ord("C"), ord("M")  # PG_DIAG_SQLSTATE, PG_DIAG_MESSAGE_PRIMARY
_NAMES = {"darwin": ("libpq.5.dylib",), "win32": ("libpq.dll",)}


class LibpqError(Exception):
    """A statement the server refused; ``sqlstate`` as psycopg's errors carry it."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@lru_cache(maxsize=1)
def _library() -> Any | None:
    """libpq with the signatures used here, or None when it cannot be loaded."""
    for name in _NAMES.get(sys.platform, ("libpq.so.5",)):
        try:
            lib: Any = ctypes.CDLL(name)
        except OSError:
            continue
        p, i, u, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_char_p
        for fn, restype, argtypes in (
            ("PQconnectdbParams", p, [ctypes.POINTER(s), ctypes.POINTER(s), i]),
            ("PQstatus", i, [p]),
            ("PQfinish", None, [p]),
            ("PQparameterStatus", s, [p, s]),
            ("PQerrorMessage", s, [p]),
            ("PQexecParams", p, [p, s, i, ctypes.POINTER(u), ctypes.POINTER(s), p, p, i]),
            ("PQresultStatus", i, [p]),
            ("PQresultErrorMessage", s, [p]),
            ("PQresultErrorField", s, [p, i]),
            ("PQntuples", i, [p]),
            ("PQnfields", i, [p]),
            ("PQftype", u, [p, i]),
            ("PQgetvalue", s, [p, i, i]),
            ("PQgetisnull", i, [p, i, i]),
            ("PQclear", None, [p]),
            ("PQgetCopyData", i, [p, ctypes.POINTER(p), i]),
            ("PQfreemem", None, [p]),
            ("PQgetResult", p, [p]),
            ("PQtransactionStatus", i, [p]),
        ):
            function = getattr(lib, fn)
            function.restype, function.argtypes = restype, argtypes
        lib.unchecked_getvalue = lib["PQgetvalue"]  # a second function object, no argtypes
        lib.unchecked_getvalue.restype = s
        return lib
    return None


# -- values ---------------------------------------------------------------------------


def _numeric(value: bytes) -> Any:
    from decimal import Decimal

    return Decimal(value.decode("ascii"))


#: Result column type OID -> the value psycopg gives for its text form.
_CONVERT: dict[int, Callable[[bytes], Any]] = {
    16: lambda v: v == b"t",  # bool
    20: int,  # int8
    21: int,  # int2
    23: int,  # int4
    26: int,  # oid
    700: float,  # float4
    701: float,  # float8
    1700: _numeric,  # numeric: Decimal, as psycopg
    1082: lambda v: dt.date.fromisoformat(v.decode("ascii")),  # date (DateStyle ISO)
    **{oid: bytes.decode for oid in (18, 19, 25, 705, 1042, 1043)},  # char name text unknown
}


def _param(value: Any) -> tuple[int, bytes | None]:
    """The type OID and text form psycopg would send ``value`` with."""
    if value is None:
        return 0, None
    if isinstance(value, bool):
        return 16, b"t" if value else b"f"
    if isinstance(value, int):
        oid = 21 if -(1 << 15) <= value < 1 << 15 else 23 if -(1 << 31) <= value < 1 << 31 else 20
        return (oid if -(1 << 63) <= value < 1 << 63 else 1700), str(value).encode()
    if isinstance(value, str):
        if "\x00" in value:
            raise LibpqError("PostgreSQL text fields cannot contain NUL (0x00) bytes", "22021")
        return 0, value.encode("utf-8")
    if isinstance(value, float):
        return 701, repr(value).encode()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return 1082, value.isoformat().encode()
    raise TypeError(f"no PostgreSQL parameter for a {type(value).__name__}")


_QUOTED_OR_NAME = re.compile(r"('(?:[^']|'')*')|(::)|(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=256)
def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``:name`` to ``$1``, ``$2``... (one number per name) and the names in that order,
    leaving quoted text and ``::`` casts alone."""
    names: list[str] = []

    def swap(m: re.Match[str]) -> str:
        if m.group(3) is None:
            return m.group(0)
        if m.group(3) not in names:
            names.append(m.group(3))
        return f"${names.index(m.group(3)) + 1}"

    return _QUOTED_OR_NAME.sub(swap, sql), tuple(names)


# -- the connection -------------------------------------------------------------------


class Connection:
    """One libpq connection inside one read transaction (begun on opening)."""

    def __init__(self, lib: Any, conn: int) -> None:
        self._lib = lib
        self._conn = conn
        self._cursors = 0

    def _run(self, sql: str, params: Mapping[str, Any], expect: int = _TUPLES_OK) -> int:
        text, names = numbered(sql)
        typed = [_param(params[name]) for name in names]
        n = len(typed)
        lib = self._lib
        res = lib.PQexecParams(
            self._conn,
            text.encode("utf-8"),
            n,
            (ctypes.c_uint * n)(*(oid for oid, _ in typed)) if n else None,
            (ctypes.c_char_p * n)(*(v for _, v in typed)) if n else None,
            None,
            None,
            0,
        )
        self._check(res, expect)
        return int(res)

    def _check(self, res: int | None, expect: int = _TUPLES_OK) -> None:
        """Raise the server's error unless ``res`` has the status expected (or COMMAND_OK)."""
        lib = self._lib
        if not res:
            raise LibpqError(lib.PQerrorMessage(self._conn).decode("utf-8", "replace").strip())
        if lib.PQresultStatus(res) not in (_COMMAND_OK, expect):
            primary = lib.PQresultErrorField(res, _PRIMARY) or lib.PQresultErrorMessage(res)
            state = lib.PQresultErrorField(res, _SQLSTATE)
            lib.PQclear(res)
            message = primary.decode("utf-8", "replace").strip()
            raise LibpqError(message, state.decode("ascii") if state else None)

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Every row of the statement, as tuples of psycopg's values."""
        res = self._run(sql, params or {})
        lib = self._lib
        try:
            n = lib.PQntuples(res)
            columns = [self._column(res, j, n) for j in range(lib.PQnfields(res))]
            return list(zip(*columns, strict=True)) if columns else [()] * n
        finally:
            lib.PQclear(res)

    def _column(self, res: int, j: int, n: int) -> list[Any]:
        """Column ``j`` of the ``n`` rows of ``res``, converted.

        A column at a time, each step a call from C over the whole column (the cell calls
        unchecked: a third less time each than with their argtypes), so that a Python
        loop runs only over a column holding an empty text, to tell NULL from ``''``:
        the thousands of rows of a listing once cost more here than on the server.
        """
        lib = self._lib
        oid = lib.PQftype(res, j)
        to = _CONVERT.get(oid)
        if to is None:
            raise LibpqError(f"column {j + 1} has type OID {oid}: not a type reads expect")
        result = ctypes.c_void_p(res)
        cells = list(map(lib.unchecked_getvalue, repeat(result, n), range(n), repeat(j, n)))
        if b"" not in cells:
            return list(map(to, cells))
        isnull = lib.PQgetisnull
        return [None if v == b"" and isnull(res, i, j) else to(v) for i, v in enumerate(cells)]

    def batches(self, sql: str, params: Mapping[str, Any], size: int) -> Iterator[list[Row]]:
        """The rows ``size`` at a time through a server-side cursor (as psycopg's named one)."""
        self._cursors += 1
        name = f"provenance_read_{self._cursors}"
        declare = f"DECLARE {name} NO SCROLL CURSOR WITHOUT HOLD FOR {sql}"
        self._lib.PQclear(self._run(declare, params))  # each result is freed, even a command's
        while part := self.execute(f"FETCH FORWARD {int(size)} FROM {name}"):
            yield part
        self._lib.PQclear(self._run(f"CLOSE {name}", {}))

    def parameter(self, name: str) -> str | None:
        """A setting the server reported on connecting (``DateStyle``, ``server_version``...)."""
        value = self._lib.PQparameterStatus(self._conn, name.encode("ascii"))
        return value.decode("utf-8") if value is not None else None

    def copy_rows(self, sql: str) -> Iterator[bytes]:
        """The data of ``COPY ... TO STDOUT``, one row at a time, as the server wrote it."""
        lib = self._lib
        lib.PQclear(self._run(sql, {}, _COPY_OUT))
        buffer = ctypes.c_void_p()
        pointer, get, free, at = (
            ctypes.byref(buffer),
            lib.PQgetCopyData,
            lib.PQfreemem,
            ctypes.string_at,
        )
        while (size := get(self._conn, pointer, 0)) > 0:
            row = at(buffer, size)
            free(buffer)
            yield row
        while res := lib.PQgetResult(self._conn):  # the COPY's own end, or its error
            self._check(res, _COMMAND_OK)
            lib.PQclear(res)
        if size == -2:
            self._check(None)

    def close(self) -> None:
        """End the transaction if any (nothing was written) and the connection."""
        try:
            if self._lib.PQtransactionStatus(self._conn) != _IDLE:
                self._lib.PQclear(self._run("ROLLBACK", {}))
        finally:
            self._lib.PQfinish(self._conn)


def connect(conninfo: str) -> Connection:
    """A connection (no transaction begun yet); :class:`LibpqError` says why there is none.

    Text comes back in UTF-8 whatever the server's encoding (``client_encoding``)."""
    lib = _library()
    if lib is None:
        raise LibpqError("libpq is not installed")
    keywords = (ctypes.c_char_p * 3)(b"dbname", b"client_encoding", None)
    values = (ctypes.c_char_p * 3)(conninfo.encode("utf-8"), b"UTF8", None)
    conn = lib.PQconnectdbParams(keywords, values, 1)
    if not conn:
        raise LibpqError("out of memory")
    if lib.PQstatus(conn) != _CONNECTION_OK:
        message = lib.PQerrorMessage(conn).decode("utf-8", "replace").strip()
        lib.PQfinish(conn)
        raise LibpqError(message)
    return Connection(lib, conn)


def open_at_head(conninfo: str) -> Connection | None:
    """A connection in a read transaction when libpq loads, the server answers, speaks ISO
    dates and the database is at this code's schema; else None (psycopg's turn)."""
    if _library() is None:
        return None
    try:
        con = connect(conninfo)
    except LibpqError:
        return None
    if not (con.parameter("DateStyle") or "").startswith("ISO"):
        con.close()
        return None
    try:
        con.execute("BEGIN")
        ready = at_head(_Cursor(con), LibpqError)
        if ready:
            con.execute(NO_JIT)
    except BaseException:
        con.close()
        raise
    if not ready:
        con.close()
        return None
    return con


class _Cursor:
    """The two DB-API calls :func:`provenance.store.revision.at_head` makes."""

    def __init__(self, con: Connection) -> None:
        self._con = con
        self._rows: list[Row] = []

    def execute(self, sql: str) -> None:
        self._rows = self._con.execute(sql)

    def fetchone(self) -> Row | None:
        return self._rows[0] if self._rows else None
