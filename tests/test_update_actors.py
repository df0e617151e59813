"""``import --update-actors``: correcting a stored actor by importing its fixed definition.

Without the flag a differing definition is refused (tests/test_import.py); with it, the
fields the files set replace the stored ones, each change is named on stderr, and the run
stays all or nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import Cli, db_snapshot, query

from provenance.ingest.check_worker import WORKERS_ENV

DOC = "al-boukamal-2018-06-10"
YAML = f"{DOC}.yaml"


def edit_actor(folder: Path, key: str, **fields: object) -> None:
    """Set fields of one actor of the seed copy's annotation (None removes a field)."""
    path = folder / YAML
    data = yaml.safe_load(path.read_text("utf-8"))
    actor = next(a for a in data["actors"] if a["key"] == key)
    for name, value in fields.items():
        if value is None:
            actor.pop(name, None)
        else:
            actor[name] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def actor_row(cli: Cli, key: str) -> dict[str, object]:
    (row,) = query(
        cli.url,
        "SELECT a.name, a.kind, a.country, a.state_affiliated, p.key AS affiliation "
        "FROM actors a LEFT JOIN actors p ON p.id = a.affiliation_id WHERE a.key = :key",
        key=key,
    )
    return dict(row._mapping)


def test_without_the_flag_the_refusal_names_it(seeded: Cli, seed_copy: Path) -> None:
    before = db_snapshot(seeded.url)
    edit_actor(seed_copy, "tasnim", country="IQ")
    result = seeded("import", str(seed_copy))
    assert result.exit_code == 1
    assert "actor 'tasnim' differs from the database: country 'IR' (database)" in result.stderr
    assert "--update-actors" in result.stderr
    assert db_snapshot(seeded.url) == before


def test_the_files_values_replace_the_stored_ones(seeded: Cli, seed_copy: Path) -> None:
    edit_actor(seed_copy, "tasnim", country="IQ", name="Agence Tasnim", kind="broadcaster")
    edit_actor(seed_copy, "syrian-military-source", affiliation="russian-mod")
    result = seeded("import", "--update-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    assert "actors: 0 added, 2 updated" in result.stdout
    lines = result.stderr.splitlines()
    assert "Updated actor 'tasnim': country 'IR' -> 'IQ'" in lines
    assert "Updated actor 'tasnim': name 'Tasnim News' -> 'Agence Tasnim'" in lines
    assert "Updated actor 'tasnim': kind 'news_agency' -> 'broadcaster'" in lines
    assert (
        "Updated actor 'syrian-military-source': affiliation 'syrian-army' -> 'russian-mod'"
        in lines
    )
    assert actor_row(seeded, "tasnim") == {
        "name": "Agence Tasnim",
        "kind": "broadcaster",
        "country": "IQ",
        "state_affiliated": True,
        "affiliation": None,
    }
    assert actor_row(seeded, "syrian-military-source")["affiliation"] == "russian-mod"
    # the listings show the new name; the old one still finds the actor
    claim = next(c for c in seeded.json("claims", "--relayed-by", "tasnim"))
    assert "Agence Tasnim" in [hop["name"] for chain in claim["chains"] for hop in chain]
    assert seeded.json("claims", "--relayed-by", "Tasnim News")
    # the same files again: nothing left to change
    again = seeded.ok("import", "--update-actors", str(seed_copy))
    assert "actors: 0 added, 0 updated" in again.stdout
    assert "Updated" not in again.stderr
    # and the flag is no longer needed
    seeded.ok("import", str(seed_copy))


def test_validate_says_what_would_change_and_writes_nothing(seeded: Cli, seed_copy: Path) -> None:
    before = db_snapshot(seeded.url)
    edit_actor(seed_copy, "tasnim", country="IQ")
    result = seeded("validate", "--update-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    assert "Would update actor 'tasnim': country 'IR' -> 'IQ'" in result.stderr.splitlines()
    assert db_snapshot(seeded.url) == before


def test_a_field_the_file_leaves_out_keeps_its_stored_value(seeded: Cli, seed_copy: Path) -> None:
    edit_actor(seed_copy, "tasnim", country=None, description=None)
    result = seeded.ok("import", "--update-actors", str(seed_copy))
    assert "Updated" not in result.stderr
    assert actor_row(seeded, "tasnim")["country"] == "IR"


def test_a_failing_run_updates_no_actor(seeded: Cli, seed_copy: Path) -> None:
    before = db_snapshot(seeded.url)
    edit_actor(seed_copy, "tasnim", country="IQ")
    path = seed_copy / YAML
    data = yaml.safe_load(path.read_text("utf-8"))
    data["claims"][-1]["originator"] = "tasnimm"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = seeded("import", "--update-actors", str(seed_copy))
    assert result.exit_code == 1
    assert "unknown actor 'tasnimm'" in result.stderr
    assert "Updated" not in result.stderr
    assert db_snapshot(seeded.url) == before


def test_an_update_closing_an_affiliation_cycle_is_refused(seeded: Cli, seed_copy: Path) -> None:
    before = db_snapshot(seeded.url)
    # the source belongs to the army: the army cannot belong to the source
    edit_actor(seed_copy, "syrian-army", affiliation="syrian-military-source")
    result = seeded("import", "--update-actors", str(seed_copy))
    assert result.exit_code == 1
    assert "affiliations form a cycle" in result.stderr
    assert db_snapshot(seeded.url) == before


def test_two_files_of_one_run_must_still_agree(seeded: Cli, tmp_path: Path) -> None:
    for name, country in (("a", "IQ"), ("b", "SY")):
        (tmp_path / f"{name}.yaml").write_text(
            "format: provenance/v1\nactors:\n"
            f"  - {{key: tasnim, name: Tasnim News, kind: news_agency, country: {country}}}\n",
            "utf-8",
        )
    before = db_snapshot(seeded.url)
    result = seeded("import", "--update-actors", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert result.exit_code == 1
    assert "actor 'tasnim' is defined differently in" in result.stderr
    assert db_snapshot(seeded.url) == before


@pytest.mark.parametrize("workers", ["1", "2"])
def test_both_import_paths_update(
    seeded: Cli, seed_copy: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """The checks run in a child process on a large SQLite run: the flag reaches it."""
    monkeypatch.setenv(WORKERS_ENV, workers)
    edit_actor(seed_copy, "presstv", country="GB")
    result = seeded("import", "--update-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    assert "Updated actor 'presstv': country 'IR' -> 'GB'" in result.stderr.splitlines()
    assert actor_row(seeded, "presstv")["country"] == "GB"


def test_on_postgresql_an_actor_written_meanwhile_is_compared_after_the_wait(
    pg_url: str, tmp_path: Path
) -> None:
    """Another import set the stored actor's country (not yet committed) while this one,
    which sets it differently, was checked: the writer compared against the row it read
    before the lock and overwrote the other value silently. It now reads it after."""
    import threading

    from sqlalchemy import create_engine, text
    from typer.testing import CliRunner

    from provenance.errors import ImportConflict
    from provenance.ingest.importer import import_paths
    from provenance.store.engine import make_engine

    cli = Cli(CliRunner(), pg_url)
    first = tmp_path / "first.yaml"
    first.write_text(
        "format: provenance/v1\nactors:\n  - {key: tasnim, name: Tasnim, kind: news_agency}\n",
        "utf-8",
    )
    cli.ok("import", str(first))
    second = tmp_path / "second.yaml"
    second.write_text(
        "format: provenance/v1\nactors:\n"
        "  - {key: tasnim, name: Tasnim, kind: news_agency, country: SY}\n",
        "utf-8",
    )
    other = create_engine(pg_url)
    meanwhile = other.connect()
    tx = meanwhile.begin()
    meanwhile.execute(text("UPDATE actors SET country = 'IQ' WHERE key = 'tasnim'"))
    outcome: list[object] = []
    engine = make_engine(pg_url, write=True)

    def run() -> None:
        try:
            outcome.append(import_paths(engine, [second]))
        except ImportConflict as exc:
            outcome.append(exc)

    importing = threading.Thread(target=run)
    importing.start()
    importing.join(timeout=1.0)
    assert importing.is_alive(), outcome
    tx.commit()
    importing.join(timeout=60)
    meanwhile.close()
    other.dispose()
    engine.dispose()
    (result,) = outcome
    assert isinstance(result, ImportConflict)
    assert "actor 'tasnim' was defined differently by another import meanwhile (country)" in str(
        result
    )
    assert actor_row(cli, "tasnim")["country"] == "IQ"
