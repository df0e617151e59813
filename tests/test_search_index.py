"""The full-text index after imports: SQLite's is filled in one statement per import (its
insert trigger is set aside meanwhile), so every way an import can end must leave every
claim indexed and the trigger exactly as the migration made it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from helpers import MULTI, SEEDS, Cli, corrupt, problems, query

DOC = "al-boukamal-2018-06-10"


def refs(found: list[dict[str, Any]]) -> set[str]:
    return {f"{c['document']}/{c['key']}" for c in found}


def triggers(url: str) -> list[tuple[str, str]]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as con:
        return con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()


def edited_sputnik(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of tests/data/multi whose sputnik annotation says ``new`` for ``old``."""
    shutil.copytree(MULTI, tmp_path / "multi")
    sputnik = tmp_path / "multi" / "sputnik-2018-06-12.yaml"
    text = sputnik.read_text(encoding="utf-8")
    assert old in text
    sputnik.write_text(text.replace(old, new), encoding="utf-8")
    return sputnik


def fresh_triggers(runner: Any, tmp_path: Path) -> list[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    Cli(runner, url).ok("db", "upgrade")
    return triggers(url)


def test_imports_in_steps_index_every_claim(cli: Cli) -> None:
    cli.ok("import", str(SEEDS))
    cli.ok("import", str(MULTI))  # a second import adds to an index that is not empty
    assert refs(cli.json("claims", "--search", "CENTCOM orchestrated")) == {
        "presstv-2018-06-09/centcom-orchestrated"
    }
    assert refs(cli.json("claims", "--search", "kamikaze")) == {f"{DOC}/pub-friday-attacks"}
    assert cli.ok("db", "check").stdout.startswith("OK: ")
    if cli.url.startswith("sqlite"):
        claims = query(cli.url, "SELECT id FROM claims ORDER BY id")
        assert query(cli.url, "SELECT id FROM claims_fts_docsize ORDER BY id") == claims


def test_the_trigger_is_back_after_an_import_and_after_a_failed_one(
    sqlite_url: str, runner: Any, tmp_path: Path
) -> None:
    cli = Cli(runner, sqlite_url)
    expected = fresh_triggers(runner, tmp_path)
    assert [name for name, _ in expected] == [
        "claims_fts_delete",
        "claims_fts_insert",
        "claims_fts_update",
    ]
    cli.ok("import", str(SEEDS))
    assert triggers(sqlite_url) == expected
    # this run fails only at its end, once its documents are written (a reference from
    # one document of the run to a claim another one lacks is checked last)
    sputnik = edited_sputnik(
        tmp_path, "presstv-2018-06-09/damascus-denies", "presstv-2018-06-09/no-such-claim"
    )
    broken = sputnik.parent
    before = query(sqlite_url, "SELECT count(*) FROM claims_fts_docsize")
    failed = cli("import", str(broken))
    assert failed.exit_code == 1
    assert "unknown claim 'no-such-claim' in document 'presstv-2018-06-09'" in failed.stderr
    assert triggers(sqlite_url) == expected
    assert query(sqlite_url, "SELECT count(*) FROM claims_fts_docsize") == before
    # and an insert made outside provenance is still indexed by the trigger
    corrupt(
        sqlite_url,
        "INSERT INTO claims (document_id, key, span_start, span_end, quote, kind, "
        "direct_quote, originator_id, search_text) SELECT document_id, 'by-hand', span_start, "
        "span_end, quote, kind, direct_quote, originator_id, 'zanzibar' FROM claims LIMIT 1",
    )
    assert refs(cli.json("claims", "--search", "zanzibar")) == {f"{DOC}/by-hand"}


def test_an_edited_document_is_searched_by_its_new_words(cli: Cli, seed_copy: Path) -> None:
    cli.ok("import", str(seed_copy))
    annotation = next(seed_copy.glob("*.yaml"))
    text = annotation.read_text(encoding="utf-8")
    assert "kamikazes" in text
    annotation.write_text(text.replace("statement: ", "statement: Zanzibar ", 1), encoding="utf-8")
    cli.ok("import", str(seed_copy))
    assert len(cli.json("claims", "--search", "zanzibar")) == 1
    assert cli.ok("db", "check").stdout.startswith("OK: ")


def test_db_check_names_claims_missing_from_the_index(sqlite_url: str, runner: Any) -> None:
    cli = Cli(runner, sqlite_url)
    cli.ok("import", str(SEEDS))
    corrupt(
        sqlite_url,
        "INSERT INTO claims_fts(claims_fts, rowid, search_text) "
        "SELECT 'delete', id, search_text FROM claims WHERE key = 'pub-friday-attacks'",
        "DROP TRIGGER claims_fts_update",
    )
    assert problems(cli) == [
        "search index: trigger 'claims_fts_update' is missing (changed claims would not be found)",
        f"claim {DOC}/pub-friday-attacks: not in the search index (`claims --search` misses it)",
    ]


def test_db_check_on_postgresql_wants_the_gin_index(runner: Any, pg_url: str) -> None:
    cli = Cli(runner, pg_url)
    cli.ok("import", str(SEEDS))
    assert cli.ok("db", "check").stdout.startswith("OK: ")
    corrupt(cli.url, "DROP INDEX ix_claims_search")
    assert problems(cli) == ["search index: index 'ix_claims_search' is missing"]


def test_a_renamed_last_claim_is_indexed_under_its_new_key(cli: Cli, tmp_path: Path) -> None:
    """Re-importing a document deletes its old claims first; the freed highest id must not
    slip under the range the import indexes at its end."""
    cli.ok("import", str(SEEDS), str(MULTI))
    sputnik = edited_sputnik(tmp_path, "chemical-attacks-not-new", "chemical-attacks-old-news")
    cli.ok("import", str(sputnik))
    found = refs(cli.json("claims", "--search", "attaques chimiques"))
    assert "sputnik-2018-06-12/chemical-attacks-old-news" in found
    assert "sputnik-2018-06-12/chemical-attacks-not-new" not in found
    assert cli.ok("db", "check").stdout.startswith("OK: ")


def test_postgresql_keeps_each_claims_search_vector_through_upgrade_and_downgrade(
    runner: Any, pg_url: str
) -> None:
    """Migration 0008 stores the vector the GIN index covers (ranking read it from the text
    again, row by row); claims stored before it are searchable after it, and after a
    downgrade the expression index is back."""
    from provenance.store.engine import make_engine
    from provenance.store.migrate import downgrade, upgrade

    cli = Cli(runner, pg_url)
    cli.ok("import", str(SEEDS))
    before = refs(cli.json("claims", "--search", "syrien"))
    assert before
    engine = make_engine(pg_url, write=True)
    try:
        downgrade(engine, "0007")
        columns = query(
            pg_url,
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'claims' AND table_schema = current_schema()",
        )
        assert ("search_vector",) not in columns
        old = query(
            pg_url,
            "SELECT count(*) FROM claims WHERE to_tsvector('simple', coalesce(search_text, '')) "
            "@@ to_tsquery('simple', 'syrien')",
        )
        assert old == [(len(before),)]
        upgrade(engine)
    finally:
        engine.dispose()
    assert refs(cli.json("claims", "--search", "syrien")) == before
    stored = query(pg_url, "SELECT count(*) FROM claims WHERE search_vector IS NULL")
    assert stored == [(0,)]
    assert cli.ok("db", "check").stdout.startswith("OK: ")


def test_an_import_leaves_nothing_pending_in_the_postgresql_search_index(
    runner: Any, pg_url: str, tmp_path: Path
) -> None:
    """GIN files new entries in a pending list that every search reads end to end until a
    vacuum moves them (often never during bulk loads): a links query took 32 ms instead of
    10 after a 10k-claim import. The import moves them itself."""
    cli = Cli(runner, pg_url)
    cli.ok("import", str(SEEDS))
    moved = query(pg_url, "SELECT gin_clean_pending_list('ix_claims_search'::regclass)")
    assert moved == [(0,)]
    cli.ok("import", str(MULTI))
    assert query(pg_url, "SELECT gin_clean_pending_list('ix_claims_search'::regclass)") == [(0,)]
    # a re-import that only rewrites a claim: no claim added, no relay, no relation
    doc = {
        "format": "provenance/v1",
        "document": {"key": "solo", "text": "Le ministre a dit que le pont ouvrira."},
        "actors": [{"key": "ministre-solo", "name": "Ministre", "kind": "person"}],
        "claims": [{"key": "pont", "quote": "le pont ouvrira", "originator": "ministre-solo"}],
    }
    (tmp_path / "solo.json").write_text(json.dumps(doc), encoding="utf-8")
    cli.ok("import", str(tmp_path / "solo.json"))
    doc["claims"][0]["statement"] = "Le pont ouvrira bientôt"
    (tmp_path / "solo.json").write_text(json.dumps(doc), encoding="utf-8")
    done = cli.ok("import", str(tmp_path / "solo.json"))
    assert "claims: 0 added, 1 updated" in done.stdout and "relays: 0" in done.stdout, done.stdout
    assert query(pg_url, "SELECT gin_clean_pending_list('ix_claims_search'::regclass)") == [(0,)]


def test_an_import_by_a_role_that_does_not_own_the_index_says_what_it_left(
    runner: Any, pg_url: str
) -> None:
    """Only the owner may move the index's pending entries: another role's import works,
    is not aborted by the attempt, and says what the owner should run."""
    import uuid

    from sqlalchemy.engine import make_url

    Cli(runner, pg_url).ok("db", "upgrade")
    schema = make_url(pg_url).query["options"].removeprefix("-csearch_path=")
    role = f"provenance_importer_{uuid.uuid4().hex[:8]}"
    corrupt(
        pg_url,
        f'CREATE ROLE "{role}" LOGIN',
        f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"',
        f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"',
    )
    try:
        importer = Cli(runner, make_url(pg_url).set(username=role).render_as_string(False))
        done = importer("import", str(SEEDS))
        assert done.exit_code == 0, done.output
        assert "until the owner runs VACUUM claims" in done.stderr
        assert importer.ok("claims", "--search", "syrien").stdout
    finally:
        corrupt(pg_url, f'DROP OWNED BY "{role}"', f'DROP ROLE "{role}"')
