"""Several processes on one SQLite file: readers never wait for, or see half of, an import.

SQLite-only by nature: WAL mode gives each reader a snapshot while one writer appends,
and the busy timeout makes a second writer wait for the first instead of failing.
(PostgreSQL's MVCC gives the same guarantees and is not what these tests are about.)
"""

from __future__ import annotations

import time
from pathlib import Path

from conftest import SEEDS, Cli
from test_kill import CLAIMS, size_of, start_import, write_corpus

DOCUMENTS = 300  # the import must write for a while: readers sample it


def test_readers_see_none_or_all_of_an_import(runner: object, tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    cli = Cli(runner, f"sqlite:///{path}")  # type: ignore[arg-type]
    cli.ok("import", str(SEEDS))
    seed_claims = len(cli.json("claims"))
    corpus = write_corpus(tmp_path / "corpus", documents=DOCUMENTS)
    late = write_corpus(tmp_path / "late", documents=1, prefix="late")
    everything = seed_claims + DOCUMENTS * CLAIMS

    wal = Path(f"{path}-wal")
    importer = start_import(cli.url, corpus)
    second = None
    seen: list[tuple[bool, int]] = []  # (import visibly writing when the query began, count)
    while importer.poll() is None:
        writing = size_of(wal) > 0
        if writing and second is None:
            # a second writer meanwhile: it must wait for the lock, not fail
            second = start_import(cli.url, late)
        claims = cli.json("claims")  # every query must succeed...
        seen.append((writing, len(claims)))
        for claim in claims:
            if claim["document"] != "al-boukamal-2018-06-10":
                # one snapshot per query: a claim never shows with half its chain
                assert [len(chain) for chain in claim["chains"]] == [2], claim
        time.sleep(0.01)
    _, err = importer.communicate()
    assert importer.returncode == 0, err
    assert second is not None, "the import never wrote while it was watched: enlarge the corpus"
    _, err2 = second.communicate(timeout=60)
    assert second.returncode == 0, err2

    # ...and see the import entirely or not at all, never half of it
    assert {count for _, count in seen} <= {seed_claims, everything, everything + CLAIMS}
    during = [count for writing, count in seen if writing]
    assert during, "no query ran while the import was writing"
    assert seed_claims in during  # readers went on, unblocked, while the writer wrote
    assert len(seen) >= 5

    final = cli.json("claims")
    assert len(final) == everything + CLAIMS
    by_document: dict[str, int] = {}
    for claim in final:
        by_document[claim["document"]] = by_document.get(claim["document"], 0) + 1
    assert by_document["late-0000"] == CLAIMS
    assert all(by_document[f"doc-{d:04d}"] == CLAIMS for d in range(DOCUMENTS))
