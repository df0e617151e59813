"""Relations-only files (``links --format yaml``): imported as relation sets (issue 14), and
``contradictions --originator X --with-affiliates`` on the event corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from helpers import DATA, Cli, db_snapshot, query

EVENT = DATA / "event"
CONTRADICTIONS = DATA / "event-contradictions"
OUTPUTS = DATA / "outputs"


@pytest.fixture
def event(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    cli.ok("import", str(EVENT))
    return cli


def pairs(cli: Cli, *args: str) -> set[tuple[str, str, str]]:
    return {(r["from"], r["to"], r["type"]) for r in cli.json("links", *args)}


def test_links_yaml_round_trip(event: Cli, tmp_path: Path) -> None:
    suggested = event.ok("links", "--format", "yaml").stdout
    (tmp_path / "l.yaml").write_text(suggested, encoding="utf-8")
    proposed = pairs(event)
    assert len(proposed) == 18
    assert event.ok("validate", "l.yaml").stdout == (
        "OK: 1 file, 0 document(s), 0 claims, 0 actors, 1 relation set(s)\n"
    )
    first = event.ok("import", "l.yaml").stdout
    assert "relations: 18 written" in first
    assert first.rstrip().endswith("relation sets: 1 added, 0 replaced, 0 unchanged")
    assert pairs(event) == set()  # nothing left to propose
    card = event.json("claim", "le-monde-2019-03-02/toll")
    shown = {
        (r["type"], f"{r['claim']['document']}/{r['claim']['key']}") for r in card["relations"]
    }
    assert ("repeats", "france24-2019-03-02/toll") in shown
    again = event.ok("import", "l.yaml").stdout
    assert "relations: 0 written" in again
    assert again.rstrip().endswith("relation sets: 0 added, 0 replaced, 1 unchanged")
    # re-importing the documents the relations name never drops them
    assert "10 unchanged" in event.ok("import", str(EVENT)).stdout
    assert pairs(event) == set()
    assert event.ok("db", "check").stdout.startswith("OK")


def test_editing_the_file_replaces_its_relations(event: Cli, tmp_path: Path) -> None:
    lines = event.ok("links", "--format", "yaml").stdout.splitlines(keepends=True)
    (tmp_path / "l.yaml").write_text("".join(lines), encoding="utf-8")
    event.ok("import", "l.yaml")
    removed = yaml.safe_load(lines[5])[0]
    (tmp_path / "l.yaml").write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")
    result = event.ok("import", "l.yaml").stdout
    assert result.rstrip().endswith("relation sets: 0 added, 1 replaced, 0 unchanged")
    assert set_relations(event) == 17
    card = event.json("claim", removed["from"])
    shown = {f"{r['claim']['document']}/{r['claim']['key']}" for r in card["relations"]}
    assert removed["to"] not in shown


def test_emptying_the_file_empties_its_relation_set(event: Cli, tmp_path: Path) -> None:
    suggested = event.ok("links", "--format", "yaml").stdout
    (tmp_path / "l.yaml").write_text(suggested, encoding="utf-8")
    event.ok("import", "l.yaml")
    assert set_relations(event) == 18
    key = yaml.safe_load(suggested)["key"]  # the set links wrote, emptied by hand
    emptied = f"format: provenance/v1\nkey: {key}\nrelations: []\n"
    (tmp_path / "l.yaml").write_text(emptied, encoding="utf-8")
    result = event.ok("import", "l.yaml").stdout
    assert result.rstrip().endswith("relation sets: 0 added, 1 replaced, 0 unchanged")
    assert set_relations(event) == 0
    assert len(pairs(event)) == 18  # proposed again


def set_relations(cli: Cli) -> int:
    sql = "SELECT count(*) FROM claim_relations WHERE declared_in_set_id IS NOT NULL"
    return int(query(cli.url, sql)[0][0])


def write(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return name


BAD = """format: provenance/v1
relations:
  - {from: le-monde-2019-03-02/tol, type: repeats, to: afp-2019-03-01/toll}
  - {from: le-monde-2019-03-02/toll, type: repeat, to: afp-2019-03-01/toll}
  - {from: afp-2019-03-01/toll, type: repeats, to: afp-2019-03-01/toll}
  - {from: le-monde-2019-03-02/toll, type: repeats, to: afp-2019-03-01/toll}
  - {from: le-monde-2019-03-02/toll, type: repeats, to: afp-2019-03-01/toll}
  - {from: toll, type: repeats, to: afp-2019-03-01/toll}
  - {from: nowhere/toll, type: repeats, to: afp-2019-03-01/toll}
"""


def test_bad_relations_are_located_and_nothing_is_written(event: Cli, tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", BAD)
    before = db_snapshot(event.url)
    imported = event("import", "bad.yaml")
    validated = event("validate", "bad.yaml")
    assert imported.exit_code == validated.exit_code == 1
    assert imported.stderr == validated.stderr
    assert imported.stderr.splitlines() == [
        "Error: bad.yaml: relations[1].type: 'repeat' is not one of: contradicts, supports, "
        "repeats, retracts, updates (did you mean 'repeats'?)",
        "1 problem found; nothing was written.",
    ]
    # shapes right, references wrong: every one located
    write(tmp_path, "bad.yaml", BAD.replace("type: repeat,", "type: repeats,"))
    imported = event("import", "bad.yaml")
    assert imported.stderr == event("validate", "bad.yaml").stderr
    assert imported.stderr.splitlines() == [
        "Error: bad.yaml: relations[0].from: unknown claim 'tol' in document "
        "'le-monde-2019-03-02' (did you mean 'le-monde-2019-03-02/toll'?)",
        "Error: bad.yaml: relations[2]: claim 'afp-2019-03-01/toll' is related to itself (repeats)",
        "Error: bad.yaml: relations[3]: duplicate relation",
        "Error: bad.yaml: relations[4]: duplicate relation",
        "Error: bad.yaml: relations[5].from: claim reference 'toll' needs its document: a "
        "relations-only file names claims as DOCUMENT/KEY",
        "Error: bad.yaml: relations[6].from: unknown document 'nowhere' in claim reference "
        "'nowhere/toll'",
        "6 problems found; nothing was written.",
    ]
    assert db_snapshot(event.url) == before


def test_all_or_nothing_with_the_other_files_of_the_run(event: Cli, tmp_path: Path) -> None:
    good = write(
        tmp_path,
        "good.yaml",
        "format: provenance/v1\nrelations:\n"
        "  - {from: le-monde-2019-03-02/toll, type: repeats, to: france24-2019-03-02/toll}\n",
    )
    broken = write(tmp_path, "broken.yaml", "format: provenance/v1\nactors: [{key: x}]\n")
    before = db_snapshot(event.url)
    assert event("import", good, broken).exit_code == 1
    assert db_snapshot(event.url) == before
    # a relation to a document imported in the same run
    doc = yaml.safe_load((EVENT / "le-monde-2019-03-02.yaml").read_text(encoding="utf-8"))
    doc["document"]["key"] = "le-monde-bis"
    write(tmp_path, "bis.yaml", yaml.safe_dump(doc, allow_unicode=True))
    same_run = write(
        tmp_path,
        "same-run.yaml",
        "format: provenance/v1\nkey: bis-links\nrelations:\n"
        "  - {from: le-monde-bis/toll, type: repeats, to: le-monde-2019-03-02/toll}\n"
        "  - {from: le-monde-bis/tolll, type: repeats, to: afp-2019-03-01/toll}\n",
    )
    result = event("import", "bis.yaml", same_run)
    assert result.stderr.splitlines()[0] == (
        "Error: same-run.yaml: relations[1].from: unknown claim 'tolll' in document "
        "'le-monde-bis' (did you mean 'le-monde-bis/toll'?)"
    )
    assert db_snapshot(event.url) == before


def test_keys_of_relation_sets(event: Cli, tmp_path: Path) -> None:
    body = (
        "relations:\n  - {from: le-monde-2019-03-02/toll, type: repeats, to: afp-2019-03-04/toll}\n"
    )
    write(tmp_path, "a b.yaml", "format: provenance/v1\n" + body)
    write(tmp_path, "one.yaml", "format: provenance/v1\nkey: same\n" + body)
    write(tmp_path, "two.yaml", "format: provenance/v1\nkey: same\n" + body)
    assert event("import", "a b.yaml").stderr.splitlines()[0] == (
        "Error: a b.yaml: key: the file name 'a b' is not a key (letters, digits, '.', '_', "
        "':' or '-', not starting with punctuation): give the file a key:"
    )
    assert event("import", "one.yaml", "two.yaml").stderr.splitlines()[0] == (
        "Error: two.yaml: key: relation set 'same' is also defined in one.yaml"
    )
    # a file name is held to the key's rules: no invisible character, no longer than a key
    write(tmp_path, "links\u200d.yaml", "format: provenance/v1\n" + body)
    assert event("import", "links\u200d.yaml").stderr.splitlines()[0] == (
        "Error: links\\u200d.yaml: key: the file name 'links\\u200d' is not a key (letters, "
        "digits, '.', '_', ':' or '-', not starting with punctuation): give the file a key:"
    )
    long = "l" * 201
    write(tmp_path, f"{long}.yaml", "format: provenance/v1\n" + body)
    assert event("import", f"{long}.yaml").stderr.splitlines()[0] == (
        f"Error: {long}.yaml: key: the file name '{long}' is not a key "
        "(at most 200 characters): give the file a key:"
    )
    event.ok("import", "one.yaml")
    assert set_relations(event) == 1
    # the same key in another file: the same set, its relations replaced by that file's
    write(
        tmp_path,
        "two.yaml",
        "format: provenance/v1\nkey: same\n" + body.replace("repeats", "supports"),
    )
    assert "1 replaced" in event.ok("import", "two.yaml").stdout
    assert set_relations(event) == 1
    card = event.json("claim", "afp-2019-03-04/toll")
    assert [r["type"] for r in card["relations"]] == ["supports"]


def test_a_document_removing_a_claim_a_relation_set_names_is_refused(
    event: Cli, tmp_path: Path
) -> None:
    event.ok("import", str(CONTRADICTIONS))
    doc = yaml.safe_load((EVENT / "france24-2019-03-02.yaml").read_text(encoding="utf-8"))
    doc["claims"] = doc["claims"][:1]
    write(tmp_path, "f24.yaml", yaml.safe_dump(doc, allow_unicode=True))
    result = event("import", "f24.yaml")
    assert result.stderr.splitlines() == [
        "Error: f24.yaml: claims: removing claim 'massacre' would drop relation "
        "al-watan-2019-03-03/denial contradicts france24-2019-03-02/massacre, declared in "
        "relation set hajin-contradictions: edit both files, or import with "
        "--drop-dependent-relations to drop it",
        "1 problem found; nothing was written.",
    ]
    dropped = event.ok("import", "--drop-dependent-relations", "f24.yaml")
    assert "declared in relation set hajin-contradictions" in dropped.stderr
    check = event("db", "check")
    stale = "relation set hajin-contradictions: relations or reviews its annotation declares"
    assert stale in check.stdout
    # the claim back, the file again: its relation returns
    event.ok("import", str(EVENT / "france24-2019-03-02.yaml"))
    assert "1 replaced" in event.ok("import", str(CONTRADICTIONS)).stdout
    assert event.ok("db", "check").stdout.startswith("OK")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_contradictions_with_affiliates(event: Cli, fmt: str) -> None:
    """Who contradicts the OSDH, counting its director and (through its media office) its
    spokesman; exact outputs in tests/data/outputs."""
    event.ok("import", str(CONTRADICTIONS))
    plain = event.json("contradictions", "--originator", "osdh")
    assert [(r["against"]["key"], r["against_actor"]["key"]) for r in plain] == [("toll", "osdh")]
    done = event.ok("contradictions", "--originator", "OSDH", "--with-affiliates", "--format", fmt)
    expected = OUTPUTS / f"event_contradictions_osdh_--with-affiliates.{fmt}"
    if os.environ.get("PROVENANCE_REGENERATE_OUTPUTS") and event.url.startswith("sqlite"):
        expected.write_bytes(done.stdout_bytes)
    assert done.stdout_bytes == expected.read_bytes()
    # without --originator the flag narrows nothing
    everything = event.ok("contradictions", "--with-affiliates", "--format", fmt).stdout
    assert everything == event.ok("contradictions", "--format", fmt).stdout


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_contradictions_limit_is_the_head_of_the_listing(event: Cli, fmt: str) -> None:
    """--limit N prints the first N of the very listing without it, in every format, and
    narrows after --originator (a million-claim corpus holds tens of thousands)."""
    event.ok("import", str(CONTRADICTIONS))
    every = event.json("contradictions", "--type", "contradicts", "--type", "retracts")
    assert len(every) >= 4
    for n in (1, 3, len(every), len(every) + 5):
        head = event.json(
            "contradictions", "--type", "contradicts", "--type", "retracts", "-n", str(n)
        )
        assert head == every[:n]
    full = event.ok("contradictions", "--format", fmt).stdout
    two = event.ok("contradictions", "--limit", "2", "--format", fmt).stdout
    if fmt == "json":
        assert [*event.json("contradictions", "--limit", "2")] == event.json("contradictions")[:2]
    elif fmt == "csv":  # the same two relations as the table and JSON give
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(two)))
        first = event.json("contradictions")[:2]
        assert [(r["from"], r["to"]) for r in rows] == [
            (f["claim"]["key"], f["against"]["key"]) for f in first
        ]
    else:
        assert full.startswith(two) and len(two) < len(full)
    mine = event.json("contradictions", "--originator", "OSDH", "--with-affiliates")
    assert len(mine) >= 2
    assert (
        event.json("contradictions", "--originator", "OSDH", "--with-affiliates", "-n", "1")
        == mine[:1]
    )
    refused = event("contradictions", "--limit", "0")
    assert refused.exit_code == 2 and "--limit" in refused.stderr
