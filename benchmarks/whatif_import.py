"""What would each proposed fix buy? ``provenance import`` with one fix patched in, measured.

    .venv/bin/python benchmarks/whatif_import.py --claims 100000 [--reps 2] [--variants a,b]

Nothing in the package is edited: each variant is a fresh process that monkeypatches the
installed package *in memory*, then runs the real CLI (``provenance import``) into a fresh
database made by ``provenance db upgrade``. Every variant's database is compared row by row
with the stock one (same rows, or the variant is reported as WRONG). Variants:

  stock            the package as it is
  inserts-batched   claims and documents INSERTed 500 rows per statement (``INSERT ..
                   VALUES (..),(..) RETURNING id, document_id, key``, ids matched by the
                   natural key) instead of SQLAlchemy's row-at-a-time fallback for
                   ``returning(..., sort_by_parameter_order=True)`` on SQLite
  no-gc            ``gc.disable()`` (what ``gc.freeze()`` after parsing would approach)
  stem-cache       ``functools.lru_cache`` on provenance.search.stem
  plain-data-fast  loader.check_plain_data walking without building a path string per
                   value (the slow, path-naming walk only runs when a problem is found)
  json-hook-fast   loader._json_object checking duplicates with ``len(dict(pairs))``
  cwd-cached       validation.display_path resolving the working folder once
  cache-256m       ``PRAGMA cache_size = -262144`` (256 MiB) on the import connection,
                   instead of SQLite's default 2 MiB: index pages stop thrashing at 1M
  no-fts-trigger   the claims_fts insert trigger dropped before the import (upper bound
                   of what the FTS index costs; the index is then NOT maintained)
  all              every code fix above (not cache-256m, not no-fts-trigger)

Prints wall, CPU (user+sys) and peak RSS per variant (median of --reps), and the gain.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
BIN = Path(sys.executable).parent
FIXES = [
    "inserts-batched",
    "no-gc",
    "stem-cache",
    "plain-data-fast",
    "json-hook-fast",
    "cwd-cached",
]
VARIANTS = ["stock", *FIXES, "cache-256m", "no-fts-trigger", "all"]


# -- the patches (run inside the child process) --------------------------------------------


def patch_inserts_batched() -> None:
    from sqlalchemy.sql.dml import Insert

    from provenance import importer

    natural = {"claims": ("document_id", "key"), "documents": ("key",)}

    def value(v: object) -> object:
        if isinstance(v, bool):
            return int(v)
        if hasattr(v, "isoformat"):
            return v.isoformat()  # type: ignore[union-attr]
        return v

    class Proxy:
        def __init__(self, conn):
            self._conn = conn

        def __getattr__(self, name: str):
            return getattr(self._conn, name)

        def execute(self, stmt, params=None, *a, **k):
            table = getattr(getattr(stmt, "table", None), "name", None)
            if (
                isinstance(stmt, Insert)
                and table in natural
                and stmt._returning
                and isinstance(params, list)
                and len(params) > 1
                and self._conn.dialect.name == "sqlite"
            ):
                cols = list(params[0])
                nat = natural[table]
                ids: dict[tuple, int] = {}
                one = "(" + ",".join("?" * len(cols)) + ")"
                for i in range(0, len(params), 500):
                    chunk = params[i : i + 500]
                    sql = (
                        f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                        + ",".join([one] * len(chunk))
                        + f" RETURNING id, {', '.join(nat)}"
                    )
                    flat = tuple(value(p[c]) for p in chunk for c in cols)
                    for row in self._conn.exec_driver_sql(sql, flat):
                        ids[tuple(row[1:])] = row[0]
                return [(ids[tuple(p[c] for c in nat)],) for p in params]
            return self._conn.execute(stmt, params, *a, **k)

    original = importer._Writer.write

    def write(self, *args, **kwargs):
        real = self.conn
        self.conn = Proxy(real)
        try:
            return original(self, *args, **kwargs)
        finally:
            self.conn = real

    importer._Writer.write = write


def patch_no_gc() -> None:
    gc.disable()


def patch_stem_cache() -> None:
    from provenance import search

    search.stem = functools.lru_cache(maxsize=None)(search.stem)


def patch_plain_data_fast() -> None:
    from provenance import loader

    slow = loader.check_plain_data
    limit = loader.MAX_DEPTH

    def check_plain_data(data: object) -> None:
        stack = [(data, 0)]
        pop, push = stack.pop, stack.append
        while stack:
            value, depth = pop()
            if type(value) is str:
                if "\x00" in value or (not value.isascii() and not _utf8_ok(value)):
                    return slow(data)  # names the place
            elif isinstance(value, dict):
                if depth >= limit:
                    return slow(data)
                for k, v in value.items():
                    if "\x00" in k or (not k.isascii() and not _utf8_ok(k)):
                        return slow(data)
                    push((v, depth + 1))
            elif isinstance(value, list):
                if depth >= limit:
                    return slow(data)
                for v in value:
                    push((v, depth + 1))
        return None

    loader.check_plain_data = check_plain_data


def _utf8_ok(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def patch_json_hook_fast() -> None:
    from provenance import loader

    slow = loader._json_object

    def _json_object(pairs: list) -> dict:
        out = dict(pairs)
        if len(out) != len(pairs):
            return slow(pairs)  # raises, naming the key
        return out

    loader._json_object = _json_object


def patch_cwd_cached() -> None:
    from provenance import validation

    cwd = Path.cwd().resolve()

    def display_path(path: Path) -> str:
        try:
            return str(path.resolve().relative_to(cwd))
        except ValueError:
            return str(path)

    validation.display_path = display_path


def patch_cache_256m() -> None:
    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    @event.listens_for(Pool, "connect")
    def _big_cache(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA cache_size = -262144")


def child(variant: str, argv: list[str]) -> None:
    fixes = FIXES if variant == "all" else [variant]
    for fix in fixes:
        if fix in (*FIXES, "cache-256m"):
            globals()["patch_" + fix.replace("-", "_")]()
    from provenance.cli import main

    sys.argv = ["provenance", *argv]
    main()


# -- the driver ------------------------------------------------------------------------------


def run_variant(variant: str, db: Path, ann: str) -> tuple[float, float, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    subprocess.run(
        [str(BIN / "provenance"), "--db", str(db), "db", "upgrade"],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    if variant == "no-fts-trigger":
        with sqlite3.connect(db) as con:
            con.execute("DROP TRIGGER claims_fts_insert")
    cmd = [sys.executable, __file__, "--child", variant, "--db", str(db), "import", "-q", ann]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=REPO)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        raise SystemExit(f"{variant} failed")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def same_rows(a: Path, b: Path) -> bool:
    con = sqlite3.connect(a)
    con.execute("ATTACH ? AS o", (str(b),))
    for t in ("claims", "relays", "claim_relations", "documents", "actors", "actor_aliases"):
        cols = ", ".join(
            f'"{r[1]}"'
            for r in con.execute(f"PRAGMA table_info({t})")
            if r[1] not in ("imported_at",)
        )
        for x, y in (("main", "o"), ("o", "main")):
            q = (
                f"SELECT count(*) FROM (SELECT {cols} FROM {x}.{t} "
                f"EXCEPT SELECT {cols} FROM {y}.{t})"
            )
            if con.execute(q).fetchone()[0]:
                return False
    return True


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        return child(sys.argv[2], sys.argv[3:])
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--claims", type=int, default=100_000)
    p.add_argument("--reps", type=int, default=2)
    p.add_argument("--variants", default=",".join(VARIANTS))
    a = p.parse_args()
    sys.path.insert(0, str(HERE))
    import generate

    manifest = generate.generate(WORK / f"corpus-{a.claims}", a.claims)
    ann = os.path.relpath(REPO / manifest["annotations"], REPO)
    variants = a.variants.split(",")
    if "stock" not in variants:
        variants.insert(0, "stock")
    results: dict[str, list[tuple[float, float, float]]] = {v: [] for v in variants}
    for _ in range(a.reps):  # interleaved, so machine load hits every variant alike
        for v in variants:
            results[v].append(run_variant(v, WORK / f"whatif-{v}.db", ann))
            print(
                f"  {v:16s} {results[v][-1][0]:6.2f} s wall {results[v][-1][1]:6.2f} s cpu "
                f"{results[v][-1][2]:5.0f} MB",
                flush=True,
            )
    base = statistics.median(r[1] for r in results["stock"])
    print(f"\n{manifest['claims']:,} claims; median of {a.reps}; gain = CPU saved vs stock\n")
    print(f"{'variant':16s} {'wall':>8s} {'cpu':>8s} {'rss':>7s} {'gain':>14s}  same rows")
    for v in variants:
        wall = statistics.median(r[0] for r in results[v])
        cpu = statistics.median(r[1] for r in results[v])
        rss = max(r[2] for r in results[v])
        ok = (
            "n/a"
            if v in ("stock", "no-fts-trigger")
            else (
                "yes" if same_rows(WORK / "whatif-stock.db", WORK / f"whatif-{v}.db") else "WRONG"
            )
        )
        print(
            f"{v:16s} {wall:7.2f}s {cpu:7.2f}s {rss:6.0f}M {base - cpu:6.2f}s "
            f"{100 * (base - cpu) / base:4.0f}%  {ok}"
        )
    for v in variants:
        for suffix in ("", "-wal", "-shm"):
            Path(str(WORK / f"whatif-{v}.db") + suffix).unlink(missing_ok=True)
    return None


if __name__ == "__main__":
    main()
