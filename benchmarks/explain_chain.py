"""Every SQL statement ``provenance chain REF --format json`` runs, with its query plan.

    .venv/bin/python benchmarks/explain_chain.py DB REF [--sql-out FILE] [--json]

Runs the real CLI command in this process (so it follows whatever the package does today),
records each statement (through an SQLAlchemy ``before_cursor_execute`` listener, and a
tracing connection for the plain-sqlite3 fast path of ``provenance.store.sqlite_file``), then
prints ``EXPLAIN QUERY PLAN`` for each. ``SCAN`` of a base table (as opposed to SEARCH
through an index) is flagged. ``--sql-out`` writes the statements with their parameters
inlined, for timing the same work in the ``sqlite3`` shell. ``--json`` prints a summary
(warm in-process time, statements, scans) on the last line for run.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
import sys
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine

TABLES = (
    "claims",
    "relays",
    "documents",
    "actors",
    "actor_aliases",
    "claim_relations",
    "document_sources",
)
SCAN = re.compile(r"\bSCAN (\w+)")


def literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def inline(sql: str, params: object) -> str:
    if not params:
        return sql
    given = list(params) if isinstance(params, (list, tuple)) else []
    values = iter(given)

    def value(m: re.Match[str]) -> str:  # ?NNN names a parameter, plain ? takes the next
        return literal(given[int(m.group(1)) - 1] if m.group(1) else next(values))

    return re.sub(r"\?(\d*)", value, sql)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    db, ref = args[0], args[1]
    sql_out = None
    if "--sql-out" in sys.argv:
        sql_out = sys.argv[sys.argv.index("--sql-out") + 1]
        args.remove(sql_out)
    captured: list[tuple[str, object]] = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    # the plain-sqlite3 path (provenance.store.sqlite_file) bypasses SQLAlchemy: trace it too
    import provenance.store.sqlite_file as sqlite_read

    class Tracing(sqlite3.Connection):
        def execute(self, sql: str, params: object = (), /) -> sqlite3.Cursor:  # type: ignore[override]
            captured.append((sql, params))
            return super().execute(sql, params)  # type: ignore[arg-type]

    def traced_connect(path: object) -> sqlite3.Connection:
        con = sqlite3.connect(path, isolation_level=None, factory=Tracing)  # type: ignore[arg-type]
        con.execute(f"PRAGMA busy_timeout = {sqlite_read.BUSY_TIMEOUT_MS}")
        return con

    sqlite_read.connect = traced_connect  # type: ignore[assignment]

    from provenance.cli import app

    def run_once() -> float:
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            app(
                ["--db", db, "chain", ref, "--format", "json"],
                prog_name="provenance",
                standalone_mode=False,
            )
        return time.perf_counter() - t0

    run_once()  # cold: imports, first connection
    captured.clear()
    warm = min(run_once() for _ in range(3))
    n = len(captured) // 3
    statements = captured[:n]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    scans: list[str] = []
    literal_sql: list[str] = []
    quiet = "--json" in sys.argv
    out = sys.stderr if quiet else sys.stdout
    for i, (sql, params) in enumerate(statements, start=1):
        head = sql.lstrip().split(None, 1)[0].upper()
        if head not in ("SELECT", "WITH"):
            continue
        literal_sql.append(inline(sql, params).strip() + ";")
        print(f"-- statement {i}: {' '.join(sql.split())[:160]}...", file=out)
        print(f"   params: {params!r}"[:200], file=out)
        for row in con.execute("EXPLAIN QUERY PLAN " + sql, params or ()):
            detail = row[-1]
            flag = ""
            m = SCAN.search(detail)
            if m and m.group(1).rstrip("_0123456789") in TABLES:
                flag = "   <-- SCAN of a base table"
                scans.append(f"statement {i}: {detail}")
            print(f"   {detail}{flag}", file=out)
    if sql_out:
        with open(sql_out, "w", encoding="utf-8") as f:
            f.write("\n".join(literal_sql) + "\n")
    summary = {"warm_s": warm, "statements": len(statements), "scans": scans}
    print(
        json.dumps(summary)
        if quiet
        else f"\nwarm in-process: {warm * 1000:.1f} ms; "
        f"{len(statements)} statements; base-table scans: {scans or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
