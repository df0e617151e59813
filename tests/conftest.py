"""Shared fixtures: every test gets its own database, on SQLite and (when configured) PostgreSQL.

``PROVENANCE_TEST_POSTGRES_URL`` points at a server; the session creates one database of
its own there (a random name, so two runs never collide) and each test gets a fresh
schema inside it, dropped afterwards. Without the variable the PostgreSQL half of every
parametrised test is reported as skipped.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_YAML = SEEDS / "al-boukamal-2018-06-10.yaml"
DATA = Path(__file__).resolve().parent / "data"
PG_ENV = "PROVENANCE_TEST_POSTGRES_URL"


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(PG_ENV)
    if url:
        from provenance.config import mask_password

        return f"provenance backends: sqlite, postgresql ({mask_password(url)})"
    return f"provenance backends: sqlite only ({PG_ENV} not set: PostgreSQL tests skipped)"


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


def _pg_schema_url(database_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each backend (a new SQLite file, or a new PG schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    database = request.getfixturevalue("pg_database")
    if database is None:
        pytest.skip(f"{PG_ENV} not set")
    yield from _pg_schema_url(database)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class Cli:
    """Runs ``provenance --db URL ...`` in-process, as a user types it."""

    def __init__(self, runner: CliRunner, url: str) -> None:
        self.runner = runner
        self.url = url

    def __call__(self, *args: str, input: str | None = None) -> Any:
        from provenance.cli import app

        return self.runner.invoke(app, ["--db", self.url, *args], input=input)

    def ok(self, *args: str) -> Any:
        result = self(*args)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str) -> Any:
        import json

        return json.loads(self.ok(*args, "--format", "json").stdout)


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


def db_snapshot(url: str) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table, sorted: equal snapshots mean an unchanged database."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            out = []
            for table in tables:
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
                out.append((table, sorted((tuple(r) for r in rows), key=repr)))
            return out
    finally:
        engine.dispose()


MULTI = DATA / "multi"


@pytest.fixture
def multi(cli: Cli) -> Cli:
    """The seed plus two more documents (tests/data/multi) sharing its actors."""
    cli.ok("import", str(SEEDS), str(MULTI))
    return cli
