"""Read-only SQLite access without SQLAlchemy, for the commands whose start-up is the cost.

Importing SQLAlchemy and the ORM models takes longer than the whole answer of ``chain REF``
or the first rows of ``export csv``: more than half of such a command's wall time. Those
commands first try a plain :mod:`sqlite3` connection through :func:`open_at_head`; when it
says no (not a file, not a database, another schema revision), the general path runs and
gives its usual answer or error.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from provenance.store.revision import SCHEMA_HEAD

#: How long a connection waits for another's lock (both paths: db.py uses it too).
BUSY_TIMEOUT_MS = 30_000


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are begun explicitly, as reads need."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return con


def open_at_head(path: Path | None) -> sqlite3.Connection | None:
    """A connection to an existing provenance database at this code's schema, else None."""
    if path is None or not path.is_file():
        return None
    try:
        con = connect(path)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        con.close()
        return None
    if row is None or row[0] != SCHEMA_HEAD:
        con.close()
        return None
    return con
