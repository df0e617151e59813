"""Reads run their SQL text through the plain driver and skip SQLAlchemy: same answers,
less start-up. `export csv` on an SQLite file does too.

The chain read through sqlite3 is compared with the same queries run on a SQLAlchemy
connection (what exports and links hold) on every claim of the test corpora, named every
way a user can name it; errors and hints are the same whichever runs them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import EXPORTS, MULTI, ROOT, SEEDS, Cli, corrupt

from provenance.errors import ProvenanceError
from provenance.queries.claims import chain_tree, resolve_claim
from provenance.store.reader import open_reader

DATASETS = {
    "multi": [SEEDS, MULTI],
    "odd": [EXPORTS / "odd"],
    "followup": [SEEDS, EXPORTS / "followup"],
}


@pytest.fixture(params=sorted(DATASETS))
def loaded(request: pytest.FixtureRequest, runner: Any, sqlite_url: str) -> Cli:
    cli = Cli(runner, sqlite_url)
    cli.ok("import", *map(str, DATASETS[request.param]))
    return cli


def general_trees(url: str) -> dict[str, dict[str, Any]]:
    """Every claim's tree through SQLAlchemy, keyed by every ref naming it uniquely."""
    from provenance.store.engine import connect, make_engine

    engine = make_engine(url)
    out: dict[str, dict[str, Any]] = {}
    try:
        with connect(engine) as conn, conn.begin():
            rows = conn.exec_driver_sql(
                "SELECT c.id, d.key, c.key, (SELECT count(*) FROM claims o WHERE o.key = c.key) "
                "FROM claims c JOIN documents d ON d.id = c.document_id"
            ).all()
            for claim_id, doc, key, same_key in rows:
                tree = chain_tree(conn, resolve_claim(conn, f"{doc}/{key}"))
                assert tree["id"] == claim_id
                out[str(claim_id)] = out[f"{doc}/{key}"] = out[f" {doc}/{key} "] = tree
                if same_key == 1:
                    out[key] = tree
    finally:
        engine.dispose()
    return out


def fast_tree(url: str, ref: str) -> dict[str, Any] | None:
    """The tree through plain sqlite3, or None when the ref names no single claim."""
    reader = open_reader(url)
    assert reader is not None and reader.dialect == "sqlite"
    try:
        return dict(chain_tree(reader, resolve_claim(reader, ref)))
    except ProvenanceError:
        return None
    finally:
        reader.close()


def test_every_claim_every_way_named_gives_the_general_tree(loaded: Cli) -> None:
    expected = general_trees(loaded.url)
    assert len(expected) >= 12  # ids, DOC/KEY (also padded with spaces), unique keys
    for ref, tree in expected.items():
        assert fast_tree(loaded.url, ref) == tree, ref


def test_the_cli_prints_the_general_tree_in_every_format(multi_sqlite: Cli) -> None:
    from provenance.cli.render_text import chain_tree_text
    from provenance.output import Style

    trees = general_trees(multi_sqlite.url)
    for ref in ("presstv-2018-06-09/centcom-orchestrated", "osdh-fighting-continues", "1"):
        tree = trees[ref]
        assert json.loads(multi_sqlite.ok("chain", ref, "--format", "json").stdout) == tree
        text = multi_sqlite.ok("chain", ref).stdout
        assert text == chain_tree_text(tree, Style(False))
        lines = multi_sqlite.ok("chain", ref, "--format", "csv").stdout.splitlines()
        assert lines[0] == "document,claim,chain,position,actor,actor_name,cue"
        assert len(lines) == 1 + sum(len(chain) for chain in tree["chains"])


def test_a_gap_in_a_chain_is_walked_like_the_general_path(multi_sqlite: Cli) -> None:
    corrupt(
        multi_sqlite.url,
        "DELETE FROM relays WHERE position = 2 AND claim_id = "
        "(SELECT claim_id FROM relays WHERE position = 3 LIMIT 1)",
    )
    for ref, tree in general_trees(multi_sqlite.url).items():
        assert fast_tree(multi_sqlite.url, ref) == tree, ref


@pytest.fixture
def multi_sqlite(runner: Any, sqlite_url: str) -> Cli:
    cli = Cli(runner, sqlite_url)
    cli.ok("import", str(SEEDS), str(MULTI))
    return cli


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no-such-claim", "Error: unknown claim 'no-such-claim'"),
        ("centcom-orchestrate", "Error: unknown claim 'centcom-orchestrate' (did you mean"),
        ("999999", "Error: no claim with id 999999"),
        ("presstv-2018-06-09/nothing", "Error: unknown claim 'presstv-2018-06-09/nothing'"),
        ("99999999999999999999", "Error: no claim with id 99999999999999999999"),
        ("2147483648", "Error: no claim with id 2147483648"),
        ("#999999", "Error: no claim with id 999999"),
        ("²", "Error: unknown claim '²'"),
    ],
)
def test_unresolved_refs_get_the_general_errors(multi_sqlite: Cli, ref: str, message: str) -> None:
    assert fast_tree(multi_sqlite.url, ref) is None
    done = multi_sqlite("chain", ref)
    assert done.exit_code == 1 and done.stderr.startswith(message), done.stderr


def test_a_key_in_two_documents_is_ambiguous_as_before(multi_sqlite: Cli) -> None:
    assert fast_tree(multi_sqlite.url, "centcom-orchestrated") is None
    done = multi_sqlite("chain", "centcom-orchestrated")
    assert done.exit_code == 1
    assert done.stderr == (
        "Error: claim 'centcom-orchestrated' is in 2 documents: "
        "al-boukamal-2018-06-10/centcom-orchestrated, presstv-2018-06-09/centcom-orchestrated\n"
    )


def test_an_old_schema_is_refused_as_before(runner: Any, tmp_path: Path) -> None:
    cli = Cli(runner, f"sqlite:///{tmp_path / 'old.db'}")
    cli.ok("db", "upgrade", "0002")
    done = cli("chain", "anything")
    assert done.exit_code == 1 and "run `provenance db upgrade`" in done.stderr


#: Every read command, each filter of ``claims`` at least once
READS = [
    ["chain", "presstv-2018-06-09/centcom-orchestrated", "--format", "json"],
    ["chain", "osdh-fighting-continues"],
    ["chain", "--all"],
    ["chain", "presstv-2018-06-09/centcom-orchestrated", "--format", "csv"],
    ["claims", "--help"],
    ["claims"],
    ["claims", "--originator", "osdh", "--with-affiliates", "--search", "daech", "-f", "json"],
    ["claims", "--relayed-by", "tasnim", "--contradicted", "--limit", "2"],
    ["claims", "--document", "al-boukamal-2018-06-10", "--kind", "denial", "--uncontested"],
    ["claims", "--reviewed", "--rating", "Vrai", "--format", "csv"],
    ["claim", "osdh-daech-took-city"],
    ["contradictions", "--originator", "osdh"],
    ["contradictions", "--limit", "2", "--format", "csv"],
    ["actors"],
    ["actor", "osdh", "--with-affiliates"],
    ["trace", "presstv"],
    ["trace", "osdh", "--downstream"],
    ["stats"],
    ["sources", "al-boukamal-2018-06-10"],
]


def imported_by(url: str, args: list[str]) -> set[str]:
    """The modules a whole ``provenance`` process imports to run ``args``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "provenance", "--db", url, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "provenance.cli" in imported
    return imported


@pytest.mark.parametrize("args", [*READS, ["export", "csv"]])
def test_these_commands_do_not_import_sqlalchemy(multi_sqlite: Cli, args: list[str]) -> None:
    """On an SQLite file a read imports neither SQLAlchemy nor Alembic, pydantic or psycopg."""
    imported = imported_by(multi_sqlite.url, args)
    heavy = ("sqlalchemy", "alembic", "pydantic", "psycopg")
    assert not sorted(m for m in imported if m.startswith(heavy))


@pytest.mark.parametrize("args", READS)
def test_reads_on_either_backend_import_no_sqlalchemy(multi: Cli, args: list[str]) -> None:
    """On PostgreSQL too the reads go through the plain driver: libpq itself where the
    system has it (no psycopg either), else psycopg."""
    from provenance.store.libpq import _library

    imported = imported_by(multi.url, args)
    assert not sorted(m for m in imported if m.startswith(("sqlalchemy", "alembic", "pydantic")))
    if multi.url.startswith("sqlite") or _library() is not None:
        assert not sorted(m for m in imported if m.startswith("psycopg"))


def test_a_key_match_wins_over_an_id_and_hash_means_the_id(cli: Cli, tmp_path: Path) -> None:
    import json as _json

    cli.ok("import", str(SEEDS))
    (tmp_path / "n.txt").write_text("Selon P, un. Selon P, deux.\n")
    annotation = {
        "format": "provenance/v1",
        "document": {"key": "numbers", "title": "t", "text_file": "n.txt", "publisher": "p"},
        "actors": [{"key": "p", "name": "P", "kind": "website"}],
        "claims": [
            {"key": "1", "quote": "un", "originator": "p"},
            {"key": "2", "quote": "deux", "originator": "p"},
        ],
    }
    (tmp_path / "n.json").write_text(_json.dumps(annotation))
    cli.ok("import", str(tmp_path / "n.json"))
    for command in ("claim", "chain"):
        by_key = cli.json(command, "1")
        assert (by_key["document"], by_key["key"]) == ("numbers", "1"), command
        by_id = cli.json(command, "#1")
        assert by_id["id"] == 1 and by_id["document"] == "al-boukamal-2018-06-10", command
    missing = cli("claim", "#99999")
    assert missing.exit_code == 1 and missing.stderr == "Error: no claim with id 99999\n"


@pytest.mark.parametrize(
    "args",
    [
        ["claims", "--help"],
        ["claims", "--originator", "osdh", "--format", "json"],
        ["claim", "osdh-daech-took-city"],
        ["chain", "--all"],
        ["actors"],
        ["actor", "osdh"],
        ["contradictions"],
        ["trace", "presstv"],
        ["stats"],
        ["sources", "al-boukamal-2018-06-10"],
        ["export", "csv", "--table", "relays"],
    ],
)
def test_read_commands_stay_within_their_import_budget(multi_sqlite: Cli, args: list[str]) -> None:
    """Reads need SQLAlchemy Core at most: never the ORM, Alembic, a PostgreSQL driver, the
    import machinery or spaCy (each costs a noticeable share of a command's time)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "provenance", "--db", multi_sqlite.url, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "provenance.cli" in imported
    forbidden = ("sqlalchemy.orm", "alembic", "psycopg", "spacy", "provenance.ingest")
    assert not sorted(m for m in imported if m.startswith(forbidden))


def test_a_command_imports_its_own_module_of_the_cli_only(multi_sqlite: Cli) -> None:
    """Only the module defining the command run is imported (see provenance.cli._Commands)."""
    imported = imported_by(multi_sqlite.url, ["actors"])
    cli_modules = {m for m in imported if m.startswith("provenance.cli.")}
    assert cli_modules == {
        "provenance.cli.actors",
        "provenance.cli.common",
        "provenance.cli.options",
    }
