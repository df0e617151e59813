"""Writers never lose data silently: a write error is one line and exit 1, a failed
--output leaves no file, and --output never follows or replaces what it should not."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SEEDS, Cli

COMMANDS = [
    ["claims"],
    ["claims", "--format", "json"],
    ["chain", "--all"],
    ["stats"],
    ["export", "csv"],
    ["export", "csv", "--table", "relays"],
    ["export", "prov"],
    ["export", "graph", "osdh-daech-took-city"],
]


def run(db: Path, *args: str, stdout: Any = subprocess.PIPE, **kw: Any) -> Any:
    return subprocess.run(
        [sys.executable, "-m", "provenance", "--db", str(db), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        **kw,
    )


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sink") / "seed.db"
    assert run(db, "import", str(SEEDS)).returncode == 0
    return db


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
def test_a_full_stdout_is_one_error_line(seed_db: Path, command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = run(seed_db, *command, stdout=full)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "Error: cannot write to standard output: No space left on device\n"


@pytest.fixture
def full_folder(tmp_path: Path) -> Any:
    """A folder on a one-page tmpfs that a one-byte file has already filled."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr!r}")
    try:
        (folder / "filler").write_text("x")
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c[0] == "export"], ids=lambda c: "-".join(c)
)
def test_a_full_disk_leaves_no_output_file(
    seed_db: Path, full_folder: Path, command: list[str]
) -> None:
    target = full_folder / "out.txt"
    done = run(seed_db, *command, "--output", str(target))
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: cannot write {target}: No space left on device\n"
    assert os.listdir(full_folder) == ["filler"]


def test_output_never_follows_a_symlink(seeded: Cli, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "x.csv"
    link.symlink_to(victim)
    done = seeded("export", "csv", "--output", str(link))
    assert done.exit_code == 1
    assert done.stderr == f"Error: cannot write {link}: it is a symbolic link; give another path\n"
    assert victim.read_text() == "precious" and link.is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["victim", "x.csv"]


def test_output_refuses_a_fifo(seeded: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    done = seeded("export", "prov", "--output", str(fifo))
    assert done.exit_code == 1
    assert "is not a regular file" in done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_replaced_file_keeps_its_mode(seeded: Cli, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "x.csv"
    target.write_text("old")
    target.chmod(0o600)
    seeded.ok("export", "csv", "--output", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("document,key,quote")
    assert os.listdir(tmp_path) == ["x.csv"]


def test_a_new_file_gets_the_umask_mode(seeded: Cli, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        seeded.ok("export", "csv", "--output", str(tmp_path / "new.csv"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_a_huge_label_still_draws(cli: Cli, tmp_path: Path) -> None:
    from provenance.export.graph import LABEL_LIMIT

    cue = "selon " + "l'agence très longue & <bizarre> " * 2000  # 66 KB: dot refuses > 16 KB
    (tmp_path / "t.txt").write_text("Selon l'agence, il pleut.\n")
    annotation = {
        "format": "provenance/v1",
        "document": {"key": "d", "title": "t", "text_file": "t.txt", "publisher": "p"},
        "actors": [
            {"key": "p", "name": "P", "kind": "website"},
            {"key": "a", "name": "Agence & <bizarre> " * 20, "kind": "news_agency"},
        ],
        "claims": [{"key": "c", "quote": "il pleut", "originator": "a", "cue": cue}],
    }
    (tmp_path / "t.json").write_text(json.dumps(annotation))
    cli.ok("import", str(tmp_path / "t.json"))
    dot = cli.ok("export", "graph", "c").stdout
    assert len(dot) < 4 * 6 * LABEL_LIMIT
    if not os.environ.get("CI") and not _has_dot():
        return
    assert cli.ok("export", "graph", "c", "--format", "svg").stdout.startswith("<?xml")


def _has_dot() -> bool:
    from shutil import which

    return which("dot") is not None


def test_a_table_has_every_row_laid_out_before_its_rows_failed() -> None:
    """Lines are written a few hundred at a time: those of the rows read before an error
    are still written, once each."""
    import io

    from provenance.output import Style, table_columns, write_table

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(300):
            yield {"key": f"k{i}", "n": i}
        raise RuntimeError("the server went away")

    out = io.StringIO()
    with pytest.raises(RuntimeError):
        write_table(rows(), table_columns("key/1", "n=count"), out, Style(False))
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 + 300 and lines[-1].split() == ["k299", "299"]
