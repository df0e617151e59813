"""The command line's options are declared once: one meaning per flag, choices shown,
and a listing's CSV is the export table of the same rows."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import Cli
from typer.main import get_command

from provenance.cli import app
from provenance.cli.options import ActorKind, ClaimKind, RelationType, Table


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


def test_the_choices_are_the_librarys() -> None:
    from provenance.export.csv_tables import TABLES
    from provenance.store.vocabulary import ACTOR_KINDS, CLAIM_KINDS, RELATION_TYPES

    assert tuple(ClaimKind) == CLAIM_KINDS
    assert tuple(ActorKind) == ACTOR_KINDS
    assert tuple(RelationType) == RELATION_TYPES
    assert tuple(Table) == TABLES


def test_one_meaning_per_short_flag_across_the_cli() -> None:
    meanings: dict[str, set[str]] = {}
    for _path, command in _commands(get_command(app)):
        for param in command.params:
            names = [*param.opts, *param.secondary_opts]
            longs = sorted(n for n in names if n.startswith("--"))
            for short in (n for n in names if len(n) == 2 and n.startswith("-")):
                meanings.setdefault(short, set()).add(longs[0] if longs else "?")
    clashes = {short: longs for short, longs in meanings.items() if len(longs) > 1}
    assert not clashes
    assert meanings["-o"] == {"--output"} and meanings["-a"] == {"--all"}
    assert meanings["-f"] == {"--format"} and meanings["-k"] == {"--kind"}


def test_every_enum_option_lists_its_choices(runner: Any) -> None:
    for args, choices in (
        (["claims", "--help"], ClaimKind),
        (["actors", "--help"], ActorKind),
        (["contradictions", "--help"], RelationType),
        (["export", "csv", "--help"], Table),
    ):
        text = runner.invoke(app, args, terminal_width=400).stdout
        assert "|".join(c.value for c in choices) in text, args


def test_a_bad_kind_is_a_usage_error_naming_the_choices(runner: Any) -> None:
    done = runner.invoke(app, ["claims", "--kind", "rumour"])
    assert done.exit_code == 2
    assert "'rumour' is not one of" in done.stderr and "accusation" in done.stderr


def test_the_claim_filters_are_the_same_options_everywhere() -> None:
    root = get_command(app)
    filters = {"--document", "--originator", "--relayed-by", "--kind", "--contradicted"}
    filters |= {"--search", "--limit"}

    def options(command: Any) -> dict[str, tuple[Any, ...]]:
        return {
            p.opts[-1] if p.opts[-1] in filters else p.opts[0]: (
                tuple(p.opts),
                tuple(p.secondary_opts),
                p.help,
            )
            for p in command.params
            if set(p.opts) & filters
        }

    claims = options(root.commands["claims"])  # type: ignore[attr-defined]
    assert len(claims) == len(filters)
    export = root.commands["export"].commands  # type: ignore[attr-defined]
    assert options(export["csv"]) == claims
    assert options(export["prov"]) == claims


@pytest.mark.parametrize(
    ("listing", "table"),
    [
        (["claims"], "claims"),
        (["chain", "--all"], "relays"),
        (["actors"], "actors"),
        (["contradictions", *(f"--type={t.value}" for t in RelationType)], "relations"),
    ],
)
def test_a_listings_csv_is_the_export_table(multi: Cli, listing: list[str], table: str) -> None:
    listed = multi.ok(*listing, "--format", "csv").stdout
    exported = multi.ok("export", "csv", "--table", table).stdout
    assert listed.splitlines()[0] == exported.splitlines()[0]
    assert sorted(listed.splitlines()) == sorted(exported.splitlines())
    assert len(listed.splitlines()) > 3


def test_narrowed_listings_keep_the_export_columns(multi: Cli) -> None:
    header = multi.ok("export", "csv", "--table", "actors").stdout.splitlines()[0]
    agencies = multi.ok("actors", "--kind", "news_agency", "--format", "csv").stdout.splitlines()
    assert agencies[0] == header
    assert 1 < len(agencies) < len(multi.ok("actors", "--format", "csv").stdout.splitlines())
    relays = multi.ok("export", "csv", "--table", "relays").stdout.splitlines()
    one = multi.ok("chain", "al-boukamal-2018-06-10/centcom-orchestrated", "-f", "csv").stdout
    assert one.splitlines()[0] == relays[0]
    assert one.splitlines()[1:] == [
        line for line in relays if line.startswith("al-boukamal-2018-06-10,centcom-orchestrated,")
    ]


def test_every_listed_command_is_made_by_its_name_from_its_module() -> None:
    """The commands are made when asked for (see provenance.cli._Commands): each name of
    --help's sections gives a command of that name, and a name not listed gives none."""
    from provenance.cli import _SECTIONS

    group: Any = get_command(app)
    listed = [name for names in _SECTIONS.values() for name in names]
    assert group.list_commands(None) == listed
    assert [group.commands[name].name for name in listed] == listed
    assert group.commands.get("acters") is None and "acters" not in group.commands
