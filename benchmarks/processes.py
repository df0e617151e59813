"""Running one command as its own process and measuring it: wall time, CPU, peak RSS.

Shared by the benchmark scripts (run.py and its helpers); kept apart so each script reads
as the figures it takes, not as process plumbing.
"""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"


@dataclass
class Run:
    cmd: list[str]
    wall: float
    cpu: float  # user + sys of the child
    rss_mb: float
    code: int
    stderr: str
    best: float = 0.0  # fastest of the repetitions (median_run)


def measure(
    cmd: list[str], stdout: Path | None = None, check: bool = True, env: dict | None = None
) -> Run:
    """Run one process to completion: wall time and its own peak RSS (wait4)."""
    err_path = WORK / "last-stderr.txt"
    with (
        open(err_path, "wb") as err,
        open(stdout, "wb") if stdout else open(os.devnull, "wb") as out,
    ):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=REPO, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = code = os.waitstatus_to_exitcode(status)
    stderr = err_path.read_text("utf-8", "replace")
    if check and code != 0:
        raise SystemExit(f"command failed ({code}): {shlex.join(cmd)}\n{stderr[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(cmd, wall, cpu, usage.ru_maxrss / 1024, code, stderr)  # Linux: ru_maxrss in KiB


def median_of(runs: list[Run]) -> Run:
    """The run of median wall time (the upper one of an even count), its RSS the highest."""
    ranked = sorted(runs, key=lambda r: r.wall)
    middle = ranked[len(ranked) // 2]
    return Run(
        middle.cmd, middle.wall, middle.cpu, max(r.rss_mb for r in runs), middle.code, middle.stderr
    )


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


def compile_sources(folders: list[Path]) -> None:
    """Byte-compile the checkouts measured, both alike, as an install or a first run does:
    with PYTHONDONTWRITEBYTECODE set (some shells and CI images set it) every process
    would compile the package from source again, about 40 ms of each command here."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *map(str, folders)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
