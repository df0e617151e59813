"""Whether two SQLite databases of benchmarks/run.py hold the same rows.

An import and its floor must write the same rows: table by table for the floor with the
same checks (``baseline_import.py``), the ``claim_table`` view for the plain floor
(``plain_import.py``), which leaves out what the view does not show.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def compare_databases(a: Path, b: Path) -> list[str]:
    """Rows present in one database and not the other, table by table (empty: identical)."""
    con = sqlite3.connect(a)
    con.execute("ATTACH ? AS other", (str(b),))
    diffs = []
    for table in (
        "actors",
        "actor_aliases",
        "documents",
        "document_sources",
        "claims",
        "relays",
        "claim_relations",
    ):
        cols = [r[1] for r in con.execute(f"PRAGMA main.table_info({table})")]
        cols = [
            c
            for c in cols
            if c not in ("imported_at",) and not (table == "claim_relations" and c == "id")
        ]
        sel = ", ".join(f'"{c}"' for c in cols)
        for x, y in (("main", "other"), ("other", "main")):
            n = con.execute(
                f"SELECT count(*) FROM (SELECT {sel} FROM {x}.{table} "
                f"EXCEPT SELECT {sel} FROM {y}.{table})"
            ).fetchone()[0]
            if n:
                diffs.append(f"{table}: {n} rows in {x} not in {y}")
    con.close()
    return diffs


def compare_views(a: Path, b: Path) -> list[str]:
    """Rows of the ``claim_table`` view in one database and not the other (empty: same)."""
    con = sqlite3.connect(a)
    con.execute("ATTACH ? AS other", (str(b),))
    diffs = []
    for x, y in (("main", "other"), ("other", "main")):
        n = con.execute(
            f"SELECT count(*) FROM (SELECT * FROM {x}.claim_table "
            f"EXCEPT SELECT * FROM {y}.claim_table)"
        ).fetchone()[0]
        if n:
            diffs.append(f"claim_table: {n} rows in {x} not in {y}")
    con.close()
    return diffs
