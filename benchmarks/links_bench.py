"""Cross-document links: recall on the event corpus, speed on the synthetic corpus.

    .venv/bin/python benchmarks/links_bench.py --db10k DB --db100k DB [--out FILE]

Recall: the event corpus (tests/data/event) is imported with every relation removed,
then ``links`` runs; the known repeats are every pair of claims of one story (the
confirmed ``repeats`` of the corpus, taken transitively, plus the two repeats it leaves
unlinked on purpose: France 24's hedged toll and Al-Watan's coalition strike). Recall is
the share of known pairs among the top-N ``repeats`` suggestions (N = number of known
pairs), and among all suggestions of any type (a drifted copy, 250 -> 300 trucks, is
proposed as ``updates``: found, but typed otherwise).

Speed: whole ``provenance`` processes, started fresh, on databases made from
``benchmarks/generate.py --claims N`` and ``provenance import``: ``links --document D``
(median of 3) and ``links`` over the whole corpus (once), at each size, with the ratio
between the sizes (linear growth would be 10).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVENT = ROOT / "tests" / "data" / "event"
PROVENANCE = [sys.executable, "-m", "provenance"]
STORIES = [
    ["afp-2019-03-01/toll", "le-monde-2019-03-02/toll", "france24-2019-03-02/toll",
     "blog-levant-2019-03-03/toll"],
    ["sputnik-2019-03-02/trucks", "presstv-2019-03-03/trucks", "revue-presse-2019-03-04/trucks"],
    ["sana-2019-03-02/evacuation", "sputnik-2019-03-02/evacuation",
     "al-watan-2019-03-03/evacuation", "presstv-2019-03-03/evacuation",
     "blog-levant-2019-03-03/evacuation", "revue-presse-2019-03-04/evacuation"],
    ["sputnik-2019-03-02/coalition-strike", "presstv-2019-03-03/coalition-strike",
     "al-watan-2019-03-03/coalition-strike"],
]  # fmt: skip


def run(db: str, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [*PROVENANCE, "--db", db, *args], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, done.stdout


def recall() -> dict[str, object]:
    truth = {frozenset(p) for story in STORIES for p in combinations(story, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "event"
        shutil.copytree(EVENT, folder)
        for path in folder.glob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data.pop("relations", None)
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        db = str(Path(tmp) / "event.db")
        run(db, "import", "-q", str(folder))
        rows = json.loads(run(db, "links", "--format", "json")[1])
    repeats = [r for r in rows if r["type"] == "repeats"]
    top = {frozenset((r["from"], r["to"])) for r in repeats[: len(truth)]}
    every = {frozenset((r["from"], r["to"])) for r in rows}
    return {
        "known_pairs": len(truth),
        "suggestions": len(rows),
        "recall_top_n_repeats": len(truth & top) / len(truth),
        "precision_top_n_repeats": len(truth & top) / max(1, len(top)),
        "recall_any_type": len(truth & every) / len(truth),
        "missed": sorted(" ~ ".join(sorted(p)) for p in truth - every),
    }


def speed(db: str) -> dict[str, float | int | str]:
    import sqlite3

    con = sqlite3.connect(db)
    claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    document = con.execute("SELECT key FROM documents ORDER BY id LIMIT 1 OFFSET 17").fetchone()[0]
    con.close()
    one = [run(db, "links", "--document", document, "--format", "json")[0] for _ in range(3)]
    whole, out = run(db, "links", "--format", "json")
    return {
        "claims": claims,
        "document": document,
        "links_document_s": statistics.median(one),
        "links_whole_s": whole,
        "whole_suggestions": len(json.loads(out)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db10k", required=True)
    parser.add_argument("--db100k", required=True)
    parser.add_argument("--out", default=None, help="also write the figures (Markdown) here")
    args = parser.parse_args()
    found = recall()
    small, large = speed(args.db10k), speed(args.db100k)
    lines = [
        "## links: recall on the event corpus (tests/data/event, relations removed)",
        "",
        f"- known repeat pairs: {found['known_pairs']}; suggestions: {found['suggestions']}",
        f"- recall among the top-{found['known_pairs']} `repeats`: "
        f"{found['recall_top_n_repeats']:.2f} (precision {found['precision_top_n_repeats']:.2f})",
        f"- recall among all suggestions, any type: {found['recall_any_type']:.2f}",
        f"- missed: {', '.join(map(str, found['missed'])) or 'none'}",  # type: ignore[call-overload]
        "",
        "## links: speed (SQLite, whole processes)",
        "",
        "| claims | links --document D (median of 3) | links, whole corpus | suggestions |",
        "|---|---|---|---|",
    ]
    for s in (small, large):
        lines.append(
            f"| {s['claims']} | {s['links_document_s']:.2f} s | {s['links_whole_s']:.1f} s "
            f"| {s['whole_suggestions']} |"
        )
    growth = float(large["claims"]) / float(small["claims"])
    ratio = float(large["links_whole_s"]) / float(small["links_whole_s"])
    lines += [
        "",
        f"claims x{growth:.1f}: whole-corpus time x{ratio:.1f} "
        f"(per claim: {1000 * float(small['links_whole_s']) / float(small['claims']):.2f} ms -> "
        f"{1000 * float(large['links_whole_s']) / float(large['claims']):.2f} ms); "
        "--document time x"
        f"{float(large['links_document_s']) / float(small['links_document_s']):.2f}",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
