"""``import --keep-stored-actors``: older files after a correction, the database wins.

Once an actor is corrected (``--update-actors``), every older file that still carries the
old inline definition was refused, and the only flag on offer, ``--update-actors``, would
have reverted the correction. With ``--keep-stored-actors`` the stored values stay, the
rest of the files is imported, and each difference is named on stderr.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import Cli, db_snapshot, query
from test_update_actors import actor_row, edit_actor

from provenance.ingest.check_worker import WORKERS_ENV

CORRECTED = {
    "name": "Agence Tasnim",
    "kind": "news_agency",
    "country": "IQ",
    "state_affiliated": True,
    "affiliation": None,
}


def corrected(seeded: Cli, seed_copy: Path, tmp_path: Path) -> Path:
    """The seed's Tasnim corrected in the database; the older file (``seed_copy``) left
    as it was. Returns the corrected copy's folder."""
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    for path in seed_copy.iterdir():
        (fixed / path.name).write_bytes(path.read_bytes())
    edit_actor(fixed, "tasnim", country="IQ", name="Agence Tasnim")
    seeded.ok("import", "--update-actors", str(fixed))
    assert actor_row(seeded, "tasnim") == CORRECTED
    return fixed


def test_an_older_file_imports_and_the_correction_stays(
    seeded: Cli, seed_copy: Path, tmp_path: Path
) -> None:
    corrected(seeded, seed_copy, tmp_path)
    refused = seeded("import", str(seed_copy))
    assert refused.exit_code == 1
    assert "--keep-stored-actors to keep them" in refused.stderr

    result = seeded("import", "--keep-stored-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "Kept stored actor 'tasnim': country 'IQ' (the file says 'IR')" in lines
    assert "Kept stored actor 'tasnim': name 'Agence Tasnim' (the file says 'Tasnim News')" in lines
    assert len(lines) == 2
    assert actor_row(seeded, "tasnim") == CORRECTED
    # the file's name still finds the actor
    assert seeded.json("claims", "--relayed-by", "Tasnim News")


def test_the_rest_of_the_older_file_is_imported(
    seeded: Cli, seed_copy: Path, tmp_path: Path
) -> None:
    corrected(seeded, seed_copy, tmp_path)
    path = seed_copy / "al-boukamal-2018-06-10.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["claims"][0]["statement"] = "A statement edited in the older file"
    first = data["claims"][0]["key"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = seeded.ok("import", "--keep-stored-actors", str(seed_copy))
    assert "documents: 0 added, 1 replaced" in result.stdout
    rows = query(seeded.url, "SELECT statement FROM claims WHERE key = :k", k=first)
    assert rows == [("A statement edited in the older file",)]
    assert actor_row(seeded, "tasnim") == CORRECTED


def test_validate_says_what_would_be_kept_and_writes_nothing(
    seeded: Cli, seed_copy: Path, tmp_path: Path
) -> None:
    corrected(seeded, seed_copy, tmp_path)
    before = db_snapshot(seeded.url)
    result = seeded("validate", "--keep-stored-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    assert (
        "Would keep stored actor 'tasnim': country 'IQ' (the file says 'IR')"
        in result.stderr.splitlines()
    )
    assert db_snapshot(seeded.url) == before


def test_a_stored_affiliation_stays(seeded: Cli, seed_copy: Path) -> None:
    edit_actor(seed_copy, "syrian-military-source", affiliation="russian-mod")
    result = seeded("import", "--keep-stored-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    assert (
        "Kept stored actor 'syrian-military-source': affiliation 'syrian-army' "
        "(the file says 'russian-mod')" in result.stderr.splitlines()
    )
    assert actor_row(seeded, "syrian-military-source")["affiliation"] == "syrian-army"


def test_the_two_actor_flags_do_not_go_together(seeded: Cli, seed_copy: Path) -> None:
    for command in ("import", "validate"):
        result = seeded(command, "--update-actors", "--keep-stored-actors", str(seed_copy))
        assert result.exit_code == 2
        assert "not both" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_both_import_paths_keep(
    seeded: Cli,
    seed_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: str,
) -> None:
    """The checks run in a child process on a large SQLite run: the flag reaches it."""
    corrected(seeded, seed_copy, tmp_path)
    monkeypatch.setenv(WORKERS_ENV, workers)
    result = seeded("import", "--keep-stored-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    assert actor_row(seeded, "tasnim") == CORRECTED


def test_a_name_the_stored_one_was_kept_over_is_no_alias(seeded: Cli, seed_copy: Path) -> None:
    """An older file calling Tasnim "Press TV" (another actor's name): kept, the stored
    name stays, and "Press TV" still names Press TV alone."""
    edit_actor(seed_copy, "tasnim", name="Press TV")
    result = seeded("import", "--keep-stored-actors", str(seed_copy))
    assert result.exit_code == 0, result.stderr
    assert "actors: 0 added, 0 updated" in result.stdout
    assert query(
        seeded.url,
        "SELECT count(*) FROM actor_aliases JOIN actors ON actors.id = actor_aliases.actor_id "
        "WHERE actors.key = 'tasnim' AND alias = 'Press TV'",
    ) == [(0,)]
    assert seeded.json("actor", "Press TV")["key"] == "presstv"


def _affiliated(tmp_path: Path, name: str, links: dict[str, str | None]) -> Path:
    """A file of actors only, each with the affiliation given (None: no affiliation)."""
    lines = ["format: provenance/v1", "actors:"]
    for key, parent in links.items():
        extra = f", affiliation: {parent}" if parent else ""
        lines.append(f"  - {{key: {key}, name: Actor {key.upper()}, kind: government_body{extra}}}")
    path = tmp_path / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_a_kept_affiliation_is_the_one_checked_for_cycles(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(_affiliated(tmp_path, "stored", {"b": None, "a": "b", "c": "a"})))
    # the file would have a under c (c -> a -> c), but a stays under b: no cycle is written
    older = _affiliated(tmp_path, "older", {"a": "c"})
    for command in ("validate", "import"):
        result = cli(command, "--keep-stored-actors", str(older))
        assert result.exit_code == 0, result.stderr
    assert actor_row(cli, "a")["affiliation"] == "b"


def test_a_cycle_through_a_kept_affiliation_is_refused_by_validate_too(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("import", str(_affiliated(tmp_path, "stored", {"b": None, "a": "b"})))
    before = db_snapshot(cli.url)
    # a stays under b, and the file puts b under a: a -> b -> a
    older = _affiliated(tmp_path, "older", {"x": None, "a": "x", "b": "a"})
    for command in ("validate", "import"):
        result = cli(command, "--keep-stored-actors", str(older))
        assert result.exit_code == 1
        assert "affiliations form a cycle" in result.stderr
        assert "another import" not in result.stderr
    assert db_snapshot(cli.url) == before


def _tasnim(tmp_path: Path, name: str, extra: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        "format: provenance/v1\nactors:\n"
        f"  - {{key: tasnim, name: Tasnim News, kind: news_agency, {extra}}}\n",
        "utf-8",
    )
    return path


@pytest.mark.parametrize("workers", ["1", "2"])
def test_two_older_files_may_disagree_where_the_database_settles_it(
    seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """Found by the review: each file alone imported with --keep-stored-actors, the two
    together were refused, although the stored value is the one kept either way."""
    monkeypatch.setenv(WORKERS_ENV, workers)
    a = _tasnim(tmp_path, "a", "country: SY")
    b = _tasnim(tmp_path, "b", "country: IQ")
    result = seeded("import", "--keep-stored-actors", str(a), str(b))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "Kept stored actor 'tasnim': country 'IR' (the file says 'SY')" in lines
    assert (
        f"Warning: {b}: actors[0]: actor 'tasnim' is defined differently in {a} "
        "(country 'SY' (there) vs 'IQ' (here)); the stored values are kept"
    ) in lines
    assert actor_row(seeded, "tasnim")["country"] == "IR"


def test_two_files_must_still_agree_on_what_the_database_leaves_out(
    seeded: Cli, tmp_path: Path
) -> None:
    assert query(seeded.url, "SELECT role FROM actors WHERE key = 'tasnim'") == [(None,)]
    before = db_snapshot(seeded.url)
    a = _tasnim(tmp_path, "a", "role: agence officielle")
    b = _tasnim(tmp_path, "b", "role: agence privée")
    result = seeded("import", "--keep-stored-actors", str(a), str(b))
    assert result.exit_code == 1
    assert f"actor 'tasnim' is defined differently in {a}" in result.stderr
    assert db_snapshot(seeded.url) == before
