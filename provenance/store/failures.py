"""Driver failures that are the user's problem (busy, read-only, disk full), in words.

A light module (no SQLAlchemy): the engine's error hook and the plain-driver reads of
:mod:`provenance.store.reader` share it, so a busy database reads the same either way.
"""

from __future__ import annotations

from provenance.errors import DatabaseBusy, ProvenanceError, StorageError
from provenance.store.sqlite_file import BUSY_TIMEOUT_MS


def storage_error(exc: BaseException, where: str) -> ProvenanceError | None:
    """The user's problem behind a driver error (busy, read-only, disk full), else None.

    One place for every command: these are conditions of the machine, not bugs, and the
    driver's own text would dump SQL and parameters into the message.
    """
    name = getattr(exc, "sqlite_errorname", None) or ""
    state = getattr(exc, "sqlstate", None) or ""
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or state == "55P03":
        seconds = BUSY_TIMEOUT_MS // 1000
        return DatabaseBusy(
            f"database {where} is busy: another process held its lock for more than "
            f"{seconds} s (an import in progress?); nothing was written, try again later"
        )
    if name.startswith("SQLITE_READONLY") or state == "25006":
        return StorageError(f"cannot write to database {where}: it is read-only")
    if name == "SQLITE_FULL" or state == "53100":
        return StorageError(f"cannot write to database {where}: the disk is full")
    if name.startswith("SQLITE_IOERR") or state.startswith("58"):
        return StorageError(f"cannot use database {where}: input/output error ({name or state})")
    return None
