"""Several processes on one SQLite file: readers never wait for, or see half of, an import.

SQLite-only by nature: WAL mode gives each reader a snapshot while one writer appends,
and the busy timeout makes a second writer wait for the first instead of failing.
(PostgreSQL's MVCC gives the same guarantees and is not what these tests are about.)

The imports run in processes of their own that stop before they commit and report when
they ask for the write lock (``helpers.StoppedImport``), so every step below happens in
the order written, on any machine.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from helpers import (
    ABOUT_TO_COMMIT,
    CORPUS_CLAIMS,
    SEEDS,
    TAKING_THE_LOCK,
    Cli,
    StoppedImport,
    write_corpus,
)
from typer.testing import CliRunner

DOCUMENTS = 20
SEED_DOCUMENT = "al-boukamal-2018-06-10"


def claims_by_document(cli: Cli) -> Counter[str]:
    """One query, as a reader would run it: every claim, counted by document.

    Never half a claim: each corpus claim shows with its whole two-hop chain.
    """
    claims = cli.json("claims")
    for claim in claims:
        if claim["document"] != SEED_DOCUMENT:
            assert [len(chain) for chain in claim["chains"]] == [2], claim
    return Counter(claim["document"] for claim in claims)


def test_readers_see_none_or_all_of_an_import(tmp_path: Path) -> None:
    cli = Cli(CliRunner(), f"sqlite:///{tmp_path / 'shared.db'}")
    cli.ok("import", str(SEEDS))
    seed = claims_by_document(cli)
    corpus = write_corpus(tmp_path / "corpus", documents=DOCUMENTS)
    late = write_corpus(tmp_path / "late", documents=1, prefix="late")
    everything = seed + Counter({f"doc-{d:04d}": CORPUS_CLAIMS for d in range(DOCUMENTS)})

    with StoppedImport(cli.url, corpus) as first:
        first.wait_for(ABOUT_TO_COMMIT)
        # all of the import is written, none committed: readers go on, and see none of it
        assert claims_by_document(cli) == seed
        assert claims_by_document(cli) == seed

        with StoppedImport(cli.url, late, announce_lock=True) as second:
            # a second writer asks for the lock the first holds: it must wait, not fail
            second.wait_for(TAKING_THE_LOCK)
            first.release()
            first.finish()
            assert claims_by_document(cli) == everything  # the first, whole
            second.wait_for(ABOUT_TO_COMMIT)
            assert claims_by_document(cli) == everything
            second.release()
            second.finish()

    assert claims_by_document(cli) == everything + Counter({"late-0000": CORPUS_CLAIMS})
