"""Real processes, as a user runs them: the console script, python -m, another working folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SEEDS

SCRIPT = Path(sys.executable).parent / "provenance"


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def test_console_script_from_another_folder_uses_the_default_database(tmp_path: Path) -> None:
    env = {"PROVENANCE_DATABASE_URL": ""}  # fall back to ./provenance.db in the cwd
    result = run(str(SCRIPT), "import", str(SEEDS), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "provenance.db").exists()
    claims = json.loads(
        run(str(SCRIPT), "claims", "--format", "json", cwd=tmp_path, env=env).stdout
    )
    text = (SEEDS / "al-boukamal-2018-06-10.fr.txt").read_text(encoding="utf-8")
    assert all(text[c["start"] : c["end"]] == c["quote"] for c in claims)
    assert len(claims) == 36


def test_python_dash_m_and_environment_variable(tmp_path: Path) -> None:
    db = tmp_path / "elsewhere.db"
    env = {"PROVENANCE_DATABASE_URL": str(db)}
    result = run(sys.executable, "-m", "provenance", "import", str(SEEDS), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert db.exists() and not (tmp_path / "provenance.db").exists()
    out = run(
        sys.executable, "-m", "provenance", "chain", "centcom-orchestrated", cwd=tmp_path, env=env
    )
    assert "└── Tasnim News" in out.stdout


def test_errors_are_one_line_and_exit_codes_follow_the_contract(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    bad = run(str(SCRIPT), "--db", db, "claim", "nope", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.startswith("Error: ") and "Traceback" not in bad.stderr
    usage = run(str(SCRIPT), "--db", db, "claims", "--no-such-option", cwd=tmp_path)
    assert usage.returncode == 2
    missing = run(str(SCRIPT), "--db", db, "import", str(tmp_path / "absent.yaml"), cwd=tmp_path)
    assert missing.returncode == 1
    assert "absent.yaml: no such file or folder" in missing.stderr


def test_help_is_fast_to_reach_and_lists_the_commands(tmp_path: Path) -> None:
    result = run(str(SCRIPT), "--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("import", "validate", "claims", "claim", "chain", "actors", "export", "db"):
        assert f" {command} " in result.stdout or f" {command}\n" in result.stdout


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are my notes, not a database" * 200)
    result = run(str(SCRIPT), "--db", str(junk), "claims", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: cannot open database sqlite:///")
    assert "file is not a database" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["stats"], ["claims"], ["import", "SEEDS"]])
def test_a_one_byte_file_is_no_database_and_stays_as_it_was(
    tmp_path: Path, command: list[str]
) -> None:
    """SQLite takes a file of one byte for an empty database: a read command wrote a new
    schema over it, and the user's file was gone."""
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"x")
    args = [str(SEEDS) if a == "SEEDS" else a for a in command]
    result = run(str(SCRIPT), "--db", str(junk), *args, cwd=tmp_path)
    assert result.returncode == 1
    assert "file is not a database" in result.stderr
    assert junk.read_bytes() == b"x"
