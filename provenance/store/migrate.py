"""Alembic driven from code, so the installed CLI migrates from any working directory."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, ProgrammingError

from provenance.errors import SchemaOutOfDate, SchemaTooNew
from provenance.store.engine import connect, is_sqlite
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
    """The revision stamped in the database, or None for a database without our schema."""
    try:
        with conn.begin_nested() if conn.in_transaction() else conn.begin():
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except (OperationalError, ProgrammingError):
        return None
    return row[0] if row else None


def _lock(conn: Connection) -> None:
    if not is_sqlite(str(conn.engine.url)):
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with connect(engine) as conn, conn.begin():
        _lock(conn)
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    from alembic import command

    with connect(engine) as conn, conn.begin():
        _lock(conn)
        command.downgrade(alembic_config(conn), revision)


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
    """
    with connect(engine) as conn:
        revision = current_revision(conn)
        if revision == SCHEMA_HEAD:
            return
        if revision is None:
            tables = set(inspect(conn).get_table_names())
            if tables - {"alembic_version"}:
                raise SchemaOutOfDate(
                    "this database has tables but no provenance schema revision; "
                    "it was not created by provenance"
                )
    if revision is None:
        upgrade(engine)
        return
    if revision in known_revisions():
        raise SchemaOutOfDate(
            f"the database is at schema revision {revision}, this version of provenance "
            f"needs {SCHEMA_HEAD}: run `provenance db upgrade`"
        )
    raise SchemaTooNew(
        f"the database is at schema revision {revision}, unknown to this version of "
        "provenance (written by a newer version?); upgrade provenance"
    )
