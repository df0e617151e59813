"""``provenance db upgrade / downgrade / current / check``: schema migrations and integrity."""

from __future__ import annotations

from typing import Literal

import typer

from provenance.cli.common import db_url
from provenance.cli.options import DowngradeTarget, UpgradeTarget

db_app = typer.Typer(help="Schema migrations (Alembic) and integrity checks.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(ctx: typer.Context, revision: UpgradeTarget = "head") -> None:
    """Upgrade the schema (creates the database if needed).

    Example: provenance db upgrade
    """
    _migrate(ctx, "upgrade", revision)


@db_app.command("downgrade", context_settings={"ignore_unknown_options": True})
def downgrade_command(ctx: typer.Context, revision: DowngradeTarget = "-1") -> None:
    """Downgrade the schema (data in dropped tables is lost).

    Example: provenance db downgrade -1
    """
    _migrate(ctx, "downgrade", revision)


def _migrate(ctx: typer.Context, direction: Literal["upgrade", "downgrade"], revision: str) -> None:
    """Both directions report where the schema ended up; below the first revision is "base"."""
    from provenance.store import migrate
    from provenance.store.engine import connect, make_engine

    engine = make_engine(db_url(ctx), write=True)
    (migrate.upgrade if direction == "upgrade" else migrate.downgrade)(engine, revision)
    with connect(engine) as conn:
        typer.echo(f"Schema at revision {migrate.current_revision(conn) or 'base (empty)'}.")


@db_app.command("current")
def current_command(ctx: typer.Context) -> None:
    """Print the schema revision of the database and whether it is the newest.

    Example: provenance db current
    """
    from provenance.store.engine import connect, make_engine
    from provenance.store.migrate import current_revision
    from provenance.store.revision import SCHEMA_HEAD

    with connect(make_engine(db_url(ctx))) as conn:
        rev = current_revision(conn)
    if rev is None:
        typer.echo("No schema yet (run `provenance db upgrade`, or any command creates it).")
    elif rev == SCHEMA_HEAD:
        typer.echo(f"{rev} (head)")
    else:
        typer.echo(f"{rev} (head is {SCHEMA_HEAD}: run `provenance db upgrade`)")


@db_app.command("check")
def check_command(ctx: typer.Context) -> None:
    """Verify the stored data: exit 0 and print OK, or list each problem and exit 1.

    Checks the file itself (SQLite's integrity_check), that the schema is at head,
    foreign keys, kinds, that every claim's quote is still exactly its span of the
    document text, each text against its SHA-256, relay chains (hops 1..n, no actor
    twice, never the originator), relations (none to itself) and affiliations (no cycle).
    Reads only; safe to run while an import is in progress.

    Example: provenance db check
    """
    from sqlalchemy.exc import DatabaseError

    from provenance.cli.common import sqlite_file
    from provenance.errors import ConfigError, NotADatabase
    from provenance.store.engine import make_engine
    from provenance.store.integrity import check_database, counts
    from provenance.store.revision import SCHEMA_HEAD

    url = db_url(ctx)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        # checking must never create the database it was asked about
        raise ConfigError(f"no database at {path}")
    try:
        # the engine's own connect: a damaged file is a finding here, not a usage error
        with make_engine(url).connect() as conn, conn.begin():
            problems = check_database(conn)
            totals = {} if problems else counts(conn)
    except DatabaseError as exc:
        # a damaged or foreign file: reporting that is exactly this command's job
        reason = str(exc.orig or exc).strip().splitlines() or [type(exc).__name__]
        problems = [f"database: {reason[0]}"]
    except NotADatabase:
        problems = [f"database: {NotADatabase.reason}"]
    if problems:
        for line in problems:
            typer.echo(line)
        n = len(problems)
        typer.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)
        raise typer.Exit(1)
    checked = ", ".join(f"{n} {name if n != 1 else name[:-1]}" for name, n in totals.items())
    typer.echo(f"OK: schema at {SCHEMA_HEAD} (head); checked {checked}.")
