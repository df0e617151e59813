"""Browse and publish: ``export sqlite`` (a copy of the corpus as one file) and ``serve``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MULTI, SEEDS, Cli, db_snapshot
from typer.testing import CliRunner

SEARCHES = ["attaques", "Frappé", "americains"]


@pytest.fixture
def copied(multi: Cli, tmp_path: Path) -> tuple[Cli, Cli]:
    """The seed and tests/data/multi on either backend, and their copy as an SQLite file."""
    target = tmp_path / "copy.db"
    result = multi.ok("export", "sqlite", str(target))
    assert result.stdout == ""
    assert result.stderr == (
        f"Wrote {target}: 21 actors, 67 actor_aliases, 3 documents, 42 claims, "
        "8 document_sources, 30 claim_relations, 22 relays\n"
    )
    return multi, Cli(multi.runner, str(target))


@pytest.fixture
def cli_sqlite(runner: CliRunner, sqlite_url: str) -> Cli:
    return Cli(runner, sqlite_url)


def test_copy_answers_like_the_original(copied: tuple[Cli, Cli]) -> None:
    original, copy = copied
    assert "OK: schema at" in copy.ok("db", "check").stdout
    assert copy.json("claims") == original.json("claims")
    assert copy.json("actors") == original.json("actors")
    assert copy.json("contradictions") == original.json("contradictions")
    for words in SEARCHES:  # the FTS index was filled
        found = copy.json("claims", "--search", words)
        assert found, words
        assert found == original.json("claims", "--search", words)


def test_copy_of_an_sqlite_file_has_the_same_rows(sqlite_url: str, cli_sqlite: Cli) -> None:
    cli_sqlite.ok("import", str(SEEDS), str(MULTI))
    target = Path(sqlite_url.removeprefix("sqlite:///")).with_name("copy.db")
    cli_sqlite.ok("export", "sqlite", str(target))
    # FTS5's own b-tree pages are laid out by insert order and batch: compare the rows
    assert _rows(f"sqlite:///{target}") == _rows(sqlite_url)


def _rows(url: str) -> list[tuple[str, list[tuple[object, ...]]]]:
    return [t for t in db_snapshot(url) if not t[0].startswith(("claims_fts", "sqlite_stat"))]


def test_copy_refuses_to_overwrite_unless_forced(seeded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    result = seeded("export", "sqlite", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} exists; give --force to replace it\n"
    assert target.read_text() == "keep me"
    seeded.ok("export", "sqlite", str(target), "--force")
    assert Cli(seeded.runner, str(target)).json("claims") == seeded.json("claims")
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.db"]


def test_copy_refuses_its_own_source_and_a_missing_folder(
    cli_sqlite: Cli, sqlite_url: str, tmp_path: Path
) -> None:
    cli_sqlite.ok("import", str(SEEDS))
    source = Path(sqlite_url.removeprefix("sqlite:///"))
    before = db_snapshot(sqlite_url)
    result = cli_sqlite("export", "sqlite", str(source), "--force")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {source} is the database being copied\n",
    )
    assert db_snapshot(sqlite_url) == before
    missing = tmp_path / "nowhere" / "copy.db"
    result = cli_sqlite("export", "sqlite", str(missing))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write {missing}: folder {missing.parent} does not exist\n",
    )


def test_a_failed_copy_leaves_no_file(seeded: Cli, tmp_path: Path) -> None:
    """The copy is renamed into place only when complete: a failure leaves nothing behind."""
    from sqlalchemy import create_engine, text

    target = tmp_path / "copy.db"
    # a document whose publisher does not exist: the copy's foreign keys refuse it at commit
    engine = create_engine(seeded.url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            pytest.skip("PostgreSQL enforces the key itself; the broken source is SQLite-only")
        conn.execute(text("PRAGMA foreign_keys = OFF"))
        conn.execute(text("UPDATE documents SET publisher_id = 9999"))
    engine.dispose()
    result = seeded("export", "sqlite", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database breaks its own constraints")
    assert list(tmp_path.glob("*copy*")) == []
