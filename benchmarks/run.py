"""Scale benchmarks: provenance at 10k / 100k / 1M claims, measured against the floor.

Not part of the test suite. Needs the ``bench`` extra (sqlite-utils, pyinstrument) and the
sqlite3 shell: ``pip install '.[test,bench]'`` in the venv. One command, from the
repository root::

    .venv/bin/python benchmarks/run.py --sizes 10000,100000          # ~2-3 minutes
    .venv/bin/python benchmarks/run.py --quick                        # 10k only, ~1 minute
    nohup .venv/bin/python benchmarks/run.py --sizes 10000,100000,1000000 \\
        > benchmarks/work/run.log 2>&1 &                              # with 1M: ~15 minutes

For each size it generates a synthetic corpus once (``generate.py``, cached under
``benchmarks/work/corpus-N``; ``benchmarks/work/`` is git-ignored), then measures whole
processes, each started fresh: wall time (``time.perf_counter``), CPU (user+sys) and peak
RSS from ``os.wait4`` (the kernel's rusage of exactly that child):

* import   ``provenance --db DB import DIR`` vs ``baseline_import.py`` (json + sqlite3
           executemany, same checks, same rows, one transaction; both DBs are first made
           by ``provenance db upgrade``); the two databases are then compared row by row.
* export   ``provenance export csv --table claims`` (or ``provenance claims --format csv``
           when the export command is missing; the table says which) vs
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

Also in benchmarks/ (each documented at its top):

* ``profile.py --claims 100000``       pyinstrument/cProfile of import, export and chain,
                                       ``python -X importtime`` of --help and chain
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
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

csv.field_size_limit(1 << 30)


# -- running and measuring processes ---------------------------------------------------


@dataclass
class Run:
    cmd: list[str]
    wall: float
    cpu: float  # user + sys of the child
    rss_mb: float
    code: int
    stderr: str
    best: float = 0.0  # fastest of the repetitions (median_run)


def measure(cmd: list[str], stdout: Path | None = None, check: bool = True) -> Run:
    """Run one process to completion: wall time and its own peak RSS (wait4)."""
    err_path = WORK / "last-stderr.txt"
    with (
        open(err_path, "wb") as err,
        open(stdout, "wb") if stdout else open(os.devnull, "wb") as out,
    ):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=REPO)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = code = os.waitstatus_to_exitcode(status)
    stderr = err_path.read_text("utf-8", "replace")
    if check and code != 0:
        raise SystemExit(f"command failed ({code}): {shlex.join(cmd)}\n{stderr[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(cmd, wall, cpu, usage.ru_maxrss / 1024, code, stderr)  # Linux: ru_maxrss in KiB


def median_run(cmd: list[str], runs: int, stdout: Path | None = None) -> Run:
    results = [measure(cmd, stdout) for _ in range(runs)]
    walls = [r.wall for r in results]
    best = results[walls.index(sorted(walls)[len(walls) // 2])]
    return Run(
        cmd,
        statistics.median(walls),
        statistics.median(r.cpu for r in results),
        max(r.rss_mb for r in results),
        best.code,
        best.stderr,
        min(walls),
    )


def fresh_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    subprocess.run(
        [PROVENANCE, "--db", str(path), "db", "upgrade"],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )


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


def compare_databases(a: Path, b: Path) -> list[str]:
    """Rows present in one database and not the other, table by table (empty: identical)."""
    con = sqlite3.connect(a)
    con.execute("ATTACH ? AS other", (str(b),))
    diffs = []
    for table in (
        "actors",
        "actor_aliases",
        "documents",
        "document_sources",
        "claims",
        "relays",
        "claim_relations",
    ):
        cols = [r[1] for r in con.execute(f"PRAGMA main.table_info({table})")]
        cols = [
            c
            for c in cols
            if c not in ("imported_at",) and not (table == "claim_relations" and c == "id")
        ]
        sel = ", ".join(f'"{c}"' for c in cols)
        for x, y in (("main", "other"), ("other", "main")):
            n = con.execute(
                f"SELECT count(*) FROM (SELECT {sel} FROM {x}.{table} "
                f"EXCEPT SELECT {sel} FROM {y}.{table})"
            ).fetchone()[0]
            if n:
                diffs.append(f"{table}: {n} rows in {x} not in {y}")
    con.close()
    return diffs


def export_command(db: Path) -> tuple[list[str], str]:
    probe = subprocess.run([PROVENANCE, "export", "csv", "--help"], capture_output=True, text=True)
    if probe.returncode == 0 and "--table" in probe.stdout:
        return [
            PROVENANCE,
            "--db",
            str(db),
            "export",
            "csv",
            "--table",
            "claims",
        ], "export csv --table claims"
    return [
        PROVENANCE,
        "--db",
        str(db),
        "claims",
        "--format",
        "csv",
    ], "claims --format csv (export csv missing)"


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
        diffs = compare_databases(db, base_db) if not args.no_compare else ["not compared"]
        log(f"[{n}] databases identical: {not diffs} {diffs}")
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
        }
        (WORK / f"import-{n}.json").write_text(json.dumps(out["import"]))
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(base_db) + suffix).unlink(missing_ok=True)

    # export -----------------------------------------------------------------------------
    runs = args.export_runs or (3 if n <= 100_000 else 1)
    cmd, label = export_command(db)
    tools = {
        "provenance": cmd,
        "sqlite3": [SQLITE3, "-csv", "-header", str(db), "SELECT * FROM claim_table"],
        "sqlite-utils": [SQLITE_UTILS, "query", str(db), "select * from claim_table", "--csv"],
    }
    exp: dict = {"provenance_command": label}
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


# -- the table -----------------------------------------------------------------------------


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x >= 1 else f"{x * 1000:.0f} ms"


# What the issue measured on its machine: the sqlite3 shell exporting claim_table.
ISSUE_SQLITE3_S = {100_000: 0.36, 1_000_000: 4.5}


def _speed_note(results: list[dict]) -> list[str]:
    """How fast this machine is next to the issue's: absolute targets (chain < 0.5 s) move
    with it, ratios do not."""
    seen = [
        f"{r['export']['sqlite3']['s']:.2f} s at {r['size']:,} claims "
        f"(the issue saw {ISSUE_SQLITE3_S[r['size']]:.2f} s: "
        f"{r['export']['sqlite3']['s'] / ISSUE_SQLITE3_S[r['size']]:.1f}× slower here)"
        for r in results
        if r["size"] in ISSUE_SQLITE3_S
    ]
    if not seen:
        return []
    return [
        "- machine speed: the sqlite3 shell exported `claim_table` in " + "; ".join(seen) + ". "
        "Ratios hold across machines, absolute times (the chain's 0.5 s) do not.",
    ]


def rows_for(results: list[dict], start: dict) -> list[list[str]]:
    rows: list[list[str]] = []

    def add(
        figure: str, value: str, baseline: str, ratio: float | None, target: str, ok: bool | None
    ) -> None:
        verdict = "—" if ok is None else ("PASS" if ok else "FAIL")
        rows.append(
            [figure, value, baseline, "" if ratio is None else f"{ratio:.2f}×", target, verdict]
        )

    small = results[0]
    for r in results:
        n = r["size"]
        big = n >= 1_000_000
        # the issue sets its targets at 100k and 1M; smaller runs show growth, and their
        # ratios are start-up (interpreter, imports) more than work: reported, not judged
        judged = n >= 100_000

        def held(ok: bool) -> bool | None:
            return ok if judged else None  # noqa: B023 (used at once, in this iteration)

        tag = f"{n:,}"
        imp, exp, ch = r["import"], r["export"], r["chain"]
        ratio = imp["prov_s"] / imp["base_s"]
        add(
            f"{tag}: import wall",
            fmt_s(imp["prov_s"]),
            fmt_s(imp["base_s"]) + " (stdlib floor)",
            ratio,
            "≤ 2×" if judged else "(info: under 100k)",
            held(ratio <= 2),
        )
        add(
            f"{tag}: import CPU (user+sys)",
            fmt_s(imp["prov_cpu"]),
            fmt_s(imp["base_cpu"]),
            imp["prov_cpu"] / imp["base_cpu"],
            "(info: load-proof)",
            None,
        )
        if imp.get("base_bulk_s"):
            add(
                f"{tag}: import vs a floor filling FTS in one statement too",
                fmt_s(imp["prov_s"]),
                fmt_s(imp["base_bulk_s"]) + " (stdlib floor --fts-bulk)",
                imp["prov_s"] / imp["base_bulk_s"],
                "(info: the issue's floor keeps the trigger)",
                None,
            )
        claims = r["manifest"]["claims"]
        add(
            f"{tag}: import throughput",
            f"{claims / imp['prov_s']:,.0f} claims/s",
            f"{claims / imp['base_s']:,.0f} claims/s",
            None,
            "",
            None,
        )
        add(
            f"{tag}: same rows as floor",
            "identical" if imp["identical"] else "; ".join(imp["diffs"]),
            "",
            None,
            "identical",
            imp["identical"],
        )
        p, s3, su = exp["provenance"], exp["sqlite3"], exp["sqlite-utils"]
        limit = 1.5 if big else 2.0
        ratio = p["s"] / s3["s"]
        add(
            f"{tag}: export CSV wall ({exp['provenance_command']})",
            fmt_s(p["s"]),
            fmt_s(s3["s"]) + " (sqlite3)",
            ratio,
            f"≤ {limit:g}×" if judged else "(info: under 100k)",
            held(ratio <= limit),
        )
        add(
            f"{tag}: export CPU (user+sys)",
            fmt_s(p["cpu"]),
            f"{fmt_s(s3['cpu'])} (sqlite3); {fmt_s(su['cpu'])} (sqlite-utils)",
            p["cpu"] / s3["cpu"],
            "(info: load-proof)",
            None,
        )
        ratio = p["s"] / su["s"]
        add(
            f"{tag}: export CSV vs sqlite-utils",
            fmt_s(p["s"]),
            fmt_s(su["s"]) + " (sqlite-utils)",
            ratio,
            "< 1×" if judged else "(info: under 100k)",
            held(ratio < 1),
        )
        same = p["rows"] == s3["rows"] == su["rows"] == exp["claims"]
        add(
            f"{tag}: export row count",
            f"{p['rows']:,}",
            f"{s3['rows']:,} / {su['rows']:,} / {exp['claims']:,} claims",
            None,
            "equal",
            same,
        )
        add(
            f"{tag}: chain REF --format json ({ch['hops']} hops)",
            f"{fmt_s(ch['s'])} (best {fmt_s(ch.get('best_s', ch['s']))})",
            fmt_s(ch["floor_s"]) + " (sqlite3, same SQL)",
            ch["s"] / ch["floor_s"],
            "< 0.5 s" if judged else "(info: under 100k)",
            held(ch["s"] < 0.5),
        )
        add(
            f"{tag}: chain query, warm in-process",
            f"{ch['warm_in_process_s'] * 1000:.1f} ms",
            f"{ch['statements']} statements",
            None,
            "",
            None,
        )
        if r is not small:
            # growth is judged on the chain's own work (the warm in-process command, which
            # is what the corpus size can change); the whole process is mostly start-up,
            # whose run-to-run noise here (0.38-0.68 s for one command) exceeds any growth
            g = ch["warm_in_process_s"] / small["chain"]["warm_in_process_s"]
            add(
                f"{tag}: chain growth vs {small['size']:,} (warm in-process)",
                f"{ch['warm_in_process_s'] * 1000:.1f} ms",
                f"{small['chain']['warm_in_process_s'] * 1000:.1f} ms",
                g,
                "≤ 1.25× (~0)",
                g <= 1.25,
            )
            add(
                f"{tag}: chain process time vs {small['size']:,}",
                fmt_s(ch["s"]),
                fmt_s(small["chain"]["s"]),
                ch["s"] / small["chain"]["s"],
                "(info: start-up noise)",
                None,
            )
        for what, mb, base_mb, base_name, small_mb in (
            ("import", imp["prov_mb"], imp["base_mb"], "floor", small["import"]["prov_mb"]),
            ("export", p["mb"], s3["mb"], "sqlite3", small["export"]["provenance"]["mb"]),
        ):
            if r is small:
                add(
                    f"{tag}: {what} peak RSS",
                    f"{mb:.0f} MB",
                    f"{base_mb:.0f} MB ({base_name})",
                    mb / base_mb,
                    "flat in N",
                    None,
                )
            else:
                g = mb / small_mb
                add(
                    f"{tag}: {what} peak RSS",
                    f"{mb:.0f} MB",
                    f"{small_mb:.0f} MB at {small['size']:,}; {base_mb:.0f} MB {base_name}",
                    g,
                    "≤ 1.25× of smallest (flat)",
                    g <= 1.25,
                )
    ratio = start["provenance"] / start["sqlite-utils"]
    add(
        "start-up: --help",
        fmt_s(start["provenance"]),
        f"{fmt_s(start['sqlite-utils'])} (sqlite-utils); python -c pass {fmt_s(start['python'])}",
        ratio,
        "≤ 1× sqlite-utils",
        ratio <= 1,
    )
    return rows


HEAD = ["figure", "this run", "baseline", "ratio", "target", "verdict"]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEAD, *rows]) for i in range(len(HEAD))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(HEAD), line(["-" * w for w in widths]), *map(line, rows)])


def md_table(rows: list[list[str]]) -> str:
    esc = lambda c: c.replace("|", "\\|")  # noqa: E731
    out = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def machine() -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    free = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.strip()
    s3 = subprocess.run([SQLITE3, "--version"], capture_output=True, text=True).stdout.split()[:1]
    return [
        f"- CPU: {cpu}; `nproc`: {os.cpu_count()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version} (Python module), sqlite3 CLI {' '.join(s3)}, "
        f"{platform.system()} {platform.release()}",
        "- `free -g`:\n\n```\n" + free + "\n```",
    ]


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
    p.add_argument("--skip-import", action="store_true", help="reuse databases and import figures")
    p.add_argument("--no-compare", action="store_true", help="skip the row-by-row DB comparison")
    p.add_argument("--keep", action="store_true", help="keep the floor DB and the CSV outputs")
    p.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = p.parse_args(argv)
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
    md = [
        "# Benchmark results: provenance at scale, against the floor",
        "",
        f"Run {started:%Y-%m-%d %H:%M %Z} "
        f"(took {(dt.datetime.now().astimezone() - started).seconds // 60} min), "
        f"git `{_git_head()}`; {fails} target(s) failed.",
        "",
        "```",
        command,
        "```",
        "",
        *machine(),
        f"- load average (1, 5, 15 min) at start {' '.join(load_start)}, at end "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}: other work on this "
        "machine slows wall times; the CPU rows (user+sys of the process) are load-proof",
        "",
        *_speed_note(results),
        *(
            [
                "**Import figures reused** (`--skip-import`) from an earlier run on the same "
                "databases: `benchmarks/work/import-N.json`.",
                "",
            ]
            if args.skip_import
            else []
        ),
        "The issue sets its targets at 100k and 1M claims: sizes under 100k are shown for "
        "growth only (their ratios are mostly interpreter start-up), sizes from 100k to under "
        "1M are held to the 100k targets. Wall times are whole processes "
        "(start-up included); peak RSS from `wait4`. Floors: `benchmarks/baseline_import.py` "
        "(stdlib json + sqlite3, same checks and rows), the `sqlite3` CLI, `sqlite-utils`.",
        "",
        md_table(rows),
        "",
        "Corpora: "
        + "; ".join(
            f"{r['size']:,}: {r['manifest']['documents']:,} documents, "
            f"{r['manifest']['claims']:,} claims, "
            f"{r['manifest']['relays']:,} relays, {r['manifest']['relations']:,} relations, "
            f"{r['manifest']['actors']:,} actors"
            for r in results
        ),
        "",
    ]
    args.results.write_text("\n".join(md))
    print(f"\nwritten: {args.results}")
    return 1 if fails else 0


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
