"""``links --limit N`` holds the best N suggestions only, in the order of the full sort."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from provenance.links import suggest


@dataclass
class _FakeLink:
    type: str
    score: float
    source: str
    target: str

    def row(self) -> dict[str, Any]:
        why = {"words": ["x" * 40] * 8, "dates": ["2019-03-01", None]}
        return {"from": self.source, "to": self.target, "type": self.type, "score": self.score,
                "why": why, "note": None}  # fmt: skip


def _fake(n: int) -> Iterator[_FakeLink]:
    # few distinct scores, so most suggestions tie on the score and are ordered by from, to
    for i in range(n):
        yield _FakeLink("repeats", (i * 7919 % 5) / 4, f"doc-{i * 31 % 97}/c{i}", f"d/{i % 13}")


def _links(monkeypatch: pytest.MonkeyPatch, n: int, limit: int | None) -> list[dict[str, Any]]:
    monkeypatch.setattr(suggest, "iter_links", lambda conn, **_: _fake(n))
    return list(suggest.suggest_links(None, limit=limit))  # type: ignore[arg-type]


def test_a_limit_gives_the_head_of_the_full_order_ties_included(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    every = _links(monkeypatch, 500, None)
    assert [(-r["score"], r["from"], r["to"]) for r in every] == sorted(
        (-r["score"], r["from"], r["to"]) for r in every
    )
    for limit in (1, 2, 7, 100, 500, 501):
        assert _links(monkeypatch, 500, limit) == every[:limit]


def test_a_limit_holds_only_the_best(monkeypatch: pytest.MonkeyPatch) -> None:
    def peak(limit: int | None) -> int:
        tracemalloc.start()
        try:
            _links(monkeypatch, 10_000, limit)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # every suggestion held is ~500 bytes of JSON and its sort key: 10k of them ~5 MB
    assert peak(None) > 4_000_000
    assert peak(5) < 1_000_000
