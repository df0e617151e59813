"""The ``provenance`` command line: the only package that imports Typer.

Library errors (:class:`provenance.errors.ProvenanceError`) become one ``Error: ...``
line on stderr and exit code 1; usage errors exit 2 (Click's convention). Heavy imports
(SQLAlchemy, Alembic, Pydantic) happen inside commands so ``--help`` stays instant.
"""

from __future__ import annotations

import codecs
import gc
import os
import sys
from collections.abc import Iterator, MutableMapping
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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names: making every command is --help's business

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
        except UnicodeEncodeError as exc:
            if "surrogates" not in str(exc):
                _unwritable(exc)
                raise
            # an argument (or a file name) in bytes that are not UTF-8, typed on a Latin-1
            # terminal: Python keeps such bytes as surrogates, which no database stores
            bad = exc.object[exc.start : exc.end] if isinstance(exc.object, str) else ""
            shown = bad.encode("utf-8", "surrogateescape").hex() if bad else "?"
            typer.echo(
                f"Error: text that is not UTF-8 (byte 0x{shown} in an argument or a file "
                "name); write it in UTF-8",
                err=True,
            )
            raise typer.Exit(1) from None
        except Exception as exc:
            # what the server or the driver refused that no check foresaw (a search_path
            # naming no schema): one line, not a traceback
            if not type(exc).__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")):
                raise
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"]
            typer.echo(f"Error: the database refused: {visible(reason[0])}", err=True)
            raise typer.Exit(1) from None


class _Commands(MutableMapping[str, Any]):
    """The Click commands by name, each made (and its module imported) when first asked for.

    Why: making the Click command of every one of the two dozen commands, and importing
    the modules that define them, was a good share of a quick command's whole time; a
    command line runs one. ``--help`` and a mistyped name still see them all.
    """

    def __init__(self, made: MutableMapping[str, Any]) -> None:
        self._made = dict(made)

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            if name not in _WHERE:
                raise KeyError(name)
            self._made[name] = _click_command(name, _WHERE[name])
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._made[name]

    def __iter__(self) -> Iterator[str]:
        yield from _WHERE
        yield from (name for name in self._made if name not in _WHERE)

    def __len__(self) -> int:
        return len(_WHERE.keys() | self._made.keys())


def _click_command(name: str, where: str) -> Any:
    """The Click command ``name`` of the function or Typer app at ``where``, made as Typer
    makes each command of :data:`app` (its settings passed down, as to a sub-app)."""
    from typer.main import get_command_from_info, get_group_from_info
    from typer.models import CommandInfo, TyperInfo

    module, _, attribute = where.partition(":")
    # __import__, not importlib.import_module: -X importtime (the import budgets) sees it
    target = getattr(__import__(f"provenance.cli.{module}", fromlist=[attribute]), attribute)
    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    if isinstance(target, typer.Typer):
        return get_group_from_info(
            TyperInfo(target, name=name),
            pretty_exceptions_short=short,
            rich_markup_mode=markup,
            suggest_commands=app.suggest_commands,
        )
    return get_command_from_info(
        CommandInfo(name=name, callback=target),
        pretty_exceptions_short=short,
        rich_markup_mode=markup,
    )


def _unwritable(exc: UnicodeEncodeError) -> None:
    """Exit with one line when stdout's encoding cannot write a character of the output
    (``PYTHONIOENCODING=latin-1`` and a "’" in a quote); other encoding errors go on."""
    stream = getattr(sys.stdout, "encoding", None) or ""
    with suppress(LookupError):
        if codecs.lookup(stream).name != codecs.lookup(exc.encoding).name:
            return
        bad = exc.object[exc.start : exc.end] if isinstance(exc.object, str) else ""
        shown = " ".join(f"U+{ord(c):04X}" for c in bad[:3]) or "?"
        _discard_stdout()
        typer.echo(
            f"Error: standard output is in {stream}, which cannot write {shown}; "
            "set PYTHONIOENCODING=utf-8",
            err=True,
        )
        raise typer.Exit(1) from None


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


#: Every command, in the sections and order ``--help`` lists them: the one place to add one.
#: Each names the module of ``provenance.cli`` and the function (or Typer app) that is
#: the command: a module is imported when one of its commands is run (see _Commands).
_SECTIONS: dict[str, dict[str, str]] = {
    "Load": {
        "import": "load:import_command",
        "validate": "load:validate_command",
        "remove": "load:remove_command",
        "extract": "extract:extract_command",
    },
    "Claims": {
        "claims": "claims:claims_command",
        "claim": "claims:claim_command",
        "chain": "claims:chain_command",
        "contradictions": "claims:contradictions_command",
    },
    "Actors": {
        "actors": "actors:actors_command",
        "actor": "actors:actor_command",
        "trace": "actors:trace_command",
    },
    "Corpus": {"stats": "corpus:stats_command", "sources": "corpus:sources_command"},
    "Across documents": {
        "links": "links:links_command",
        "story": "links:story_command",
        "loops": "links:loops_command",
    },
    "Export and database": {"export": "export:export_app", "db": "db:db_app"},
    "Browse and publish": {"serve": "web:serve_command"},
}
_WHERE = {name: where for commands in _SECTIONS.values() for name, where in commands.items()}
_Group.sections = {title: list(commands) for title, commands in _SECTIONS.items()}


def main() -> None:
    """The ``provenance`` program.

    Why ``gc.freeze()``: what the start-up imported (Typer, Click, the modules above:
    some fifteen thousand objects that live as long as the process) is then left out
    of every collection of the cycle collector, the ones a long listing triggers and the
    ones at exit; those passes were a twentieth of a quick command's whole time. What
    the command itself makes (connections, engines) is collected as before.
    """
    if sys.stdout is None:  # started with stdout closed (">&-"): every command writes there
        print("Error: cannot write to standard output: it is closed", file=sys.stderr)
        raise SystemExit(1)
    gc.freeze()
    app(prog_name="provenance")
