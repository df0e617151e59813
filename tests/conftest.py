"""Shared fixtures: every test gets its own database, on SQLite and (when configured) PostgreSQL.

``PROVENANCE_TEST_POSTGRES_URL`` points at a server; the session creates one database of
its own there (a random name, so two runs never collide) and each test gets a fresh
schema inside it, dropped afterwards. Tests that need PostgreSQL carry the ``postgresql``
mark; without the variable they are deselected, and one line at the end says how many.
What test modules import (paths, ``Cli``, snapshots) is in helpers.py.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import MULTI, PG_ENV, SEEDS, Cli, pg_schema_url
from typer.testing import CliRunner

_DESELECTED = pytest.StashKey[int]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"postgresql: needs the server {PG_ENV} names")


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(PG_ENV)
    if url:
        from provenance.config import mask_password

        return f"provenance backends: sqlite, postgresql ({mask_password(url)})"
    return f"provenance backends: sqlite only ({PG_ENV} not set: PostgreSQL tests deselected)"


def _needs_postgresql(item: pytest.Item) -> bool:
    """A test of a backend-parametrised fixture's "postgresql" half, or one asking for the
    server's database itself."""
    callspec = getattr(item, "callspec", None)
    params = callspec.params.values() if callspec is not None else ()
    return any(isinstance(p, str) and p == "postgresql" for p in params) or (
        "pg_database" in getattr(item, "fixturenames", ())
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    postgresql = [item for item in items if _needs_postgresql(item)]
    for item in postgresql:
        item.add_marker(pytest.mark.postgresql)
    if os.environ.get(PG_ENV) or not postgresql:
        return
    config.hook.pytest_deselected(items=postgresql)
    chosen = set(postgresql)
    items[:] = [item for item in items if item not in chosen]
    config.stash[_DESELECTED] = len(postgresql)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    deselected = terminalreporter.config.stash.get(_DESELECTED, 0)
    if deselected:
        terminalreporter.write_line(f"PostgreSQL: {deselected} tests deselected ({PG_ENV} not set)")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches a real ./provenance.db or the user's configured database."""
    monkeypatch.setenv("PROVENANCE_DATABASE_URL", str(tmp_path / "default.db"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A database of this test session's own on the PostgreSQL server, dropped at the end."""
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"provenance_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each backend (a new SQLite file, or a new PG schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    database = request.getfixturevalue("pg_database")
    if database is None:
        pytest.skip(f"{PG_ENV} not set")
    yield from pg_schema_url(database)


@pytest.fixture
def pg_url(pg_database: str | None) -> Iterator[str]:
    """An empty schema on the PostgreSQL server, for the tests of PostgreSQL's own paths."""
    if pg_database is None:
        pytest.skip(f"{PG_ENV} not set")
    yield from pg_schema_url(pg_database)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, db_url: str) -> Cli:
    return Cli(runner, db_url)


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    """A database holding the seed article."""
    cli.ok("import", str(SEEDS))
    return cli


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of seeds/ for tests that edit the annotation."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def multi(cli: Cli) -> Cli:
    """The seed plus two more documents (tests/data/multi) sharing its actors."""
    cli.ok("import", str(SEEDS), str(MULTI))
    return cli


@pytest.fixture(scope="module")
def draft() -> Callable[[str], dict[str, Any]]:
    """Extract a text with the shipped model and return the draft as a dict."""
    from provenance.extract import draft_article, load_nlp

    nlp = load_nlp()

    def make(text: str) -> dict[str, Any]:
        return draft_article(text, nlp, key="t", text_file="t.txt").draft

    return make
