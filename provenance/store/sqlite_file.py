"""Read-only SQLite access without SQLAlchemy, for the commands whose start-up is the cost.

Importing SQLAlchemy and the schema tables takes longer than the whole answer of ``chain REF``
or the first rows of ``export csv``: more than half of such a command's wall time. Those
commands first try a plain :mod:`sqlite3` connection through :func:`open_at_head`; when it
says no (not a file, not a database, another schema revision), the general path runs and
gives its usual answer or error.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from provenance.store.revision import at_head

#: How long a connection waits for another's lock (both paths: db.py uses it too).
BUSY_TIMEOUT_MS = 30_000


def read_only_uri(path: Path) -> str | None:
    """A ``file:`` URI that opens ``path`` read-only when it cannot be written, else None.

    A WAL database needs its ``-shm`` file even to read: on a read-only file SQLite must
    be told (``mode=ro``), and in a folder where ``-shm`` cannot be created, that nobody
    writes meanwhile (``immutable=1``, true when no ``-wal`` holds pending pages).
    """
    folder_writable = os.access(path.parent, os.W_OK)
    if folder_writable and os.access(path, os.W_OK):
        return None
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not folder_writable and not (wal.exists() and wal.stat().st_size > 0):
        uri += "&immutable=1"
    return uri


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are begun explicitly, as reads need."""
    uri = read_only_uri(path)
    if uri is None:
        con = sqlite3.connect(path, isolation_level=None)
    else:
        con = sqlite3.connect(uri, isolation_level=None, uri=True)
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
    if not at_head(con.cursor(), sqlite3.Error):
        con.close()
        return None
    return con
