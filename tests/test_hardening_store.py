"""Issue 12, the database side: no lost import, no stale "foreign file" verdict, no traceback.

Each case is a condition of the machine or a mistake in a command line (a busy or
read-only or full database, an unknown revision, a foreign file, a bad URL): the answer
is one ``Error: ...`` line and exit 1, and the database is left as it was.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPUS_CLAIMS, ROOT, SEEDS, Cli, db_snapshot, write_corpus
from sqlalchemy import create_engine, text


def one_error(result: Any, fragment: str) -> str:
    """The single ``Error:`` line of a failed command, which must contain ``fragment``."""
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert fragment in lines[0], lines[0]
    return str(lines[0])


def run(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
        **options,
    )


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "provenance", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def claim_count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM claims").fetchone()[0])
    finally:
        con.close()


def bad_file(folder: Path) -> Path:
    path = folder / "bad.yaml"
    path.write_text("format: provenance/v1\ndocument: {key: bad}\n", encoding="utf-8")
    return path


# -- item 1: a failed first import never deletes what another process wrote -----------


def test_a_failed_first_import_keeps_a_file_another_import_committed_to(
    tmp_path: Path, runner: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failing import has created the file; before its own check fails, a second
    import (a real process) opens the same file, commits and exits. The failure must
    not delete what that import committed."""
    import provenance.ingest.importer as writer

    good = write_corpus(tmp_path / "good", documents=1, prefix="good")
    db = tmp_path / "r.db"
    real_import = writer.import_paths

    def meanwhile_another_import(*args: Any, **kwargs: Any) -> Any:
        other = run("--db", str(db), "import", str(good))
        assert other.returncode == 0, other.stderr
        return real_import(*args, **kwargs)

    monkeypatch.setattr(writer, "import_paths", meanwhile_another_import)
    failed = Cli(runner, str(db))("import", str(bad_file(tmp_path)))  # type: ignore[arg-type]
    assert failed.exit_code == 1
    assert claim_count(db) == CORPUS_CLAIMS


def test_a_file_another_process_holds_is_never_deleted(tmp_path: Path) -> None:
    """Created here, still empty, but held by a running process: it stays."""
    from provenance.store.file_guard import create, discard_new

    db = tmp_path / "r.db"
    create(db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from provenance.store.file_guard import hold;"
            "owner = type('O', (), {})(); hold(Path(sys.argv[1]), owner);"
            "print('held', flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert not discard_new(db) and db.exists()
    finally:
        holder.kill()
        holder.wait()
    assert discard_new(db) and not db.exists()


def test_two_first_imports_at_once_never_lose_the_good_one(tmp_path: Path) -> None:
    """The issue's reproduction, a few rounds: the good import's claims are always there."""
    big = write_corpus(tmp_path / "big", documents=20)
    bad = bad_file(tmp_path)
    db = tmp_path / "r.db"
    for _ in range(4):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        good = start("--db", str(db), "import", str(big))
        failed = run("--db", str(db), "import", str(bad))
        _, good_err = good.communicate(timeout=300)
        assert failed.returncode == 1 and good.returncode == 0, good_err
        assert "Traceback" not in good_err + failed.stderr
        assert claim_count(db) == 20 * 50


def test_a_failed_first_import_alone_still_leaves_no_file(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    result = run("--db", str(db), "import", str(bad_file(tmp_path)))
    assert result.returncode == 1
    assert list(tmp_path.glob("r.db*")) == []


def test_first_runs_at_once_create_the_schema_once(tmp_path: Path) -> None:
    """Readers create a missing database too: four at once all see an empty database."""
    db = tmp_path / "r.db"
    procs = [start("--db", str(db), "claims", "--format", "json") for _ in range(4)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and json.loads(out) == [], err


# -- item 9: busy is busy -----------------------------------------------------------


def test_a_writer_holding_the_lock_past_the_timeout_is_reported_busy(
    sqlite_url: str, runner: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = Cli(runner, sqlite_url)  # type: ignore[arg-type]
    cli.ok("import", str(SEEDS))
    before = db_snapshot(sqlite_url)
    monkeypatch.setattr("provenance.store.engine.BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        line = one_error(cli("import", str(ROOT / "tests" / "data" / "multi")), "is busy")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "no provenance schema revision" not in line
    assert db_snapshot(sqlite_url) == before


# -- item 10 and 13: migrations --------------------------------------------------------


def test_upgrade_to_an_unknown_revision_is_one_error(cli: Cli) -> None:
    one_error(cli("db", "upgrade", "bogus"), "cannot upgrade to 'bogus'")


def test_downgrade_at_base_is_one_error(cli: Cli) -> None:
    cli.ok("db", "upgrade")
    cli.ok("db", "downgrade", "base")
    one_error(cli("db", "downgrade"), "nothing to downgrade")


def test_upgrade_of_a_newer_database_is_refused(seeded: Cli) -> None:
    engine = create_engine(seeded.url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = db_snapshot(seeded.url)
    one_error(seeded("db", "upgrade"), "schema revision 9999, unknown")
    assert db_snapshot(seeded.url) == before


def test_upgrade_of_a_foreign_database_is_refused_and_adds_nothing(cli: Cli) -> None:
    engine = create_engine(cli.url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE actors (id INTEGER PRIMARY KEY, nom TEXT)"))
    engine.dispose()
    before = db_snapshot(cli.url)
    for command in (("db", "upgrade"), ("import", str(SEEDS)), ("claims",)):
        one_error(cli(*command), "not created by provenance")
    assert db_snapshot(cli.url) == before  # no alembic_version, no provenance tables


# -- item 10 and 13: URLs ----------------------------------------------------------------


def test_a_port_that_is_not_a_number_is_one_error(runner: object) -> None:
    cli = Cli(runner, "postgresql://user:secret@localhost:abc/db")  # type: ignore[arg-type]
    line = one_error(cli("claims"), "cannot use database URL")
    assert "secret" not in line


def test_a_password_with_an_unencoded_at_is_masked_whole(runner: object) -> None:
    from provenance.config import mask_password

    assert mask_password("postgresql+psycopg://u:p@ss@host/db") == (
        "postgresql+psycopg://u:***@host/db"
    )
    cli = Cli(runner, "postgresql://user:pa@ss@127.0.0.1:1/db")  # type: ignore[arg-type]
    line = one_error(cli("claims"), "cannot open database")
    assert "ss@" not in line and "pa@" not in line
    assert "127.0.0.1" in line  # the host is the part after the last @


def test_a_huge_columns_value_is_not_a_crash(seeded: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("1e20", str(10**20)):
        monkeypatch.setenv("COLUMNS", value)
        result = seeded("claims")
        assert result.exit_code == 0, result.exception
        assert max(len(line) for line in result.stdout.splitlines()) <= 4096


# -- item 10 and 13: read-only and full storage ----------------------------------------


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A seeded WAL database in a folder nobody may write: a read-only mount when root."""
    source = tmp_path / "source.db"
    assert run("--db", str(source), "import", str(SEEDS), "-q").returncode == 0
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        shutil.copy(source, folder / "p.db")
        (folder / "p.db").chmod(0o444)
        folder.chmod(0o555)
        yield folder / "p.db"
        folder.chmod(0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)]).returncode:
        pytest.skip("cannot mount a tmpfs")
    try:
        shutil.copy(source, folder / "p.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder / "p.db"
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_read_only_wal_database_can_be_read(read_only_copy: Path) -> None:
    assert read_only_copy.read_bytes()[18:20] == b"\x02\x02"  # the header says WAL
    claims = run("--db", str(read_only_copy), "claims", "--format", "json")
    assert claims.returncode == 0, claims.stderr
    assert len(json.loads(claims.stdout)) == 36
    for command in (["chain", "osdh-daech-took-city"], ["export", "csv"], ["db", "check"]):
        result = run("--db", str(read_only_copy), *command)
        assert result.returncode == 0 and result.stdout, (command, result.stderr)


def test_importing_into_a_read_only_database_is_one_error(
    read_only_copy: Path, tmp_path: Path
) -> None:
    result = run("--db", str(read_only_copy), "import", str(ROOT / "tests" / "data" / "multi"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot write to database {read_only_copy}: it or its folder is read-only"
    ]


def test_importing_on_a_full_disk_is_one_error(tmp_path: Path) -> None:
    """RLIMIT_FSIZE stands in for a full disk: writes past 1 MiB fail (EFBIG)."""
    corpus = write_corpus(tmp_path / "big", documents=40)
    db = tmp_path / "full.db"
    assert run("--db", str(db), "db", "upgrade").returncode == 0
    before = db_snapshot(f"sqlite:///{db}")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    result = run("--db", str(db), "import", str(corpus), preexec_fn=limit)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot "), result.stderr
    assert "disk is full" in lines[0] or "input/output error" in lines[0]
    assert db_snapshot(f"sqlite:///{db}") == before


# -- item 13: affiliation cycles ---------------------------------------------------------


def actors_file(folder: Path, name: str, actors: list[dict[str, str]]) -> Path:
    annotation = {
        "format": "provenance/v1",
        "document": {"key": name, "text": "Someone said something."},
        "actors": actors,
        "claims": [
            {
                "key": "c1",
                "quote": "Someone said something.",
                "kind": "other",
                "originator": actors[0]["key"],
            }
        ],
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(annotation), encoding="utf-8")
    return path


def test_db_check_reports_an_affiliation_cycle_split_across_imports(
    cli: Cli, tmp_path: Path
) -> None:
    first = actors_file(
        tmp_path,
        "first",
        [
            {"key": "unit-a", "name": "A", "kind": "military", "affiliation": "unit-b"},
            {"key": "unit-b", "name": "B", "kind": "military"},
        ],
    )
    second = actors_file(
        tmp_path,
        "second",
        [{"key": "unit-b", "name": "B", "kind": "military", "affiliation": "unit-a"}],
    )
    cli.ok("import", str(first))
    cli.ok("db", "check")
    imported = cli("import", str(second))
    if imported.exit_code != 0:  # refused at import: the better answer, if it names the cycle
        assert "cycle" in imported.stderr
        return
    result = cli("db", "check")
    assert result.exit_code == 1
    assert "actor unit-a: affiliation cycle: unit-a -> unit-b -> unit-a" in result.stdout


def test_affiliation_cycles_are_found_once_each(cli: Cli) -> None:
    from provenance.store.affiliations import affiliation_cycles

    cli.ok("db", "upgrade")
    engine = create_engine(cli.url)
    with engine.begin() as conn:
        for i, key in enumerate(["x", "y", "z", "solo", "leaf", "top"], start=1):
            conn.execute(
                text("INSERT INTO actors (id, key, name, kind) VALUES (:i, :k, :n, 'person')"),
                {"i": i, "k": key, "n": key},
            )
        # x -> y -> z -> x, solo -> solo, leaf -> top (no cycle), top -> x (into a cycle)
        for child, parent in [(1, 2), (2, 3), (3, 1), (4, 4), (5, 6), (6, 1)]:
            conn.execute(
                text("UPDATE actors SET affiliation_id = :p WHERE id = :c"),
                {"p": parent, "c": child},
            )
        assert affiliation_cycles(conn) == [
            "actor solo: affiliation cycle: solo -> solo",
            "actor x: affiliation cycle: x -> y -> z -> x",
        ]
    engine.dispose()
