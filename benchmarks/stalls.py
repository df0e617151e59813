"""Small files that used to stall an import: each shape run at n, 2n and 4n in one process.

    python benchmarks/stalls.py                 # every shape, default sizes
    python benchmarks/stalls.py --shape hints --n 500

Each shape is what issue 12 (item 6) reported, scaled by n. For each size the script
writes the files to a temporary folder, runs ``validate`` (or ``import`` into a fresh
SQLite file) in this process, and prints the seconds and the ratio t(2n)/t(n): about 2
means linear growth, 4 quadratic. Problems a shape provokes on purpose are expected:
the time is what counts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from provenance.errors import ValidationFailed
from provenance.ingest.importer import import_paths, validate
from provenance.store.engine import make_engine
from provenance.store.migrate import upgrade

FORMAT = "provenance/v1"
Shape = Callable[[Path, int], list[Path]]


def _document(folder: Path, name: str, body: dict[str, object]) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"format": FORMAT, **body}), encoding="utf-8")
    return path


def long_quote(folder: Path, n: int) -> list[Path]:
    """A quote of n 'a' in a text of 2n 'a': n + 1 overlapping occurrences (reported at
    n = 80,000: 13 s)."""
    document = {"key": "long", "text": "a" * (2 * n)}
    claims = [{"key": "c", "quote": "a" * n, "originator": "x"}]
    actors = [{"key": "x", "name": "X", "kind": "person"}]
    return [_document(folder, "long", {"document": document, "actors": actors, "claims": claims})]


def occurrences(folder: Path, n: int) -> list[Path]:
    """50 claims quoting "a" with ``occurrence`` in a text of n characters, "a a a ..."
    (reported at 4 MiB: 51 s)."""
    document = {"key": "occ", "text": "a " * (n // 2)}
    claims = [
        {"key": f"c{i}", "quote": "a", "occurrence": n // 2 - 997 * i, "originator": "x"}
        for i in range(50)
    ]
    actors = [{"key": "x", "name": "X", "kind": "person"}]
    return [_document(folder, "occ", {"document": document, "actors": actors, "claims": claims})]


def hints(folder: Path, n: int) -> list[Path]:
    """n actors and n claims whose originators are all mistyped (reported at 2,000: 125 s)."""
    actors = [
        {"key": f"actor-{i:06d}-{'abcdefgh'[i % 8]}", "name": f"A{i}", "kind": "person"}
        for i in range(n)
    ]
    words = " ".join(f"w{i}" for i in range(n))
    claims = [
        {"key": f"c{i}", "quote": f"w{i}", "originator": f"actro-{i:06d}-{'abcdefgh'[i % 8]}"}
        for i in range(n)
    ]
    document = {"key": "typos", "text": words + " "}
    # each quote must be unique: "w1" is also in "w10", so quote with offsets instead
    for claim, start in zip(claims, _offsets(words), strict=True):
        claim["start"], claim["end"] = start, start + len(str(claim["quote"]))
    body = {"document": document, "actors": actors, "claims": claims}
    return [_document(folder, "typos", body)]


def big_document(folder: Path, n: int) -> list[Path]:
    """One document of n claims, each quoting its own sentence (reported: 25k 6 s, 50k 23 s,
    100k 106 s)."""
    sentences = [f"Sentence number {i} says something. " for i in range(n)]
    claims = [
        {"key": f"c{i}", "quote": s.strip(), "originator": "x"} for i, s in enumerate(sentences)
    ]
    document = {"key": "big", "text": "".join(sentences)}
    actors = [{"key": "x", "name": "X", "kind": "person"}]
    return [_document(folder, "big", {"document": document, "actors": actors, "claims": claims})]


def affiliations(folder: Path, n: int) -> list[Path]:
    """n actors, each belonging to the one before (found in review: 2,000 took 106 s)."""
    actors = [
        {
            "key": f"a{i}",
            "name": f"A{i}",
            "kind": "person",
            **({"affiliation": f"a{i - 1}"} if i else {}),
        }
        for i in range(n)
    ]
    return [_document(folder, "chain", {"actors": actors})]


def long_chain(folder: Path, n: int) -> list[Path]:
    """One claim relayed through n actors (found in review: 20,000 hops took 9 s)."""
    actors = [{"key": f"a{i}", "name": f"A{i}", "kind": "person"} for i in range(n + 1)]
    claims = [
        {
            "key": "c",
            "quote": "hello",
            "originator": "a0",
            "chain": [f"a{i}" for i in range(1, n + 1)],
        }
    ]
    document = {"key": "chain", "text": "hello world"}
    return [_document(folder, "chain", {"document": document, "actors": actors, "claims": claims})]


def _offsets(words: str) -> list[int]:
    out, at = [], 0
    for word in words.split(" "):
        out.append(at)
        at += len(word) + 1
    return out


SHAPES: dict[str, tuple[Shape, int, str]] = {
    "long-quote": (long_quote, 80_000, "validate"),
    "occurrence": (occurrences, 1_048_576, "validate"),
    "hints": (hints, 2_000, "validate"),
    "big-document": (big_document, 25_000, "import"),
    "affiliations": (affiliations, 8_000, "validate"),
    "long-chain": (long_chain, 10_000, "validate"),
}


def run_once(shape: Shape, n: int, command: str) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(prefix="stalls-") as tmp:
        folder = Path(tmp)
        files = shape(folder, n)
        engine = None
        if command == "import":
            engine = make_engine(f"sqlite:///{folder / 'bench.db'}", write=True)
            upgrade(engine)
        started = time.perf_counter()
        try:
            if engine is not None:
                import_paths(engine, files)
            else:
                validate(None, files)
            outcome = "ok"
        except ValidationFailed as exc:
            outcome = f"{len(exc.problems)} problem lines"
        elapsed = time.perf_counter() - started
        if engine is not None:
            engine.dispose()
        return elapsed, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append")
    parser.add_argument("--n", type=int, help="the base size (default: per shape)")
    parser.add_argument("--steps", type=int, default=3, help="n, 2n, 4n, ... (default 3)")
    args = parser.parse_args(argv)
    print(f"{'shape':<14} {'command':<9} {'n':>10} {'seconds':>9} {'t(2n)/t(n)':>11}  outcome")
    for name in args.shape or list(SHAPES):
        shape, default_n, command = SHAPES[name]
        base = args.n or default_n
        previous = None
        for step in range(args.steps):
            n = base * 2**step
            seconds, outcome = run_once(shape, n, command)
            ratio = f"{seconds / previous:.2f}" if previous else ""
            print(f"{name:<14} {command:<9} {n:>10,} {seconds:>9.2f} {ratio:>11}  {outcome}")
            sys.stdout.flush()
            previous = seconds
    return 0


if __name__ == "__main__":
    sys.exit(main())
