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
    assert "document sputnik-2018-06-12: relations its annotation declares were dropped" in (
        check.stdout + check.stderr
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
