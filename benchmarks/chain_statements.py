"""The floor of ``provenance chain REF``: the very SQL statements the command runs.

    .venv/bin/python benchmarks/chain_statements.py DB REF --sql-out FILE

Runs the real CLI command in this process (so it follows whatever the package does today),
with every sqlite3 connection traced, whichever path opens it (SQLAlchemy's or the plain
sqlite3 one). Writes the statements it read with, parameters written in, to FILE, for
run.py to time in the ``sqlite3`` shell, and prints on stdout, as JSON, the command's warm
in-process time (the best of three runs after a cold one) and the number of statements.
That their plans search indexes and never scan a table is tests/test_query_plans.py's job.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sqlite3
import sys
import time
from typing import Any


def capture(argv: list[str], traced: list[str], sql_out: str) -> None:
    """Run ``provenance ARGV`` cold once then warm three times, ``traced`` filling with the
    statements; write the reads of one warm run to ``sql_out``, print the JSON summary."""
    from provenance.cli import app

    def run_once() -> float:
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            app(argv, prog_name="provenance", standalone_mode=False)
        return time.perf_counter() - t0

    run_once()  # cold: imports, first connection
    traced.clear()
    warm = min(run_once() for _ in range(3))
    statements = traced[: len(traced) // 3]
    reads = [s.strip() for s in statements if s.split(None, 1)[0].upper() in ("SELECT", "WITH")]
    with open(sql_out, "w", encoding="utf-8") as f:
        f.write("".join(f"{s};\n" for s in reads))
    print(json.dumps({"warm_s": warm, "statements": len(statements)}))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("db")
    p.add_argument("ref")
    p.add_argument("--sql-out", required=True)
    args = p.parse_args()

    traced: list[str] = []
    real = sqlite3.connect

    def connect(*a: Any, **kw: Any) -> sqlite3.Connection:
        con = real(*a, **kw)
        con.set_trace_callback(traced.append)  # each statement, its parameters written in
        return con

    sqlite3.connect = sqlite3.dbapi2.connect = connect  # type: ignore[assignment]

    capture(["--db", args.db, "chain", args.ref, "--format", "json"], traced, args.sql_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
