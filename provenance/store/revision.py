"""The Alembic revision this code expects (a test keeps it equal to the migrations' head).

Its own module because the reads and the fast export paths check it without importing
SQLAlchemy.
"""

from __future__ import annotations

from typing import Any

SCHEMA_HEAD = "0009"


def at_head(cursor: Any, errors: type[Exception] | tuple[type[Exception], ...]) -> bool:
    """Whether the database behind a DB-API cursor is at :data:`SCHEMA_HEAD`.

    False, not an error, when there is no ``alembic_version`` to read (``errors`` are the
    driver's): the caller hands such a database to the engine, which explains it.
    """
    try:
        cursor.execute("SELECT version_num FROM alembic_version")
        row = cursor.fetchone()
    except errors:
        return False
    return row is not None and row[0] == SCHEMA_HEAD
