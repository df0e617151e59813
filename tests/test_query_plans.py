"""``chain`` reads through indexes only: no statement it runs reads a whole table.

That is what keeps a chain in milliseconds whatever the size of the database. The real
command runs in this process with every statement recorded; each one's plan is then
asked of the database:

* SQLite: the statement's bytecode (``EXPLAIN``). A full scan is a loop that starts at
  the first row (``Rewind``/``Last``) of a cursor opened on a table or one of its indexes;
  an index search seeks instead. Failures show ``EXPLAIN QUERY PLAN``, which is easier to
  read but names tables by their aliases.
* PostgreSQL: on tables this small a sequential scan is the cheapest plan, so the planner
  is asked to avoid them (``enable_seqscan = off``). One that remains, or an index scan
  whose condition does not name the index's first column (it reads all of the index),
  means no index can answer the statement.

``alembic_version`` (one row, read to check the schema revision) is allowed to be read whole.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from helpers import MULTI, SEEDS, Cli

ALLOWED = {"alembic_version"}

COMMANDS = [
    ["chain", "presstv-2018-06-09/centcom-orchestrated"],  # DOCUMENT/KEY
    ["chain", "osdh-fighting-continues"],  # a key found in one document
    ["chain", "3"],  # an id
    ["chain", "--document", "presstv-2018-06-09"],  # every claim of one document
]


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    cli.ok("import", str(SEEDS), str(MULTI))
    return cli


@contextmanager
def recorded(dialect: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, Any]]]:
    """Every statement sent to the database meanwhile, with its parameters."""
    statements: list[tuple[str, Any]] = []
    if dialect == "sqlite":
        # both paths, SQLAlchemy's and the plain sqlite3 one, open connections here; the
        # trace callback sees each statement with its parameters written in
        real = sqlite3.connect

        def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            con = real(*args, **kwargs)
            con.set_trace_callback(lambda sql: statements.append((sql, None)))
            return con

        monkeypatch.setattr(sqlite3, "connect", traced)
        monkeypatch.setattr(sqlite3.dbapi2, "connect", traced)
        yield statements
        return
    import psycopg
    from sqlalchemy import Engine, event

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    # reads go through psycopg's own cursors (provenance.store.reader), others through
    # SQLAlchemy: record both
    for cursor_class in (psycopg.Cursor, psycopg.ServerCursor):
        real_execute = cursor_class.execute

        def execute(
            self: Any, query: Any, params: Any = None, *a: Any, _real: Any = real_execute, **k: Any
        ) -> Any:
            if isinstance(query, str):
                statements.append((query, params))
            return _real(self, query, params, *a, **k)

        monkeypatch.setattr(cursor_class, "execute", execute)
    # and, where the system has libpq, reads go through it directly (provenance.store.libpq)
    from provenance.store import libpq
    from provenance.store.reader import pyformat

    for method in ("execute", "batches"):
        real_method = getattr(libpq.Connection, method)

        def run(self: Any, sql: str, params: Any = None, *a: Any, _real: Any = real_method) -> Any:
            statements.append((pyformat(sql), params or {}))
            return _real(self, sql, params, *a)

        monkeypatch.setattr(libpq.Connection, method, run)
    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def reads(statements: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    out = [(sql, params) for sql, params in statements if _is_read(sql)]
    assert out, "no SELECT was recorded: the recording missed the command's connection"
    return out


def _is_read(sql: str) -> bool:
    words = sql.split(None, 1)
    return bool(words) and words[0].upper() in ("SELECT", "WITH")


def sqlite_full_scans(con: sqlite3.Connection, sql: str) -> list[str]:
    """The tables the statement reads from one end to the other (or along a whole index)."""
    roots = dict(con.execute("SELECT rootpage, tbl_name FROM sqlite_master WHERE rootpage > 0"))
    opened: dict[int, str] = {}
    scans = []
    for _addr, opcode, p1, p2, p3, *_ in con.execute("EXPLAIN " + sql):
        if opcode in ("OpenRead", "ReopenIdx") and p3 == 0 and p2 in roots:
            opened[p1] = roots[p2]
        elif opcode in ("Rewind", "Last") and p1 in opened:
            scans.append(opened[p1])
    return scans


def postgresql_full_scans(conn: Any, sql: str, params: Any) -> list[str]:
    """The tables read whole (or along a whole index) when the planner is told to avoid it."""
    cursor = conn.cursor()
    try:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
        scans = []
        nodes = [plan[0]["Plan"]]
        while nodes:
            node = nodes.pop()
            nodes.extend(node.get("Plans", []))
            if node["Node Type"] == "Seq Scan":
                scans.append(node["Relation Name"])
            elif "Index Name" in node:
                table, seeks = _index_scan(cursor, node)
                if not seeks:
                    scans.append(table)
        return scans
    finally:
        cursor.close()


def _index_scan(cursor: Any, node: dict[str, Any]) -> tuple[str, bool]:
    """The table of an index scan, and whether the scan seeks: its condition names the
    index's first column (a condition on a later column only filters all of the index)."""
    cursor.execute(
        "SELECT t.relname, a.attname FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE c.relname = %(index)s AND c.relnamespace = current_schema()::regnamespace",
        {"index": node["Index Name"]},
    )
    table, first = cursor.fetchone()
    condition = node.get("Index Cond", "")
    return table, re.search(rf"\b{re.escape(first)}\b", condition) is not None


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
def test_chain_reads_through_indexes_only(
    loaded: Cli, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialect = "sqlite" if loaded.url.startswith("sqlite") else "postgresql"
    with recorded(dialect, monkeypatch) as statements:
        loaded.ok(*command, "--format", "json")
    monkeypatch.undo()
    found: dict[str, list[str]] = {}
    if dialect == "sqlite":
        with sqlite3.connect(loaded.url.removeprefix("sqlite:///")) as con:
            for sql, _ in reads(statements):
                scans = [t for t in sqlite_full_scans(con, sql) if t not in ALLOWED]
                if scans:
                    plan = [row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + sql)]
                    found[sql] = [*scans, *plan]
    else:
        from sqlalchemy import create_engine

        engine = create_engine(loaded.url)
        conn = engine.raw_connection()
        try:
            for sql, params in reads(statements):
                scans = [t for t in postgresql_full_scans(conn, sql, params) if t not in ALLOWED]
                if scans:
                    found[sql] = scans
        finally:
            conn.close()
            engine.dispose()
    assert found == {}


def test_the_check_sees_a_full_scan(loaded: Cli) -> None:
    """The check itself: a statement that must read a table whole is caught."""
    if loaded.url.startswith("sqlite"):
        with sqlite3.connect(loaded.url.removeprefix("sqlite:///")) as con:
            assert sqlite_full_scans(con, "SELECT * FROM relays WHERE cue = 'x'") == ["relays"]
            assert sqlite_full_scans(con, "SELECT key FROM claims ORDER BY key") == ["claims"]
            assert sqlite_full_scans(con, "SELECT * FROM claims WHERE id = 3") == []
        return
    from sqlalchemy import create_engine

    engine = create_engine(loaded.url)
    conn = engine.raw_connection()
    try:
        unindexed = "SELECT * FROM relays WHERE cue = %(cue)s"
        assert postgresql_full_scans(conn, unindexed, {"cue": "x"}) == ["relays"]
        in_order = "SELECT id FROM claims ORDER BY id"  # all along the primary key
        assert postgresql_full_scans(conn, in_order, {}) == ["claims"]
        second_column = "SELECT id FROM claims WHERE key = 'x'"  # of (document_id, key)
        with conn.cursor() as cursor:
            cursor.execute("DROP INDEX ix_claims_key")
        assert postgresql_full_scans(conn, second_column, {}) == ["claims"]
        assert postgresql_full_scans(conn, "SELECT * FROM claims WHERE id = 3", {}) == []
    finally:
        conn.close()
        engine.dispose()
