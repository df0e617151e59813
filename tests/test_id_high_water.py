"""A claim id, once given, never names another claim (SQLite, migration 0009).

``provenance claim 1234`` and the exports' ``claim_id`` refer to claims by number. SQLite
handed new claims the ids after the current maximum, so removing or replacing the
documents holding the highest ids gave those ids to the next import's claims. Both
backends: PostgreSQL's sequences already kept this promise, and must go on keeping it.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import Cli, query, write_corpus
from typer.testing import CliRunner

from provenance.store.engine import make_engine
from provenance.store.migrate import downgrade, upgrade


def ids(cli: Cli) -> dict[int, tuple[str, str]]:
    """Each stored claim's id, with the claim it names."""
    rows = query(
        cli.url,
        "SELECT claims.id, documents.key, claims.key FROM claims "
        "JOIN documents ON documents.id = claims.document_id",
    )
    return {int(i): (doc, key) for i, doc, key in rows}


class History:
    """Every id ever seen and the claim it named: an id must never change hands."""

    def __init__(self) -> None:
        self.named: dict[int, tuple[str, str]] = {}

    def record(self, cli: Cli) -> dict[int, tuple[str, str]]:
        now = ids(cli)
        for i, claim in now.items():
            assert self.named.setdefault(i, claim) == claim, f"id {i} now names {claim}"
        return now


def edit_first_sentence(path: Path) -> None:
    annotation = json.loads(path.read_text(encoding="utf-8"))
    old = annotation["claims"][0]["quote"]
    new = old.replace("a eu lieu", "aurait eu lieu")
    annotation["document"]["text"] = annotation["document"]["text"].replace(old, new)
    annotation["claims"][0]["quote"] = new
    path.write_text(json.dumps(annotation, ensure_ascii=False), encoding="utf-8")


def test_a_removed_claims_id_is_never_given_to_another_claim(cli: Cli, tmp_path: Path) -> None:
    history = History()
    cli.ok("import", str(write_corpus(tmp_path / "a", 3)))
    before = history.record(cli)
    gone = {i for i, (doc, _) in before.items() if doc == "doc-0002"}
    assert max(gone) == max(before)  # the last document holds the highest ids

    cli.ok("remove", "doc-0002")
    cli.ok("import", str(write_corpus(tmp_path / "b", 1, prefix="new")))
    after = history.record(cli)
    assert not gone & set(after)
    assert min(i for i, (doc, _) in after.items() if doc == "new-0000") > max(gone)

    # a reference saved before the removal says it is gone rather than naming another claim
    result = cli("claim", str(max(gone)))
    assert result.exit_code != 0
    assert "doc-0002" not in result.stdout


def test_replaced_claims_take_new_ids_and_keep_them_distinct(cli: Cli, tmp_path: Path) -> None:
    history = History()
    folder = write_corpus(tmp_path / "a", 2)
    cli.ok("import", str(folder))
    history.record(cli)
    for k in range(3):
        edit_first_sentence(folder / "doc-0001.json")
        cli.ok("import", str(folder))
        history.record(cli)
        cli.ok("remove", "doc-0001")
        cli.ok("import", str(write_corpus(tmp_path / f"n{k}", 1, prefix=f"n{k}")))
        history.record(cli)
        cli.ok("import", str(folder))
        history.record(cli)
    assert cli.ok("db", "check").stdout.startswith("OK")


def test_a_database_upgraded_to_0009_starts_after_its_highest_ids(
    sqlite_url: str, tmp_path: Path
) -> None:
    cli = Cli(CliRunner(), sqlite_url)
    cli.ok("import", str(write_corpus(tmp_path / "a", 2)))
    highest = max(ids(cli))
    engine = make_engine(sqlite_url, write=True)
    downgrade(engine, "0008")
    upgrade(engine)
    engine.dispose()
    assert query(sqlite_url, "SELECT table_name, last_id FROM id_high_water") == [
        ("claims", highest),
        ("documents", 2),
    ]
    cli.ok("remove", "doc-0001")
    cli.ok("import", str(write_corpus(tmp_path / "b", 1, prefix="new")))
    assert min(i for i, (doc, _) in ids(cli).items() if doc == "new-0000") > highest


def test_a_copy_made_by_export_sqlite_keeps_the_ids_given(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(write_corpus(tmp_path / "a", 2)))
    highest = max(ids(cli))
    cli.ok("remove", "doc-0001")
    target = tmp_path / "copy.db"
    cli.ok("export", "sqlite", str(target))
    copy = Cli(cli.runner, f"sqlite:///{target}")
    copy.ok("import", str(write_corpus(tmp_path / "b", 1, prefix="new")))
    assert min(i for i, (doc, _) in ids(copy).items() if doc == "new-0000") > highest


def test_a_downgrade_and_upgrade_back_forget_no_id(sqlite_url: str, tmp_path: Path) -> None:
    cli = Cli(CliRunner(), sqlite_url)
    cli.ok("import", str(write_corpus(tmp_path / "a", 3)))
    highest = max(ids(cli))
    cli.ok("remove", "doc-0002")
    cli.ok("db", "downgrade", "0008")
    cli.ok("db", "upgrade")
    cli.ok("import", str(write_corpus(tmp_path / "b", 1, prefix="new")))
    assert min(i for i, (doc, _) in ids(cli).items() if doc == "new-0000") > highest
    # down to base, nothing of the schema is left behind
    engine = make_engine(sqlite_url, write=True)
    downgrade(engine, "base")
    engine.dispose()
    assert query(sqlite_url, "SELECT name FROM sqlite_master WHERE type = 'table'") == [
        ("alembic_version",)
    ]


def test_a_reader_without_the_sequences_can_still_copy(pg_url: str, tmp_path: Path) -> None:
    """``export sqlite`` by a role granted SELECT on the tables only: the copy is made,
    its marks from the stored maximum (the sequences are not the reader's to read)."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    cli = Cli(CliRunner(), pg_url)
    cli.ok("import", str(write_corpus(tmp_path / "a", 2)))
    role = f"provenance_reader_{uuid.uuid4().hex[:8]}"  # roles are the whole server's
    admin = create_engine(pg_url)
    try:
        with admin.begin() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}'))
            conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {role}'))
        reader_url = make_url(pg_url).set(username=role).render_as_string(hide_password=False)
        target = tmp_path / "copy.db"
        Cli(CliRunner(), reader_url).ok("export", "sqlite", str(target))
        marks = query(f"sqlite:///{target}", "SELECT last_id FROM id_high_water ORDER BY 1")
        assert marks == [(2,), (max(ids(cli)),)]
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
