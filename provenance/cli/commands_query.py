"""The researcher's questions: claims, claim, chain (and, with the query issue, more)."""

from __future__ import annotations

import sqlite3
from typing import Any

import typer

from provenance.cli.common import (
    FORMAT_OPTION,
    Format,
    claim_filters,
    db_url,
    reading,
    sqlite_file,
    stdout,
)
from provenance.output import Column, Style, colour_enabled, render, write_json_object
from provenance.queries.columns import CLAIM_TABLE_COLUMNS

# the same columns as `export csv` and the claim_table view
CLAIM_CSV_COLUMNS = list(CLAIM_TABLE_COLUMNS)

CLAIM_TABLE = [
    Column("key", "claim", weight=2),
    Column("chain", "originator > relays", weight=3),
    Column("kind", "kind", width=11),
    Column("quote", "quote", weight=4),
]


def chain_text(claim: dict[str, Any]) -> str:
    """Originator then hops, " > " between names, " | " between chains (as in claim_table)."""
    origin = claim["originator"]["name"]
    if not claim["chains"]:
        return str(origin)
    return " | ".join(
        " > ".join([origin, *(hop["name"] for hop in chain)]) for chain in claim["chains"]
    )


def flat_claim(claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": claim["document"],
        "key": claim["key"],
        "quote": claim["quote"],
        "start": claim["start"],
        "end": claim["end"],
        "statement": claim["statement"],
        "kind": claim["kind"],
        "cue": claim["cue"],
        "originator": claim["originator"]["key"],
        "chain": chain_text(claim),
        "contradicted_by": "; ".join(claim["contradicted_by"]),
        "contradicts": "; ".join(claim["contradicts"]),
        "originator_name": claim["originator"]["name"],
        "direct_quote": "true" if claim["direct_quote"] else "false",
        "date": claim["date"],
        "id": claim["id"],
    }


def register(app: typer.Typer) -> None:
    app.command("claims")(claims_command)
    app.command("claim")(claim_command)
    app.command("chain")(chain_command)


def claims_command(
    ctx: typer.Context,
    document: str = typer.Option(None, "--document", "-d", help="Only this document (key)."),
    originator: str = typer.Option(
        None, "--originator", "-o", help="Made by this actor (key or alias)."
    ),
    relayed_by: str = typer.Option(
        None, "--relayed-by", "--via", help="Relayed by this actor anywhere in a chain."
    ),
    kind: str = typer.Option(None, "--kind", "-k", help="Claim kind (accusation, denial, ...)."),
    contradicted: bool = typer.Option(
        None, "--contradicted/--uncontested", help="Only claims that are / are not contradicted."
    ),
    search: str = typer.Option(
        None, "--search", "-s", help="Full-text search in quotes and statements."
    ),
    limit: int = typer.Option(None, "--limit", "-n", min=1, help="At most this many claims."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """List claims with their originator and relay chains; filters combine.

    Example: provenance claims --relayed-by tasnim --format json
    """
    from provenance.queries.claims import iter_claims

    filters = claim_filters(document, originator, relayed_by, kind, contradicted, search, limit)
    with reading(ctx) as conn:
        render(
            iter_claims(conn, filters),
            fmt.value,
            columns=CLAIM_TABLE,
            flatten=flat_claim,
            csv_columns=CLAIM_CSV_COLUMNS,
        )


REF = typer.Argument(..., metavar="REF", help="A claim key, DOCUMENT/KEY, or a numeric id.")


def claim_command(ctx: typer.Context, ref: str = REF, fmt: Format = FORMAT_OPTION) -> None:
    """One claim: its span in context, originator, every chain, and what it relates to.

    Example: provenance claim osdh-daech-took-city
    """
    from provenance.queries.claims import claim_card, resolve_claim

    with reading(ctx) as conn:
        card = claim_card(conn, resolve_claim(conn, ref))
    out = stdout()
    if fmt is Format.json:
        write_json_object(card, out)
        return
    if fmt is Format.csv:
        render([card], "csv", columns=[], flatten=flat_claim, csv_columns=CLAIM_CSV_COLUMNS)
        return
    from provenance.cli.render_text import claim_card_text

    out.write(claim_card_text(card, Style(colour_enabled(out))))


def chain_command(
    ctx: typer.Context,
    ref: str = typer.Argument(
        None, metavar="REF", help="A claim key, DOCUMENT/KEY, or a numeric id."
    ),
    all_claims: bool = typer.Option(False, "--all", "-a", help="Every claim's chains."),
    document: str = typer.Option(None, "--document", "-d", help="Every claim of this document."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """A claim's attribution chain(s) as a tree: originator at the root, the document at the leaf.

    Example: provenance chain centcom-orchestrated
    """
    if ref is None and not all_claims and document is None:
        raise typer.BadParameter("give a claim REF, --document DOC or --all", param_hint="REF")
    if ref is not None and (all_claims or document is not None):
        raise typer.BadParameter("give a claim REF or --document/--all, not both")
    if ref is not None:
        # one claim of an SQLite file: plain sqlite3, no SQLAlchemy to import
        from provenance.queries.chain_sqlite import tree_for
        from provenance.store.sqlite_file import open_at_head

        con = open_at_head(sqlite_file(db_url(ctx)))
        if con is not None:
            try:
                tree = tree_for(con, ref)
            except sqlite3.Error:  # a damaged file: the general path reports it
                tree = None
            finally:
                con.close()
            if tree is not None:
                _show_trees([tree], fmt, single=True)
                return

    from provenance.queries.claims import (
        ClaimFilters,
        chain_tree,
        iter_chain_trees,
        resolve_claim,
    )

    with reading(ctx) as conn:
        if ref is not None:
            trees: Any = [chain_tree(conn, resolve_claim(conn, ref))]
        else:
            trees = iter_chain_trees(conn, ClaimFilters(document=document))
        _show_trees(trees, fmt, single=ref is not None)


def _show_trees(trees: Any, fmt: Format, *, single: bool) -> None:
    out = stdout()
    if fmt is Format.json:
        if single:
            write_json_object(trees[0], out)
        else:
            render(trees, "json", columns=[])
        return
    if fmt is Format.csv:
        render(
            (row for tree in trees for row in _hop_rows(tree)),
            "csv",
            columns=[],
            csv_columns=["claim", "document", "chain", "position", "actor", "name", "cue"],
        )
        return
    from provenance.cli.render_text import chain_tree_text

    style = Style(colour_enabled(out))
    for i, tree in enumerate(trees):
        if i:
            out.write("\n")
        out.write(chain_tree_text(tree, style))


def _hop_rows(tree: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "claim": tree["key"],
            "document": tree["document"],
            "chain": n,
            "position": pos,
            "actor": hop["key"],
            "name": hop["name"],
            "cue": hop["cue"],
        }
        for n, chain in enumerate(tree["chains"], start=1)
        for pos, hop in enumerate(chain, start=1)
    ]
