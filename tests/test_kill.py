"""An import killed mid-write (SIGKILL: no cleanup, no rollback code runs) loses nothing.

A corpus large enough that the import takes a second or more is imported by a separate
``python -m provenance`` process into a database that already holds the seed. Once the
import is visibly writing, it is killed. The database must then open, pass SQLite's
``PRAGMA integrity_check`` and ``provenance db check``, hold exactly what it held
before, and accept the next import.

On SQLite "visibly writing" is the write-ahead log growing (the import's pages spill
into it long before the commit); on PostgreSQL it is the import's session having run an
INSERT inside its still-open transaction, as ``pg_stat_activity`` shows.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, Cli, db_snapshot

DOCUMENTS = 300
CLAIMS = 50
SOURCES = 7
RELAYS = 5


def write_corpus(
    folder: Path, documents: int = DOCUMENTS, claims: int = CLAIMS, prefix: str = "doc"
) -> Path:
    """``documents`` JSON annotations of ``claims`` claims each, inline text, chained relays.

    Every claim has a two-hop chain and supports the next one, so relays and relations
    are written too. Actors are shared (same definitions in every file).
    """
    folder.mkdir(parents=True, exist_ok=True)
    actors = [
        {"key": f"corpus-source-{i}", "name": f"Source {i}", "kind": "person"}
        for i in range(SOURCES)
    ] + [
        {"key": f"corpus-relay-{i}", "name": f"Relay {i}", "kind": "website"} for i in range(RELAYS)
    ]
    for d in range(documents):
        sentences = [
            f"Phrase {i} du document {prefix}-{d} : la source {i % SOURCES} affirme que "
            f"l’événement n°{i} a eu lieu."
            for i in range(claims)
        ]
        annotation = {
            "format": "provenance/v1",
            "document": {"key": f"{prefix}-{d:04d}", "text": " ".join(sentences)},
            "actors": actors,
            "claims": [
                {
                    "key": f"c{i}",
                    "quote": sentence,
                    "kind": "other",
                    "originator": f"corpus-source-{i % SOURCES}",
                    "chain": [
                        f"corpus-relay-{(i + 1) % RELAYS}",
                        f"corpus-relay-{(i + 2) % RELAYS}",
                    ],
                }
                for i, sentence in enumerate(sentences)
            ],
            "relations": [
                {"from": f"c{i}", "type": "supports", "to": f"c{i + 1}"} for i in range(claims - 1)
            ],
        }
        path = folder / f"{prefix}-{d:04d}.json"
        path.write_text(json.dumps(annotation, ensure_ascii=False), encoding="utf-8")
    return folder


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # not yet created, or removed by the last connection closing
        return 0


def start_import(url: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "provenance", "--db", url, "import", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def wait_until(proc: subprocess.Popen[str], writing: object, timeout: float = 60) -> None:
    """Poll ``writing()`` until true; fail if the import ends first (the corpus is too small)."""
    deadline = time.monotonic() + timeout
    while not writing():  # type: ignore[operator]
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(
                f"the import ended (exit {proc.returncode}) before it could be killed "
                f"mid-write; enlarge the corpus\n{out}{err}"
            )
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.005)


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the import finished before the kill landed"


def test_killed_import_leaves_the_database_as_it_was(seeded: Cli, tmp_path: Path) -> None:
    url = seeded.url
    corpus = write_corpus(tmp_path / "corpus")
    before = db_snapshot(url)

    proc = start_import(url, corpus)
    if url.startswith("sqlite"):
        wal = Path(url.removeprefix("sqlite:///") + "-wal")
        start_size = size_of(wal)
        wait_until(proc, lambda: size_of(wal) > start_size + 1024 * 1024)
        kill(proc)
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    else:
        from sqlalchemy import create_engine, text

        monitor = create_engine(url, isolation_level="AUTOCOMMIT")
        importing = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state IN ('active', 'idle in transaction') AND query ILIKE 'INSERT INTO%'"
        )
        sessions = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state NOT IN ('idle', 'disabled') AND backend_type = 'client backend'"
        )
        try:
            with monitor.connect() as conn:
                wait_until(proc, lambda: conn.execute(importing).scalar_one() > 0)
                kill(proc)
                # the server notices the dead client and rolls its transaction back
                deadline = time.monotonic() + 30
                while conn.execute(sessions).scalar_one() > 0:
                    assert time.monotonic() < deadline, "the killed import's session lingers"
                    time.sleep(0.05)
        finally:
            monitor.dispose()

    assert db_snapshot(url) == before
    check = seeded.ok("db", "check")
    assert check.stdout.startswith("OK: ")
    # nothing is left locked: the next import goes through
    seeded.ok("import", str(corpus / "doc-0000.json"))
    assert len(seeded.json("claims", "--document", "doc-0000")) == CLAIMS
