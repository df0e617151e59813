"""The SQLite fast path of ``export csv`` (claims table): same bytes as the generic path,
one snapshot across its two processes, and clean failures."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import DATASETS, MULTI, SEEDS, Cli, generated_db, generic

from provenance.export import claims_sqlite


@pytest.fixture(params=sorted(DATASETS))
def loaded(request: pytest.FixtureRequest, runner: Any, sqlite_url: str) -> Cli:
    cli = Cli(runner, sqlite_url)
    cli.ok("import", *map(str, DATASETS[request.param]))
    return cli


@pytest.fixture
def multi(runner: Any, sqlite_url: str) -> Cli:
    """The seed and tests/data/multi in an SQLite file (the fast path reads only those)."""
    cli = Cli(runner, sqlite_url)
    cli.ok("import", str(SEEDS), str(MULTI))
    return cli


def db_path(cli: Cli) -> Path:
    return Path(cli.url.removeprefix("sqlite:///"))


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("raw", [False, True])
def test_same_bytes_as_the_generic_path(
    loaded: Cli, workers: str, raw: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(claims_sqlite.WORKERS_ENV, workers)
    args = ["export", "csv", *(["--raw"] if raw else [])]
    fast = loaded.ok(*args).stdout_bytes
    assert fast == generic(loaded.url, raw=raw)
    plan = claims_sqlite.plan(db_path(loaded))
    assert plan is not None and (plan.middle is not None) == (workers == "2")


def test_the_split_goes_through_the_middle_and_keeps_every_row(
    multi: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plan = claims_sqlite.plan(db_path(multi), workers=2)
    assert plan is not None and plan.middle is not None
    with sqlite3.connect(db_path(multi)) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM claims ORDER BY id")]
    assert plan.claims == len(ids) and plan.middle == ids[len(ids) // 2]
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "claims.csv"
    monkeypatch.setenv(claims_sqlite.WORKERS_ENV, "2")
    done = multi.ok("export", "csv", "--bom", "-o", str(target))
    assert f"Wrote {len(ids)} claims to {target}" in done.stderr
    body = target.read_bytes()
    assert body.startswith("\ufeffdocument,key,".encode())
    assert body.removeprefix("\ufeff".encode()) == generic(multi.url)
    assert [p.name for p in target.parent.iterdir()] == ["claims.csv"]  # no partial file left


def test_a_busy_write_lock_means_one_process_not_a_wait(
    loaded: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(claims_sqlite.WORKERS_ENV, "2")
    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    other = sqlite3.connect(db_path(loaded), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # as an import running meanwhile would
        started = time.monotonic()
        fast = loaded.ok("export", "csv").stdout_bytes
        assert time.monotonic() - started < 10  # the barrier gave up at once, no 30 s wait
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert forks == [1]  # the child was started, then told to stop
    assert fast == generic(loaded.url)


def test_a_commit_during_the_export_reaches_neither_half(
    multi: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent commits a change as soon as the barrier is down; both halves predate it."""
    before = generic(multi.url)
    path = db_path(multi)
    real = claims_sqlite._write_rows
    committed_read, committed = os.pipe()  # the parent tells the child it has committed

    def write_after_a_commit(con: Any, out: Any, raw: bool, **where: Any) -> int:
        if where.get("below") is not None:  # the parent's half, after the barrier
            with sqlite3.connect(path, timeout=30) as writer:
                writer.execute("UPDATE claims SET statement = 'CHANGED'")
            os.write(committed, b"c")
        else:
            os.read(committed_read, 1)  # the child reads only after the commit
        return real(con, out, raw, **where)

    monkeypatch.setattr(claims_sqlite, "_write_rows", write_after_a_commit)
    monkeypatch.setenv(claims_sqlite.WORKERS_ENV, "2")
    exported = multi.ok("export", "csv").stdout_bytes
    assert b"CHANGED" not in exported
    assert exported == before
    monkeypatch.undo()
    assert b"CHANGED" in multi.ok("export", "csv").stdout_bytes


def test_a_failing_child_is_replaced_by_the_parent(
    multi: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A full $TMPDIR in the child: the parent writes that half too, from its snapshot."""
    parent = os.getpid()
    real = claims_sqlite._write_rows

    def full_disk_in_child(con: Any, out: Any, raw: bool, **where: Any) -> int:
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        return real(con, out, raw, **where)

    monkeypatch.setattr(claims_sqlite, "_write_rows", full_disk_in_child)
    monkeypatch.setenv(claims_sqlite.WORKERS_ENV, "2")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "claims.csv"
    done = multi.ok("export", "csv", "-o", str(target))
    assert target.read_bytes() == generic(multi.url)
    assert [p.name for p in target.parent.iterdir()] == ["claims.csv"]
    assert "Wrote 42 claims" in done.stderr


def test_a_child_gone_before_it_starts_means_one_process(
    multi: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims_sqlite, "_child", lambda *args: 1)  # exits at once
    monkeypatch.setenv(claims_sqlite.WORKERS_ENV, "2")
    assert multi.ok("export", "csv").stdout_bytes == generic(multi.url)


def test_the_childs_half_reaches_a_text_only_stream_whole() -> None:
    """Appended through a text stream, no character is cut at a chunk boundary."""
    import tempfile

    body = ("é" * 700_000 + "\r\n" + "漢字" * 300_000).encode("utf-8")
    with tempfile.TemporaryFile() as spill:
        spill.write(body)
        out = io.StringIO(newline="")
        claims_sqlite._append(spill, out)
    assert out.getvalue().encode("utf-8") == body


def test_a_bad_workers_setting_is_a_clear_error(
    multi: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(claims_sqlite.WORKERS_ENV, "lots")
    done = multi("export", "csv")
    assert done.exit_code == 1
    assert done.stderr.strip() == "Error: PROVENANCE_EXPORT_WORKERS must be 1 or 2, not 'lots'"


def test_files_the_fast_path_leaves_to_the_generic_one(tmp_path: Path) -> None:
    assert claims_sqlite.plan(tmp_path / "absent.db") is None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert claims_sqlite.plan(junk) is None
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert claims_sqlite.plan(empty) is None
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as con:
        con.execute("CREATE TABLE alembic_version (version_num TEXT)")
        con.execute("INSERT INTO alembic_version VALUES ('0001')")
    assert claims_sqlite.plan(old) is None


def test_an_old_schema_gets_the_usual_message(runner: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    cli = Cli(runner, url)
    cli.ok("db", "upgrade", "0002")
    done = cli("export", "csv")
    assert done.exit_code == 1
    assert "run `provenance db upgrade`" in done.stderr


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A database with enough claims to fork by the size rule (benchmarks' generator)."""
    return generated_db(tmp_path, 20000)


def test_a_real_process_split_in_two_and_a_reader_that_stops_early(big: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != claims_sqlite.WORKERS_ENV}
    plan = claims_sqlite.plan(big)
    assert plan is not None and plan.claims >= claims_sqlite.PARALLEL_FROM
    assert plan.middle is not None  # the size rule splits it (on a machine with two cores)
    command = [sys.executable, "-m", "provenance", "--db", str(big), "export", "csv"]
    done = subprocess.run(command, capture_output=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == generic(f"sqlite:///{big}")
    # `| head -c 1000`: the reader goes away; no traceback, and no worker left behind
    pipeline = subprocess.run(
        f'{" ".join(command)} | head -c 1000 > /dev/null; echo "${{PIPESTATUS[0]}}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in pipeline.stderr, pipeline.stderr
    assert pipeline.stdout.strip() in ("0", "1", "141"), pipeline
    leftovers = subprocess.run(
        ["pgrep", "-f", f"--db {big} export csv"], capture_output=True, text=True, check=False
    )
    assert leftovers.stdout == ""
