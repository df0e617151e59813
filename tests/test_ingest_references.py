"""The two homes of references between documents of a run answer alike.

``validate`` keeps them in memory and ``import`` in temporary tables; the messages are
written from their answers, so equal answers are what makes the two commands' reports
equal. (tests/test_bad_input.py compares the commands themselves on every bad input.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Connection

from provenance.errors import ValidationFailed
from provenance.ingest.problems import Problems
from provenance.ingest.references import (
    ClaimReference,
    ClaimsInMemory,
    ClaimsInTemporaryTables,
    RunClaims,
)
from provenance.store.engine import connect, make_engine


@pytest.fixture
def conn(db_url: str) -> Iterator[Connection]:
    engine = make_engine(db_url)
    with connect(engine) as connection, connection.begin():
        yield connection
    engine.dispose()


def _report(claims: RunClaims, batch: int) -> list[str]:
    """A run of three documents, with references in both directions, some mistyped."""
    if isinstance(claims, ClaimsInTemporaryTables):
        claims.BATCH = batch  # spill as a corpus would, several times per run
    problems = Problems(["a.yaml", "b.yaml", "c.yaml"])
    problems.add("a.yaml", "claims[0].quote", "first problem of a.yaml")
    claims.refer(ClaimReference("a.yaml", "relations[0].to", "doc-b", "calmm", problems.mark()))
    claims.refer(ClaimReference("a.yaml", "relations[1].to", "doc-b", "calm", problems.mark()))
    claims.add("doc-a", ["army-retook", "calm"])
    problems.add("a.yaml", "relations[2].to", "second problem of a.yaml")
    unknown = problems.add("b.yaml", "relations[0].to", "unknown claim 'army-retook'")
    claims.look_elsewhere(unknown, "doc-b", "army-retook")
    claims.refer(ClaimReference("b.yaml", "relations[1].to", "doc-a", "army-retok", 3))
    claims.refer(ClaimReference("b.yaml", "relations[2].to", "doc-c", "anything", 3))
    claims.add("doc-b", ["calm", "sunrise", "l’armée"])
    claims.refer(ClaimReference("c.yaml", "relations[0].to", "doc-b", "l’armee", 3))
    with pytest.raises(ValidationFailed) as failed:
        claims.report(problems, skip={"doc-c"})
        problems.raise_if_any()
    return failed.value.problems


@pytest.mark.parametrize("batch", [1, 5000])
def test_memory_and_temporary_tables_report_alike(conn: Connection, batch: int) -> None:
    expected = [
        "a.yaml: claims[0].quote: first problem of a.yaml",
        "a.yaml: relations[0].to: unknown claim 'calmm' in document 'doc-b' "
        "(did you mean 'doc-b/calm'?)",
        "a.yaml: relations[2].to: second problem of a.yaml",
        "b.yaml: relations[0].to: unknown claim 'army-retook' "
        "(it is in document 'doc-a': write 'doc-a/army-retook')",
        "b.yaml: relations[1].to: unknown claim 'army-retok' in document 'doc-a' "
        "(did you mean 'doc-a/army-retook'?)",
        "c.yaml: relations[0].to: unknown claim 'l’armee' in document 'doc-b' "
        "(did you mean 'doc-b/l’armée'?)",
    ]
    assert _report(ClaimsInMemory(), batch) == expected
    assert _report(ClaimsInTemporaryTables(conn), batch) == expected


def test_temporary_tables_start_empty_on_a_reused_connection(conn: Connection) -> None:
    """A pooled connection keeps SQLite's temporary tables: a run must not see the last."""
    first = ClaimsInTemporaryTables(conn)
    first.add("doc-a", ["calm"])
    first.refer(ClaimReference("a.yaml", "relations[0].to", "doc-a", "quiet", 0))
    assert [r.key for r in first.unknown()] == ["quiet"]
    second = ClaimsInTemporaryTables(conn)
    second.add("doc-b", ["other"])
    assert list(second.unknown()) == []
    assert second.keys_of("doc-a") == []
