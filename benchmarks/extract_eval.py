"""Score `provenance extract` on the development set: claims, originators, chains, speed.

    python benchmarks/extract_eval.py                 # both models, table on stdout
    python benchmarks/extract_eval.py --write         # also benchmarks/RESULTS-extract.md
    python benchmarks/extract_eval.py --model fr_core_news_sm --json   # one model, JSON
    python benchmarks/extract_eval.py --set holdout   # the held-out set (extract_holdout/)

Two sets: `dev` (extract_dev/ and the seed), which the rules were written against, and
`holdout` (extract_holdout/), whose gold was written before any draft of it was seen and
which no rule may be tuned on: it is the honest figure for articles the extractor has never
met. `--write` keeps the hand-written sections (`## ...`) of the results file it rewrites.

For each text: extract (the library, as the CLI does), import the draft into a fresh SQLite
database (a draft that fails import counts as a failure), compare with the gold file.

Matching rules
- A claim is found when its span overlaps a gold span; pairs are matched one to one,
  largest overlap first.
- Two actors are the same when their keys are equal, or a folded name or alias of one
  equals a folded name or alias of the other (case, accents, apostrophes and a leading
  article or "plusieurs" ignored); two anonymous sources are the same when their names
  share a content word other than "source" (the stated affiliation or description).
- Originator correct: matched gold claims whose originator is the same actor, over all gold
  claims. Full chain correct: originator correct and every hop the same actor in the same
  order (any one of the gold chains), over all gold claims.
- The seed's gold claims whose originator is the publisher (unattributed statements) are
  left out; so are such claims in any gold file.
- Speed: the whole extract of the dev set against `nlp.pipe` of the same texts with the same
  model and components, measured in the same process, best of three runs each.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

# benchmarks/profile.py would shadow the standard library's `profile` (spaCy imports cProfile)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "benchmarks" / "extract_dev"
SETS = {"dev": DEV, "holdout": ROOT / "benchmarks" / "extract_holdout"}
RESULTS = {
    "dev": ROOT / "benchmarks" / "RESULTS-extract.md",
    "holdout": ROOT / "benchmarks" / "RESULTS-extract-holdout.md",
}
TITLES = {"dev": "the development set", "holdout": "the held-out set"}
SEED = ROOT / "seeds" / "al-boukamal-2018-06-10.fr.txt"
MODELS = ("fr_core_news_sm", "fr_core_news_md")
STOP = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "au",
    "aux",
    "en",
    "et",
    "a",
    "un",
    "une",
    "source",
    "sources",
    "sein",
    "liee",
    "lie",
    "proche",
}


def dev_set(name: str = "dev") -> list[tuple[Path, Path]]:
    """(text, gold) pairs of a set; the seed belongs to the development set."""
    pairs = [(SEED, SEED.with_name("al-boukamal-2018-06-10.yaml"))] if name == "dev" else []
    for text in sorted(SETS[name].glob("*.fr.txt")):
        gold = text.with_name(text.name.removesuffix(".fr.txt") + ".yaml")
        if gold.exists():
            pairs.append((text, gold))
    return pairs


def fold(text: str) -> str:
    text = text.replace("’", "'").lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"^(l'|le |la |les |the |d'|un |une |des |de |du |plusieurs )", "", text.strip())
    return re.sub(r"\s+", " ", text)


def names(actor: dict[str, Any]) -> set[str]:
    return {fold(n) for n in [actor.get("name", ""), *actor.get("aliases", [])] if n}


def words(actor: dict[str, Any]) -> set[str]:
    blob = " ".join(
        [actor.get("name", ""), *actor.get("aliases", []), actor.get("description", "")]
    )
    return {w for w in re.findall(r"\w+", fold(blob)) if w not in STOP and len(w) > 2}


def same_actor(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return False
    if a["key"] == b["key"] or names(a) & names(b):
        return True
    if a.get("kind") == b.get("kind") == "anonymous_source":
        return bool(words(a) & words(b))
    return False


def spans(text: str, claims: list[dict[str, Any]]) -> list[tuple[int, int]]:
    out = []
    for c in claims:
        if c.get("start") is not None:
            out.append((c["start"], c["end"]))
            continue
        pos, n = -1, c.get("occurrence", 1)
        for _ in range(n):
            pos = text.find(c["quote"], pos + 1)
        out.append((pos, pos + len(c["quote"])))
    return out


def match(
    gold: list[tuple[int, int]],
    pred: list[tuple[int, int]],
    agree: Callable[[int, int], int] | None = None,
) -> dict[int, int]:
    """Gold claim -> drafted claim, largest overlap first; where overlaps tie (a denial and
    what it denies share one span), the pair that ``agree`` scores higher (same originator,
    same kind) rather than the order of the files."""
    pairs = []
    for i, (gs, ge) in enumerate(gold):
        for j, (ps, pe) in enumerate(pred):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                pairs.append((overlap, agree(i, j) if agree else 0, i, j))
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, _, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_p:
            used_g[i] = j
            used_p.add(j)
    return used_g


def chains_of(claim: dict[str, Any]) -> list[list[str]]:
    if claim.get("chains"):
        return [[h["actor"] if isinstance(h, dict) else h for h in c] for c in claim["chains"]]
    chain = claim.get("chain") or []
    return [[h["actor"] if isinstance(h, dict) else h for h in chain]]


def registry_actor(key: str, draft_actors: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if key in draft_actors:
        return draft_actors[key]
    from provenance.extract.lexicon import registry

    for e in registry():
        if e.key == key:
            return {"key": e.key, "name": e.name, "kind": e.kind, "aliases": list(e.aliases)}
    return None


def import_ok(draft: dict[str, Any], text_path: Path) -> str | None:
    from provenance.errors import ProvenanceError
    from provenance.ingest.importer import import_paths
    from provenance.store.engine import make_engine
    from provenance.store.migrate import ensure_at_head

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "t.txt").write_bytes(text_path.read_bytes())
        draft = dict(draft, document=dict(draft["document"], text_file="t.txt"))
        (folder / "d.yaml").write_text(yaml.safe_dump(draft, allow_unicode=True), "utf-8")
        engine = make_engine(f"sqlite:///{folder / 'x.db'}", write=True)
        try:
            ensure_at_head(engine)
            import_paths(engine, [folder / "d.yaml"])
        except ProvenanceError as exc:
            return str(exc).splitlines()[0]
        finally:
            engine.dispose()
    return None


def score_text(text_path: Path, gold_path: Path, draft: dict[str, Any]) -> dict[str, Any]:
    text = text_path.read_text("utf-8")
    gold = yaml.safe_load(gold_path.read_text("utf-8"))
    publisher = gold["document"].get("publisher")
    gold_actors = {a["key"]: a for a in gold.get("actors", [])}
    gclaims = [c for c in gold.get("claims", []) if c["originator"] != publisher]
    pclaims = draft["claims"]
    pactors = {a["key"]: a for a in draft["actors"]}

    def agree(i: int, j: int) -> int:
        g, p = gclaims[i], pclaims[j]
        same = same_actor(
            gold_actors.get(g["originator"]), registry_actor(p["originator"], pactors)
        )
        return 2 * same + (g.get("kind", "assertion") == p["kind"])

    m = match(spans(text, gclaims), [(c["start"], c["end"]) for c in pclaims], agree)
    origin_ok = chain_ok = 0
    wrong: list[str] = []
    for i, j in sorted(m.items()):
        g, p = gclaims[i], pclaims[j]
        said = f"{g['quote'][:50]}: gold {g['originator']}"
        if not same_actor(
            gold_actors.get(g["originator"]), registry_actor(p["originator"], pactors)
        ):
            wrong.append(f"originator: {said}, drafted {p['originator']}")
            continue
        origin_ok += 1
        pchain = chains_of(p)[0]
        for gchain in chains_of(g):
            if len(gchain) == len(pchain) and all(
                same_actor(gold_actors.get(a), registry_actor(b, pactors))
                for a, b in zip(gchain, pchain, strict=True)
            ):
                chain_ok += 1
                break
        else:
            gold_chains = " or ".join(str(c) for c in chains_of(g))
            wrong.append(f"chain: {said}, chain {gold_chains}, drafted {pchain}")
    gkeys = {c["key"]: i for i, c in enumerate(gclaims)}
    pkeys = {c["key"]: j for j, c in enumerate(pclaims)}
    gold_contra = [
        (gkeys[r["from"]], gkeys[r["to"]])
        for r in gold.get("relations", [])
        if r["type"] == "contradicts" and r["from"] in gkeys and r["to"] in gkeys
    ]
    pred_contra = {(pkeys[r["from"]], pkeys[r["to"]]) for r in draft["relations"]}
    contra_found = sum(1 for a, b in gold_contra if (m.get(a), m.get(b)) in pred_contra)
    found_pairs = {(m.get(a), m.get(b)) for a, b in gold_contra}
    wrong += [
        f"contradiction: {pclaims[a]['quote'][:40]} -> {pclaims[b]['quote'][:40]}"
        for a, b in sorted(pred_contra - found_pairs)
    ]
    missed = [gclaims[i]["quote"][:70] for i in range(len(gclaims)) if i not in m]
    missed += [
        f"contradiction: {gclaims[a]['quote'][:40]} -> {gclaims[b]['quote'][:40]}"
        + ("" if a in m and b in m else " (a side not drafted)")
        for a, b in gold_contra
        if (m.get(a), m.get(b)) not in pred_contra
    ]
    matched_p = set(m.values())
    extra = [p["quote"][:70] for j, p in enumerate(pclaims) if j not in matched_p]
    return {
        "text": text_path.name,
        "gold": len(gclaims),
        "pred": len(pclaims),
        "found": len(m),
        "originator": origin_ok,
        "chain": chain_ok,
        "contra_gold": len(gold_contra),
        "contra_found": contra_found,
        "contra_pred": len(pred_contra),
        "missed": missed,
        "extra": extra,
        "wrong": wrong,
    }


def run_model(
    model: str, *, repeat: int = 3, imports: bool = True, name: str = "dev"
) -> dict[str, Any]:
    from provenance.extract import draft_article, load_nlp

    nlp = load_nlp(model)
    pairs = dev_set(name)
    if not pairs:
        raise SystemExit(f"no texts with gold files in {SETS[name]}")
    texts = [t.read_text("utf-8") for t, _ in pairs]
    list(nlp.pipe(texts[:2]))  # warm up
    parse_times, extract_times = [], []
    drafts: list[dict[str, Any]] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        list(nlp.pipe(texts))
        parse_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        drafts = [
            draft_article(text, nlp, key=t.name.split(".")[0], text_file=t.name).draft
            for text, (t, _) in zip(texts, pairs, strict=True)
        ]
        extract_times.append(time.perf_counter() - t0)
    per_text = []
    failures = []
    for (t, g), d in zip(pairs, drafts, strict=True):
        problem = import_ok(d, t) if imports else None
        if problem:
            failures.append(f"{t.name}: {problem}")
        per_text.append(score_text(t, g, d))
    gold = sum(r["gold"] for r in per_text)
    pred = sum(r["pred"] for r in per_text)
    found = sum(r["found"] for r in per_text)
    p = found / pred if pred else 0.0
    r = found / gold if gold else 0.0
    return {
        "model": model,
        "set": name,
        "texts": len(pairs),
        "gold": gold,
        "pred": pred,
        "found": found,
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "originator": sum(x["originator"] for x in per_text) / gold,
        "chain": sum(x["chain"] for x in per_text) / gold,
        "contra_gold": sum(x["contra_gold"] for x in per_text),
        "contra_found": sum(x["contra_found"] for x in per_text),
        "contra_pred": sum(x["contra_pred"] for x in per_text),
        "parse_s": min(parse_times),
        "extract_s": min(extract_times),
        "ratio": min(extract_times) / min(parse_times),
        "articles_per_s": len(pairs) / min(extract_times),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "import_failures": failures,
        "per_text": per_text,
    }


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| model | texts | gold | drafted | P | R | F1 | originator | full chain | "
        "contradictions found | extract s | nlp.pipe s | ratio | articles/s | peak MB | "
        "import failures |",
        "|" + "---|" * 16,
    ]
    for r in results:
        lines.append(
            f"| {r['model']} | {r['texts']} | {r['gold']} | {r['pred']} | {r['precision']:.2f} | "
            f"{r['recall']:.2f} | {r['f1']:.2f} | {r['originator']:.0%} | {r['chain']:.0%} | "
            f"{r['contra_found']}/{r['contra_gold']} (drafted {r['contra_pred']}) | "
            f"{r['extract_s']:.2f} | {r['parse_s']:.2f} | {r['ratio']:.2f} | "
            f"{r['articles_per_s']:.1f} | {r['peak_mb']:.0f} | {len(r['import_failures'])} |"
        )
    return "\n".join(lines)


def details(result: dict[str, Any]) -> str:
    out = [f"### Per text ({result['model']})", ""]
    for t in result["per_text"]:
        out.append(
            f"- **{t['text']}**: {t['found']}/{t['gold']} found, {t['pred']} drafted, "
            f"originator {t['originator']}, chain {t['chain']}"
        )
        out += [f"  - missed: {m}" for m in t["missed"]]
        out += [f"  - extra: {e}" for e in t["extra"]]
        out += [f"  - wrong {w}" for w in t["wrong"]]
    return "\n".join(out)


def choice(results: list[dict[str, Any]]) -> str:
    """Which model the `extract` extra ships: within memory, then most originators right."""
    fits = [r for r in results if r["peak_mb"] < 600] or results
    best = max(fits, key=lambda r: (round(r["originator"], 2), r["chain"], r["f1"]))
    others = ", ".join(
        f"{r['model']} (F1 {r['f1']:.2f}, originator {r['originator']:.0%}, {r['peak_mb']:.0f} MB)"
        for r in results
        if r is not best
    )
    return (
        f"Model: **{best['model']}** (F1 {best['f1']:.2f}, originator "
        f"{best['originator']:.0%}, {best['peak_mb']:.0f} MB peak); compared with {others}."
    )


def kept_sections(path: Path) -> str:
    """The hand-written `## ...` sections of a results file, which `--write` must not lose
    (the generated part is the table at the top and the `### Per text` details at the end)."""
    if not path.exists():
        return ""
    text = path.read_text("utf-8")
    found = re.search(r"^## .*?(?=^### Per text|\Z)", text, re.MULTILINE | re.DOTALL)
    return found.group(0).rstrip() + "\n" if found else ""


def write_results(results: list[dict[str, Any]], name: str) -> None:
    path = RESULTS[name]
    command = "python benchmarks/extract_eval.py --write" + (
        f" --set {name}" if name != "dev" else ""
    )
    body = [
        f"# `provenance extract` on {TITLES[name]}",
        "",
        f"Command: `{command}` (rules in its docstring).",
        "",
        table(results),
        "",
        "Targets: F1 >= 0.85, originator >= 80 %, full chain >= 70 %, extract <= 1.5x "
        "`nlp.pipe`, peak memory < 600 MB.",
        "",
        choice(results),
        "",
        kept_sections(path),
        *[details(r) + "\n" for r in results],
    ]
    path.write_text("\n".join(body), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="one model, in this process")
    parser.add_argument("--set", choices=sorted(SETS), default="dev", help="which texts")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="write benchmarks/RESULTS-extract[-holdout].md"
    )
    parser.add_argument(
        "--details", action="store_true", help="print missed, extra and wrongly attributed claims"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (best one counts)")
    args = parser.parse_args()
    if args.model:
        result = run_model(args.model, repeat=args.repeat, name=args.set)
        print(json.dumps(result) if args.json else table([result]))
        if args.details and not args.json:
            print(details(result))
        return
    results = []
    for model in MODELS:  # each model in its own process: peak memory is its own
        proc = subprocess.run(
            [sys.executable, __file__, "--model", model, "--set", args.set, "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(proc.stdout))
    print(table(results))
    if args.details:
        for r in results:
            print(details(r))
    if args.write:
        write_results(results, args.set)


if __name__ == "__main__":
    main()
