"""Alembic environment: configured from provenance's code, never from an alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from provenance.store import tables
from provenance.store.engine import make_engine

target_metadata = tables.metadata


# Full-text search structures are created by hand in migrations (FTS5 on SQLite, a
# generated column and its GIN index on PostgreSQL), and so is SQLite's id high-water
# table (0009); they have no Core table or column: autogenerate must not see them.
UNMODELLED = ("claims_fts", "ix_claims_search", "search_vector", "id_high_water")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (name or "").startswith(UNMODELLED)


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "", write=True)
    with engine.connect() as conn:
        run_with(conn)
        conn.commit()


if context.is_offline_mode():
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
