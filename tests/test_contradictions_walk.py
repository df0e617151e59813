"""``contradictions --limit N`` on SQLite walks the claims in key order when the corpus
holds many contradictions, instead of sorting all of them for the first few.

At a million claims (48,000 contradictions) the sort took 0.3 s of the 0.35 s a read
command may take; the walk reads a few hundred claims (benchmarks/RESULTS-reads.md). The
rows must be the head of the very listing without a limit, whichever way they are found.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import Cli, generated_db

from provenance.queries.overview import contradictions
from provenance.store.reader import Reader, sqlite_reader

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmarks' synthetic corpus at 3,000 claims (about 150 contradictions)."""
    return generated_db(tmp_path_factory.mktemp("walk"), 3000)


def _recording(db: Path) -> tuple[Reader, list[str]]:
    con = sqlite3.connect(db)
    statements: list[str] = []
    con.set_trace_callback(statements.append)
    return sqlite_reader(con), statements


def test_the_head_of_the_listing_whichever_way_it_is_found(corpus_db: Path) -> None:
    r, _ = _recording(corpus_db)
    every = list(contradictions(r))
    assert len(every) > 50
    for n in (1, 2, 7, 20, len(every), len(every) + 3):
        assert list(contradictions(r, limit=n)) == every[:n], n
    both = ("contradicts", "supports")
    assert list(contradictions(r, both, limit=3)) == list(contradictions(r, both))[:3]


def test_a_dense_listing_walks_the_claims_without_sorting_every_relation(
    corpus_db: Path,
) -> None:
    r, statements = _recording(corpus_db)
    list(contradictions(r, limit=1))
    [walk] = [s for s in statements if "CROSS JOIN" in s]
    plan = [row[3] for row in sqlite3.connect(corpus_db).execute("EXPLAIN QUERY PLAN " + walk)]
    assert any(p.startswith("SCAN to_d") for p in plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_a_sparse_or_unbounded_listing_reads_the_relations(corpus_db: Path) -> None:
    r, statements = _recording(corpus_db)
    list(contradictions(r))
    list(contradictions(r, limit=1000))
    list(contradictions(r, ("retracts",), limit=1))  # none of that type: nothing to walk to
    assert not [s for s in statements if "CROSS JOIN" in s]


@pytest.mark.parametrize(
    "args",
    [
        ["contradictions", "--originator", "nobody-at-all", "--format", "csv"],
        ["chain", "--document", "no-such-document", "--format", "csv"],
        ["chain", "no-such-claim", "--format", "csv"],
    ],
)
def test_a_csv_that_fails_prints_its_error_and_no_header(seeded: Cli, args: list[str]) -> None:
    """A script that sends stdout to a file must not get a header-only CSV from a failed
    run (the header used to be written before the query failed)."""
    done = seeded(*args)
    assert done.exit_code == 1
    assert done.stdout == ""
    assert "unknown" in done.stderr


def test_a_csv_of_nothing_is_its_header(seeded: Cli) -> None:
    done = seeded.ok("contradictions", "--originator", "presstv", "--format", "csv")
    assert done.stdout_bytes == (
        b"from_document,from,type,to_document,to,from_originator,to_originator,note\r\n"
    )
