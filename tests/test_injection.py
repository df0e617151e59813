"""Quotes, ``%``, ``_``, SQL fragments and Unicode are data, in filters and in annotations.

Every value reaches the database as a bound parameter, so ``x' OR 1=1 --`` is simply an
actor nobody is called, and ``'; DROP TABLE claims; --`` in a quote is just a quote. The
database (every row of every table) is compared before and after each hostile query.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import PG_ENV, SEEDS, Cli, db_snapshot, pg_schema_url
from sqlalchemy import create_engine, inspect
from typer.testing import CliRunner

from provenance.store import tables

HOSTILE = [
    "x' OR 1=1 --",
    "'; DROP TABLE claims; --",
    '" OR ""="',
    "%",
    "_",
    "%%' OR '%'='",
    "\\",
    "*",
    "NEAR(a b)",
    'a" OR "b',
    "Ωμέγα’ «»",
    "😀",
    "ﷺ",
]

TEXT = (
    "L’éditorial affirme : « 100% sûr_e ». Puis : '; DROP TABLE claims; -- fin. "
    "Et O'Brien dit \"x' OR 1=1 --\" en souriant 😀."
)


def hostile_annotation() -> dict[str, Any]:
    """An annotation whose every string is something a naive query builder would choke on."""
    return {
        "format": "provenance/v1",
        "document": {"key": "sql-doc", "title": "'; DROP TABLE documents; --", "text": TEXT},
        "actors": [
            {
                "key": "o-brien",
                "name": "O'Brien'; DROP TABLE actors; --",
                "kind": "person",
                "aliases": ["100%_O'Brien", "Ō’Brién"],
                "description": "Robert'); DROP TABLE students;--",
            }
        ],
        "claims": [
            {
                "key": "percent",
                "quote": "« 100% sûr_e »",
                "statement": "%_%' OR 1=1 --",
                "originator": "o-brien",
            },
            {
                "key": "drop",
                "quote": "'; DROP TABLE claims; --",
                "statement": "x'); DELETE FROM relays; --",
                "originator": "o-brien",
                "cue": "Puis :",
            },
            {"key": "or", "quote": '"x\' OR 1=1 --"', "originator": "o-brien"},
        ],
    }


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Cli, Any]]:
    """The seed plus the hostile annotation, once per backend, and the snapshot of it all."""
    schema: Iterator[str] | None = None
    folder = tmp_path_factory.mktemp("injection")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'test.db'}"
    else:
        database = request.getfixturevalue("pg_database")
        if database is None:
            pytest.skip(f"{PG_ENV} not set")
        schema = pg_schema_url(database)
        url = next(schema)
    annotation = folder / "sql.yaml"
    annotation.write_text(yaml.safe_dump(hostile_annotation(), allow_unicode=True), "utf-8")
    cli = Cli(CliRunner(), url)
    cli.ok("import", str(SEEDS), str(annotation))
    yield cli, db_snapshot(url)
    if schema is not None:
        next(schema, None)


def assert_intact(url: str, before: Any) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert set(tables.metadata.tables) <= set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert db_snapshot(url) == before


def clean(result: Any) -> None:
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_are_unknown_names(loaded: tuple[Cli, Any], value: str) -> None:
    cli, before = loaded
    for option, what in (
        ("--originator", "actor"),
        ("--relayed-by", "actor"),
        ("--document", "document"),
    ):
        result = cli("claims", option, value, "--format", "json")
        clean(result)
        assert result.exit_code == 1, (option, result.output)
        assert result.stderr.startswith(f"Error: unknown {what} '{value}'"), result.stderr
    assert_intact(cli.url, before)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_an_unknown_filter_writes_nothing_to_stdout(loaded: tuple[Cli, Any], fmt: str) -> None:
    cli, _ = loaded
    result = cli("claims", "--originator", "x' OR 1=1 --", "--format", fmt)
    assert result.exit_code == 1
    assert result.stdout == ""


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_references_are_not_found(loaded: tuple[Cli, Any], value: str) -> None:
    cli, before = loaded
    for command in ("claim", "chain", "actor", "trace", "sources"):
        result = cli(command, value)
        clean(result)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.startswith("Error: unknown "), (command, result.stderr)
    assert_intact(cli.url, before)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_search_matches_only_what_it_says(loaded: tuple[Cli, Any], value: str) -> None:
    cli, before = loaded
    everything = cli.json("claims")
    result = cli("claims", "--search", value, "--format", "json")
    clean(result)
    assert result.exit_code == 0, result.output
    import json

    found = json.loads(result.stdout)
    assert len(found) < len(everything), f"--search {value!r} matched every claim"
    assert_intact(cli.url, before)


@pytest.mark.parametrize("value", ["%", "_", "%%", "_%_", "%_%"])
def test_like_wildcards_match_nothing(loaded: tuple[Cli, Any], value: str) -> None:
    """``%`` and ``_`` are LIKE wildcards: as search words they must not match every claim."""
    cli, _ = loaded
    assert cli.json("claims", "--search", value) == []


def test_hostile_strings_are_stored_and_returned_verbatim(loaded: tuple[Cli, Any]) -> None:
    cli, before = loaded
    claims = {c["key"]: c for c in cli.json("claims", "--document", "sql-doc")}
    expected = {c["key"]: c for c in hostile_annotation()["claims"]}
    assert set(claims) == set(expected)
    for key, claim in claims.items():
        assert claim["quote"] == expected[key]["quote"]
        assert TEXT[claim["start"] : claim["end"]] == claim["quote"]
        assert claim["statement"] == expected[key].get("statement")
        assert claim["originator"]["name"] == "O'Brien'; DROP TABLE actors; --"
    assert_intact(cli.url, before)


@pytest.mark.parametrize(
    "ref",
    [
        "O'Brien'; DROP TABLE actors; --",
        "o'brien'; drop table actors; --",
        "100%_O'Brien",
        "ō’brién",
    ],
)
def test_names_with_sql_in_them_are_found_by_name(loaded: tuple[Cli, Any], ref: str) -> None:
    """Aliases match exactly (case-insensitively): ``100%_O'Brien`` is not a pattern."""
    cli, before = loaded
    assert sorted(c["key"] for c in cli.json("claims", "--originator", ref)) == [
        "drop",
        "or",
        "percent",
    ]
    assert_intact(cli.url, before)


@pytest.mark.parametrize("ref", ["100%", "%O'Brien", "_00%_O'Brien", "O'Brien%"])
def test_alias_lookup_is_not_a_pattern(loaded: tuple[Cli, Any], ref: str) -> None:
    cli, _ = loaded
    result = cli("claims", "--originator", ref)
    clean(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: unknown actor '{ref}'")


def test_search_finds_words_next_to_sql_punctuation(loaded: tuple[Cli, Any]) -> None:
    cli, _ = loaded
    assert [c["key"] for c in cli.json("claims", "--search", "DROP TABLE")] == ["drop"]


def test_unicode_filters(loaded: tuple[Cli, Any]) -> None:
    cli, _ = loaded
    by_alias = cli.json("claims", "--originator", "KONASHENKOV")  # an alias, other case
    assert by_alias and {c["originator"]["key"] for c in by_alias} == {"konachinkov"}
    result = cli("claims", "--originator", "Конашенков")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown actor 'Конашенков'")


def test_hostile_key_in_an_annotation_is_refused(tmp_path: Path, runner: Any) -> None:
    """Keys are restricted to letters, digits and ``.:_-``: SQL cannot even be spelt there."""
    data = hostile_annotation()
    data["actors"][0]["key"] = "x'; DROP TABLE actors; --"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    cli = Cli(runner, str(tmp_path / "test.db"))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert 'actors[0].key: "x\'; DROP TABLE actors; --" is not a valid key' in result.stderr
