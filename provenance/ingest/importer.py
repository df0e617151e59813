"""``validate`` and ``import``: the same checks, then (for ``import``) the writes.

One import is one transaction: all files or none. Documents are checked and written one
at a time, so memory follows the largest document, not the corpus; a problem anywhere
stops the writing, lets the checks run to the end, and rolls everything back.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from provenance.errors import DatabaseUnavailable, ImportConflict
from provenance.ingest.actor_writer import write_actors
from provenance.ingest.bulk import BulkWriter
from provenance.ingest.checker import RunChecker, check_in_memory, collect_files
from provenance.ingest.references import ClaimsInTemporaryTables
from provenance.ingest.resolved import CheckedRun
from provenance.ingest.stored import DatabaseReader, NoDatabase
from provenance.ingest.writer import DocumentWriter, ImportSummary
from provenance.store.engine import connect


def validate(engine: Engine | None, paths: Sequence[str | Path]) -> CheckedRun:
    """The import's checks, writing nothing (an absent database counts as empty)."""
    files = collect_files(paths)
    if engine is None:
        return check_in_memory(files, NoDatabase())
    with connect(engine) as conn, conn.begin():
        return check_in_memory(files, DatabaseReader(conn))


def import_paths(engine: Engine, paths: Sequence[str | Path]) -> ImportSummary:
    """Validate and load files and folders in one transaction; on any problem, load nothing."""
    files = collect_files(paths)
    try:
        with connect(engine) as conn, conn.begin():
            summary = _import(conn, files)
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
    summary.files = len(files)
    return summary


def _import(conn: Connection, files: Sequence[str]) -> ImportSummary:
    checker = RunChecker(files, DatabaseReader(conn), ClaimsInTemporaryTables(conn))
    checker.survey()
    bulk = BulkWriter(conn)
    summary = ImportSummary()
    actor_ids: dict[str, int] = {}
    if not checker.problems:
        actor_ids, summary.actors_added, summary.actors_updated = write_actors(bulk, checker.actors)
    writer = DocumentWriter(bulk, summary, actor_ids)
    for doc in checker.documents():
        if not checker.problems:  # after the first problem, keep checking but stop writing
            writer.add(doc)
    checker.finish()  # raises with every problem found
    writer.finish()
    bulk.index_new_claims()
    return summary
