"""Who may delete a new SQLite file: only its creator, and only while nobody else holds it.

A failed first import removes the database it created, so a failed run leaves nothing
behind. With two first imports at once, the file one of them created may already hold
the other's committed import: deleting it by name would lose that import. So every
process that opens a database through an engine holds a shared ``flock`` on the file
for as long as it uses it, and the creator deletes only under an exclusive one, which it
cannot get while anyone else holds the file. ``flock`` is independent of the POSIX locks
SQLite itself takes, so the two never interfere.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import weakref
from pathlib import Path

#: (device, inode) of the files this process created: only those may be deleted.
_created: set[tuple[int, int]] = set()
#: One descriptor per held file in this process, and how many engines hold it: [fd, count].
_held: dict[str, list[int]] = {}

SUFFIXES = ("", "-wal", "-shm")


def _ident(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


def create(path: Path) -> None:
    """Create an empty file unless one exists; remember it when this process made it."""
    if path.exists():
        return  # never ask to create on what may be a read-only mount
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    except FileExistsError:
        return
    try:
        _created.add(_ident(os.fstat(fd)))
    finally:
        os.close(fd)


def hold(path: Path, owner: object) -> None:
    """Hold ``path`` shared until ``owner`` (an engine) is gone; create it if missing.

    A file deleted between opening and locking is a stale name: start again, so the
    engine never works on a file that no longer has one.
    """
    key = str(path.resolve())
    while key not in _held:
        create(path)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        fcntl.flock(fd, fcntl.LOCK_SH)
        if os.fstat(fd).st_nlink == 0:
            os.close(fd)
            continue
        _held[key] = [fd, 0]
    entry = _held[key]
    entry[1] += 1
    weakref.finalize(owner, _release, key, entry)


def _release(key: str, entry: list[int]) -> None:
    if _held.get(key) is not entry:
        return  # already let go by discard_new
    entry[1] -= 1
    if entry[1] == 0:
        del _held[key]
        os.close(entry[0])


def discard_new(path: Path) -> bool:
    """Delete a database this process created, with its -wal and -shm, if nobody else holds it
    and nobody has committed to it (this process's failed import has been rolled back).

    Returns whether it was deleted. Called after a failed first import, once the
    process's own engine is disposed.
    """
    key = str(path.resolve())
    entry = _held.pop(key, None)
    if entry is not None:
        os.close(entry[0])
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        if _ident(os.fstat(fd)) not in _created:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # another process works on it: it may hold a committed import
        if not _empty(path):
            return False  # another process imported and finished while this one failed
        for suffix in SUFFIXES:
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        _created.discard(_ident(os.fstat(fd)))
        return True
    finally:
        os.close(fd)


def _empty(path: Path) -> bool:
    """No document and no actor: nothing anyone committed would be lost with the file."""
    try:
        con = sqlite3.connect(path)
    except sqlite3.Error:
        return False
    try:
        row = con.execute(
            "SELECT EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM actors)"
        ).fetchone()
        return not row[0]
    except sqlite3.Error as exc:
        return "no such table" in str(exc)
    finally:
        con.close()
