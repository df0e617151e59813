"""An import killed mid-write (SIGKILL: no cleanup, no rollback code runs) loses nothing.

A corpus is imported by a separate process into a database that already holds the seed.
The process stops once every row is written and its transaction is still open (see
``helpers.StoppedImport``), and is killed there. The database must then open, pass
SQLite's ``PRAGMA integrity_check`` and ``provenance db check``, hold exactly what it held
before, and accept the next import.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import (
    ABOUT_TO_COMMIT,
    CORPUS_CLAIMS,
    Cli,
    StoppedImport,
    db_snapshot,
    size_of,
    write_corpus,
)

DOCUMENTS = 1000  # more rows than the import's page cache holds: SQLite spills into its log


def test_killed_import_leaves_the_database_as_it_was(seeded: Cli, tmp_path: Path) -> None:
    url = seeded.url
    corpus = write_corpus(tmp_path / "corpus", documents=DOCUMENTS)
    before = db_snapshot(url)

    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        logged = size_of(Path(f"{path}-wal"))
        with StoppedImport(url, corpus) as importer:
            importer.wait_for(ABOUT_TO_COMMIT)
            # the kill lands with the import's uncommitted pages in the write-ahead log
            assert size_of(Path(f"{path}-wal")) > logged + 1024 * 1024
            importer.kill()
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    else:
        from sqlalchemy import create_engine, text

        with StoppedImport(url, corpus) as importer:
            importer.wait_for(ABOUT_TO_COMMIT)
            importer.kill()
        # the server notices the dead client and rolls its transaction back, releasing its
        # locks: taking a lock the import's inserts hold waits for exactly that
        monitor = create_engine(url)
        try:
            with monitor.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '30s'"))
                conn.execute(text("LOCK TABLE claims, relays, documents IN SHARE MODE"))
        finally:
            monitor.dispose()

    assert db_snapshot(url) == before
    check = seeded.ok("db", "check")
    assert check.stdout.startswith("OK: ")
    # nothing is left locked: the next import goes through
    seeded.ok("import", str(corpus / "doc-0000.json"))
    assert len(seeded.json("claims", "--document", "doc-0000")) == CORPUS_CLAIMS
