"""A relation two annotations declare stays while either still declares it.

It is stored once, under the first declarer; the others are its co-declarers. Re-importing
the owner without the relation hands it to a co-declarer (with that one's note): it goes
only when no stored annotation declares it any more. Both backends, one and two files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Cli, query

from provenance.ingest.writer import DocumentWriter

A = """format: provenance/v1
document: {{key: A, text: "P says it fell. Q says it did not fall.", publisher: p}}
actors:
  - {{key: p, name: P, kind: other}}
  - {{key: q, name: Q, kind: other}}
claims:
  - {{key: fell, quote: "it fell", originator: p}}
  - {{key: not-fell, quote: "it did not fall", originator: q}}
relations: {relations}
"""
B = """format: provenance/v1
document: {{key: B, text: "Q denied it.", publisher: q}}
claims:
  - {{key: denied, quote: "denied it", originator: q}}
relations: {relations}
"""
SET = """format: provenance/v1
key: my-links
relations: {relations}
"""
IN_A = "[{from: not-fell, type: contradicts, to: fell, note: as A says}]"
ELSEWHERE = "[{{from: A/not-fell, type: contradicts, to: A/fell, note: {note}}}]"


def write(folder: Path, name: str, template: str, relations: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(template.format(relations=relations), encoding="utf-8")
    return str(path)


def stored(cli: Cli) -> list[tuple[str, str | None]]:
    """Each contradiction with its note, as the command lists them."""
    return [
        (f"{r['claim']['key']}>{r['against']['key']}", r["note"])
        for r in cli.json("contradictions")
    ]


def owners(cli: Cli) -> list[tuple[object, ...]]:
    return sorted(
        tuple(r)
        for r in query(
            cli.url,
            "SELECT d.key, s.key FROM claim_relations r LEFT JOIN documents d "
            "ON d.id = r.declared_in_id LEFT JOIN relation_sets s ON s.id = r.declared_in_set_id",
        )
    )


def test_a_document_dropping_a_relation_another_declares_hands_it_over(
    cli: Cli, tmp_path: Path
) -> None:
    a = write(tmp_path / "v1", "A.yaml", A, IN_A)
    b = write(tmp_path / "v1", "B.yaml", B, ELSEWHERE.format(note="as B says"))
    cli.ok("import", a, b)
    assert stored(cli) == [("not-fell>fell", "as A says")]
    assert owners(cli) == [("A", None)]
    # A no longer declares it; B still does: B's now, with B's note
    cli.ok("import", write(tmp_path / "v2", "A.yaml", A, "[]"))
    assert stored(cli) == [("not-fell>fell", "as B says")]
    assert owners(cli) == [("B", None)]
    assert cli.ok("db", "check").stdout.startswith("OK")
    # A declares it again (a co-declarer now); B drops it: back to A, A's note
    cli.ok("import", a)
    assert owners(cli) == [("B", None)]
    cli.ok("import", write(tmp_path / "v2", "B.yaml", B, "[]"))
    assert stored(cli) == [("not-fell>fell", "as A says")]
    assert owners(cli) == [("A", None)]
    # the last declarer drops it: gone
    cli.ok("import", write(tmp_path / "v3", "A.yaml", A, "[]"))
    assert stored(cli) == []
    assert query(cli.url, "SELECT count(*) FROM relation_co_declarers") == [(0,)]


def test_a_relation_set_and_a_document_declaring_one_relation(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", write(tmp_path / "v1", "A.yaml", A, "[]"))
    links = write(tmp_path / "v1", "links.yaml", SET, ELSEWHERE.format(note="the set"))
    cli.ok("import", links)
    cli.ok("import", write(tmp_path / "v2", "A.yaml", A, IN_A))
    assert owners(cli) == [(None, "my-links")]
    # the set drops it: the document, which still declares it, keeps it
    cli.ok("import", write(tmp_path / "v2", "links.yaml", SET, "[]"))
    assert stored(cli) == [("not-fell>fell", "as A says")]
    assert owners(cli) == [("A", None)]
    # the set declares it again and the document drops it: the set's
    cli.ok("import", links)
    cli.ok("import", write(tmp_path / "v3", "A.yaml", A, "[]"))
    assert stored(cli) == [("not-fell>fell", "the set")]
    assert owners(cli) == [(None, "my-links")]


def test_declarers_in_one_run_are_recorded_however_the_run_is_cut(cli: Cli, tmp_path: Path) -> None:
    """Both in one run, the relation written in A's batch (both ends in A) and B's waiting
    for the end; then A alone dropping it."""
    b = write(tmp_path / "v1", "B.yaml", B, ELSEWHERE.format(note="as B says"))
    a = write(tmp_path / "v1", "A.yaml", A, IN_A)
    cli.ok("import", b, a)
    assert owners(cli) in ([("A", None)], [("B", None)])
    cli.ok("import", write(tmp_path / "v2", "A.yaml", A, "[]"))
    assert stored(cli) == [("not-fell>fell", "as B says")]
    cli.ok("import", write(tmp_path / "v2", "B.yaml", B, "[]"))
    assert stored(cli) == []


def test_an_alias_given_to_a_stored_actor_counts_as_an_update(cli: Cli, tmp_path: Path) -> None:
    """The import's summary says what changed: a new alias is a change, an old one none."""
    first = tmp_path / "a.yaml"
    first.write_text(
        "format: provenance/v1\nactors:\n"
        "  - {key: x, name: X, kind: person, country: FR, aliases: [Ex]}\n",
        encoding="utf-8",
    )
    more = tmp_path / "c.yaml"
    more.write_text(
        "format: provenance/v1\nactors:\n  - {key: x, name: X, kind: person, aliases: [Why]}\n",
        encoding="utf-8",
    )
    assert "actors: 1 added, 0 updated" in cli.ok("import", str(first)).stdout
    assert "actors: 0 added, 1 updated" in cli.ok("import", str(more)).stdout
    assert "actors: 0 added, 0 updated" in cli.ok("import", str(more), str(first)).stdout
    assert cli.json("actor", "Why")["key"] == "x"


def test_hand_overs_across_the_batches_of_one_run(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A, re-imported still declaring R, hands R to B in one batch and declares it again;
    B, later in the same run, drops R: R stays, A's (documents are written a few at a time:
    one here)."""
    monkeypatch.setattr(DocumentWriter, "FLUSH_DOCUMENTS", 1)
    cli.ok(
        "import",
        write(tmp_path / "v1", "A.yaml", A, IN_A),
        write(tmp_path / "v1", "B.yaml", B, ELSEWHERE.format(note="as B says")),
    )
    assert owners(cli) == [("A", None)]
    a = write(tmp_path / "v2", "A.yaml", A.replace("P says", "P said"), IN_A)
    cli.ok("import", a, write(tmp_path / "v2", "B.yaml", B, "[]"))
    assert stored(cli) == [("not-fell>fell", "as A says")]
    assert owners(cli) == [("A", None)]
    assert query(cli.url, "SELECT count(*) FROM relation_co_declarers") == [(0,)]


def test_removing_a_claim_a_co_declarer_names_is_refused_or_names_it(
    cli: Cli, tmp_path: Path
) -> None:
    """The co-declarer's file names the claim too: refused like the owner's, and with
    --drop-dependent-relations both are named and marked stale."""
    cli.ok(
        "import",
        write(tmp_path / "v1", "A.yaml", A, IN_A),
        write(tmp_path / "v1", "B.yaml", B, ELSEWHERE.format(note="b")),
    )
    without = A.replace('  - {{key: not-fell, quote: "it did not fall", originator: q}}\n', "")
    edited = write(tmp_path / "v2", "A.yaml", without, "[]")
    refused = cli("import", edited)
    assert refused.exit_code == 1
    assert (
        "removing claim 'not-fell' would drop relation A/not-fell contradicts A/fell, declared in B"
        in refused.stderr
    )
    assert stored(cli) == [("not-fell>fell", "as A says")]
    dropped = cli.ok("import", "--drop-dependent-relations", edited)
    assert "declared in B" in dropped.stderr
    assert stored(cli) == []
    assert "document B: relations or reviews its annotation declares" in cli("db", "check").stdout


def test_files_stored_before_co_declarers_learn_them_unchanged(cli: Cli, tmp_path: Path) -> None:
    """A database from before schema 0007: importing the same files again (unchanged)
    records their co-declarations, so the owner dropping R then keeps it."""
    a = write(tmp_path / "v1", "A.yaml", A, IN_A)
    b = write(tmp_path / "v1", "B.yaml", B, ELSEWHERE.format(note="as B says"))
    cli.ok("import", a, b)
    cli.ok("db", "downgrade", "0006")
    cli.ok("db", "upgrade")
    assert query(cli.url, "SELECT count(*) FROM relation_co_declarers") == [(0,)]
    assert "0 replaced, 2 unchanged" in cli.ok("import", a, b).stdout
    assert query(cli.url, "SELECT count(*) FROM relation_co_declarers") == [(1,)]
    cli.ok("import", write(tmp_path / "v2", "A.yaml", A, "[]"))
    assert stored(cli) == [("not-fell>fell", "as B says")]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_co_declarer_added_by_a_concurrent_import_is_handed_over(
    cli: Cli, tmp_path: Path
) -> None:
    """Another transaction adds B as co-declarer of A's relation and has not committed when
    A is re-imported without it: the import waits for it and hands the relation to B (it
    was cascaded away unseen)."""
    import subprocess
    import sys
    import time

    from sqlalchemy import create_engine, text

    cli.ok(
        "import",
        write(tmp_path / "v1", "A.yaml", A, IN_A),
        write(tmp_path / "v1", "B.yaml", B, "[]"),
    )
    engine = create_engine(cli.url)
    try:
        with engine.connect() as other:
            other.execute(
                text(
                    "INSERT INTO relation_co_declarers (relation_id, declared_in_id, note) "
                    "SELECT r.id, d.id, 'as B says' FROM claim_relations r, documents d "
                    "WHERE d.key = 'B'"
                )
            )
            drops = write(tmp_path / "v2", "A.yaml", A, "[]")
            importing = subprocess.Popen(
                [sys.executable, "-m", "provenance", "--db", cli.url, "import", drops],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            time.sleep(1.5)  # the import reaches the relation and waits on the lock
            other.commit()
        _, err = importing.communicate(timeout=60)
        assert importing.returncode == 0, err
    finally:
        engine.dispose()
    assert stored(cli) == [("not-fell>fell", "as B says")]
    assert owners(cli) == [("B", None)]
