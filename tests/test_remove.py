"""``provenance remove``: documents and relation sets out of the database, all or nothing.

What another annotation declares on a removed claim is never dropped silently: refused,
or with --drop-dependent-relations dropped, named, and its declarer marked stale, so that
importing the files again gives back exactly the corpus. Both backends.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import MULTI, SEEDS, Cli, db_snapshot, query
from test_co_declared import ELSEWHERE, IN_A, SET, A, B, write

DOC = "al-boukamal-2018-06-10"


def corpus(cli: Cli) -> list[object]:
    """What a reader sees: every claim with its chains and relations."""
    return sorted(
        (c["document"], c["key"], str(c["chains"]), c["contradicts"], c["contradicted_by"])
        for c in cli.json("claims")
    )


def test_a_claim_another_annotation_relates_to_is_not_removed_silently(multi: Cli) -> None:
    before = db_snapshot(multi.url)
    result = multi("remove", DOC)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        f"Error: removing {DOC} would drop relation sputnik-2018-06-12/us-chemical-attack-plan "
        f"supports {DOC}/general-sdf-chemical-attack-plan, declared in sputnik-2018-06-12: "
        "remove its declarer too, or pass --drop-dependent-relations to drop it"
    ) in lines
    assert sum("would drop relation" in line for line in lines) == 3
    assert db_snapshot(multi.url) == before


def test_dry_run_says_what_would_go_and_writes_nothing(multi: Cli) -> None:
    before = db_snapshot(multi.url)
    result = multi.ok("remove", "--dry-run", "--drop-dependent-relations", DOC)
    assert result.stdout == f"Would remove document {DOC} (36 claims, 25 relations, 0 reviews)\n"
    assert sum(line.startswith("Would drop relation") for line in result.stderr.splitlines()) == 3
    assert db_snapshot(multi.url) == before


def test_dropping_dependents_then_importing_again_gives_back_the_corpus(multi: Cli) -> None:
    whole = corpus(multi)
    result = multi.ok("remove", "--drop-dependent-relations", DOC)
    assert result.stdout == f"Removed document {DOC} (36 claims, 25 relations, 0 reviews)\n"
    assert sum(line.startswith("Dropped relation") for line in result.stderr.splitlines()) == 3
    assert {c["document"] for c in multi.json("claims")} == {
        "presstv-2018-06-09",
        "sputnik-2018-06-12",
    }
    # nothing of it is left to find, by search either
    found = multi.json("claims", "--search", "CentCom")
    assert found and all(c["document"] != DOC for c in found)
    assert all(c["document"] != DOC for c in multi.json("claims", "--search", "Daech"))
    # the declarers that lost relations are stale: db check says which file to import
    check = multi("db", "check")
    assert check.exit_code == 1
    assert (
        "document sputnik-2018-06-12: relations or reviews its annotation declares were dropped"
        in (check.stdout + check.stderr)
    )
    multi.ok("import", str(SEEDS), str(MULTI))
    assert corpus(multi) == whole
    assert multi.ok("db", "check").stdout.startswith("OK")


def test_a_document_removed_with_its_declarers_needs_no_flag(multi: Cli) -> None:
    result = multi.ok("remove", DOC, "presstv-2018-06-09", "sputnik-2018-06-12")
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 3
    assert multi.json("claims") == []
    assert query(multi.url, "SELECT count(*) FROM claim_relations") == [(0,)]
    assert query(multi.url, "SELECT count(*) FROM relays") == [(0,)]
    # actors stay: they are the corpus's, not one document's
    assert len(multi.json("actors")) == 21
    assert multi.ok("db", "check").stdout.startswith("OK")


def test_unknown_keys_remove_nothing(multi: Cli) -> None:
    before = db_snapshot(multi.url)
    result = multi("remove", "sputnik-2018-06-12", "al-boukamal-2018-06-01")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: unknown document 'al-boukamal-2018-06-01' (did you mean '{DOC}'?)\n"
    )
    result = multi("remove", "--relation-set", "nope")
    assert (result.exit_code, result.stderr) == (1, "Error: unknown relation set 'nope'\n")
    assert db_snapshot(multi.url) == before


def test_usage_errors(multi: Cli) -> None:
    assert multi("remove").exit_code == 2
    assert multi("remove", "").exit_code == 2
    assert multi("remove", "--relation-set", " ").exit_code == 2


def test_a_relation_another_annotation_also_declares_stays(cli: Cli, tmp_path: Path) -> None:
    """Removing an annotation that co-declares a relation, or one that owns it while
    another co-declares it, keeps the relation (under the one that stays)."""
    a = write(tmp_path, "a.yaml", A, "[]")
    b = write(tmp_path, "b.yaml", B, ELSEWHERE.format(note="B says"))
    s = write(tmp_path, "s.yaml", SET, ELSEWHERE.format(note="the set says"))
    cli.ok("import", a, s, b)  # the set owns it, B co-declares it
    assert len(cli.json("contradictions")) == 1
    cli.ok("remove", "--relation-set", "my-links")
    assert len(cli.json("contradictions")) == 1  # B holds it now
    assert query(cli.url, "SELECT count(*) FROM relation_co_declarers") == [(0,)]
    cli.ok("remove", "B")
    assert cli.json("contradictions") == []
    # A's own relation on its own claims goes with A alone
    write(tmp_path, "a.yaml", A, IN_A)
    cli.ok("import", a, b)
    assert cli("remove", "A").exit_code == 1  # B declares it on A's claims
    cli.ok("remove", "A", "B")
    assert cli.json("contradictions") == []
    assert cli.ok("db", "check").stdout.startswith("OK")


def test_remove_on_no_database_creates_none(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "--db", str(db), "remove", DOC],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == "Error: there is no database yet: nothing to remove\n"
    assert not db.exists()


def test_remove_as_a_user_runs_it(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    run = [sys.executable, "-m", "provenance", "--db", str(db)]
    subprocess.run([*run, "import", "-q", str(SEEDS)], check=True)
    done = subprocess.run([*run, "remove", DOC], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"Removed document {DOC} (36 claims, 25 relations, 0 reviews)\n"
    listed = subprocess.run([*run, "claims", "--format", "json"], capture_output=True, text=True)
    assert listed.stdout.strip() == "[]"


def test_on_postgresql_a_removal_waits_for_an_import_relating_to_its_claims(
    pg_url: str, runner: object, tmp_path: Path
) -> None:
    """An import had written a relation to a claim of X, not yet committed: the removal
    saw no dependent, then its cascade deleted the relation once the import committed (a
    hostile review's find). It now waits for the import and refuses."""
    import threading

    from sqlalchemy import create_engine, text
    from typer.testing import CliRunner

    from provenance.errors import ValidationFailed
    from provenance.ingest.removal import remove
    from provenance.store.engine import make_engine

    cli = Cli(CliRunner(), pg_url)
    a = write(tmp_path, "a.yaml", A, "[]")
    b = write(tmp_path, "b.yaml", B, "[]")
    cli.ok("import", a, b)
    other = create_engine(pg_url)
    importing = other.connect()
    tx = importing.begin()
    importing.execute(  # what an import of B declaring "denied contradicts A/fell" writes
        text(
            "INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id) "
            "SELECT d.id, 'contradicts', f.id, d.document_id FROM claims d, claims f "
            "WHERE d.key = 'denied' AND f.key = 'fell'"
        )
    )
    outcome: list[object] = []
    engine = make_engine(pg_url, write=True)

    def run() -> None:
        try:
            outcome.append(remove(engine, ["A"]))
        except ValidationFailed as exc:
            outcome.append(exc)

    removing = threading.Thread(target=run)
    removing.start()
    removing.join(timeout=1.0)
    assert removing.is_alive(), outcome  # waiting for the import's lock
    tx.commit()
    removing.join(timeout=60)
    importing.close()
    other.dispose()
    engine.dispose()
    (result,) = outcome
    assert isinstance(result, ValidationFailed)
    assert "would drop relation B/denied contradicts A/fell, declared in B" in str(result)
    assert len(cli.json("contradictions")) == 1


def test_what_the_counts_say_stays_and_keys_are_found_as_typed(cli: Cli, tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", A, "[]")
    b = write(tmp_path, "b.yaml", B, ELSEWHERE.format(note="B says"))
    s = write(
        tmp_path, "links.yaml", SET.replace("key: my-links\n", ""), ELSEWHERE.format(note="x")
    )
    cli.ok("import", a, b, s)  # B owns the relation, the set (named after its file) too
    said = cli.ok("remove", "--dry-run", "B").stdout
    assert said == (
        "Would remove document B (1 claim, 1 relation, 0 reviews; "
        "1 relation kept: declared elsewhere too)\n"
    )
    # the file's name finds the set it made; several unknown keys: one line each
    assert cli.ok("remove", "--dry-run", "--relation-set", "links.yaml").stdout == (
        "Would remove relation set links (0 relations)\n"
    )
    result = cli("remove", "nope-1", "nope-2")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "Error: unknown document 'nope-1'",
        "Error: unknown document 'nope-2'",
    ]


def test_a_key_typed_decomposed_is_the_stored_one(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        'format: provenance/v1\ndocument: {key: "café", text: "Cafe text."}\nactors:\n'
        "  - {key: p, name: P, kind: other}\nclaims:\n"
        '  - {key: c, quote: "Cafe text.", originator: p}\n',
        "utf-8",
    )
    cli.ok("import", str(tmp_path / "c.yaml"))
    assert cli.ok("remove", "cafe\u0301").stdout.startswith("Removed document café (1 claim")


def test_text_that_is_not_utf8_is_one_error_line(multi: Cli, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in an argument (a Latin-1 terminal) reach Python as
    surrogates, which no database stores: a traceback before."""
    before = db_snapshot(multi.url)
    for args in (["remove", "X\udce9"], ["claims", "--originator", "\udcff"]):
        result = multi(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("Error: text that is not UTF-8 (byte 0x"), result.stderr
    assert db_snapshot(multi.url) == before


def test_a_file_name_that_is_not_utf8_imports(tmp_path: Path) -> None:
    """A file named in Latin-1 ("caf\\xe9.yaml"): its name is stored escaped."""
    import os
    import shutil

    folder = tmp_path / "latin1"
    folder.mkdir()
    for f in SEEDS.iterdir():
        shutil.copy(f, folder)
    os.rename(folder / f"{DOC}.yaml", os.fsencode(folder) + b"/caf\xe9.yaml")
    db = tmp_path / "p.db"
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "--db", str(db), "import", "-q", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    (stored,) = query(f"sqlite:///{db}", "SELECT source_path FROM documents")
    assert stored[0].endswith("caf\\xe9.yaml")


def test_an_empty_file_is_no_database_to_write_a_schema_into(tmp_path: Path) -> None:
    """ "touch p.db" then a command that writes nothing: the file stays empty (validate and
    remove --dry-run wrote the whole schema into it)."""
    from typer.testing import CliRunner

    from provenance.cli import app

    db = tmp_path / "p.db"
    db.touch()
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "validate", str(SEEDS)]).exit_code == 0
    result = runner.invoke(app, ["--db", str(db), "remove", "--dry-run", DOC])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: there is no database yet: nothing to remove\n",
    )
    assert db.stat().st_size == 0
