"""Only `extract` may import spaCy: `--help` and `chain` must stay light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS


def imported(*args: str, cwd: Path) -> str:
    env = {**os.environ, "PROVENANCE_DATABASE_URL": str(cwd / "x.db")}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "provenance", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


def test_help_and_chain_never_import_spacy(tmp_path: Path) -> None:
    assert "spacy" not in imported("--help", cwd=tmp_path)
    imported("import", str(SEEDS), cwd=tmp_path)
    assert "spacy" not in imported("chain", "centcom-orchestrated", cwd=tmp_path)
    assert "spacy" not in imported("extract", "--help", cwd=tmp_path)


def test_extract_without_spacy_names_the_install_command(tmp_path: Path) -> None:
    blocker = tmp_path / "spacy.py"
    blocker.write_text("raise ImportError('no spacy here')\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("Le ministre a dit que tout va bien.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "extract", str(text)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert "pip install 'provenance[extract]'" in result.stderr
    assert result.stdout == ""
