"""Actors already in the database, read only: the extractor reuses their keys.

SQLite is opened with ``mode=ro`` through plain ``sqlite3`` (a missing file is never
created); PostgreSQL is read with SQLAlchemy Core. Nothing is ever written.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from provenance.errors import DatabaseUnavailable
from provenance.extract.actor_sources import KnownActor

_ACTORS = "SELECT id, key, name, kind FROM actors"
_ALIASES = "SELECT actor_id, alias FROM actor_aliases"
_DOCUMENTS = "SELECT key FROM documents"


def known_actors(url: str) -> tuple[KnownActor, ...]:
    """Every actor with its aliases, but those of one document (``doc:key``, drafted for
    an unnamed source or a role: another article's "porte-parole" is not this one's); an
    absent SQLite file means no known actors."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if ":memory:" in url or not path.is_file():
            return ()
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            rows = conn.execute(_ACTORS).fetchall()
            aliases = conn.execute(_ALIASES).fetchall()
            documents = {r[0] for r in conn.execute(_DOCUMENTS)}
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return ()  # a database made but never imported into: nothing known yet
            raise DatabaseUnavailable(f"cannot open database {url}: {exc}") from None
        except sqlite3.DatabaseError as exc:  # "file is not a database": not silently empty
            raise DatabaseUnavailable(f"cannot open database {url}: {exc}") from None
        finally:
            conn.close()
    else:
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import DBAPIError

        from provenance.store.engine import connect

        engine = create_engine(url)
        try:
            with connect(engine) as pg:  # an unreachable server: one clear error
                rows = [tuple(r) for r in pg.execute(text(_ACTORS))]
                aliases = [tuple(r) for r in pg.execute(text(_ALIASES))]
                documents = {r[0] for r in pg.execute(text(_DOCUMENTS))}
        except DBAPIError as exc:
            if "UndefinedTable" in type(exc.orig).__name__:
                return ()  # a database never imported into
            raise DatabaseUnavailable(f"cannot read actors from the database: {exc.orig}") from None
        finally:
            engine.dispose()
    by_actor: dict[int, list[str]] = defaultdict(list)
    for actor_id, alias in aliases:
        by_actor[actor_id].append(alias)
    return tuple(
        KnownActor(key, name, kind, tuple(by_actor[actor_id]))
        for actor_id, key, name, kind in rows
        if not _of_one_document(key, documents)
    )


def _of_one_document(key: str, documents: set[str]) -> bool:
    """``doc:key`` where doc is a stored document (document keys may hold ':' too)."""
    at = key.find(":")
    while at > 0:
        if key[:at] in documents:
            return True
        at = key.find(":", at + 1)
    return False
