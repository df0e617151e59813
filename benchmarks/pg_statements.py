"""The floor of any read command on PostgreSQL: the very SQL statements it runs, for psql.

    .venv/bin/python benchmarks/pg_statements.py URL --sql-out FILE -- COMMAND ARGS...

Runs the real CLI command in this process (so it follows whatever the package does today)
with every statement sent through psycopg or libpq recorded (the reads' own and SQLAlchemy's
alike), its parameters written in by psycopg's own client-side quoting. Writes the reads
(SELECT / WITH) of one warm run to FILE, for ``run.py --backend postgresql`` to time with
``psql -f FILE``, and prints on stdout, as JSON, the command's warm in-process time (best
of three after a cold run) and the number of statements.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_statements import capture


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("url")
    p.add_argument("--sql-out", required=True)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = p.parse_args(argv[:cut])
    command = argv[cut + 1 :]
    traced: list[str] = []

    for cursor_class in (psycopg.Cursor, psycopg.ServerCursor):
        real = cursor_class.execute

        def execute(
            self: Any, query: Any, params: Any = None, *a: Any, _real: Any = real, **k: Any
        ) -> Any:
            traced.append(psycopg.ClientCursor(self.connection).mogrify(query, params or None))
            return _real(self, query, params, *a, **k)

        cursor_class.execute = execute  # type: ignore[method-assign]

    # the reads on the system's libpq (provenance.store.libpq): same recording, the
    # parameters written in by psycopg's quoting on a connection of its own
    from provenance.store import libpq
    from provenance.store.reader import libpq_url, pyformat

    quoting = psycopg.ClientCursor(psycopg.connect(libpq_url(args.url) or ""))
    for method in ("execute", "batches"):
        real_method = getattr(libpq.Connection, method)

        def run(self: Any, sql: str, params: Any = None, *a: Any, _real: Any = real_method) -> Any:
            traced.append(quoting.mogrify(pyformat(sql), params or None))
            return _real(self, sql, params, *a)

        setattr(libpq.Connection, method, run)
    capture(["--db", args.url, *command], traced, args.sql_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
