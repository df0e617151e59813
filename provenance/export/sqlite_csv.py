"""The claims CSV on SQLite, formatted by SQLite itself.

Fetching sixteen Python objects per row and passing them through ``csv.writer`` costs
more than SQLite's own work on the view; here each row arrives as one finished CSV line
(RFC 4180 minimal quoting, done in SQL), so Python only joins and writes lines. A row
with a cell that a spreadsheet would read as a formula comes back as NULL plus its id and
is written by the generic path (exact OWASP rule), which keeps ``--raw`` and the default
byte-identical to :func:`provenance.export.csv_tables.write_table`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TextIO

from sqlalchemy.engine import Connection

BATCH = 5000
_RISKY = "('=', '+', '-', '@', char(9), char(13))"


def _text(column: str) -> str:
    """A text cell as csv.writer (QUOTE_MINIMAL) would write it."""
    c = f'"{column}"'
    return (
        f"CASE WHEN {c} IS NULL THEN '' "
        f"WHEN instr({c}, ',') OR instr({c}, '\"') OR instr({c}, char(10)) "
        f"OR instr({c}, char(13)) THEN '\"' || replace({c}, '\"', '\"\"') || '\"' "
        f"ELSE {c} END"
    )


def _cell(column: str, kind: str) -> str:
    if kind == "int":
        return f"coalesce(CAST(\"{column}\" AS TEXT), '')"
    if kind == "bool":
        return f"CASE WHEN \"{column}\" THEN 'true' WHEN NOT \"{column}\" THEN 'false' ELSE '' END"
    return _text(column)


def claim_lines_sql(columns: Sequence[str], text_cells: Sequence[int], raw: bool) -> str:
    kinds = {"start": "int", "end": "int", "id": "int", "direct_quote": "bool"}
    line = " || ',' || ".join(_cell(c, kinds.get(c, "text")) for c in columns)
    if raw:
        return f"SELECT {line}, id FROM claim_table ORDER BY id"
    risky = " OR ".join(f'substr("{columns[i]}", 1, 1) IN {_RISKY}' for i in text_cells)
    return f"SELECT CASE WHEN {risky} THEN NULL ELSE {line} END, id FROM claim_table ORDER BY id"


def write_claim_lines(
    conn: Connection,
    out: TextIO,
    columns: Sequence[str],
    text_cells: Sequence[int],
    raw: bool,
    write_rows_by_id: Callable[[list[int]], None],
) -> int:
    """Stream the whole claims table; returns the row count."""
    dbapi: Any = conn.connection.dbapi_connection
    cursor = dbapi.cursor()
    try:
        cursor.execute(claim_lines_sql(columns, text_cells, raw))
        n = 0
        while batch := cursor.fetchmany(BATCH):
            n += len(batch)
            lines = [line for line, _ in batch]
            if None not in lines:
                out.write("\r\n".join(lines))
                out.write("\r\n")
                continue
            for line, claim_id in batch:
                if line is None:
                    write_rows_by_id([claim_id])
                else:
                    out.write(line)
                    out.write("\r\n")
        return n
    finally:
        cursor.close()
