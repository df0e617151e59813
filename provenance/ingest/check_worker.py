"""A large SQLite import checked in a second process while this one writes.

Why: a large import on SQLite is Python work on one core, about two thirds checks (parse,
validate, resolve) and one third writes (rows, ``executemany``, the full-text index). With
the checks in a child, this process writes batch *n* while the child checks batch *n+1*.

What it keeps from the one-process import:

* **The same snapshot.** The child is forked before this process opens its connection
  (SQLite forbids carrying a connection, or its locks, across ``fork``) and begins its read
  transaction only once this process holds the write lock: no import can commit in
  between, so it checks against exactly the database this transaction starts from, as the
  small-run path (check first, then write) does.
* **All or nothing.** The child writes nothing but its temporary tables. Only this process
  writes, in its one transaction; a child that fails, is killed or runs out of memory
  ends the import with an error, and the transaction rolls back.
* **The same problems, in the same order**: the child runs the very same
  :class:`~provenance.ingest.checker.RunChecker` and sends its problems as they are.

Until the survey ends this process has nothing to write, so it reads the second half of
the files for it (:class:`~provenance.ingest.survey.Presurvey`) and sends the child what
the survey takes from each (format, document key, actors): the survey, mostly parsing,
takes half the time. The child still surveys every file in order, so its findings and
problems are those of one process.

What crosses the pipe: the run's actors after the survey, the checked documents in
batches (:mod:`provenance.ingest.wire`), then either the relation sets, dropped relations
and warnings, or the problems. The pipe holds a batch or two: a child ahead of the writes
waits, so memory stays one batch per process.

``PROVENANCE_IMPORT_WORKERS=1`` keeps an import in one process; ``2`` uses a child even for
a small run (tests use it to run every import test through this path).
"""

from __future__ import annotations

import collections
import contextlib
import os
import pickle
import queue
import signal
import threading
import traceback
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection as Pipe
from multiprocessing.connection import Pipe as make_pipe
from typing import Any

from provenance.errors import ConfigError, ProvenanceError, StorageError, ValidationFailed
from provenance.ingest import wire
from provenance.ingest.format import ActorIn
from provenance.ingest.options import RunOptions
from provenance.ingest.resolved import ResolvedDocument, ResolvedRelationSet
from provenance.ingest.run_files import RunFiles, run_files
from provenance.ingest.stored import StoredRelation
from provenance.ingest.survey import Presurvey
from provenance.store.engine import sqlite_path

WORKERS_ENV = "PROVENANCE_IMPORT_WORKERS"
#: Documents per message: a few hundred kilobytes, so the two processes overlap closely.
#: (The parent still writes DocumentWriter.FLUSH_DOCUMENTS at a time, as one process
#: does: where a relation two files declare is stored depends on those batches.)
BATCH = 20
#: Messages read ahead of the writes (about 3 MB).
READ_AHEAD = 16
#: Files a message of the survey's help carries (a few kilobytes).
HELP_BATCH = 100


_GONE = (
    "the process checking the import stopped unexpectedly (killed, or out of memory?); "
    "nothing was imported"
)


def workers_setting() -> int | None:
    """``PROVENANCE_IMPORT_WORKERS`` as 1 or 2, or None when unset (the size decides)."""
    setting = os.environ.get(WORKERS_ENV, "").strip()
    if not setting:
        return None
    if setting not in ("1", "2"):
        raise ConfigError(f"{WORKERS_ENV} must be 1 or 2, not '{setting}'")
    return int(setting)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_a_worker(url: str, large: bool) -> bool:
    """A child for this import? Only on an SQLite file, where ``fork`` exists; by default
    for a large run on a machine with two cores (a small one is checked before it is
    written, outside the write lock)."""
    if not hasattr(os, "fork") or sqlite_path(url) is None:
        return False
    setting = workers_setting()
    if setting is not None:
        return setting == 2
    return large and _cores() >= 2


def start_worker(
    url: str, files: Sequence[str], options: RunOptions, *, large: bool
) -> CheckWorker | None:
    """The child checking this import, or None to do it all in this process (not worth it
    here, or no process to be had: the import is slower, not refused)."""
    if not worth_a_worker(url, large):
        return None
    try:
        return CheckWorker(url, files, options)
    except OSError:  # no more processes or file descriptors
        return None


class CheckWorker:
    """The child checking the run, seen from the writing process.

    Use: create it before opening the database, :meth:`start` once the write transaction
    has begun, then :meth:`actors`, :meth:`documents` and :meth:`finish` in that order, as
    the one-process import calls the checker; :meth:`close` however the import ends.
    """

    def __init__(self, url: str, files: Sequence[str], options: RunOptions) -> None:
        self.warnings: list[str] = []
        self._end: tuple[str, Any] | None = None
        self._files = run_files(files)
        # the files from here on are parsed for the survey by this process (see _help)
        self._first = len(self._files) - len(self._files) // 2
        go_read, self._go = os.pipe()
        pipes: list[Pipe] = []
        try:
            self._pipe, child_end = make_pipe(duplex=False)
            pipes += [self._pipe, child_end]
            help_read, self._help_out = make_pipe(duplex=False)
            pipes += [help_read, self._help_out]
        except OSError:
            for fd in (go_read, self._go):
                os.close(fd)
            for pipe in pipes:
                pipe.close()
            raise
        _widen(self._pipe)
        _widen(self._help_out)
        try:
            self._pid = os.fork()
        except OSError:
            for fd in (go_read, self._go):
                os.close(fd)
            for pipe in pipes:
                pipe.close()
            raise
        if self._pid == 0:  # the child: never returns, whatever happens
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it on Ctrl-C
                os.close(self._go)
                self._pipe.close()
                self._help_out.close()
                helped = _FromParent(help_read, self._first)
                code = _child(url, self._files, options, go_read, child_end, helped)
            finally:
                os._exit(code)
        os.close(go_read)
        child_end.close()
        help_read.close()
        # messages read ahead by a thread: the writes come in bursts (a flush every 200
        # documents, as in one process) that a pipe of 1 MiB cannot cover alone
        self._inbox: queue.Queue[bytes | None] = queue.Queue(maxsize=READ_AHEAD)
        self._stop = threading.Event()
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        """Let the child take its snapshot: to be called holding the write lock."""
        try:
            os.write(self._go, b"g")
        except OSError:  # the child is gone already (killed while the lock was awaited)
            raise StorageError(_GONE) from None
        self._reader = threading.Thread(target=self._read_ahead, daemon=True)
        self._reader.start()

    def _read_ahead(self) -> None:
        """The child's messages into the inbox, then None at the end of the pipe."""
        while True:
            try:
                message: bytes | None = self._pipe.recv_bytes()
            except (EOFError, OSError):
                message = None
            while not self._stop.is_set():
                try:
                    self._inbox.put(message, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if message is None or self._stop.is_set():
                return

    def actors(self) -> dict[str, ActorIn] | None:
        """The run's actors once surveyed; None when the survey found a problem.

        This process has nothing to write until then: it reads its half of the files for
        the survey meanwhile (:class:`~provenance.ingest.survey.Presurvey`).
        """
        self._help()
        kind, payload = self._receive()
        if kind != "actors":  # pragma: no cover - the protocol's own order
            raise RuntimeError(f"import worker: expected the actors, got {kind!r}")
        actors: dict[str, ActorIn] | None = payload
        return actors

    def documents(self) -> Iterator[ResolvedDocument | None]:
        """The checked documents, in the order of the files, until the first problem.

        None means "nothing has arrived yet": the writer may do some work of its own
        (:meth:`DocumentWriter.idle`) before this waits for the child.
        """
        while self._end is None:
            if self._inbox.empty():
                yield None
            kind, payload = self._receive()
            if kind == "documents":
                yield from wire.decode(payload)
            else:
                self._end = (kind, payload)

    def _help(self) -> None:
        """Parse the second half of the files for the child's survey, sending what it
        needs of each, in order, HELP_BATCH files a message."""
        presurvey = Presurvey()
        batch: list[Any] = []
        try:
            for index in range(self._first, len(self._files)):
                try:
                    batch.append(presurvey.parts(self._files[index]))
                except Exception:  # the child reads this one itself, and says what is wrong
                    batch.append(None)
                if len(batch) >= HELP_BATCH:
                    self._help_out.send_bytes(_dumps(batch))
                    batch = []
            if batch:
                self._help_out.send_bytes(_dumps(batch))
        except Exception:
            # the child is gone (what it said, if anything, is in the inbox), or a batch
            # could not be sent: the child reads the rest of the files itself
            pass
        finally:
            self._help_out.close()

    def finish(self) -> tuple[list[ResolvedRelationSet], list[StoredRelation]]:
        """The relation sets and dropped relations; raises the run's problems if any."""
        for _ in self.documents():  # pragma: no cover - the writer reads them all first
            pass
        assert self._end is not None
        kind, payload = self._end
        self._reap()
        if kind == "failed":
            raise ValidationFailed(payload)
        relation_sets, dropped, self.warnings = payload
        return relation_sets, dropped

    def close(self) -> None:
        """Stop the child if it still runs (the import failed or was interrupted)."""
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._reap()
        self._stop.set()
        if self._reader is not None:  # at the end of the pipe now that the child is gone
            self._reader.join()
            self._reader = None
        if self._go >= 0:
            go, self._go = self._go, -1
            with contextlib.suppress(OSError):
                os.close(go)
        self._pipe.close()
        self._help_out.close()

    def _reap(self) -> None:
        if self._pid:
            pid, self._pid = self._pid, 0
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)

    def _receive(self) -> tuple[str, Any]:
        message = self._inbox.get()
        if message is None:
            raise StorageError(_GONE)
        kind, payload = pickle.loads(message)
        if kind == "crash":
            raise payload
        return kind, payload


def _dumps(message: Any) -> bytes:
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


class _FromParent:
    """The files the parent parsed for the child's survey, as the survey asks for them."""

    def __init__(self, pipe: Pipe, first: int) -> None:
        self.first = first
        self._pipe = pipe
        self._next = first
        self._waiting: collections.deque[Any] = collections.deque()

    def parts(self, index: int) -> list[dict[str, Any]] | None:
        if index != self._next:  # pragma: no cover - the survey asks in order, once each
            raise RuntimeError(f"import worker: file {index} asked for, {self._next} next")
        self._next += 1
        if not self._waiting:
            try:
                self._waiting.extend(pickle.loads(self._pipe.recv_bytes()))
            except EOFError:  # the parent stopped helping: the survey reads the rest itself
                return None
        return Presurvey.expand(self._waiting.popleft())


#: fcntl's F_SETPIPE_SZ (Linux), and the size asked for: the most an unprivileged process
#: gets by default (/proc/sys/fs/pipe-max-size).
_SETPIPE_SZ = 1031
PIPE_BYTES = 1024 * 1024


def _widen(pipe: Pipe) -> None:
    """A pipe of a megabyte rather than 64 KiB, where the system allows: the child then
    goes on checking while this process writes a batch, instead of waiting for each read."""
    with contextlib.suppress(OSError, ImportError):
        import fcntl

        fcntl.fcntl(pipe.fileno(), _SETPIPE_SZ, PIPE_BYTES)


def _child(
    url: str, files: RunFiles, options: RunOptions, go: int, out: Pipe, helped: _FromParent
) -> int:
    """Check the run and send what the writer needs; the exit code."""
    if os.read(go, 1) != b"g":  # the parent gave up before it began (the lock was busy)
        return 0

    def send(message: tuple[str, Any]) -> None:
        out.send_bytes(_dumps(message))

    try:
        send(_check(url, files, options, send, helped))
    except ValidationFailed as exc:
        send(("failed", exc.problems))
    except BaseException as exc:  # handed to the parent, which raises it
        with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
            send(("crash", _portable(exc)))
        return 1
    return 0


def _check(
    url: str, files: RunFiles, options: RunOptions, send: Any, helped: _FromParent
) -> tuple[str, Any]:
    """The one-process import's checks (importer._import), sending as it goes."""
    from provenance.ingest.checker import RunChecker
    from provenance.ingest.references import ClaimsInTemporaryTables
    from provenance.ingest.stored import DatabaseReader
    from provenance.store.engine import connect, make_engine

    engine = make_engine(url)  # a reader: its BEGIN takes no lock
    try:
        with connect(engine) as conn:
            reading = conn.begin()
            try:
                checker = RunChecker(
                    files,
                    DatabaseReader(conn),
                    ClaimsInTemporaryTables(conn),
                    options=options,
                )
                checker.survey(helped)
                send(("actors", checker.actors if not checker.problems else None))
                batch: list[ResolvedDocument] = []
                for doc in checker.documents():
                    if checker.problems:  # after the first problem, nothing more is written
                        continue
                    batch.append(doc)
                    if len(batch) >= BATCH:
                        send(("documents", wire.encode(batch)))
                        batch = []
                if batch and not checker.problems:
                    send(("documents", wire.encode(batch)))
                relation_sets = checker.relation_sets()
                checker.finish()
                end = (relation_sets, checker.dependents.dropped, checker.warnings())
            finally:
                reading.rollback()  # it wrote only its temporary tables
    finally:
        engine.dispose()
    return ("end", end)


def _portable(exc: BaseException) -> BaseException:
    """The child's exception as the parent can raise it: itself if it survives pickling,
    else a RuntimeError with the child's traceback (a bug, to be reported as one)."""
    if isinstance(exc, ProvenanceError):
        with contextlib.suppress(Exception):
            pickle.loads(pickle.dumps(exc))
            return exc
    text = "".join(traceback.format_exception(exc))
    return RuntimeError(f"the process checking the import failed:\n{text}")
