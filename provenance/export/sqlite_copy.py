"""``provenance export sqlite FILE``: the corpus, from either backend, as one SQLite file.

Datasette, sqlite3 and pandas read a file, and a PostgreSQL corpus is not one. The copy
is made by the project's own migrations (so its schema is the head schema, views, FTS
table and triggers included), then filled table by table in primary-key order, in
batches; the FTS index fills itself through the insert triggers. It is written to a
temporary file beside the target and renamed into place only when complete, so a reader
never sees half a corpus and a failure leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import DateTime, Table, Text, bindparam
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from provenance.errors import ExportError
from provenance.store import sqlite_file
from provenance.store.high_water import highest_ids, raise_mark

BATCH = 2_000


@dataclass(frozen=True)
class CopySummary:
    """Rows copied per table, in copy order."""

    rows: dict[str, int]


def _tables() -> list[Table]:
    from provenance.store import tables as schema

    return list(schema.metadata.sorted_tables)


def _same_file(source: Connection, target: Path) -> bool:
    if source.dialect.name != "sqlite" or not target.exists():
        return False
    database = source.engine.url.database
    return bool(database) and os.path.samefile(str(database), target)


def copy_to_sqlite(source: Connection, target: Path, *, force: bool = False) -> CopySummary:
    """Copy every row of ``source`` (a connection in a read transaction) into ``target``."""
    if target.exists() and not force:
        raise ExportError(f"{target} exists; give --force to replace it")
    if target.exists() and not target.is_file():
        raise ExportError(f"{target} is not a file")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    if _same_file(source, target):
        raise ExportError(f"{target} is the database being copied")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            summary = _fill(source, temporary)
        except IntegrityError as exc:
            first = str(exc.orig).strip().splitlines()[0]
            raise ExportError(
                f"the database breaks its own constraints ({first}); "
                "`provenance db check` says where"
            ) from None
        mask = os.umask(0)
        os.umask(mask)
        temporary.chmod(0o666 & ~mask)  # mkstemp's 0600 is for the unfinished file only
        os.replace(temporary, target)
    finally:
        for leftover in (temporary, Path(f"{name}-wal"), Path(f"{name}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return summary


def _fill(source: Connection, path: Path) -> CopySummary:
    from provenance.store.engine import connect, make_engine
    from provenance.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{path}", write=True)
    try:
        upgrade(engine)
        rows: dict[str, int] = {}
        with connect(engine) as conn, conn.begin():
            # actors may name an affiliation with a higher id: check keys at commit
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in _tables():
                rows[table.name] = _copy_table(source, conn, table)
            for name, last in highest_ids(source).items():
                raise_mark(conn, name, last)  # ids the source gave out stay given in the copy
    finally:
        engine.dispose()
    # one self-contained file (no -wal beside it), as a published copy should be
    con = sqlite_file.connect(path)
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("ANALYZE")
    finally:
        con.close()
    return CopySummary(rows)


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    order = list(table.primary_key.columns)
    result = source.execution_options(yield_per=BATCH).execute(table.select().order_by(*order))
    stamps = [c.name for c in table.columns if isinstance(c.type, DateTime)]
    # timestamps bound as SQLite's own CURRENT_TIMESTAMP spells them, so that a copy of an
    # SQLite file holds the very same text (SQLAlchemy would add ".000000")
    insert = table.insert().values({name: bindparam(name, type_=Text()) for name in stamps})
    n = 0
    for batch in result.partitions():
        rows = [row._asdict() for row in batch]
        for row in rows:
            for name in stamps:
                row[name] = _stamp(row[name])
        target.execute(insert, rows)
        n += len(batch)
    return n


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(sep=" ", timespec="microseconds" if value.microsecond else "seconds")
