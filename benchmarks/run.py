"""Scale benchmarks: provenance at 10k / 100k / 1M claims, measured against the floor.

Not part of the test suite. Needs the ``bench`` extra (sqlite-utils, pyinstrument) and the
sqlite3 shell: ``pip install '.[test,bench]'`` in the venv. One command, from the
repository root::

    .venv/bin/python benchmarks/run.py --sizes 10000,100000          # ~2-3 minutes
    .venv/bin/python benchmarks/run.py --quick                        # 10k only, ~1 minute
    nohup .venv/bin/python benchmarks/run.py --sizes 10000,100000,1000000 \\
        > benchmarks/work/run.log 2>&1 &                              # with 1M: ~15 minutes
    .venv/bin/python benchmarks/run.py --backend postgresql \\
        --url postgresql+psycopg://postgres@127.0.0.1:5432/test       # on a server: pg_bench.py

For each size it generates a synthetic corpus once (``generate.py``, cached under
``benchmarks/work/corpus-N``; ``benchmarks/work/`` is git-ignored), then measures whole
processes, each started fresh: wall time (``time.perf_counter``), CPU (user+sys) and peak
RSS from ``os.wait4`` (the kernel's rusage of exactly that child):

* import   ``provenance --db DB import DIR`` vs ``baseline_import.py`` (json + sqlite3
           executemany, same checks, same rows, one transaction; both DBs are first made
           by ``provenance db upgrade``); the two databases are then compared row by row.
           Also vs ``plain_import.py`` (the same rows with no checks: json, executemany,
           one FTS fill; its ``claim_table`` compared), and with ``--import-before DIR``
           vs an earlier checkout's import (``git archive b9c5458 | tar -x -C DIR``, run
           with PYTHONPATH=DIR on its own schema), held to <= 0.5x (issue #15).
* export   ``provenance export csv --table claims`` vs
           ``sqlite3 -csv -header DB "SELECT * FROM claim_table"`` vs
           ``sqlite-utils query DB "select * from claim_table" --csv``; row counts compared.
* chain    ``provenance chain REF --format json`` for a claim with a 4-hop chain; the
           floor is the ``sqlite3`` shell running the very statements the command runs
           (captured by ``chain_statements.py``). That they search indexes and scan no
           table is a test (tests/test_query_plans.py), not a benchmark.
* start-up ``provenance --help`` vs ``sqlite-utils --help``.
* memory   peak RSS of import and export at each size; both must stay flat in N (the
           ratio is to the smallest size of the run).

Repeated figures (chain, start-up: ``--runs``; exports up to 100k: 3) are medians, the
best run is shown too. Targets (from the issue, which sets them at 100k and 1M; smaller
sizes are shown for growth and not judged, sizes from 100k to under 1M are held to the 100k
targets, 1M and up to the 1M targets): import <= 2x baseline; export <= 2x sqlite3
(<= 1.5x at 1M) and faster than sqlite-utils; chain < 0.5 s with ~no growth; start-up
no slower than sqlite-utils; import and export memory flat in N. Other work on the
machine inflates wall times: RESULTS.md records the load average, and the CPU rows.

The table is printed and written, as Markdown with the machine and the command, to
``benchmarks/RESULTS.md``. Raw figures go to ``benchmarks/work/results.json``.

Also in benchmarks/ (each documented at its top): ``generate.py`` (the corpus),
``baseline_import.py`` (the import floor), ``chain_statements.py`` (the chain floor's SQL),
``report.py`` (the verdicts and RESULTS.md), and, for looking into a figure:

* ``profile.py --claims 100000``       pyinstrument/cProfile of import, export and chain,
                                       ``python -X importtime`` of --help and chain
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
BIN = Path(sys.executable).parent
PROVENANCE = str(BIN / "provenance")
SQLITE_UTILS = str(BIN / "sqlite-utils") if (BIN / "sqlite-utils").exists() else "sqlite-utils"
SQLITE3 = shutil.which("sqlite3") or "/usr/bin/sqlite3"

sys.path.insert(0, str(HERE))
import generate  # noqa: E402
from processes import compile_sources, measure, median_of, median_run  # noqa: E402
from report import page, rows_for, text_table  # noqa: E402
from same_rows import compare_databases, compare_views  # noqa: E402

csv.field_size_limit(1 << 30)


def fresh_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    subprocess.run(
        [PROVENANCE, "--db", str(path), "db", "upgrade"],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )


def before_env(checkout: Path) -> dict:
    """The environment that runs an older checkout's provenance with this venv's Python."""
    return {**os.environ, "PYTHONPATH": str(checkout.resolve())}


def before_command(db: Path, *args: str) -> list[str]:
    # -P: without it ``-m`` puts the working directory (this checkout) first on sys.path,
    # ahead of PYTHONPATH, and this checkout's provenance would be measured instead
    return [sys.executable, "-P", "-m", "provenance", "--db", str(db), *args]


def warm_cache(folder: Path) -> None:
    """Read the corpus once so neither import pays for a cold page cache."""
    for f in folder.rglob("*"):
        if f.is_file():
            f.read_bytes()


def csv_rows(path: Path) -> tuple[int, list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        return sum(1 for _ in reader), header


# -- the figures -------------------------------------------------------------------------


def export_command(db: Path) -> list[str]:
    return [PROVENANCE, "--db", str(db), "export", "csv", "--table", "claims"]


def bench_size(n: int, args: argparse.Namespace, log) -> dict:
    out: dict = {"size": n}
    corpus = WORK / f"corpus-{n}"
    t0 = time.perf_counter()
    manifest = generate.generate(corpus, n)
    log(
        f"[{n}] corpus: {manifest['documents']} documents, {manifest['claims']} claims, "
        f"{manifest['relays']} relays, {manifest['relations']} relations "
        f"({time.perf_counter() - t0:.1f} s; generated in {manifest['generated_in_s']} s)"
    )
    out["manifest"] = manifest
    ann = Path(manifest["annotations"])
    if not ann.is_absolute():
        ann = REPO / ann
    ann_arg = os.path.relpath(ann, REPO)
    db = WORK / f"prov-{n}.db"
    base_db = WORK / f"base-{n}.db"

    # import -----------------------------------------------------------------------------
    if args.skip_import and db.exists() and (WORK / f"import-{n}.json").exists():
        out["import"] = json.loads((WORK / f"import-{n}.json").read_text())
        log(f"[{n}] import: reusing {db.name} and earlier figures")
    else:
        warm_cache(ann)
        fresh_db(base_db)
        base = measure([sys.executable, str(HERE / "baseline_import.py"), str(base_db), ann_arg])
        log(f"[{n}] baseline import {base.wall:.2f} s, {base.rss_mb:.0f} MB")
        fresh_db(db)
        prov = measure([PROVENANCE, "--db", str(db), "import", ann_arg])
        log(
            f"[{n}] provenance import {prov.wall:.2f} s, {prov.rss_mb:.0f} MB {prov.stderr.strip()}"
        )
        prov_runs = [prov]
        diffs = compare_databases(db, base_db) if not args.no_compare else ["not compared"]
        log(f"[{n}] databases identical: {not diffs} {diffs}")
        plain_db = WORK / f"plain-{n}.db"
        fresh_db(plain_db)
        plain = measure([sys.executable, str(HERE / "plain_import.py"), str(plain_db), ann_arg])
        plain_diffs = compare_views(db, plain_db) if not args.no_compare else ["not compared"]
        log(f"[{n}] plain floor import {plain.wall:.2f} s, same claim_table: {not plain_diffs}")
        before = None
        if args.import_before:  # the same import by an older checkout, on its own schema
            # alternated with this checkout's import, --import-runs times: the machine's
            # speed drifts over minutes, and a ratio of single runs drifts with it
            before_db = WORK / f"before-{n}.db"
            env = before_env(args.import_before)
            before_runs = []
            for turn in range(args.import_runs):
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(str(before_db) + suffix).unlink(missing_ok=True)
                measure(before_command(before_db, "db", "upgrade"), env=env)
                before_runs.append(measure(before_command(before_db, "import", ann_arg), env=env))
                log(f"[{n}] import by {args.import_before} {before_runs[-1].wall:.2f} s")
                if turn + 1 < args.import_runs:
                    fresh_db(db)
                    prov_runs.append(measure([PROVENANCE, "--db", str(db), "import", ann_arg]))
                    log(f"[{n}] provenance import again {prov_runs[-1].wall:.2f} s")
            for suffix in ("", "-wal", "-shm"):
                Path(str(before_db) + suffix).unlink(missing_ok=True)
            before = median_of(before_runs)
            prov = median_of(prov_runs)
        bulk = None
        if n <= 100_000:  # the floor with provenance's own FTS trick, for the record
            fresh_db(base_db)
            floor = HERE / "baseline_import.py"
            bulk = measure([sys.executable, str(floor), str(base_db), ann_arg, "--fts-bulk"])
            log(f"[{n}] baseline import --fts-bulk {bulk.wall:.2f} s")
        out["import"] = {
            "prov_s": prov.wall,
            "prov_cpu": prov.cpu,
            "prov_mb": prov.rss_mb,
            "base_s": base.wall,
            "base_cpu": base.cpu,
            "base_mb": base.rss_mb,
            "identical": not diffs,
            "diffs": diffs,
            "base_bulk_s": bulk.wall if bulk else None,
            "plain_s": plain.wall,
            "plain_cpu": plain.cpu,
            "plain_mb": plain.rss_mb,
            "plain_diffs": plain_diffs,
            "before": args.import_before.name if before else None,
            "before_s": before.wall if before else None,
            "before_cpu": before.cpu if before else None,
            "import_runs": len(prov_runs),
        }
        (WORK / f"import-{n}.json").write_text(json.dumps(out["import"]))
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(base_db) + suffix).unlink(missing_ok=True)
                Path(str(plain_db) + suffix).unlink(missing_ok=True)

    # export -----------------------------------------------------------------------------
    runs = args.export_runs or (3 if n <= 100_000 else 1)
    tools = {
        "provenance": export_command(db),
        "sqlite3": [SQLITE3, "-csv", "-header", str(db), "SELECT * FROM claim_table"],
        "sqlite-utils": [SQLITE_UTILS, "query", str(db), "select * from claim_table", "--csv"],
    }
    exp: dict = {}
    for name, c in tools.items():
        target = WORK / f"export-{n}-{name}.csv"
        r = median_run(c, runs, target)
        rows, header = csv_rows(target)
        exp[name] = {
            "s": r.wall,
            "cpu": r.cpu,
            "mb": r.rss_mb,
            "rows": rows,
            "columns": len(header),
            "bytes": target.stat().st_size,
        }
        log(
            f"[{n}] export {name}: {r.wall:.2f} s, {r.rss_mb:.0f} MB, {rows} rows, "
            f"{len(header)} columns"
        )
        if not args.keep:
            target.unlink()
    with sqlite3.connect(db) as con:
        exp["claims"] = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    out["export"] = exp

    # chain ------------------------------------------------------------------------------
    ref = manifest["chain_ref"]
    sql_file = WORK / f"chain-{n}.sql"
    captured = subprocess.run(
        [
            sys.executable,
            str(HERE / "chain_statements.py"),
            str(db),
            ref,
            "--sql-out",
            str(sql_file),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if captured.returncode != 0:
        raise SystemExit(f"chain_statements.py failed:\n{captured.stderr[-3000:]}")
    summary = json.loads(captured.stdout)
    chain_json = WORK / f"chain-{n}.json"
    chain = median_run(
        [PROVENANCE, "--db", str(db), "chain", ref, "--format", "json"], args.runs, chain_json
    )
    tree = json.loads(chain_json.read_text())
    hops = max((len(c) for c in tree.get("chains", [])), default=0)
    floor = median_run([SQLITE3, str(db), f".read {sql_file}"], args.runs)
    out["chain"] = {
        "ref": ref,
        "s": chain.wall,
        "best_s": chain.best,
        "hops": hops,
        "floor_s": floor.wall,
        "warm_in_process_s": summary["warm_s"],
        "statements": summary["statements"],
    }
    log(
        f"[{n}] chain {ref}: {chain.wall * 1000:.0f} ms ({hops} hops), sqlite3 same SQL "
        f"{floor.wall * 1000:.0f} ms, warm in-process {summary['warm_s'] * 1000:.1f} ms"
    )
    return out


def startup(runs: int, log) -> dict:
    res: dict = {}
    for name, cmd in (
        ("provenance", [PROVENANCE, "--help"]),
        ("sqlite-utils", [SQLITE_UTILS, "--help"]),
        ("python", [sys.executable, "-c", "pass"]),
    ):
        measure(cmd)  # warm the page cache
        r = median_run(cmd, runs)
        res[name], res[name + "_best"] = r.wall, r.best
        log(f"start-up {name}: {res[name] * 1000:.0f} ms (best {r.best * 1000:.0f} ms)")
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--sizes", default="10000,100000", help="claim counts, comma separated")
    p.add_argument("--quick", action="store_true", help="10k claims only")
    p.add_argument(
        "--runs", type=int, default=9, help="repetitions for chain and start-up (median)"
    )
    p.add_argument(
        "--export-runs",
        type=int,
        default=0,
        help="repetitions per export tool (default 3 up to 100k, 1 above)",
    )
    p.add_argument(
        "--import-before",
        type=Path,
        default=None,
        help="a checkout of an earlier commit (git archive b9c5458 | tar -x -C DIR): its "
        "import is run with PYTHONPATH=DIR and judged against <= 0.5x",
    )
    p.add_argument(
        "--import-runs",
        type=int,
        default=1,
        help="with --import-before: imports by each checkout, alternated (median)",
    )
    p.add_argument("--skip-import", action="store_true", help="reuse databases and import figures")
    p.add_argument("--no-compare", action="store_true", help="skip the row-by-row DB comparison")
    p.add_argument("--keep", action="store_true", help="keep the floor DB and the CSV outputs")
    p.add_argument("--results", type=Path, default=None, help="default: RESULTS[-postgresql].md")
    p.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument(
        "--url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
        help="--backend postgresql: a server to create (and drop) the run's databases on",
    )
    args = p.parse_args(argv)
    if args.backend == "postgresql":
        return postgresql_run(args, argv)
    args.results = args.results or HERE / "RESULTS.md"
    missing = [
        name
        for name, exe in (
            ("provenance", PROVENANCE),
            ("sqlite-utils", SQLITE_UTILS),
            ("the sqlite3 shell", SQLITE3),
        )
        if not (Path(exe).is_file() or shutil.which(exe))
    ]
    if missing:
        sys.exit(
            f"benchmarks/run.py needs {', '.join(missing)}: run it with the Python of a venv "
            "holding pip install '.[test,bench]', with sqlite3 on the PATH "
            "(Debian: apt-get install sqlite3)"
        )
    sizes = [10_000] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    WORK.mkdir(exist_ok=True)
    compile_sources([REPO / "provenance", *([args.import_before] if args.import_before else [])])
    command = (
        "cd "
        + str(REPO)
        + " && .venv/bin/python benchmarks/run.py "
        + shlex.join(argv if argv is not None else sys.argv[1:])
    )

    def log(msg: str) -> None:
        print(msg, flush=True)

    started = dt.datetime.now().astimezone()
    load_start = Path("/proc/loadavg").read_text().split()[:3]
    results = [bench_size(n, args, log) for n in sizes]
    start = startup(args.runs, log)
    rows = rows_for(results, start)
    print()
    print(text_table(rows))
    (WORK / "results.json").write_text(json.dumps({"results": results, "startup": start}, indent=2))
    fails = sum(r[-1] == "FAIL" for r in rows)
    md = page(
        started=started,
        command=command,
        git_head=_git_head(),
        load_start=load_start,
        sqlite3_shell=SQLITE3,
        results=results,
        rows=rows,
        reused_imports=args.skip_import,
    )
    args.results.write_text("\n".join(md))
    print(f"\nwritten: {args.results}")
    return 1 if fails else 0


def postgresql_run(args: argparse.Namespace, argv: list[str] | None) -> int:
    """The same corpus on a server (benchmarks/pg_bench.py): databases made and dropped here."""
    import pg_bench

    sizes = [10_000] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    WORK.mkdir(exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    load_start = Path("/proc/loadavg").read_text().split()[:3]
    server = pg_bench.Server(args.url)
    try:
        results = [
            pg_bench.bench_size_pg(n, args, server, sys.modules[__name__], print) for n in sizes
        ]
    finally:
        if not args.keep:
            server.drop_all()
    rows = pg_bench.rows_pg(results)
    (WORK / "results-postgresql.json").write_text(json.dumps(results, indent=2))
    versions = pg_bench.versions(args.url)
    header = [
        "# Benchmark results on PostgreSQL: provenance vs psql and a psycopg COPY floor",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, git `{_git_head()}`; {versions}; "
        f"load average at start {' '.join(load_start)}, at end "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])} (2 shared cores).",
        "",
        "```",
        "cd "
        + str(REPO)
        + " && .venv/bin/python benchmarks/run.py "
        + shlex.join(argv if argv is not None else sys.argv[1:]),
        "```",
        "",
        "Whole processes, medians; sizes under 100k are not judged. See benchmarks/pg_bench.py.",
    ]
    md = pg_bench.markdown(rows, header)
    target = args.results or HERE / "RESULTS-postgresql.md"
    target.write_text("\n".join(md) + "\n")
    print("\n".join(md))
    return 1 if any(r[-1] == "FAIL" for r in rows) else 0


def _git_head() -> str:
    r = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "provenance", "migrations"],
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout.strip()
    return r.stdout.strip() + (
        " + uncommitted changes in provenance/ or migrations/" if dirty else ""
    )


if __name__ == "__main__":
    sys.exit(main())
