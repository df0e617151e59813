"""``run.py --backend postgresql``: the scale benchmarks on a PostgreSQL server.

    .venv/bin/python benchmarks/run.py --backend postgresql \\
        [--url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--sizes 10000,100000]

Anyone with a server can reproduce the table: the run creates its own two databases per
size on the server of ``--url`` (which only serves to connect; it needs CREATE DATABASE),
and drops them at the end (``--keep`` keeps them). For each size, whole processes:

* import   ``provenance import`` vs ``baseline_import_pg.py`` (the same reading, checks
           and rows as the SQLite floor, written by psycopg COPY); both databases are then
           compared table by table (an md5 of the sorted rows, ids of relations and
           timestamps left out).
* reads    each read command, ``stats`` and ``actors`` vs ``psql -f`` of the very SQL the
           command sends (captured by ``pg_statements.py``): start-up is the difference.
* export   ``provenance export csv --table claims`` vs
           ``psql -c "\\copy (SELECT * FROM claim_table) TO STDOUT CSV HEADER"``.

Figures are medians of ``--runs`` (reads) and of 3 (export) runs; the table goes to
``benchmarks/RESULTS-postgresql.md`` and the raw figures to ``work/results-postgresql.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
_COMPARED = {
    "actors": "id, key, name, kind, country, state_affiliated, affiliation_id, role, description",
    "actor_aliases": "actor_id, alias, alias_folded",
    "documents": "id, key, title, publisher_id, published, language, url, text_sha256, "
    "content_sha256",
    "document_sources": "document_id, position, actor_id",
    "claims": "id, document_id, key, span_start, span_end, quote, statement, kind, "
    "direct_quote, cue, made_on, originator_id, search_text",
    "relays": "claim_id, chain_no, position, actor_id, cue",
    "claim_relations": "from_claim_id, type, to_claim_id, declared_in_id, note",
}
# the targets: every read command, whole process; stats and actors against psql
TARGET_READ_S = 0.45
TARGET_AGGREGATE_RATIO = 1.5


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


class Server:
    """Databases of this run on one server: created on demand, dropped at the end."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.made: list[str] = []

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(
            libpq(self.url.render_as_string(hide_password=False)), autocommit=True
        )

    def create(self, name: str) -> str:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self._admin() as conn:
            for name in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made = []

    def psql(self, url: str) -> list[str]:
        u = make_url(url)
        cmd = [shutil.which("psql") or "psql", "-X", "-q", "-d", str(u.database)]
        for flag, value in (("-h", u.host), ("-p", u.port), ("-U", u.username)):
            if value:
                cmd += [flag, str(value)]
        return cmd


def versions(url: str) -> str:
    with psycopg.connect(libpq(url)) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    return f"PostgreSQL {server}, psycopg {psycopg.__version__}, Python {sys.version.split()[0]}"


def table_digests(url: str) -> dict[str, str]:
    with psycopg.connect(libpq(url)) as conn:
        return {
            table: conn.execute(
                f"SELECT md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) "
                f"FROM (SELECT ROW({cols})::text AS r FROM {table}) t"
            ).fetchone()[0]  # type: ignore[index]
            for table, cols in _COMPARED.items()
        }


def pick(url: str) -> dict[str, str]:
    """Arguments for the read commands: a busy originator, a document, an actor."""
    with psycopg.connect(libpq(url)) as conn:
        originator = conn.execute(
            "SELECT a.key FROM claims c JOIN actors a ON a.id = c.originator_id "
            "GROUP BY a.key ORDER BY count(*) DESC, a.key LIMIT 1"
        ).fetchone()[0]  # type: ignore[index]
        document = conn.execute("SELECT key FROM documents ORDER BY id LIMIT 1").fetchone()[0]  # type: ignore[index]
    return {"originator": originator, "document": document}


def read_commands(ref: str, picked: dict[str, str]) -> dict[str, list[str]]:
    a, d = picked["originator"], picked["document"]
    return {
        f"claims --originator {a} --format json": ["claims", "--originator", a, "--format", "json"],
        "claims --limit 20 --format json": ["claims", "--limit", "20", "--format", "json"],
        "claim REF": ["claim", ref],
        "chain REF --format json": ["chain", ref, "--format", "json"],
        f"actor {a}": ["actor", a],
        f"trace {a}": ["trace", a],
        "contradictions --format json": ["contradictions", "--format", "json"],
        "contradictions --limit 20 --format json": [
            "contradictions",
            "--limit",
            "20",
            "--format",
            "json",
        ],
        f"sources {d}": ["sources", d],
        "stats": ["stats"],
        "actors": ["actors"],
    }


def bench_size_pg(
    n: int, args: argparse.Namespace, server: Server, run: Any, log: Callable
) -> dict:
    """One size on the server; ``run`` is run.py (its corpus, measure and median_run)."""
    out: dict[str, Any] = {"size": n, "backend": "postgresql"}
    manifest = run.generate.generate(run.WORK / f"corpus-{n}", n)
    out["manifest"] = manifest
    ann = os.path.relpath(run.REPO / manifest["annotations"], run.REPO)
    prov = server.create(f"provbench_{n}")
    floor = server.create(f"provfloor_{n}")
    for url in (prov, floor):
        run.measure([run.PROVENANCE, "--db", url, "db", "upgrade"])
    run.warm_cache(run.REPO / ann)
    base = run.measure([sys.executable, str(HERE / "baseline_import_pg.py"), floor, ann])
    log(f"[pg {n}] floor import (COPY) {base.wall:.2f} s, {base.rss_mb:.0f} MB")
    imp = run.measure([run.PROVENANCE, "--db", prov, "import", ann])
    log(f"[pg {n}] provenance import {imp.wall:.2f} s, {imp.rss_mb:.0f} MB")
    a, b = table_digests(prov), table_digests(floor)
    diffs = [t for t in a if a[t] != b[t]]
    log(f"[pg {n}] same rows as the floor: {not diffs} {diffs}")
    out["import"] = {
        "prov_s": imp.wall,
        "prov_cpu": imp.cpu,
        "prov_mb": imp.rss_mb,
        "base_s": base.wall,
        "base_cpu": base.cpu,
        "base_mb": base.rss_mb,
        "identical": not diffs,
        "diffs": diffs,
    }
    reads: dict[str, dict[str, float]] = {}
    ref = manifest["chain_ref"]
    for name, cmd in read_commands(ref, pick(prov)).items():
        sql = run.WORK / "pg-read.sql"
        captured = subprocess.run(
            [
                sys.executable,
                str(HERE / "pg_statements.py"),
                prov,
                "--sql-out",
                str(sql),
                "--",
                *cmd,
            ],
            capture_output=True,
            text=True,
            cwd=run.REPO,
            check=True,
        )
        warm = json.loads(captured.stdout)
        r = run.median_run([run.PROVENANCE, "--db", prov, *cmd], args.runs)
        f = run.median_run([*server.psql(prov), "-f", str(sql)], args.runs)
        reads[name] = {"s": r.wall, "best_s": r.best, "mb": r.rss_mb, "floor_s": f.wall, **warm}
        log(f"[pg {n}] {name}: {r.wall * 1000:.0f} ms, psql same SQL {f.wall * 1000:.0f} ms")
    out["reads"] = reads
    out["imports_ms"] = {
        name: import_total_ms([run.PROVENANCE, *(["--db", prov] if name != "--help" else []), *a])
        for name, a in (("--help", ["--help"]), ("stats", ["stats"]), ("chain", ["chain", ref]))
    }
    log(f"[pg {n}] python -X importtime totals (ms): {out['imports_ms']}")
    target = run.WORK / f"export-pg-{n}.csv"
    e = run.median_run(run.export_command(prov), 3, target)
    copy = "\\copy (SELECT * FROM claim_table) TO STDOUT CSV HEADER"
    c = run.median_run([*server.psql(prov), "-c", copy], 3, run.WORK / f"export-pg-{n}-psql.csv")
    rows_p, rows_c = run.csv_rows(target)[0], run.csv_rows(run.WORK / f"export-pg-{n}-psql.csv")[0]
    out["export"] = {
        "s": e.wall,
        "mb": e.rss_mb,
        "floor_s": c.wall,
        "rows": rows_p,
        "floor_rows": rows_c,
    }
    log(
        f"[pg {n}] export csv {e.wall:.2f} s ({rows_p} rows), psql \\copy {c.wall:.2f} s ({rows_c})"
    )
    return out


def import_total_ms(cmd: list[str]) -> float:
    """The modules' own import time, summed over top-level imports (``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True, check=True
    )
    total = 0
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].startswith("  ") is False and parts[1].strip().isdigit():
            total += int(parts[1])
    return total / 1000


def rows_pg(results: list[dict]) -> list[list[str]]:
    """The table: figure, this run, floor, ratio, target, verdict."""
    rows: list[list[str]] = []

    def add(fig: str, this: float, floor: float | None, target: str, ok: bool | None) -> None:
        ratio = f"{this / floor:.2f}×" if floor else ""
        verdict = "—" if ok is None else ("PASS" if ok else "FAIL")
        rows.append([fig, _s(this), _s(floor) if floor else "", ratio, target, verdict])

    for res in results:
        n = res["size"]
        judged = n >= 100_000
        imp = res["import"]
        add(
            f"{n:,}: import",
            imp["prov_s"],
            imp["base_s"],
            "≤ 1.5× COPY floor",
            imp["prov_s"] <= 1.5 * imp["base_s"] if judged else None,
        )
        rows.append(
            [
                f"{n:,}: same rows as the floor",
                "identical" if imp["identical"] else ", ".join(imp["diffs"]),
                "",
                "",
                "identical",
                "PASS" if imp["identical"] else "FAIL",
            ]
        )
        for name, r in res["reads"].items():
            if name in ("stats", "actors"):
                add(
                    f"{n:,}: {name}",
                    r["s"],
                    r["floor_s"],
                    "≤ 1.5× psql same SQL",
                    r["s"] <= TARGET_AGGREGATE_RATIO * r["floor_s"] if judged else None,
                )
            else:
                add(
                    f"{n:,}: {name}",
                    r["s"],
                    r["floor_s"],
                    f"≤ {TARGET_READ_S} s",
                    r["s"] <= TARGET_READ_S if judged else None,
                )
        e = res["export"]
        add(
            f"{n:,}: export csv --table claims",
            e["s"],
            e["floor_s"],
            "≤ 1.3× psql \\copy",
            e["s"] <= 1.3 * e["floor_s"] if judged else None,
        )
        for name, ms in res["imports_ms"].items():
            goal = 150 if name == "--help" else 200
            add(
                f"{n:,}: imports of `{name}` (-X importtime total)",
                ms / 1000,
                None,
                f"≤ {goal} ms",
                ms <= goal if judged else None,
            )
        rows.append(
            [
                f"{n:,}: peak RSS import / export",
                f"{imp['prov_mb']:.0f} / {e['mb']:.0f} MB",
                f"{imp['base_mb']:.0f} MB (floor)",
                "",
                "flat in N",
                "—",
            ]
        )
    return rows


def _s(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def markdown(rows: list[list[str]], header: list[str]) -> list[str]:
    head = ["figure", "this run", "floor", "ratio", "target", "verdict"]
    out = [*header, "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out
