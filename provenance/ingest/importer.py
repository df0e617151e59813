"""``validate`` and ``import``: the same checks, then (for ``import``) the writes.

One import is one transaction: all files or none. Documents are checked and written one
at a time, so memory follows the largest document, not the corpus; a problem anywhere
stops the writing, lets the checks run to the end, and rolls everything back.

On SQLite a run of up to 8 MiB of files is checked first in a read transaction, without
the write lock: a slow or bad run must not keep other imports waiting (they give up after
the busy timeout) while it is checked. Only a run that passes takes the lock, and is
written from what the checks kept, or checked again while written if another import
committed in between. A larger run (a corpus) is checked and written in one pass under
the lock, so its memory stays flat; PostgreSQL has no database-wide write lock: one pass.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from provenance.errors import DatabaseUnavailable, ImportConflict
from provenance.ingest.actor_writer import write_actors
from provenance.ingest.bulk import BulkWriter
from provenance.ingest.check_worker import start_worker
from provenance.ingest.checker import RunChecker, check_in_memory, collect_files
from provenance.ingest.copy_pg import after_bulk_load
from provenance.ingest.dependents import stale_declarers
from provenance.ingest.format import ActorIn
from provenance.ingest.options import RunOptions
from provenance.ingest.references import ClaimsInTemporaryTables
from provenance.ingest.relation_sets import write_relation_sets
from provenance.ingest.resolved import CheckedRun, ResolvedDocument, ResolvedRelationSet
from provenance.ingest.run_files import RunFiles
from provenance.ingest.stored import DatabaseReader, NoDatabase, StoredRelation
from provenance.ingest.survey import small_run
from provenance.ingest.writer import DocumentWriter, ImportSummary, mark_stale
from provenance.store import tables as schema
from provenance.store.engine import READ_FIRST, connect

#: What a run holds besides documents: its relations-only files, and the relations its
#: removed claims take with them (``--drop-dependent-relations``).
Extras = tuple[list[ResolvedRelationSet], list[StoredRelation]]


def validate(
    engine: Engine | None,
    paths: Sequence[str | Path],
    *,
    drop_dependent: bool = False,
    update_actors: bool = False,
    keep_actors: bool = False,
) -> CheckedRun:
    """The import's checks, writing nothing (an absent database counts as empty)."""
    files = collect_files(paths)
    options = RunOptions(
        drop_dependent=drop_dependent, update_actors=update_actors, keep_actors=keep_actors
    )
    if engine is None:
        return check_in_memory(files, NoDatabase(), options)
    with connect(engine) as conn, conn.begin():
        return check_in_memory(files, DatabaseReader(conn), options)


def import_paths(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    drop_dependent: bool = False,
    update_actors: bool = False,
    keep_actors: bool = False,
) -> ImportSummary:
    """Validate and load files and folders in one transaction; on any problem, load nothing.

    ``drop_dependent``: removing a claim may drop relations other annotations declared on
    it (listed in the summary, their declarers marked stale); without it, that is refused.
    ``update_actors``: an actor field the files set replaces a different stored value
    (listed in the summary); ``keep_actors``: the stored value stays (listed too); without
    either, that is refused.
    """
    files = collect_files(paths)
    options = RunOptions(
        drop_dependent=drop_dependent, update_actors=update_actors, keep_actors=keep_actors
    )
    with _fewer_collections():
        return _import_files(engine, files, options)


#: The cyclic garbage collector's first threshold while an import runs (Python's is 700).
#: An import allocates millions of short-lived containers and keeps few; with the checks in
#: a child, each collection also touches (and so copies) pages the two processes shared:
#: at 100k claims the two-process import took 4.7-5.2 s at 700 and 3.6-3.9 s at 50,000.
#: Cycles are still collected, every 50,000 new containers: memory stays flat.
IMPORT_GC_THRESHOLD = 50_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(IMPORT_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _import_files(engine: Engine, files: RunFiles, options: RunOptions) -> ImportSummary:
    url = engine.url.render_as_string(hide_password=False)
    sqlite = engine.dialect.name == "sqlite"
    large = sqlite and not small_run(files)
    worker = None
    try:
        # forked before this process opens the database: see check_worker
        worker = start_worker(url, files, options, large=large)
        with connect(engine) as conn, _import_cache(conn):
            if worker is not None and not _wal(conn):
                # the child's read lock would block this process's writes: one process
                worker.close()
                worker = None
            first = worker is None and sqlite and not large
            checked = _check_unlocked(conn, files, options) if first else None
            with conn.begin():
                if worker is not None:
                    worker.start()
                    summary = _write(
                        conn, worker.actors(), worker.documents(), worker.finish, options
                    )
                    summary.warnings[:0] = worker.warnings
                elif checked is not None and checked.version == _data_version(conn):
                    run = checked.run
                    summary = _write(
                        conn,
                        run.actors,
                        run.documents,
                        lambda: (run.relation_sets, run.dropped),
                        options,
                    )
                    summary.warnings[:0] = checked.run.warnings
                else:  # another import committed meanwhile, or a large run: one pass
                    summary = _import(conn, files, options)
    except OperationalError as exc:
        if "locked" in str(exc.orig) or "busy" in str(exc.orig):
            raise DatabaseUnavailable(
                "the database is busy (another import holds the write lock); try again"
            ) from None
        raise
    except IntegrityError as exc:
        # Only reachable through a concurrent writer racing us past validation.
        raise ImportConflict(
            f"another import changed the same rows at the same time; nothing was imported, "
            f"run the import again ({str(exc.orig).splitlines()[0]})"
        ) from None
    finally:
        if worker is not None:
            worker.close()
    summary.files = len(files)
    return summary


#: SQLite's page cache while an import runs, in KiB (its default is 2 MB). A new row's
#: index entries land all over each index, and a 2 MB cache reads the same pages from the
#: OS again and again: 16 MB took about 5% off the CPU time of a 100k-claim import (peak
#: RSS +15 MB); 32 MB took no more. A bound, so memory stays flat in the corpus size.
IMPORT_CACHE_KIB = 16 * 1024


@contextmanager
def _import_cache(conn: Connection) -> Iterator[None]:
    """The larger cache for this import only: the connection may go back to a pool.

    Set on the driver's connection: a statement through SQLAlchemy would begin a
    transaction (and on SQLite take the write lock before the checks).
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    driver: Any = conn.connection.dbapi_connection
    before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
    driver.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):  # a connection gone bad keeps it; no harm
            driver.execute(f"PRAGMA cache_size = {before}")


def _wal(conn: Connection) -> bool:
    """In WAL mode, where readers and the writer do not block each other (asked of the
    driver: a statement through SQLAlchemy would begin a transaction)."""
    driver: Any = conn.connection.dbapi_connection
    return str(driver.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


@dataclass
class _Checked:
    """A run checked in a read transaction, and the database version it was checked against."""

    run: CheckedRun
    version: int


def _data_version(conn: Connection) -> int:
    """SQLite's count of commits by other connections, as seen by this one."""
    return int(conn.exec_driver_sql("PRAGMA data_version").scalar_one())


def _check_unlocked(conn: Connection, files: Sequence[str], options: RunOptions) -> _Checked:
    """Every check of the import in a read transaction (SQLite's write lock is not taken:
    other imports go on meanwhile); raises ValidationFailed on any problem. The checked
    documents are kept, to be written as they are if no other import commits in between.
    """
    conn.info[READ_FIRST] = True  # a plain BEGIN, not BEGIN IMMEDIATE
    reading = conn.begin()
    try:
        version = _data_version(conn)
        run = _checker(conn, files, options).checked_run()
    finally:
        reading.rollback()  # it wrote only its temporary tables
        conn.info.pop(READ_FIRST, None)
    return _Checked(run, version)


def _checker(conn: Connection, files: Sequence[str], options: RunOptions) -> RunChecker:
    return RunChecker(
        files,
        DatabaseReader(conn),
        ClaimsInTemporaryTables(conn),
        options=options,
    )


def _import(conn: Connection, files: Sequence[str], options: RunOptions) -> ImportSummary:
    """Check and write in one pass: a document is written as soon as it is checked."""
    checker = _checker(conn, files, options)
    checker.survey()
    valid = (doc for doc in checker.documents() if not checker.problems)
    # after the first problem, the checks go on but nothing more is written
    actors = checker.actors if not checker.problems else None

    def finish() -> Extras:
        # the relations-only files, checked once every document is; then checker.finish
        # raises with every problem found, before the last batch is written
        relation_sets = checker.relation_sets()
        checker.finish()
        return relation_sets, checker.dependents.dropped

    summary = _write(conn, actors, valid, finish, options)
    summary.warnings[:0] = checker.warnings()
    return summary


def _write(
    conn: Connection,
    actors: dict[str, ActorIn] | None,
    documents: Iterable[ResolvedDocument | None],
    finish: Callable[[], Extras],
    options: RunOptions,
) -> ImportSummary:
    """Write the run's documents as they come; a None among them is a pause in their
    arrival (they come from another process), for work that can be done meanwhile."""
    bulk = BulkWriter(conn)
    try:
        return _write_with(bulk, actors, documents, finish, options)
    finally:
        # rows still on their way to the server are stored, or their error raised, before
        # the transaction ends (an error of theirs came first: it wins over a later one)
        bulk.close()


def _write_with(
    bulk: BulkWriter,
    actors: dict[str, ActorIn] | None,
    documents: Iterable[ResolvedDocument | None],
    finish: Callable[[], Extras],
    options: RunOptions,
) -> ImportSummary:
    conn = bulk.conn
    summary = ImportSummary()
    actor_ids: dict[str, int] = {}
    if actors is not None:
        done = write_actors(bulk, actors, replace=options.update_actors, keep=options.keep_actors)
        actor_ids, summary.actors_added, summary.actors_updated = done.ids, done.added, done.updated
        summary.actor_updates, summary.actors_kept = done.replaced, done.kept
    writer = DocumentWriter(bulk, summary, actor_ids)
    for doc in documents:
        if doc is None:
            writer.idle()
        else:
            writer.add(doc)
    relation_sets, dropped = finish()
    write_relation_sets(conn, writer.later, summary, relation_sets)
    writer.finish()
    summary.dropped = dropped
    mark_stale(conn, schema.documents, stale_declarers(dropped, sets=False))
    mark_stale(conn, schema.relation_sets, stale_declarers(dropped, sets=True))
    bulk.index_new_claims()
    if conn.dialect.name == "postgresql":
        written = summary.claims_added + summary.relays_written + summary.relations_written
        searched = summary.claims_added + summary.claims_updated + summary.claims_removed
        summary.warnings += after_bulk_load(conn, written, searched)
    return summary
