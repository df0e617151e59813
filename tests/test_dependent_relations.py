"""Relations declared in one document on another document's claims are never lost silently
(issue 12 item 2), and affiliation cycles closed across imports are refused (item 13)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import Cli, corrupt, db_snapshot, query

TEXT_A = "One thing happened. Two things happened."
TEXT_B = "Nothing happened at all."
ACTORS = [{"key": "someone", "name": "Someone", "kind": "person"}]


def doc_a(folder: Path, *, with_one: bool = True, name: str = "a.json") -> Path:
    claims = [{"key": "two", "quote": "Two things happened.", "originator": "someone"}]
    if with_one:
        claims.insert(0, {"key": "one", "quote": "One thing happened.", "originator": "someone"})
    return _write(folder / name, {"key": "doc-a", "text": TEXT_A}, claims, [])


def doc_b(folder: Path, relations: list[dict[str, str]] | None = None) -> Path:
    claims = [{"key": "deny", "quote": TEXT_B, "kind": "denial", "originator": "someone"}]
    if relations is None:
        relations = [{"from": "deny", "type": "contradicts", "to": "doc-a/one"}]
    return _write(folder / "b.json", {"key": "doc-b", "text": TEXT_B}, claims, relations)


def _write(path: Path, document: dict[str, str], claims: list[Any], relations: list[Any]) -> Path:
    annotation = {
        "format": "provenance/v1",
        "document": document,
        "actors": ACTORS,
        "claims": claims,
        "relations": relations,
    }
    path.write_text(json.dumps(annotation), encoding="utf-8")
    return path


def relations(cli: Cli) -> list[tuple[str, ...]]:
    rows = query(
        cli.url,
        "SELECT fc.key, r.type, tc.key, d.key FROM claim_relations r "
        "JOIN claims fc ON fc.id = r.from_claim_id JOIN claims tc ON tc.id = r.to_claim_id "
        "JOIN documents d ON d.id = r.declared_in_id ORDER BY fc.key, tc.key",
    )
    return [tuple(r) for r in rows]


@pytest.fixture
def both(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """doc-a and doc-b stored, b.json declaring ``deny contradicts doc-a/one``; a.json
    rewritten without ``one``."""
    monkeypatch.chdir(tmp_path)
    cli.ok("import", str(doc_a(tmp_path)), str(doc_b(tmp_path)))
    assert relations(cli) == EXPECTED
    doc_a(tmp_path, with_one=False)
    return cli


EXPECTED = [("deny", "contradicts", "one", "doc-b")]
REFUSAL = (
    "Error: a.json: claims: removing claim 'one' would drop relation "
    "doc-b/deny contradicts doc-a/one, declared in doc-b: edit both files, or import with "
    "--drop-dependent-relations to drop it"
)


def test_removing_a_claim_another_document_relates_to_is_refused(both: Cli) -> None:
    cli = both
    before = db_snapshot(cli.url)
    imported = cli("import", "a.json")
    validated = cli("validate", "a.json")
    assert imported.exit_code == validated.exit_code == 1
    assert imported.stderr == validated.stderr
    assert imported.stderr.splitlines() == [REFUSAL, "1 problem found; nothing was written."]
    assert db_snapshot(cli.url) == before


def test_editing_both_files_in_one_run_is_accepted(both: Cli, tmp_path: Path) -> None:
    cli = both
    # B still naming the removed claim: reported as an unknown claim in B, not in A
    kept = cli("import", "a.json", "b.json")
    assert kept.exit_code == 1
    assert "b.json: relations[0].to: unknown claim 'one' in document 'doc-a'" in kept.stderr
    assert "would drop" not in kept.stderr
    doc_b(tmp_path, relations=[])
    cli.ok("import", "a.json", "b.json")
    assert relations(cli) == []
    assert cli.ok("db", "check").stdout.startswith("OK")


def test_dropping_dependent_relations_says_so_and_the_declarer_restores_them(
    both: Cli, tmp_path: Path
) -> None:
    cli = both
    note = (
        "relation doc-b/deny contradicts doc-a/one, declared in doc-b "
        "(import doc-b's file again once it is edited)"
    )
    validated = cli.ok("validate", "--drop-dependent-relations", "a.json")
    assert validated.stderr.splitlines() == [f"Would drop {note}"]
    dropped = cli.ok("import", "--drop-dependent-relations", "a.json")
    assert dropped.stderr.splitlines() == [f"Dropped {note}"]
    assert relations(cli) == []
    check = cli("db", "check")
    assert check.exit_code == 1
    assert (
        "document doc-b: relations or reviews its annotation declares were dropped "
        "(--drop-dependent-relations); import its file again"
    ) in check.stdout
    # put the claim back: B's unchanged file is not "unchanged", its relation returns
    doc_a(tmp_path)
    cli.ok("import", "a.json")
    restored = cli.ok("import", "b.json")
    assert "1 replaced, 0 unchanged" in restored.stdout
    assert relations(cli) == EXPECTED
    assert cli.ok("db", "check").stdout.startswith("OK")
    again = cli.ok("import", "b.json")
    assert "0 replaced, 1 unchanged" in again.stdout


def test_unchanged_means_every_declared_relation_is_stored(both: Cli) -> None:
    """A relation lost another way (an older version, a hand edit): the file is written again."""
    cli = both
    corrupt(cli.url, "DELETE FROM claim_relations")
    result = cli.ok("import", "b.json")
    assert "1 replaced, 0 unchanged" in result.stdout
    assert relations(cli) == EXPECTED


def test_a_relation_declared_in_the_removed_claims_own_document_needs_no_flag(
    cli: Cli, tmp_path: Path, monkeypatch: Any
) -> None:
    """A relation declared in A itself, from B's claim to A's: A's file is the whole truth."""
    monkeypatch.chdir(tmp_path)
    doc_b(tmp_path, relations=[])
    cli.ok("import", "b.json")
    relation = [{"from": "doc-b/deny", "type": "contradicts", "to": "one"}]
    claims = [{"key": "one", "quote": "One thing happened.", "originator": "someone"}]
    _write(tmp_path / "a.json", {"key": "doc-a", "text": TEXT_A}, claims, relation)
    cli.ok("import", "a.json")
    claims = [{"key": "two", "quote": "Two things happened.", "originator": "someone"}]
    _write(tmp_path / "a.json", {"key": "doc-a", "text": TEXT_A}, claims, [])
    cli.ok("import", "a.json")
    assert relations(cli) == []


def test_removing_a_claim_that_declares_a_relation_elsewhere_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: Any
) -> None:
    """The other end: A declares a relation from B's claim; B drops that claim."""
    monkeypatch.chdir(tmp_path)
    doc_b(tmp_path, relations=[])
    relation = [{"from": "doc-b/deny", "type": "contradicts", "to": "one"}]
    claims = [{"key": "one", "quote": "One thing happened.", "originator": "someone"}]
    _write(tmp_path / "a.json", {"key": "doc-a", "text": TEXT_A}, claims, relation)
    cli.ok("import", "b.json", "a.json")
    other = [{"key": "other", "quote": "Nothing happened", "originator": "someone"}]
    _write(tmp_path / "b.json", {"key": "doc-b", "text": TEXT_B}, other, [])
    result = cli("import", "b.json")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: b.json: claims: removing claim 'deny' would drop relation "
        "doc-b/deny contradicts doc-a/one, declared in doc-a: edit both files, or import "
        "with --drop-dependent-relations to drop it"
    )


# -- an affiliation cycle closed across two imports ----------------------------------


def test_an_affiliation_cycle_across_imports_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    first = {
        "format": "provenance/v1",
        "actors": [
            {"key": "unit-a", "name": "A", "kind": "military", "affiliation": "unit-b"},
            {"key": "unit-b", "name": "B", "kind": "military"},
            {"key": "unit-c", "name": "C", "kind": "military", "affiliation": "unit-a"},
        ],
    }
    (tmp_path / "first.json").write_text(json.dumps(first), encoding="utf-8")
    second = {
        "format": "provenance/v1",
        "actors": [{"key": "unit-b", "name": "B", "kind": "military", "affiliation": "unit-c"}],
    }
    (tmp_path / "second.json").write_text(json.dumps(second), encoding="utf-8")
    cli.ok("import", "first.json")
    before = db_snapshot(cli.url)
    imported = cli("import", "second.json")
    validated = cli("validate", "second.json")
    assert imported.exit_code == validated.exit_code == 1
    assert imported.stderr == validated.stderr
    assert imported.stderr.splitlines()[0] == (
        "Error: second.json: actors[0].affiliation: affiliations form a cycle: "
        "unit-b -> unit-c -> unit-a -> unit-b (with affiliations already in the database)"
    )
    assert db_snapshot(cli.url) == before
    assert cli.ok("db", "check").stdout.startswith("OK")


def _doc_c_reviewing_one(folder: Path) -> Path:
    """doc-c: a fact-checker's review of doc-a/one, declared in doc-c's annotation."""
    annotation = {
        "format": "provenance/v1",
        "document": {"key": "doc-c", "text": TEXT_B},
        "actors": [*ACTORS, {"key": "factdesk", "name": "Fact Desk", "kind": "website"}],
        "claims": [{"key": "c1", "quote": TEXT_B, "originator": "someone"}],
        "reviews": [{"claim": "doc-a/one", "by": "factdesk", "rating": "Faux"}],
    }
    path = folder / "c.json"
    path.write_text(json.dumps(annotation), encoding="utf-8")
    return path


def reviews(cli: Cli) -> list[tuple[str, ...]]:
    rows = query(
        cli.url,
        "SELECT c.key, d.key, r.rating FROM claim_reviews r JOIN claims c ON c.id = r.claim_id "
        "JOIN documents d ON d.id = r.declared_in_id ORDER BY c.key",
    )
    return [tuple(r) for r in rows]


def test_a_review_declared_elsewhere_is_never_dropped_silently(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review in doc-c of doc-a/one: the same rule as a relation (refused, or dropped with
    the flag and named, its declarer stale, "unchanged" only when the review is stored)."""
    monkeypatch.chdir(tmp_path)
    cli.ok("import", str(doc_a(tmp_path)), str(_doc_c_reviewing_one(tmp_path)))
    assert reviews(cli) == [("one", "doc-c", "Faux")]
    doc_a(tmp_path, with_one=False)
    before = db_snapshot(cli.url)
    refused = cli("import", "a.json")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        "Error: a.json: claims: removing claim 'one' would drop review by factdesk of "
        "doc-a/one, declared in doc-c: edit both files, or import with "
        "--drop-dependent-relations to drop it"
    )
    assert cli("validate", "a.json").stderr == refused.stderr
    assert db_snapshot(cli.url) == before
    dropped = cli.ok("import", "--drop-dependent-relations", "a.json")
    assert dropped.stderr.splitlines() == [
        "Dropped review by factdesk of doc-a/one, declared in doc-c "
        "(import doc-c's file again once it is edited)"
    ]
    assert reviews(cli) == []
    doc_a(tmp_path)
    cli.ok("import", "a.json")
    restored = cli.ok("import", "c.json")
    assert "1 replaced, 0 unchanged" in restored.stdout
    assert reviews(cli) == [("one", "doc-c", "Faux")]
    corrupt(cli.url, "DELETE FROM claim_reviews")  # lost another way: not "unchanged"
    assert "1 replaced, 0 unchanged" in cli.ok("import", "c.json").stdout
    assert reviews(cli) == [("one", "doc-c", "Faux")]


def _declare_twice(folder: Path) -> None:
    """doc-a declares ``two contradicts doc-b/deny``; doc-b declares the very same."""
    same = {"from": "doc-a/two", "type": "contradicts", "to": "doc-b/deny"}
    doc_b(folder, relations=[same])
    claims = [{"key": "two", "quote": "Two things happened.", "originator": "someone"}]
    relation = {"from": "two", "type": "contradicts", "to": "doc-b/deny"}
    _write(folder / "a.json", {"key": "doc-a", "text": TEXT_A}, claims, [relation])


def test_a_relation_two_files_declare_is_stored_once_and_both_stay_unchanged(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _declare_twice(tmp_path)
    cli.ok("import", "a.json", "b.json")
    held = [("two", "contradicts", "deny", "doc-a")]
    assert relations(cli) == held  # the first declarer holds it
    for _ in range(2):  # not "replaced" at every import of the same files
        again = cli.ok("import", "a.json", "b.json").stdout
        assert "documents: 0 added, 0 replaced, 2 unchanged" in again
        assert "relations: 0 written" in again
    assert "0 replaced, 1 unchanged" in cli.ok("import", "b.json").stdout
    assert relations(cli) == held
    # the holder stops declaring it: the other declarer, still stored, holds it at once
    claims = [{"key": "two", "quote": "Two things happened.", "originator": "someone"}]
    _write(tmp_path / "a.json", {"key": "doc-a", "text": TEXT_A}, claims, [])
    assert "1 replaced, 0 unchanged" in cli.ok("import", "a.json").stdout
    assert relations(cli) == [("two", "contradicts", "deny", "doc-b")]
    assert "0 replaced, 1 unchanged" in cli.ok("import", "b.json").stdout
    assert "0 replaced, 2 unchanged" in cli.ok("import", "a.json", "b.json").stdout


def test_a_relation_set_whose_relation_a_document_holds_stays_unchanged(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _declare_twice(tmp_path)
    doc_b(tmp_path, relations=[])
    links = {
        "format": "provenance/v1",
        "relations": [{"from": "doc-a/two", "type": "contradicts", "to": "doc-b/deny"}],
    }
    (tmp_path / "l.json").write_text(json.dumps(links), encoding="utf-8")
    cli.ok("import", "a.json", "b.json", "l.json")
    assert relations(cli) == [("two", "contradicts", "deny", "doc-a")]
    again = cli.ok("import", "a.json", "b.json", "l.json").stdout
    assert "documents: 0 added, 0 replaced, 2 unchanged" in again
    assert again.rstrip().endswith("relation sets: 0 added, 0 replaced, 1 unchanged")
    assert "relation sets: 0 added, 0 replaced, 1 unchanged" in cli.ok("import", "l.json").stdout
