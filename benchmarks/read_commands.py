"""Whole-process times of the read commands on a loaded database (issue 15's read targets).

    .venv/bin/python benchmarks/read_commands.py --db sqlite:///benchmarks/work/db-100000.db
    .venv/bin/python benchmarks/read_commands.py --db postgresql+psycopg://.../bench \\
        --before /path/to/an/older/checkout      # the same commands on older code, interleaved

Each command runs ``--runs`` times as a fresh process (``python -m provenance``); the table
gives the median and the best wall time in seconds. With ``--before``, every run of this
checkout is followed by one of the other checkout (its ``provenance`` package first on
``PYTHONPATH``), so the machine's load falls on both alike; the last column is the ratio.
The references (a claim with a 4-hop chain, an actor, a document) are picked from the
database. ``-X importtime`` of ``claims --help`` and ``claim REF`` is printed last: the
cumulative microseconds of the top-level imports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def refs(db: str) -> dict[str, str]:
    """A claim with the longest chain, its originator, a busy actor and a document."""
    sys.path.insert(0, str(ROOT))
    from provenance.store.reader import open_reader

    reader = open_reader(db)
    assert reader is not None, "the database is not at this code's schema"
    try:
        claim = reader.one(
            "SELECT d.key, c.key, a.key FROM relays r JOIN claims c ON c.id = r.claim_id "
            "JOIN documents d ON d.id = c.document_id JOIN actors a ON a.id = c.originator_id "
            "ORDER BY r.position DESC, r.claim_id LIMIT 1"
        )
        relayer = reader.one(
            "SELECT a.key FROM relays r JOIN actors a ON a.id = r.actor_id "
            "GROUP BY a.key ORDER BY count(*) DESC, a.key LIMIT 1"
        )
    finally:
        reader.close()
    assert claim is not None and relayer is not None
    return {
        "claim": f"{claim[0]}/{claim[1]}",
        "document": str(claim[0]),
        "originator": str(claim[2]),
        "relayer": str(relayer[0]),
    }


def commands(r: dict[str, str]) -> list[list[str]]:
    return [
        ["--help"],
        ["claims", "--help"],
        ["claims", "--originator", r["originator"], "--format", "json"],
        ["claims", "--relayed-by", r["relayer"], "--limit", "20"],
        ["claims", "--search", "offensive", "--limit", "20", "--format", "json"],
        ["claims", "--contradicted", "--limit", "20", "--format", "json"],
        ["claim", r["claim"], "--format", "json"],
        ["chain", r["claim"], "--format", "json"],
        ["contradictions", "--originator", r["originator"], "--format", "json"],
        ["contradictions", "--limit", "20", "--format", "json"],
        ["contradictions", "--format", "json"],
        ["actor", r["originator"], "--format", "json"],
        ["trace", r["relayer"], "--format", "json"],
        ["sources", r["document"], "--format", "json"],
        ["stats", "--format", "json"],
        ["actors", "--format", "json"],
    ]


def timed(args: list[str], db: str, path: str | None) -> float:
    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = path
    cmd = [sys.executable, "-m", "provenance", *(["--db", db] if args != ["--help"] else []), *args]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, check=False, cwd="/")
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def import_total(args: list[str], db: str, path: str) -> float:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "provenance", "--db", db, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
        env=dict(os.environ, PYTHONPATH=path),
    )
    total = 0
    for line in done.stderr.splitlines():
        parts = line.split("|")
        top_level = parts[2].startswith(" ") and not parts[2].startswith("  ")
        if len(parts) == 3 and top_level and parts[1].strip().isdigit():
            total += int(parts[1])  # cumulative microseconds of a top-level import
    return total / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", help="another checkout to time alongside")
    parser.add_argument("--results", help="also append the table, as Markdown, to this file")
    args = parser.parse_args()
    r = refs(args.db)
    before = str(Path(args.before).resolve()) if args.before else None
    lines: list[str] = []

    def emit(line: str) -> None:
        lines.append(line)
        print(line, flush=True)

    emit(f"`{' '.join(sys.argv)}`, load average {os.getloadavg()[0]:.2f} at the start\n")
    emit(f"| command | now median (best) |{' before median (best) | ratio |' if before else ''}")
    emit(f"|---|---|{'---|---|' if before else ''}")
    for cmd in commands(r):
        now: list[float] = []
        old: list[float] = []
        for _ in range(args.runs):
            now.append(timed(cmd, args.db, str(ROOT)))
            if before:
                old.append(timed(cmd, args.db, before))
        line = f"| `{' '.join(cmd)}` | {statistics.median(now):.3f} ({min(now):.3f}) |"
        if before:
            ratio = statistics.median(now) / statistics.median(old)
            line += f" {statistics.median(old):.3f} ({min(old):.3f}) | {ratio:.2f} |"
        emit(line)
    emit("")
    for cmd in (["claims", "--help"], ["claim", r["claim"]]):
        totals = [import_total(cmd, args.db, p) for p in (str(ROOT), before) if p]
        shown = " (before: ".join(f"{t:.3f} s" for t in totals) + (")" if before else "")
        emit(f"- imports of `{' '.join(cmd)}` (`-X importtime`, top-level cumulative): {shown}")
    if args.results:
        with open(args.results, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
