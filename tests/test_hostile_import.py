"""Findings of a hostile review of import: each one lost data silently or showed a
traceback. Every test here failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DATA, Cli, db_snapshot, query

EVENT = DATA / "event"
LATE = "afp-2019-03-04.yaml"  # the article that arrives after the first links review
RELATION = "  - {{from: blog-levant-2019-03-03/toll, type: {type}, to: france24-2019-03-02/toll}}\n"


def set_relations(cli: Cli) -> list[tuple[str, int]]:
    """Each relation set with the number of relations it holds."""
    sql = (
        "SELECT s.key, count(r.id) FROM relation_sets s "
        "LEFT JOIN claim_relations r ON r.declared_in_set_id = s.id GROUP BY s.key ORDER BY s.key"
    )
    return [(str(k), int(n)) for k, n in query(cli.url, sql)]


def test_running_the_links_workflow_again_keeps_the_first_relations(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cli.ok("import", *(str(p) for p in sorted(EVENT.glob("*.yaml")) if p.name != LATE))
    links = tmp_path / "links.yaml"
    links.write_text(cli.ok("links", "--format", "yaml").stdout, encoding="utf-8")
    cli.ok("import", "links.yaml")
    [(first, accepted)] = set_relations(cli)
    assert accepted > 0
    cli.ok("import", str(EVENT / LATE))  # a new article: the same workflow again
    links.write_text(cli.ok("links", "--format", "yaml").stdout, encoding="utf-8")
    assert "1 added, 0 replaced" in cli.ok("import", "links.yaml").stdout
    sets = dict(set_relations(cli))
    assert sets[first] == accepted and len(sets) == 2
    assert "0 added, 0 replaced, 1 unchanged" in cli.ok("import", "links.yaml").stdout


def test_an_unkeyed_file_of_the_same_name_never_drops_a_set(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cli.ok("import", str(EVENT))
    for week, kind in (("week1", "repeats"), ("week2", "supports")):
        (tmp_path / week).mkdir()
        text = "format: provenance/v1\nrelations:\n" + RELATION.format(type=kind)
        (tmp_path / week / "links.yaml").write_text(text, encoding="utf-8")
    cli.ok("import", "week1/links.yaml")
    before = db_snapshot(cli.url)
    imported, validated = cli("import", "week2/links.yaml"), cli("validate", "week2/links.yaml")
    assert imported.exit_code == validated.exit_code == 1
    assert imported.stderr == validated.stderr
    assert imported.stderr.splitlines() == [
        "Error: week2/links.yaml: key: this file has no key: and would replace relation set "
        "'links' (a file of the same name imported before), dropping its relation "
        "blog-levant-2019-03-03/toll repeats france24-2019-03-02/toll: add key: links to replace "
        "that set, or another key: to keep both",
        "1 problem found; nothing was written.",
    ]
    assert "Traceback" not in imported.stderr
    assert db_snapshot(cli.url) == before
    # nothing dropped (the same relations and more): the set is replaced as before
    grown = (tmp_path / "week1" / "links.yaml").read_text(encoding="utf-8")
    grown += RELATION.format(type="supports")
    (tmp_path / "week2" / "links.yaml").write_text(grown, encoding="utf-8")
    assert "0 added, 1 replaced" in cli.ok("import", "week2/links.yaml").stdout
    assert set_relations(cli) == [("links", 2)]
    # key: says the file is meant to replace the set: an edit that drops relations
    keyed = "format: provenance/v1\nkey: links\nrelations: []\n"
    (tmp_path / "week2" / "links.yaml").write_text(keyed, encoding="utf-8")
    assert "0 added, 1 replaced" in cli.ok("import", "week2/links.yaml").stdout
    assert set_relations(cli) == [("links", 0)]


ANNOTATED = """format: provenance/v1
document: {key: doc-a, title: Doc A, text_file: a.txt, language: fr, publisher: pub}
actors:
  - {key: pub, name: Publisher, kind: newspaper}
  - {key: afp, name: AFP, kind: news_agency, country: FR}
  - {key: min, name: Ministre, kind: person}
claims:
  - key: c1
    quote: "le ministre a dit que"
    originator: min
    chain: [{actor: afp, cue: "Selon l'AFP"}]
  - {key: c2, quote: "la ville est tombée", occurrence: 2, kind: denial, originator: min}
relations:
  - {from: c2, type: contradicts, to: c1}
"""
A_TEXT = (
    "Selon l'AFP, le ministre a dit que la ville est tombée. "
    "Le porte-parole a démenti: la ville est tombée, non."
)
REVIEW = """{"@context": "https://schema.org", "@type": "ClaimReview",
 "datePublished": "2020-01-05", "url": "https://doc-a/", "claimReviewed": "CLAIM",
 "author": {"@type": "Organization", "name": "Checker"},
 "reviewRating": {"@type": "Rating", "alternateName": "False"}}"""


def test_claimreview_never_replaces_a_hand_annotated_document(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(A_TEXT, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(ANNOTATED, encoding="utf-8")
    (tmp_path / "cr.json").write_text(REVIEW.replace("CLAIM", "The city fell"), encoding="utf-8")
    cli.ok("import", "a.yaml")
    before = db_snapshot(cli.url)
    imported, validated = cli("import", "cr.json"), cli("validate", "cr.json")
    assert imported.exit_code == validated.exit_code == 1
    assert imported.stderr == validated.stderr
    assert imported.stderr.splitlines() == [
        "Error: cr.json: url: this review page makes document 'doc-a', which is already "
        "stored and was not made from this page's ClaimReview; importing it would replace "
        "its text (108 characters), 2 claims, 1 relay hop, 1 relation: give the stored "
        "document another key, or leave this review out",
        "1 problem found; nothing was written.",
    ]
    assert db_snapshot(cli.url) == before


def test_claimreview_reimported_replaces_its_own_document(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cr.json").write_text(REVIEW.replace("CLAIM", "The city fell"), encoding="utf-8")
    cli.ok("import", "cr.json")
    assert "0 added, 0 replaced, 1 unchanged" in cli.ok("import", "cr.json").stdout
    # the page's verdict was corrected: the same page, made again from its markup
    corrected = REVIEW.replace("CLAIM", "The city fell").replace('"False"', '"Misleading"')
    (tmp_path / "cr.json").write_text(corrected, encoding="utf-8")
    assert "0 added, 1 replaced" in cli.ok("import", "cr.json").stdout


def test_claimreview_export_imported_again_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(DATA / "claimreview"))
    before = db_snapshot(cli.url)
    titles = query(cli.url, "SELECT key, title, language FROM documents ORDER BY key")
    assert sum(bool(title and language) for _, title, language in titles) >= 3
    out = tmp_path / "out.jsonld"
    cli.ok("export", "claimreview", "--output", str(out))
    result = cli.ok("import", str(out)).stdout
    assert "0 added, 0 replaced" in result
    assert db_snapshot(cli.url) == before


def test_a_number_too_long_to_read_is_one_located_problem(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(A_TEXT, encoding="utf-8")
    huge = "9" * 4301
    yaml_text = ANNOTATED.replace("occurrence: 2", f"occurrence: {huge}")
    (tmp_path / "a.yaml").write_text(yaml_text, encoding="utf-8")
    (tmp_path / "b.json").write_text(f'{{"format": "provenance/v1",\n"x": {huge}}}', "utf-8")
    cli.ok("import", str(EVENT))
    before = db_snapshot(cli.url)
    for command in ("import", "validate"):
        result = cli(command, "a.yaml", "b.json")
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            "Error: a.yaml: line 12: a number of more than 4300 digits (no field holds one)",
            "Error: b.json: line 2: a number of more than 4300 digits (no field holds one)",
            "2 problems found; nothing was written.",
        ]
    assert db_snapshot(cli.url) == before


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", ":memory:"])
def test_an_in_memory_database_is_refused_in_one_line(cli: Cli, url: str) -> None:
    """It gave a 'no such table' traceback: each command is its own process, so what one
    imports the next can never see."""
    result = cli("--db", url, "stats")
    assert result.exit_code == 1
    assert "in-memory database lasts one command" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("option", ["--document", "--originator", "--relayed-by"])
def test_an_empty_filter_is_a_usage_error_not_every_claim(seeded: Cli, option: str) -> None:
    """ "claims --document $DOC" with DOC unset listed the whole corpus, exit 0."""
    result = seeded("claims", option, "", "--format", "jsonl")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "empty value" in result.stderr


def test_links_of_an_unknown_document_write_nothing_to_stdout(seeded: Cli) -> None:
    """A lone "[" (JSON) or a table header reached stdout before the error."""
    for fmt in ("json", "table", "csv"):
        result = seeded("links", "--document", "nope", "--format", fmt)
        assert result.exit_code == 1
        assert result.stdout == ""


def test_a_min_score_that_is_not_a_number_is_refused(seeded: Cli) -> None:
    """NaN passed the 0-1 range check (every comparison with it is false) and listed []."""
    result = seeded("links", "--min-score", "nan")
    assert result.exit_code == 2
    assert "not a number" in result.stderr


def test_what_the_server_refuses_is_one_line(tmp_path: Path) -> None:
    """A database error no check foresaw (a PostgreSQL search_path naming no schema; here an
    SQLite file whose tables are views of a missing table) printed a traceback."""
    import sqlite3
    import subprocess
    import sys

    db = tmp_path / "odd.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("CREATE VIEW claims AS SELECT * FROM nowhere")
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "--db", str(db), "stats"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Error:")


def test_a_quote_of_spaces_is_not_said_to_match_when_spaces_are_ignored(
    cli: Cli, tmp_path: Path
) -> None:
    """The hint told the annotator it matched 'if spaces are ignored'."""
    (tmp_path / "a.txt").write_text("Le ministre a dit que tout va bien.\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        "format: provenance/v1\n"
        "document: {key: a, title: A, text_file: a.txt, language: fr, publisher: pub}\n"
        "actors:\n  - {key: pub, name: Pub, kind: newspaper}\n"
        "claims:\n"
        '  - {key: c, quote: "  ", kind: assertion, originator: pub}\n',
        encoding="utf-8",
    )
    result = cli("validate", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1
    assert "only spaces" in result.stderr
    assert "spaces are ignored" not in result.stderr
