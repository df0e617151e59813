"""``provenance db check``: a sound database passes; each kind of corruption is named exactly.

Corruption is done behind provenance's back with plain SQL, the way a hand edit, a bad
copy or a bug would do it: on SQLite with foreign keys off (a plain connection does not
enforce them) and CHECK constraints ignored; on PostgreSQL with foreign-key triggers
disabled for the transaction (``session_replication_role = replica``) or the CHECK
constraint dropped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers import SEEDS, Cli, corrupt, problems, query

from provenance.store.revision import SCHEMA_HEAD

DOC = "al-boukamal-2018-06-10"


def claim_id(url: str, key: str) -> int:
    return int(query(url, "SELECT id FROM claims WHERE key = :k", k=key)[0][0])


def test_a_sound_database_passes(seeded: Cli) -> None:
    result = seeded.ok("db", "check")
    assert result.stdout == (
        f"OK: schema at {SCHEMA_HEAD} (head); checked 1 document, 36 claims, 18 relays, "
        "25 relations, 17 actors.\n"
    )


def test_an_empty_database_passes(cli: Cli) -> None:
    cli.ok("db", "upgrade")
    assert cli.ok("db", "check").stdout.startswith(f"OK: schema at {SCHEMA_HEAD} (head)")


def test_a_tampered_quote(seeded: Cli) -> None:
    url = seeded.url
    start, end = query(
        url, "SELECT span_start, span_end FROM claims WHERE key = 'osdh-retraction'"
    )[0]
    corrupt(url, "UPDATE claims SET quote = 'tampered' WHERE key = 'osdh-retraction'")
    assert problems(seeded) == [
        f"claim {DOC}/osdh-retraction: span {start}-{end} of the document text holds "
        "'avant de se rétracter', not the stored quote 'tampered'"
    ]


def test_shifted_offsets(seeded: Cli) -> None:
    url = seeded.url
    start, end = query(
        url, "SELECT span_start, span_end FROM claims WHERE key = 'osdh-retraction'"
    )[0]
    corrupt(
        url,
        "UPDATE claims SET span_start = span_start + 1, span_end = span_end + 1 "
        "WHERE key = 'osdh-retraction'",
    )
    assert problems(seeded) == [
        f"claim {DOC}/osdh-retraction: span {start + 1}-{end + 1} of the document text holds "
        "'vant de se rétracter.', not the stored quote 'avant de se rétracter'"
    ]


def test_a_span_past_the_end_or_reversed(seeded: Cli) -> None:
    url = seeded.url
    length = len(query(url, "SELECT text FROM documents")[0][0])
    start = query(url, "SELECT span_start FROM claims WHERE key = 'general-calm-restored'")[0][0]
    if not url.startswith("sqlite"):
        corrupt(url, "ALTER TABLE claims DROP CONSTRAINT ck_claims_span")
    corrupt(
        url,
        "UPDATE claims SET span_end = 999999 WHERE key = 'general-calm-restored'",
        "UPDATE claims SET span_end = span_start WHERE key = 'osdh-retraction'",
    )
    retraction = query(url, "SELECT span_start FROM claims WHERE key = 'osdh-retraction'")[0][0]
    assert problems(seeded) == [
        f"claim {DOC}/general-calm-restored: span {start}-999999 is past the end of the "
        f"document text ({length} characters)",
        f"claim {DOC}/osdh-retraction: span {retraction}-{retraction} is empty or reversed",
    ]


def test_a_changed_text(seeded: Cli) -> None:
    corrupt(seeded.url, "UPDATE documents SET text = text || ' '")
    assert problems(seeded) == [
        f"document {DOC}: text does not match its stored SHA-256 "
        "(the text was changed after import)"
    ]


def test_a_changed_text_under_a_quote(seeded: Cli) -> None:
    url = seeded.url
    start, end = query(
        url, "SELECT span_start, span_end FROM claims WHERE key = 'osdh-retraction'"
    )[0]
    body = query(url, "SELECT text FROM documents")[0][0]
    edited = body[:start] + "après" + body[start + 5 :]  # same length: "avant" -> "après"
    corrupt(url, "UPDATE documents SET text = :t", t=edited)
    assert problems(seeded) == [
        f"claim {DOC}/osdh-retraction: span {start}-{end} of the document text holds "
        "'après de se rétracter', not the stored quote 'avant de se rétracter'",
        f"document {DOC}: text does not match its stored SHA-256 "
        "(the text was changed after import)",
    ]


def test_a_relay_loop(seeded: Cli) -> None:
    corrupt(
        seeded.url,
        "INSERT INTO relays (claim_id, chain_no, position, actor_id) "
        "SELECT c.id, 1, 3, a.id FROM claims c, actors a "
        "WHERE c.key = 'centcom-orchestrated' AND a.key = 'tasnim'",
    )
    assert problems(seeded) == [
        f"claim {DOC}/centcom-orchestrated: chain 1 loops: 'tasnim' relays it at positions 1 and 3"
    ]


def test_an_originator_relaying_its_own_claim(seeded: Cli) -> None:
    corrupt(
        seeded.url,
        "UPDATE relays "
        "SET actor_id = (SELECT originator_id FROM claims WHERE key = 'osdh-retraction') "
        "WHERE claim_id = (SELECT id FROM claims WHERE key = 'osdh-retraction')",
    )
    assert problems(seeded) == [
        f"claim {DOC}/osdh-retraction: chain 1 loops back to the claim's originator 'osdh' "
        "at position 1"
    ]


def test_relay_positions_with_a_gap(seeded: Cli) -> None:
    url = seeded.url
    corrupt(
        url,
        "DELETE FROM relays WHERE position = 1 "
        "AND claim_id = (SELECT id FROM claims WHERE key = 'centcom-orchestrated')",
        "UPDATE relays SET chain_no = 2 "
        "WHERE claim_id = (SELECT id FROM claims WHERE key = 'osdh-retraction')",
    )
    assert problems(seeded) == [
        f"claim {DOC}/centcom-orchestrated: chain 1 has hops at positions 2 (expected 1..1)",
        f"claim {DOC}/osdh-retraction: chains are numbered 2 (expected 1..1)",
    ]


def test_orphan_relays_and_relations(seeded: Cli) -> None:
    url = seeded.url
    cid = claim_id(url, "centcom-orchestrated")
    relays = [
        r[0] for r in query(url, "SELECT id FROM relays WHERE claim_id = :c ORDER BY id", c=cid)
    ]
    relations = [
        r[0]
        for r in query(
            url, "SELECT id FROM claim_relations WHERE to_claim_id = :c ORDER BY id", c=cid
        )
    ]
    assert len(relays) == 2 and len(relations) == 3
    corrupt(url, "DELETE FROM claims WHERE id = :c", c=cid)
    assert problems(seeded) == [
        *(
            f"foreign key: claim_relations id {r}: to_claim_id {cid} refers to no claims row"
            for r in relations
        ),
        *(f"foreign key: relays id {r}: claim_id {cid} refers to no claims row" for r in relays),
    ]


def test_dangling_actor_references(seeded: Cli) -> None:
    url = seeded.url
    corrupt(
        url,
        "INSERT INTO document_sources (document_id, position, actor_id) "
        "SELECT id, 9, 777 FROM documents",
        "INSERT INTO relays (claim_id, chain_no, position, actor_id) "
        "SELECT id, 1, 1, 778 FROM claims WHERE key = 'pub-recon-planes'",
    )
    doc_id = query(url, "SELECT id FROM documents")[0][0]
    relay = query(url, "SELECT id FROM relays WHERE actor_id = 778")[0][0]
    assert problems(seeded) == [
        f"foreign key: document_sources (document_id {doc_id}, position 9): actor_id 777 "
        "refers to no actors row",
        f"foreign key: relays id {relay}: actor_id 778 refers to no actors row",
    ]


def test_a_claim_related_to_itself(seeded: Cli) -> None:
    url = seeded.url
    if not url.startswith("sqlite"):
        corrupt(url, "ALTER TABLE claim_relations DROP CONSTRAINT ck_claim_relations_not_self")
    corrupt(
        url,
        "INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id) "
        "SELECT id, 'supports', id, document_id FROM claims WHERE key = 'osdh-retraction'",
    )
    rid = query(url, "SELECT id FROM claim_relations WHERE from_claim_id = to_claim_id")[0][0]
    assert problems(seeded) == [
        f"claim_relations id {rid}: claim {DOC}/osdh-retraction is related to itself (supports)"
    ]


def test_kinds_and_types_outside_their_lists(seeded: Cli) -> None:
    url = seeded.url
    if not url.startswith("sqlite"):
        corrupt(
            url,
            "ALTER TABLE claims DROP CONSTRAINT ck_claims_kind",
            "ALTER TABLE actors DROP CONSTRAINT ck_actors_kind",
            "ALTER TABLE claim_relations DROP CONSTRAINT ck_claim_relations_type",
        )
    corrupt(
        url,
        "UPDATE claims SET kind = 'rumour' WHERE key = 'osdh-retraction'",
        "UPDATE actors SET kind = 'journalist' WHERE key = 'afp'",
        "UPDATE claim_relations SET type = 'refutes' WHERE id = 1",
    )
    assert problems(seeded) == [
        "actor afp: kind 'journalist' is not one of person, news_agency, broadcaster, "
        "newspaper, website, government_body, military, armed_group, ngo, anonymous_source, "
        "other",
        f"claim {DOC}/osdh-retraction: kind 'rumour' is not one of assertion, accusation, "
        "denial, prediction, observation, retraction, attribution, other",
        "claim_relations id 1: type 'refutes' is not one of contradicts, supports, repeats, "
        "retracts, updates",
    ]


def test_everything_at_once(seeded: Cli) -> None:
    url = seeded.url
    tasnim = query(url, "SELECT id FROM actors WHERE key = 'tasnim'")[0][0]
    aliases = query(url, "SELECT count(*) FROM actor_aliases WHERE actor_id = :a", a=tasnim)[0][0]
    hops = query(url, "SELECT count(*) FROM relays WHERE actor_id = :a", a=tasnim)[0][0]
    corrupt(
        url,
        "UPDATE claims SET quote = 'x' WHERE key = 'osdh-retraction'",
        "UPDATE documents SET text_sha256 = 'feed'",
        "DELETE FROM actors WHERE key = 'tasnim'",
    )
    found = problems(seeded)
    kinds = [line.split(":")[0].split(" id ")[0] for line in found]
    assert kinds == [
        *["foreign key"] * (aliases + hops),
        f"claim {DOC}/osdh-retraction",
        f"document {DOC}",
    ]
    assert f"foreign key: relays id 1: actor_id {tasnim} refers to no actors row" in found


@pytest.mark.parametrize(
    ("revision", "expected"),
    [
        (
            "0001",
            f"schema: at revision 0001, this version of provenance needs {SCHEMA_HEAD} "
            "(run `provenance db upgrade`); other checks skipped",
        ),
        (
            "9999",
            "schema: at revision 9999, unknown to this version of provenance "
            "(written by a newer version?); other checks skipped",
        ),
    ],
)
def test_schema_not_at_head(seeded: Cli, revision: str, expected: str) -> None:
    corrupt(seeded.url, "UPDATE alembic_version SET version_num = :r", r=revision)
    assert problems(seeded) == [expected]


def test_a_missing_view(seeded: Cli) -> None:
    corrupt(seeded.url, "DROP VIEW claim_table")
    assert problems(seeded) == ["schema: view 'claim_table' is missing"]


def test_not_a_provenance_database(tmp_path: Path, runner: Any) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    cli = Cli(runner, str(path))
    assert problems(cli) == [
        "schema: no provenance schema revision (an empty database, or not provenance's)"
    ]


def test_a_missing_database_is_not_created(tmp_path: Path, runner: Any) -> None:
    path = tmp_path / "absent.db"
    result = Cli(runner, str(path))("db", "check")
    assert result.exit_code == 1
    assert result.stderr == f"Error: no database at {path}\n"
    assert not path.exists()


# -- a damaged SQLite file (SQLite only: PostgreSQL files are not ours to edit) -----------


def _seeded_sqlite(runner: Any, tmp_path: Path) -> tuple[Cli, Path]:
    path = tmp_path / "damaged.db"
    cli = Cli(runner, f"sqlite:///{path}")
    cli.ok("import", str(SEEDS))
    assert not Path(f"{path}-wal").exists()  # all in the main file, which we now damage
    return cli, path


def test_a_damaged_index(runner: Any, tmp_path: Path) -> None:
    cli, path = _seeded_sqlite(runner, tmp_path)
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_claims_key'")
        page = root.fetchone()[0]
        row = conn.execute("SELECT id FROM claims WHERE key = 'osdh-retraction'").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    at = data.index(b"osdh-retraction", start, start + page_size)
    data[at] = ord("X")  # the index entry no longer matches its row
    path.write_bytes(bytes(data))
    assert problems(cli) == [f"sqlite integrity: row {row} missing from index ix_claims_key"]


def test_a_malformed_file(runner: Any, tmp_path: Path) -> None:
    cli, path = _seeded_sqlite(runner, tmp_path)
    data = bytearray(path.read_bytes())
    data[4096 : 4096 + 12] = b"\xff" * 12  # page 2's header
    path.write_bytes(bytes(data))
    assert problems(cli) == ["database: database disk image is malformed"]


def test_a_file_that_is_not_a_database(runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    assert problems(Cli(runner, str(path))) == ["database: file is not a database"]
