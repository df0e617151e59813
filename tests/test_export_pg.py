"""The PostgreSQL path of ``export csv`` (claims table, written by the server through COPY):
the same bytes as the generic path, formula cells, line breaks and empty cells included."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import DATASETS, Cli, generic

from provenance.export import claims_pg


@pytest.fixture(params=sorted(DATASETS))
def loaded(request: pytest.FixtureRequest, runner: Any, pg_url: str) -> Cli:
    cli = Cli(runner, pg_url)
    cli.ok("import", *map(str, DATASETS[request.param]))
    return cli


@pytest.mark.parametrize("raw", [False, True])
def test_same_bytes_as_the_generic_path(loaded: Cli, raw: bool) -> None:
    assert claims_pg.plan(loaded.url) is not None  # the command below takes the COPY path
    args = ["export", "csv", *(["--raw"] if raw else [])]
    assert loaded.ok(*args).stdout_bytes == generic(loaded.url, raw=raw)


def test_same_bytes_through_psycopg_where_libpq_is_missing(
    loaded: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.store import libpq

    on_libpq = claims_pg.plan(loaded.url)
    assert on_libpq is not None and on_libpq.on_libpq  # the system's libpq, where it is
    expected = loaded.ok("export", "csv").stdout_bytes
    monkeypatch.setattr(libpq, "_library", lambda: None)
    on_psycopg = claims_pg.plan(loaded.url)
    assert on_psycopg is not None and not on_psycopg.on_libpq
    assert loaded.ok("export", "csv").stdout_bytes == expected == generic(loaded.url)


def test_an_old_schema_is_left_to_the_generic_path(runner: Any, pg_url: str) -> None:
    cli = Cli(runner, pg_url)
    cli.ok("import", *map(str, DATASETS["seed"]))
    import psycopg

    with psycopg.connect(claims_pg.libpq_url(pg_url) or "", autocommit=True) as con:
        con.execute("UPDATE alembic_version SET version_num = '0001'")
    assert claims_pg.plan(pg_url) is None
    result = cli("export", "csv")
    assert result.exit_code != 0
    assert "provenance db upgrade" in result.stderr


def test_only_postgresql_urls_have_a_libpq_form() -> None:
    assert claims_pg.libpq_url("postgresql+psycopg://u:p%40w@h:5433/db?sslmode=require") == (
        "postgresql://u:p%40w@h:5433/db?sslmode=require"
    )
    assert claims_pg.libpq_url("sqlite:///x.db") is None
    assert claims_pg.plan("sqlite:///x.db") is None


def test_formula_cells_are_guarded_in_the_rows_the_server_writes(runner: Any, pg_url: str) -> None:
    cli = Cli(runner, pg_url)
    cli.ok("import", *map(str, DATASETS["odd"]))
    lines = cli.ok("export", "csv").stdout_bytes.decode().split("\r\n")
    assert lines[1].startswith('odd-2020-01-01,formula,"\'=HYPERLINK(""x"")",9,24,')
    assert "'=HYPERLINK" not in cli.ok("export", "csv", "--raw").stdout_bytes.decode()
