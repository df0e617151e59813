"""The claims table of a PostgreSQL database as CSV, written by the server: ``export csv``'s
hot path there.

Why a second path beside :func:`provenance.export.csv_tables.write_table`: through a cursor,
every cell of every row becomes a Python object and then CSV text again, which made the
export 2.6x ``psql \\copy`` of the same view at 100k claims. Here the server writes the
CSV itself (``COPY (SELECT ...) TO STDOUT (FORMAT csv)``) and Python only finishes each row.
libpq hands COPY data over one whole row at a time (``PQgetCopyData``), so a row can be
finished without being parsed.

The bytes are those of the generic path (a test compares them, formula cells included):

* ``csv.writer`` ends rows with CRLF; COPY with LF, which each row swaps for CRLF. A line
  break inside a quoted cell is left as it is, by both.
* COPY quotes an empty string (``""``) to tell it from NULL; ``csv.writer`` writes nothing
  for both. Empty strings are read as NULL here.
* Dates are written in ISO form whatever the server's ``DateStyle``.
* The formula guard (:func:`provenance.output.neutralised`) stays in Python: a last column
  says whether a text cell of the row starts with a formula character, and only those rare
  rows are parsed, guarded by the very same function, and written again.

Nothing here imports SQLAlchemy, nor psycopg where the system has libpq: then the rows come
from ``PQgetCopyData`` through :mod:`provenance.store.libpq`, and psycopg's import (0.13 s) is no
longer ahead of the COPY.
When the database is not at this code's schema (or cannot be read), :func:`plan` says no
and the generic path answers with its usual error.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, TextIO

from provenance.errors import ExportError
from provenance.output import neutralised
from provenance.queries.columns import CLAIM_CELLS_SQL, CLAIM_TABLE_COLUMNS, CLAIM_TEXT_CELLS
from provenance.store.libpq import LibpqError, connect, open_at_head
from provenance.store.reader import libpq_url, postgresql_at_head

#: claim_table columns that are not text: written as the generic path writes them.
_NOT_TEXT = {"start": '"start"', "end": '"end"', "id": '"id"'}
_DATE = "to_char(\"date\", 'YYYY-MM-DD')"  # date.isoformat(): zero-padded year, any DateStyle
#: The characters that start a formula (provenance.output); SQL text of a set of them.
_FORMULA_START_SQL = "ARRAY['=', '+', '-', '@', chr(9), chr(13)]"


@dataclass(frozen=True)
class ExportPlan:
    """A database this path can export: its libpq connection string, and whether the
    system's libpq serves it (else psycopg does)."""

    conninfo: str
    on_libpq: bool = False


def plan(url: str) -> ExportPlan | None:
    """A plan for this database, or None when the generic path must answer instead."""
    conninfo = libpq_url(url)
    if conninfo is None:
        return None
    checked = open_at_head(conninfo)  # no psycopg to import
    if checked is not None:
        checked.close()
        return ExportPlan(conninfo, on_libpq=True)
    con = postgresql_at_head(url)
    if con is None:
        return None
    con.close()
    return ExportPlan(conninfo)


def statement() -> str:
    """The COPY statement: the claims-table cells, then the formula flag."""
    cells = []
    for column, cell in zip(CLAIM_TABLE_COLUMNS, CLAIM_CELLS_SQL, strict=True):
        if column == "date":
            cells.append(_DATE)
        elif column in _NOT_TEXT or column == "direct_quote":
            cells.append(cell)
        else:
            cells.append(f"NULLIF({cell}, '')")
    flag = " OR ".join(
        f'left("{CLAIM_TABLE_COLUMNS[i]}", 1) = ANY ({_FORMULA_START_SQL})'
        for i in CLAIM_TEXT_CELLS
    )
    cells.append(f"CASE WHEN {flag} THEN 'f' END")
    select = f"SELECT {', '.join(cells)} FROM claim_table ORDER BY id"
    return f"COPY ({select}) TO STDOUT (FORMAT csv)"


def write_claims(plan: ExportPlan, out: TextIO, *, raw: bool = False) -> int:
    """Write the header and every claim, ordered by id; returns the number of rows."""
    csv.writer(out, lineterminator="\r\n").writerow(CLAIM_TABLE_COLUMNS)
    if plan.on_libpq:
        try:
            server = connect(plan.conninfo)
            try:
                return _finish_rows(server.copy_rows(statement()), out, raw)
            finally:
                server.close()
        except LibpqError as exc:
            raise ExportError(f"cannot export the claims table: {_first_line(exc)}") from None
    import psycopg

    try:
        # one statement: one snapshot
        with psycopg.connect(plan.conninfo) as con, con.cursor().copy(statement()) as copy:
            return _finish_rows(copy, out, raw)
    except psycopg.Error as exc:
        raise ExportError(f"cannot export the claims table: {_first_line(exc)}") from None


def _finish_rows(copy: Any, out: TextIO, raw: bool) -> int:
    n = 0
    write = out.write
    for data in copy:
        row = bytes(data)
        n += 1
        if row.endswith(b",\n"):  # no formula cell: the common case
            write(row[:-2].decode("utf-8"))
            write("\r\n")
        else:  # ends with ",f\n"
            write(_guarded(row[:-3].decode("utf-8"), raw))
    return n


def _guarded(line: str, raw: bool) -> str:
    """A row with a formula-looking text cell, as the generic path writes it."""
    cells: list[Any] = next(csv.reader(io.StringIO(line, newline="")))
    for i in (CLAIM_TABLE_COLUMNS.index(c) for c in _NOT_TEXT):
        cells[i] = int(cells[i])  # numbers are not text to the guard (a negative is not a formula)
    rows = [cells] if raw else neutralised([cells], CLAIM_TEXT_CELLS)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
