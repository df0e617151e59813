"""Where provenance spends its time: pyinstrument profiles and import-time lists.

    .venv/bin/python benchmarks/profile.py --claims 100000

Uses the corpus (and, for export and chain, the database) that run.py left in
``benchmarks/work/`` for that size; makes the corpus if missing. Writes, in benchmarks/work/:

* ``import-profile.txt``   pyinstrument of ``provenance import`` into a fresh database
* ``import-cprofile.txt``, ``export-cprofile.txt``   cProfile flat lists (own, cumulative)
* ``export-profile.txt``   pyinstrument of ``provenance export csv --table claims``
* ``chain-profile.txt``    pyinstrument of ``provenance chain REF --format json``
* ``importtime-help.txt``, ``importtime-chain.txt``   ``python -X importtime`` of ``--help``
  and of the chain command, with the 25 slowest imports (cumulative) printed here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
from run import export_command, fresh_db  # noqa: E402


def pyinstrument(out: Path, args: list[str], stdout: str = os.devnull) -> None:
    cmd = [str(BIN / "pyinstrument"), "-r", "text", "-o", str(out), "-m", "provenance", *args]
    with open(stdout, "wb") as f:
        subprocess.run(cmd, check=True, cwd=REPO, stdout=f)
    print(f"wrote {out.relative_to(REPO)}")


def cprofile(out: Path, args: list[str], top: int = 40) -> None:
    """Flat list (own time, then cumulative) to complement pyinstrument's call tree."""
    stats = out.with_suffix(".pstats")
    with open(os.devnull, "wb") as f:
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "provenance", *args],
            check=True,
            cwd=REPO,
            stdout=f,
        )
    import io
    import pstats

    buf = io.StringIO()
    st = pstats.Stats(str(stats), stream=buf).strip_dirs()
    st.sort_stats("tottime").print_stats(top)
    st.sort_stats("cumulative").print_stats(top)
    out.write_text(buf.getvalue())
    stats.unlink()
    print(f"wrote {out.relative_to(REPO)}")


def importtime(out: Path, args: list[str], top: int = 25) -> None:
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "provenance", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    out.write_text(r.stderr)
    rows = []
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            self_us, cum_us, name = line.removeprefix("import time:").split("|")
            rows.append((int(cum_us), int(self_us), name.rstrip()))
    total = sum(c for c, _, name in rows if not name.startswith("  "))  # depth 0: one space
    print(f"\n{out.name}: {len(rows)} modules, top-level cumulative {total / 1000:.0f} ms")
    for cum, own, name in sorted(rows, reverse=True)[:top]:
        print(f"  {cum / 1000:8.1f} ms cumulative {own / 1000:7.1f} ms self  {name.strip()}")


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--claims", type=int, default=100_000)
    p.add_argument("--skip-import", action="store_true", help="do not re-profile the import")
    a = p.parse_args()
    WORK.mkdir(exist_ok=True)
    manifest = generate.generate(WORK / f"corpus-{a.claims}", a.claims)
    ann = os.path.relpath(REPO / manifest["annotations"], REPO)
    db = WORK / f"profile-{a.claims}.db"
    if not a.skip_import or not db.exists():
        fresh_db(db)
        pyinstrument(WORK / "import-profile.txt", ["--db", str(db), "import", ann])
        fresh_db(db)
        cprofile(WORK / "import-cprofile.txt", ["--db", str(db), "import", ann])
    cmd = export_command(db)
    pyinstrument(WORK / "export-profile.txt", cmd[1:])
    cprofile(WORK / "export-cprofile.txt", cmd[1:])
    pyinstrument(
        WORK / "chain-profile.txt",
        ["--db", str(db), "chain", manifest["chain_ref"], "--format", "json"],
    )
    importtime(WORK / "importtime-help.txt", ["--help"])
    importtime(
        WORK / "importtime-chain.txt",
        ["--db", str(db), "chain", manifest["chain_ref"], "--format", "json"],
    )
    print(json.dumps({"db": str(db), "claims": manifest["claims"]}))


if __name__ == "__main__":
    main()
