"""Import on PostgreSQL: rows stream by COPY, not one INSERT each; statistics follow a bulk load."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import Cli, query, write_corpus
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from provenance.ingest import copy_pg
from provenance.store.engine import make_engine

# tables whose new rows must arrive by COPY (or by one INSERT ... SELECT from a copy)
_BULK = ("actors", "actor_aliases", "documents", "document_sources", "claims", "relays")


@pytest.fixture
def statements() -> Iterator[list[tuple[str, Any]]]:
    """Every statement SQLAlchemy sends, with its parameters (COPY goes past it)."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        seen.append((sql, params))

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_rows_are_copied_not_inserted_one_by_one(
    cli: Cli, tmp_path: Path, statements: list[tuple[str, Any]]
) -> None:
    cli.ok("db", "upgrade")
    statements.clear()
    cli.ok("import", str(write_corpus(tmp_path / "corpus", 12)))
    row_inserts = [
        sql
        for sql, _ in statements
        if re.match(rf"\s*INSERT INTO \"?({'|'.join(_BULK)})\"? .*VALUES", sql, re.S)
    ]
    assert row_inserts == []
    stats = cli.json("stats")
    assert stats["documents"] == 12 and stats["claims"] > 12


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_copied_rows_keep_the_merge_rule(cli: Cli, tmp_path: Path) -> None:
    """A second run adds only its new actors and aliases, and counts only those."""
    cli.ok("import", str(write_corpus(tmp_path / "one", 2, prefix="one")))
    again = cli.ok("import", str(write_corpus(tmp_path / "two", 2, prefix="two")))
    assert "actors: 0 added, 0 updated" in again.stdout
    aliases = query(
        cli.url, "SELECT count(*), count(DISTINCT (actor_id, alias)) FROM actor_aliases"
    )
    assert aliases[0][0] == aliases[0][1]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_large_import_refreshes_the_planner_statistics(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(copy_pg, "ANALYZE_AFTER_ROWS", 10)
    cli.ok("import", str(write_corpus(tmp_path / "corpus", 3)))
    analyzed = query(
        cli.url,
        "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
        "AND last_analyze IS NOT NULL ORDER BY relname",
    )
    assert {"claims", "relays", "actors", "documents"} <= {r[0] for r in analyzed}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_rows_sent_ahead_are_stored_before_the_next_statement(db_url: str) -> None:
    """A COPY sent from the worker thread is seen by the statement after it; its error is
    raised there, before anything else runs."""
    engine = make_engine(db_url)
    with engine.connect() as conn, conn.begin():
        conn.execute(text("CREATE TEMPORARY TABLE sent (n INTEGER PRIMARY KEY)"))
        worker = copy_pg.CopyWorker(conn)
        try:
            copy_pg.copy_rows(conn, "sent", [{"n": i} for i in range(1000)])
            assert conn.execute(text("SELECT count(*) FROM sent")).scalar_one() == 1000
            copy_pg.copy_rows(conn, "sent", [{"n": 1}])  # a duplicate key: fails on the server
            with pytest.raises(DBAPIError, match="duplicate key"):
                conn.execute(text("SELECT 1"))
        finally:
            worker.close()
    engine.dispose()
