"""Claims: ``claims``, ``claim``, ``chain`` and ``contradictions``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from provenance.cli.common import reader, stdout, with_claim_filters
from provenance.cli.options import (
    ClaimRef,
    DocumentFilter,
    Format,
    FormatOption,
    ListingFormat,
    ListingFormatOption,
    OptionalClaimRef,
    OriginatorFilter,
    RelationLimit,
    RelationType,
    RelationTypes,
    WithAffiliates,
)
from provenance.output import Style, colour_enabled, render, table_columns, write_json_object
from provenance.queries.columns import CLAIM_TABLE_COLUMNS

if TYPE_CHECKING:
    from provenance.queries.filters import ClaimFilters


CLAIM_TABLE = table_columns("key=claim/2", "chain=originator > relays/3", "kind:11", "quote/4")


@with_claim_filters
def claims_command(
    ctx: typer.Context, filters: ClaimFilters, fmt: ListingFormatOption = ListingFormat.table
) -> None:
    """List claims with their originator and relay chains; filters combine.

    Example: provenance claims --relayed-by tasnim --format json
    """
    from provenance.queries.claims import iter_claims
    from provenance.queries.rows import flat_claim

    with reader(ctx) as db:
        render(
            iter_claims(db, filters),
            fmt.value,
            columns=CLAIM_TABLE,
            flatten=flat_claim,
            csv_columns=list(CLAIM_TABLE_COLUMNS),
        )


def claim_command(ctx: typer.Context, ref: ClaimRef, fmt: FormatOption = Format.table) -> None:
    """One claim: its span in context, originator, every chain, and what it relates to.

    Example: provenance claim osdh-daech-took-city
    """
    from provenance.queries.card import claim_card
    from provenance.queries.claims import resolve_claim
    from provenance.queries.rows import flat_claim

    with reader(ctx) as db:
        card = claim_card(db, resolve_claim(db, ref))
    out = stdout()
    if fmt is Format.json:
        write_json_object(card, out)
        return
    if fmt is Format.csv:
        render([card], "csv", columns=[], flatten=flat_claim, csv_columns=list(CLAIM_TABLE_COLUMNS))
        return
    from provenance.cli.render_text import claim_card_text

    out.write(claim_card_text(card, Style(colour_enabled(out))))


def chain_command(
    ctx: typer.Context,
    ref: OptionalClaimRef = None,
    all_claims: Annotated[bool, typer.Option("--all", "-a", help="Every claim's chains.")] = False,
    document: DocumentFilter = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A claim's attribution chain(s) as a tree: originator at the root, the document at the leaf.

    With --format csv, one row per hop: the columns of `export csv --table relays`.

    Example: provenance chain centcom-orchestrated
    """
    if ref is None and not all_claims and document is None:
        raise typer.BadParameter("give a claim REF, --document DOC or --all", param_hint="REF")
    if ref is not None and (all_claims or document is not None):
        raise typer.BadParameter("give a claim REF or --document/--all, not both")
    if fmt is Format.csv:
        _relay_rows(ctx, ref, document)
        return
    from provenance.queries.claims import chain_tree, iter_chain_trees, resolve_claim
    from provenance.queries.filters import ClaimFilters

    with reader(ctx) as db:
        if ref is not None:
            trees: Any = [chain_tree(db, resolve_claim(db, ref))]
        else:
            trees = iter_chain_trees(db, ClaimFilters(document=document))
        _show_trees(trees, fmt, single=ref is not None)


def _relay_rows(ctx: typer.Context, ref: str | None, document: str | None) -> None:
    """The columns and rows of `export csv --table relays`, through the reader."""
    from provenance.output import write_csv_table
    from provenance.queries.claims import resolve_claim
    from provenance.queries.columns import RELAY_COLUMNS
    from provenance.queries.filters import ClaimFilters
    from provenance.queries.relay_table import relay_table

    with reader(ctx) as db:
        claim_id = resolve_claim(db, ref) if ref is not None else None
        rows = relay_table(db, ClaimFilters(document=document, claim_id=claim_id))
        write_csv_table(stdout(), RELAY_COLUMNS, rows, (5, 6))


def _show_trees(trees: Any, fmt: Format, *, single: bool) -> None:
    out = stdout()
    if fmt is Format.json:
        if single:
            write_json_object(trees[0], out)
        else:
            render(trees, "json", columns=[])
        return
    from provenance.cli.render_text import chain_tree_text

    style = Style(colour_enabled(out))
    for i, tree in enumerate(trees):
        if i:
            out.write("\n")
        out.write(chain_tree_text(tree, style))


CONTRADICTION_COLUMNS = table_columns(
    "claim/3", "by/2", "type=relation:11", "against=against claim/3", "against_actor=by/2"
)


def contradictions_command(
    ctx: typer.Context,
    types: RelationTypes = [RelationType.contradicts],  # noqa: B006 (Typer reads, never mutates)
    originator: OriginatorFilter = None,
    with_affiliates: WithAffiliates = False,
    limit: RelationLimit = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every contradiction: claim A (by X) contradicts claim B (by Y).

    With --originator: only those where one side's claim is that actor's (with
    --with-affiliates: or that of anyone affiliated with it, transitively).
    With --limit N: the first N (a large corpus holds tens of thousands), in every format.
    With --format csv: the columns and order of `export csv --table relations`.

    Example: provenance contradictions --originator osdh --with-affiliates
    """
    from provenance.queries.filters import ClaimFilters
    from provenance.queries.overview import contradictions

    names = [t.value for t in types]
    filters = (
        ClaimFilters(originator=originator, with_affiliates=with_affiliates) if originator else None
    )
    if fmt is Format.csv:  # the columns of `export csv --table relations`, without SQLAlchemy
        from provenance.output import write_csv_table
        from provenance.queries.columns import RELATION_COLUMNS
        from provenance.queries.overview import relation_table

        with reader(ctx) as db:
            table = relation_table(db, names, filters, limit=limit)
            write_csv_table(stdout(), RELATION_COLUMNS, table, (7,))
        return
    with reader(ctx) as db:
        if fmt is Format.json:  # each object written by the database: 48,000 at 1M claims
            from provenance.output import write_json_utf8
            from provenance.queries.overview import contradiction_json

            write_json_utf8(contradiction_json(db, names, filters, limit=limit), stdout())
            return
        rows = contradictions(db, names, filters, limit=limit)
        from provenance.cli.render_text import contradiction_lines

        out = stdout()
        for line in contradiction_lines(rows, Style(colour_enabled(out))):
            out.write(line)
