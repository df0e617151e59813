"""What the commands share: the database handle, the --format option, output helpers."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

    from provenance.queries.claims import ClaimFilters


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION: Any = typer.Option(
    Format.table, "--format", "-f", help="Output format: table (for people), json or csv."
)


def db_url(ctx: typer.Context) -> str:
    from provenance.config import database_url

    root = ctx.find_root()
    return database_url((root.obj or {}).get("db"))


def sqlite_file(url: str) -> Path | None:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return Path(url.removeprefix("sqlite:///"))
    return None


def engine_for(ctx: typer.Context, *, write: bool = False, create: bool = True) -> Engine | None:
    """An engine at the current schema; a new database is created at head on first use.

    With ``create=False`` a missing SQLite file gives None instead (``validate`` writes nothing).
    An SQLite file is held (shared) for the engine's life, so that a failed first import
    elsewhere never deletes it under this process (see :mod:`provenance.store.file_guard`).
    """
    from provenance.store.engine import make_engine
    from provenance.store.migrate import ensure_at_head

    url = db_url(ctx)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        if not create:
            return None
        if not path.parent.exists():
            from provenance.errors import ConfigError

            raise ConfigError(f"cannot create database {path}: folder {path.parent} does not exist")
    engine = make_engine(url, write=write)
    if path is not None:
        from provenance.store.file_guard import hold

        hold(path, engine)
    ensure_at_head(engine)
    return engine


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Connection]:
    """A read-only connection inside one transaction (a consistent snapshot)."""
    from provenance.store.engine import connect

    engine = engine_for(ctx)
    assert engine is not None
    with connect(engine) as conn, conn.begin():
        yield conn


def stdout() -> Any:
    return sys.stdout


def claim_filters(
    document: str | None,
    originator: str | None,
    relayed_by: str | None,
    kind: str | None,
    contradicted: bool | None,
    search: str | None,
    limit: int | None,
) -> ClaimFilters:
    """The ``claims`` filters, shared by listing and exports; a bad kind is a usage error."""
    from provenance.queries.claims import ClaimFilters
    from provenance.store.models import CLAIM_KINDS

    if kind is not None and kind not in CLAIM_KINDS:
        raise typer.BadParameter(
            f"'{kind}' is not one of {', '.join(CLAIM_KINDS)}", param_hint="--kind"
        )
    return ClaimFilters(
        document=document,
        originator=originator,
        relayed_by=relayed_by,
        kind=kind,
        contradicted=contradicted,
        search=search,
        limit=limit,
    )
