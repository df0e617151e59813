"""The verdicts and the page of benchmarks/run.py: figures against targets, as a table
printed and as RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import subprocess
from pathlib import Path

#: The other result files, written by their own scripts: a rerun of run.py keeps the links.
SEE_ALSO = [
    "Also: [PostgreSQL](RESULTS-postgresql.md) (`run.py --backend postgresql`), "
    "[import by COPY before/after](RESULTS-pg-import.md), "
    "[stalls](RESULTS-stalls.md) (`stalls.py`), [extraction](RESULTS-extract.md) "
    "(`extract_eval.py`).",
]


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

        def versus(figure: str, ours: float, floor: float, floor_name: str, limit: float) -> None:
            """A wall time against a floor's, held to a ratio (strictly below 1×, else at most)."""
            ratio = ours / floor
            bound = f"{'<' if limit == 1 else '≤'} {limit:g}×"
            ok = ratio < limit if limit == 1 else ratio <= limit
            shown = bound if judged else "(info: under 100k)"  # noqa: B023 (as held)
            add(figure, fmt_s(ours), f"{fmt_s(floor)} ({floor_name})", ratio, shown, held(ok))

        def cpu(figure: str, ours: float, floor: float, floor_text: str) -> None:
            add(figure, fmt_s(ours), floor_text, ours / floor, "(info: load-proof)", None)

        tag = f"{n:,}"
        imp, exp, ch = r["import"], r["export"], r["chain"]
        versus(f"{tag}: import wall", imp["prov_s"], imp["base_s"], "stdlib floor", 2)
        cpu(
            f"{tag}: import CPU (user+sys)",
            imp["prov_cpu"],
            imp["base_cpu"],
            fmt_s(imp["base_cpu"]),
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
        if imp.get("plain_s"):
            add(
                f"{tag}: import vs the plain floor (no checks)",
                fmt_s(imp["prov_s"]),
                fmt_s(imp["plain_s"]) + " (plain_import.py)",
                imp["prov_s"] / imp["plain_s"],
                "(info: json + executemany + one FTS fill)",
                None,
            )
            cpu(
                f"{tag}: import CPU vs the plain floor's",
                imp["prov_cpu"],
                imp["plain_cpu"],
                fmt_s(imp["plain_cpu"]) + " (plain_import.py)",
            )
            add(
                f"{tag}: same claim_table as the plain floor",
                "identical" if not imp["plain_diffs"] else "; ".join(imp["plain_diffs"]),
                "",
                None,
                "identical",
                held(not imp["plain_diffs"]),
            )
        if imp.get("before_s"):
            runs = imp.get("import_runs", 1)
            label = "import vs today" + (f" (medians of {runs}, alternated)" if runs > 1 else "")
            versus(f"{tag}: {label}", imp["prov_s"], imp["before_s"], imp["before"], 0.5)
            cpu(
                f"{tag}: import CPU vs today's",
                imp["prov_cpu"],
                imp["before_cpu"],
                fmt_s(imp["before_cpu"]) + f" ({imp['before']})",
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
        versus(
            f"{tag}: export CSV wall (export csv --table claims)", p["s"], s3["s"], "sqlite3", limit
        )
        both = f"{fmt_s(s3['cpu'])} (sqlite3); {fmt_s(su['cpu'])} (sqlite-utils)"
        cpu(f"{tag}: export CPU (user+sys)", p["cpu"], s3["cpu"], both)
        versus(f"{tag}: export CSV vs sqlite-utils", p["s"], su["s"], "sqlite-utils", 1)
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


def machine(sqlite3_shell: str) -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    free = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.strip()
    s3 = subprocess.run(
        [sqlite3_shell, "--version"], capture_output=True, text=True
    ).stdout.split()[:1]
    return [
        f"- CPU: {cpu}; `nproc`: {os.cpu_count()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version} (Python module), sqlite3 CLI {' '.join(s3)}, "
        f"{platform.system()} {platform.release()}",
        "- `free -g`:\n\n```\n" + free + "\n```",
    ]


def page(
    *,
    started: dt.datetime,
    command: str,
    git_head: str,
    load_start: list[str],
    sqlite3_shell: str,
    results: list[dict],
    rows: list[list[str]],
    reused_imports: bool,
) -> list[str]:
    """RESULTS.md, line by line: the run, the machine, the table, the corpora."""
    fails = sum(r[-1] == "FAIL" for r in rows)
    return [
        "# Benchmark results: provenance at scale, against the floor",
        "",
        *SEE_ALSO,
        "",
        f"Run {started:%Y-%m-%d %H:%M %Z} "
        f"(took {(dt.datetime.now().astimezone() - started).seconds // 60} min), "
        f"git `{git_head}`; {fails} target(s) failed.",
        "",
        "```",
        command,
        "```",
        "",
        *machine(sqlite3_shell),
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
            if reused_imports
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
