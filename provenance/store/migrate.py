"""Alembic driven from code, so the installed CLI migrates from any working directory."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from provenance.errors import MigrationError, SchemaOutOfDate, SchemaTooNew
from provenance.store.engine import connect, is_sqlite, make_engine
from provenance.store.revision import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config

# A fixed number so concurrent first runs on one PostgreSQL server create the schema once.
_PG_MIGRATION_LOCK = 0x70726F76


def migrations_dir() -> Path:
    """The packaged copy in a wheel, else the checkout's top-level ``migrations/``."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "migrations"
    if (packaged / "env.py").exists():
        return packaged
    return package.parent / "migrations"


def alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    # Alembic binds sys.stdout as a default argument at import time; pass the current one,
    # or output goes to whatever stream was active when Alembic was first imported.
    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", str(migrations_dir()))
    url = connection.engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(conn: Connection) -> str | None:
    """The revision stamped in the database, or None for a database without our schema.

    Only a missing ``alembic_version`` table means "no schema": a busy or unreadable
    database is an error of its own, never mistaken for a foreign file.
    """
    try:
        with conn.begin_nested() if conn.in_transaction() else conn.begin():
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except (OperationalError, ProgrammingError) as exc:
        if _no_such_table(exc):
            return None
        raise
    return row[0] if row else None


def _no_such_table(exc: DBAPIError) -> bool:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == "42P01" or "no such table" in str(orig)


def _lock(conn: Connection) -> None:
    if not is_sqlite(str(conn.engine.url)):
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})


def _writer(engine: Engine) -> Engine:
    """An engine whose transactions start with SQLite's write lock (``BEGIN IMMEDIATE``).

    Creating the schema reads the revision then writes: in a deferred transaction two
    first runs would both read "none", and the second would fail instead of waiting.
    """
    if not is_sqlite(str(engine.url)):
        return engine
    return make_engine(engine.url.render_as_string(hide_password=False), write=True)


def _refuse_foreign_or_newer(conn: Connection) -> None:
    """Migrating is only for provenance's own schema, at a revision this code knows."""
    revision = current_revision(conn)
    if revision is None:
        if set(inspect(conn).get_table_names()) - {"alembic_version"}:
            raise MigrationError(FOREIGN)
    elif revision not in known_revisions():
        raise SchemaTooNew(_too_new(revision))


FOREIGN = (
    "this database has tables but no provenance schema revision; "
    "it was not created by provenance, and is left as it is"
)


def _too_new(revision: str) -> str:
    return (
        f"the database is at schema revision {revision}, unknown to this version of "
        "provenance (written by a newer version?); upgrade provenance"
    )


def _run(engine: Engine, name: str, revision: str) -> None:
    from alembic import command
    from alembic.script.revision import RevisionError
    from alembic.util.exc import CommandError

    with connect(_writer(engine)) as conn, conn.begin():
        _lock(conn)
        _refuse_foreign_or_newer(conn)
        if name == "downgrade" and revision != "base" and current_revision(conn) is None:
            raise MigrationError("nothing to downgrade: the database has no provenance schema")
        try:
            getattr(command, name)(alembic_config(conn), revision)
        except (CommandError, RevisionError) as exc:
            known = ", ".join(reversed(known_revisions()))
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise MigrationError(
                f"cannot {name} to '{revision}': {reason} (revisions: {known}, head, base, "
                "or a step like -1)"
            ) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    _run(engine, "downgrade", revision)


def known_revisions() -> list[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", str(migrations_dir()))
    return [s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()]


def ensure_at_head(engine: Engine) -> None:
    """Create a new database at head; refuse one at another revision with a clear message.

    Reading ``alembic_version`` directly (rather than loading Alembic) keeps every query
    command's start-up cheap; Alembic is imported only when a schema must be created.
    The revision and the table names are read in one transaction: another process may be
    creating the schema at this moment, and a mixed view would look like a foreign file.
    """
    with connect(engine) as conn, conn.begin():
        revision = current_revision(conn)
        if revision == SCHEMA_HEAD:
            return
        if revision is None and set(inspect(conn).get_table_names()) - {"alembic_version"}:
            raise SchemaOutOfDate(FOREIGN)
    if revision is None:
        upgrade(engine)  # under the write lock, where another creator's work is seen
        return
    if revision in known_revisions():
        raise SchemaOutOfDate(
            f"the database is at schema revision {revision}, this version of provenance "
            f"needs {SCHEMA_HEAD}: run `provenance db upgrade`"
        )
    raise SchemaTooNew(_too_new(revision))
