"""The ``provenance`` command line: the only package that imports Typer.

Library errors (:class:`provenance.errors.ProvenanceError`) become one ``Error: ...``
line on stderr and exit code 1; usage errors exit 2 (Click's convention). Heavy imports
(SQLAlchemy, Alembic, Pydantic) happen inside commands so ``--help`` stays instant.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from ..errors import ProvenanceError, ValidationFailed


class _Group(TyperGroup):
    """Turns the library's errors into clean messages for every (sub)command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            for line in exc.problems:
                typer.echo(f"Error: {line}", err=True)
            n = len(exc.problems)
            typer.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)
            raise typer.Exit(1) from None
        except ProvenanceError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted; nothing was written by an unfinished import.", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="A claim-and-source provenance database: who made each claim of an article, "
    "who relayed it and in what order, and who contradicts it.",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"provenance {version('provenance')}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        metavar="URL-OR-PATH",
        help="Database: a file path (SQLite) or a postgresql+psycopg:// URL. "
        "Default: $PROVENANCE_DATABASE_URL, else ./provenance.db.",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Import annotated articles, then ask who said what, through whom, against whom.

    Example: provenance import seeds/ && provenance claims
    """
    ctx.obj = {"db": db}


from . import (  # noqa: E402
    commands_data,
    commands_db,
    commands_explore,
    commands_export,
    commands_extract,
    commands_query,
)

commands_data.register(app)
commands_query.register(app)
commands_explore.register(app)
commands_export.register(app)
commands_db.register(app)
commands_extract.register(app)


def main() -> None:
    app(prog_name="provenance")
