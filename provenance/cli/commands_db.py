"""``provenance db upgrade / downgrade / current``: schema migrations."""

from __future__ import annotations

import typer

from .common import db_url

db_app = typer.Typer(help="Schema migrations (Alembic) and integrity checks.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade_command(
    ctx: typer.Context,
    revision: str = typer.Argument("head", help="Target revision (default: the newest)."),
) -> None:
    """Upgrade the schema (creates the database if needed).

    Example: provenance db upgrade
    """
    from ..db import connect, make_engine
    from ..migrate import current_revision, upgrade

    engine = make_engine(db_url(ctx), write=True)
    upgrade(engine, revision)
    with connect(engine) as conn:
        typer.echo(f"Schema at revision {current_revision(conn)}.")


@db_app.command("downgrade", context_settings={"ignore_unknown_options": True})
def downgrade_command(
    ctx: typer.Context,
    revision: str = typer.Argument("-1", help="Target revision: -1 (one step), an id, or base."),
) -> None:
    """Downgrade the schema (data in dropped tables is lost).

    Example: provenance db downgrade -1
    """
    from ..db import connect, make_engine
    from ..migrate import current_revision, downgrade

    engine = make_engine(db_url(ctx), write=True)
    downgrade(engine, revision)
    with connect(engine) as conn:
        typer.echo(f"Schema at revision {current_revision(conn) or 'base (empty)'}.")


@db_app.command("current")
def current_command(ctx: typer.Context) -> None:
    """Print the schema revision of the database and whether it is the newest.

    Example: provenance db current
    """
    from ..db import connect, make_engine
    from ..migrate import current_revision
    from ..models import SCHEMA_HEAD

    with connect(make_engine(db_url(ctx))) as conn:
        rev = current_revision(conn)
    if rev is None:
        typer.echo("No schema yet (run `provenance db upgrade`, or any command creates it).")
    elif rev == SCHEMA_HEAD:
        typer.echo(f"{rev} (head)")
    else:
        typer.echo(f"{rev} (head is {SCHEMA_HEAD}: run `provenance db upgrade`)")
