"""The ``provenance`` command line: the only package that imports Typer.

Library errors (:class:`provenance.errors.ProvenanceError`) become one ``Error: ...``
line on stderr and exit code 1; usage errors exit 2 (Click's convention). Heavy imports
(SQLAlchemy, Alembic, Pydantic) happen inside commands so ``--help`` stays instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import suppress
from typing import Annotated, Any, ClassVar

import typer
from typer.core import TyperGroup

from provenance.errors import ProvenanceError, ValidationFailed
from provenance.visible import visible


class _Group(TyperGroup):
    """Turns the library's errors into clean messages for every (sub)command, and lists
    the commands in the sections of the modules that define them."""

    sections: ClassVar[dict[str, list[str]]] = {}

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        if not self.sections:
            super().format_commands(ctx, formatter)
            return
        limit = formatter.width - 6 - max(map(len, self.commands))
        for title, names in self.sections.items():
            rows = [
                (name, self.commands[name].get_short_help_str(limit))
                for name in names
                if name in self.commands and not self.commands[name].hidden
            ]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a write error must surface here, not at exit
            return result
        except ValidationFailed as exc:
            for line in exc.problems:
                typer.echo(f"Error: {visible(line)}", err=True)
            n = len(exc.problems)
            typer.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)
            raise typer.Exit(1) from None
        except ProvenanceError as exc:
            typer.echo(f"Error: {visible(str(exc))}", err=True)
            raise typer.Exit(1) from None
        except BrokenPipeError:
            _discard_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # writing the output: a full disk, an I/O error
            _discard_stdout()
            where = exc.filename or "cannot write to standard output"
            typer.echo(f"Error: {visible(str(where))}: {exc.strerror or exc}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted; nothing was written by an unfinished import.", err=True)
            raise typer.Exit(130) from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the unwritable rest is not retried (and reported) at exit."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


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
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL-OR-PATH",
            help="Database: a file path (SQLite) or a postgresql+psycopg:// URL. "
            "Default: $PROVENANCE_DATABASE_URL, else ./provenance.db.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Import annotated articles, then ask who said what, through whom, against whom.

    Example: provenance import seeds/ && provenance claims
    """
    ctx.obj = {"db": db}


from provenance.cli import actors, claims, corpus, db, export, extract, links, load, web  # noqa: E402

#: Every command, in the sections and order ``--help`` lists them: the one place to add one.
_SECTIONS: dict[str, dict[str, Callable[..., None] | typer.Typer]] = {
    "Load": {
        "import": load.import_command,
        "validate": load.validate_command,
        "extract": extract.extract_command,
    },
    "Claims": {
        "claims": claims.claims_command,
        "claim": claims.claim_command,
        "chain": claims.chain_command,
        "contradictions": claims.contradictions_command,
    },
    "Actors": {
        "actors": actors.actors_command,
        "actor": actors.actor_command,
        "trace": actors.trace_command,
    },
    "Corpus": {"stats": corpus.stats_command, "sources": corpus.sources_command},
    "Across documents": {
        "links": links.links_command,
        "story": links.story_command,
        "loops": links.loops_command,
    },
    "Export and database": {"export": export.export_app, "db": db.db_app},
    "Browse and publish": {"serve": web.serve_command},
}
for _commands in _SECTIONS.values():
    for _name, _command in _commands.items():
        if isinstance(_command, typer.Typer):
            app.add_typer(_command, name=_name)
        else:
            app.command(_name)(_command)
_Group.sections = {title: list(commands) for title, commands in _SECTIONS.items()}


def main() -> None:
    app(prog_name="provenance")
