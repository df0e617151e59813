"""What kept small files from stalling an import (issue 12, item 6), as behaviour.

Speed itself is measured by benchmarks/stalls.py; here: a run is checked before the
import takes the write lock, quotes are counted exactly as a plain search would count
them however they are found, and the capped hints read the same in both commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import SEEDS, Cli, query
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from provenance.ingest import occurrences
from provenance.ingest.affiliations import cycle_path, cycles
from provenance.ingest.check_worker import WORKERS_ENV
from provenance.ingest.checker import RunChecker
from provenance.ingest.hints import CandidateIndex
from provenance.ingest.occurrences import QuoteFinder, period


def _annotation(folder: Path, key: str, actor: str) -> Path:
    path = folder / f"{key}.json"
    body = {
        "format": "provenance/v1",
        "document": {"key": key, "text": f"{actor} a parlé."},
        "actors": [{"key": actor, "name": actor.title(), "kind": "person"}],
        "claims": [{"key": "spoke", "quote": "a parlé", "originator": actor}],
    }
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_another_import_writes_while_a_run_is_being_checked(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the first import checks its files, a second import runs to its end.

    The second import runs from inside the first one's checks (a hook, not a timer), with
    a busy timeout of 0.1 s: it could only succeed if the first held no write lock yet.
    """
    monkeypatch.setenv(WORKERS_ENV, "1")  # the path of a small run: checked, then locked
    Cli(CliRunner(), db_url).ok("import", str(SEEDS))
    first = _annotation(tmp_path, "first", "alice")
    second = _annotation(tmp_path, "second", "bob")
    monkeypatch.setattr("provenance.store.engine.BUSY_TIMEOUT_MS", 100)
    outcomes: list[Any] = []
    survey = RunChecker.survey

    def survey_then_import_another(checker: RunChecker) -> None:
        survey(checker)
        if not outcomes:  # the first run's first pass: the second import, to its end
            outcomes.append(None)
            outcomes.append(Cli(CliRunner(), db_url)("import", str(second)))

    monkeypatch.setattr(RunChecker, "survey", survey_then_import_another)
    Cli(CliRunner(), db_url).ok("import", str(first))
    inner = outcomes[1]
    assert inner.exit_code == 0, (inner.output, inner.exception)
    keys = query(db_url, "SELECT key FROM documents WHERE key IN ('first', 'second') ORDER BY key")
    assert [k for (k,) in keys] == ["first", "second"]


def test_a_run_checked_before_the_lock_is_not_checked_again(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing committed in between: the import writes what its first checks kept."""
    monkeypatch.setenv(WORKERS_ENV, "1")  # the path of a small run: checked, then locked
    surveys: list[RunChecker] = []
    survey = RunChecker.survey

    def counted(checker: RunChecker) -> None:
        surveys.append(checker)
        survey(checker)

    monkeypatch.setattr(RunChecker, "survey", counted)
    Cli(CliRunner(), db_url).ok("import", str(SEEDS))
    assert len(surveys) == 1
    assert query(db_url, "SELECT count(*) FROM claims") != [(0,)]


def _every_start(text: str, quote: str) -> list[int]:
    """The plain search the finder must agree with: every start, overlapping ones too."""
    out = []
    i = text.find(quote)
    while i != -1:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


_PIECES = st.sampled_from(["a", "b", "ab", "ba", "aa", " ", ".", "é", "a b", "b a."])


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(_PIECES, min_size=1, max_size=120).map("".join),
    quotes=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)), min_size=1, max_size=6),
    block=st.sampled_from([3, 7, 65536]),
)
def test_quotes_are_counted_and_placed_as_a_plain_search_would(
    text: str, quotes: list[tuple[int, int]], block: int
) -> None:
    original = occurrences._BLOCK
    occurrences._BLOCK = block  # small blocks: occurrences across block edges
    try:
        finder = QuoteFinder(text)
        for at, length in quotes:
            start = at % len(text)
            quote = text[start : start + length]
            expected = _every_start(text, quote)
            found = finder.find(quote)
            assert found.count == len(expected)
            assert [found.nth(k) for k in range(found.count)] == expected
        assert finder.find("zz").count == 0
    finally:
        occurrences._BLOCK = original


@pytest.mark.parametrize(
    ("quote", "expected"),
    [("a", 1), ("ab", 2), ("aaaa", 1), ("abab", 2), ("abcab", 3), ("ab" * 40 + "a", 2)],
)
def test_period(quote: str, expected: int) -> None:
    assert period(quote) == expected


def test_a_self_overlapping_quote_counts_every_occurrence(cli: Cli, tmp_path: Path) -> None:
    """80,000 'a' in 160,000 'a' took 13 s; the count (and the message) stay the same."""
    path = tmp_path / "long.json"
    body = {
        "format": "provenance/v1",
        "document": {"key": "long", "text": "a" * 2000},
        "actors": [{"key": "x", "name": "X", "kind": "person"}],
        "claims": [{"key": "c", "quote": "a" * 1000, "originator": "x"}],
    }
    path.write_text(json.dumps(body), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "occurs 1001 times in the document text; add occurrence: 1..1001" in result.stderr


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("actro-000123-d", "actor-000123-d"),
        ("actor-04999-h", "actor-004999-h"),
        ("tasnimm", "tasnim"),
        ("syrain-army", "syrian-army"),
        ("zzz", None),
    ],
)
def test_hints_among_many_candidates_find_what_difflib_finds(typo: str, meant: str | None) -> None:
    """Past 200 candidates difflib sees a shortlist: it must still hold the one meant."""
    many = [f"actor-{i:06d}-{'abcdefgh'[i % 8]}" for i in range(5000)]
    index = CandidateIndex([*many, "tasnim", "presstv", "syrian-army"])
    assert index.closest(typo) == meant


def _walk(affiliation: dict[str, str | None], key: str) -> str | None:
    """The plain walk from one actor (what each actor once cost)."""
    seen = [key]
    current = affiliation[key]
    while current is not None and current in affiliation:
        if current in seen:
            return " -> ".join([*seen, current])
        seen.append(current)
        current = affiliation[current]
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["k0", "k1", "k2", "k3", "k4", "k5", "out", None]), min_size=1, max_size=6
    )
)
def test_affiliation_cycles_read_as_the_plain_walk_does(targets: list[str | None]) -> None:
    affiliation = {f"k{i}": target for i, target in enumerate(targets)}
    found = cycles(affiliation)
    for key in affiliation:
        expected = _walk(affiliation, key)
        got = cycle_path(key, affiliation, *found[key]) if key in found else None
        assert got == expected


def test_a_long_affiliation_cycle_is_cut_in_its_message() -> None:
    affiliation: dict[str, str | None] = {f"a{i}": f"a{(i + 1) % 500}" for i in range(500)}
    found = cycles(affiliation)
    assert len(found) == 500
    assert cycle_path("a7", affiliation, *found["a7"]) == (
        "a7 -> a8 -> a9 -> a10 -> a11 -> a12 -> a13 -> a14 -> a15 -> a16 -> … (491 more)"
    )


def test_a_long_chain_that_loops_names_its_ends(cli: Cli, tmp_path: Path) -> None:
    hops = [f"a{i}" for i in range(1, 30)] + ["a3"]
    body = {
        "format": "provenance/v1",
        "document": {"key": "d", "text": "hello world"},
        "actors": [{"key": f"a{i}", "name": f"A{i}", "kind": "person"} for i in range(30)],
        "claims": [{"key": "c", "quote": "hello", "originator": "a0", "chain": hops}],
    }
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}: claims[0].chain[29].actor: relay chain loops back on itself: 'a3' "
        "appears twice (a0 > a1 > a2 > a3 > a4 > … (20 more) > a25 > a26 > a27 > a28 > a29 > a3)"
    )
