"""The claims table of an SQLite file as CSV, on both cores: ``export csv``'s hot path.

Why a second path beside :func:`provenance.export.csv_tables.write_table`: each row costs
the ``claim_table`` view's correlated subqueries (chains, contradictions), then 16 cells
turned into Python objects and back into CSV. One process does that at best at about
twice the time of the sqlite3 shell, so at a million claims the work is split by id
between two processes. The second writes its half to an anonymous temporary file, which
is appended once the first half is out: memory stays one batch per process, and the disk
holds at most half the output for the length of the export.

Both halves read one snapshot. The parent holds SQLite's write lock (``BEGIN IMMEDIATE``)
while the two read transactions start, so no import can commit between them; the lock is
released as soon as both have started. When the lock is not free within a moment (an
import is running), when the file is read-only, when the table is small or when the
platform has no ``fork``, one process writes everything, in one transaction as well. If
the child fails once started (a full ``$TMPDIR``), the parent writes the child's half from
its own snapshot: the export is slower, not wrong.

Nothing here imports SQLAlchemy: with Typer alone loaded the command starts about twice as
fast. The bytes are those of the generic path (a test compares them on both sizes).

Is the split worth its 90 lines? Measured at 100k claims on this 2-core machine (export to
a file, three runs each): one process 1.21-1.24 s, two processes 0.72-0.73 s, the sqlite3
shell 0.47 s. One process is 2.6x the shell, over the 2x target; the split is 1.5x.
``PROVENANCE_EXPORT_WORKERS=1`` keeps it to one process.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import signal
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO

from provenance.errors import ExportError
from provenance.output import neutralised
from provenance.queries.columns import CLAIM_CELLS_SQL, CLAIM_TABLE_COLUMNS, CLAIM_TEXT_CELLS
from provenance.store.sqlite_file import connect, open_at_head

BATCH = 5000
#: Below this many claims a second process costs more than it saves.
PARALLEL_FROM = 20_000
#: Set to 1 to keep the export in one process (no fork, no temporary file), 2 to split
#: even a small table.
WORKERS_ENV = "PROVENANCE_EXPORT_WORKERS"
#: How long the parent waits for the write lock that lines the two snapshots up.
BARRIER_TIMEOUT_MS = 250

_CELLS = ", ".join(CLAIM_CELLS_SQL)


@dataclass(frozen=True)
class ExportPlan:
    """What the probe found: the file, how many claims, and the id splitting them in two."""

    path: Path
    claims: int
    middle: int | None


def plan(path: Path, *, workers: int | None = None) -> ExportPlan | None:
    """A plan for this file, or None when the generic path must answer instead.

    None covers every case where that path has something to say: a schema at another
    revision (it explains which), a file that is not a database, a broken table.
    """
    con = open_at_head(path)
    if con is None:
        return None
    try:
        con.execute("BEGIN")  # the count and the middle id from one state
        (count,) = con.execute("SELECT count(*) FROM claims").fetchone()
        middle = None
        if _parallel(count, workers):
            row = con.execute(
                "SELECT id FROM claims ORDER BY id LIMIT 1 OFFSET ?", (count // 2,)
            ).fetchone()
            middle = int(row[0]) if row else None
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return ExportPlan(path, int(count), middle)


def write_claims(plan: ExportPlan, out: TextIO, *, raw: bool = False) -> int:
    """Write the header and every claim, ordered by id; returns the number of rows."""
    try:
        return _write_claims(plan, out, raw)
    except sqlite3.Error as exc:  # a file damaged under the rows the probe did not read
        raise ExportError(f"cannot read {plan.path}: {exc}") from None


def _write_claims(plan: ExportPlan, out: TextIO, raw: bool) -> int:
    csv.writer(out, lineterminator="\r\n").writerow(CLAIM_TABLE_COLUMNS)
    if plan.middle is not None:
        n = _write_in_two_processes(plan.path, plan.middle, out, raw)
        if n is not None:
            return n
    con = connect(plan.path)
    try:
        con.execute("BEGIN")
        return _write_rows(con, out, raw)
    finally:
        con.close()


def _parallel(count: int, workers: int | None) -> bool:
    """Two processes? ``PROVENANCE_EXPORT_WORKERS`` (1 or 2) overrides the size rule."""
    if not hasattr(os, "fork") or count < 2:
        return False
    if workers is None:
        setting = os.environ.get(WORKERS_ENV, "").strip()
        if setting:
            if setting not in ("1", "2"):
                raise ExportError(f"{WORKERS_ENV} must be 1 or 2, not '{setting}'")
            return setting == "2"
        return count >= PARALLEL_FROM and _cores() >= 2
    return workers >= 2


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_snapshot(con: sqlite3.Connection) -> None:
    # in WAL mode a read transaction takes its snapshot at its first read
    con.execute("BEGIN")
    con.execute("SELECT 1 FROM claims LIMIT 1").fetchall()


def _write_rows(
    con: sqlite3.Connection,
    out: TextIO,
    raw: bool,
    *,
    below: int | None = None,
    from_id: int | None = None,
) -> int:
    sql = f"SELECT {_CELLS} FROM claim_table"
    params: tuple[int, ...] = ()
    if below is not None:
        sql, params = sql + " WHERE id < ?", (below,)
    elif from_id is not None:
        sql, params = sql + " WHERE id >= ?", (from_id,)
    cursor = con.execute(sql + " ORDER BY id", params)
    writer = csv.writer(out, lineterminator="\r\n")
    n = 0
    while rows := cursor.fetchmany(BATCH):
        writer.writerows(rows if raw else neutralised(rows, CLAIM_TEXT_CELLS))
        n += len(rows)
    return n


def _write_in_two_processes(path: Path, middle: int, out: TextIO, raw: bool) -> int | None:
    """Claims below ``middle`` here, the others in a child; None to do it all in one process.

    None when the halves cannot start together: no temporary file, no fork, the write
    lock busy (an import), the child gone before it started. Once started, a child that
    fails (a full ``$TMPDIR``, say) is replaced by this process writing its half from the
    same snapshot. The child is forked before this process opens any connection: SQLite
    forbids carrying an open connection (or its POSIX locks) across ``fork``.
    """
    try:
        spill = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the with below)
    except OSError:  # no writable temporary folder
        return None
    with spill:
        fds: list[int] = []
        try:
            go_read, go_write = os.pipe()
            fds += [go_read, go_write]
            back_read, back_write = os.pipe()
            fds += [back_read, back_write]
            pid = os.fork()
        except OSError:  # no more processes or file descriptors
            for fd in fds:
                os.close(fd)
            return None
        if pid == 0:  # the child: never returns, whatever happens
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it on Ctrl-C
                os.close(go_write)
                os.close(back_read)
                code = _child(path, middle, raw, spill, go_read, back_write)
            finally:
                os._exit(code)
        os.close(go_read)
        os.close(back_write)
        reaped = False
        try:
            con = _barrier(path, go_write, back_read)
            if con is None:
                _reap(pid)
                reaped = True
                return None
            try:
                n = _write_rows(con, out, raw, below=middle)
                status = _read_all(back_read)
                _reap(pid)
                reaped = True
                if status.startswith("ok "):
                    _append(spill, out)
                    return n + int(status.split()[1])
                # the child failed: its half from this process, in the same snapshot
                return n + _write_rows(con, out, raw, from_id=middle)
            finally:
                con.close()
        finally:
            if not reaped:  # interrupted, or stdout closed under us: stop the child too
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                _reap(pid)
            os.close(go_write)
            os.close(back_read)


def _barrier(path: Path, go: int, back: int) -> sqlite3.Connection | None:
    """Start this process's and the child's read transactions under the write lock.

    None (and the child told to stop, if it is still there) when they cannot both start.
    """
    lock = connect(path)
    try:
        lock.execute(f"PRAGMA busy_timeout = {BARRIER_TIMEOUT_MS}")
        try:
            lock.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # an import holds it, or the file is read-only
            _tell(go, b"s")
            return None
        con = connect(path)
        _start_snapshot(con)
        if not _tell(go, b"g") or os.read(back, 1) != b"r":  # the child died or failed
            con.close()
            return None
        lock.execute("ROLLBACK")
        return con
    finally:
        lock.close()


def _tell(fd: int, message: bytes) -> bool:
    try:
        os.write(fd, message)
    except OSError:  # the child is gone
        return False
    return True


def _child(path: Path, middle: int, raw: bool, spill: IO[bytes], go: int, back: int) -> int:
    try:
        if os.read(go, 1) != b"g":
            return 0
        con = connect(path)
        _start_snapshot(con)
        os.write(back, b"r")
        with open(
            spill.fileno(), "w", encoding="utf-8", newline="", buffering=1 << 16, closefd=False
        ) as text:
            n = _write_rows(con, text, raw, from_id=middle)
        con.close()
        os.write(back, f"ok {n}".encode())
        return 0
    except BaseException as exc:  # the parent takes over this half
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        with contextlib.suppress(OSError):
            os.write(back, b"e" + message.encode("utf-8", "replace")[:2000])
        return 1


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _append(spill: IO[bytes], out: TextIO) -> None:
    """The child's half after ours: as bytes when the stream has a buffer (no re-decoding)."""
    spill.seek(0)
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        shutil.copyfileobj(spill, buffer, 1 << 20)
        buffer.flush()
        return
    # a text-only stream: decode as a stream, so no character is cut between two chunks
    text = io.TextIOWrapper(spill, encoding="utf-8", newline="")
    try:
        shutil.copyfileobj(text, out, 1 << 20)
    finally:
        text.detach()
