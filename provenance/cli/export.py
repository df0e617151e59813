"""``provenance export ...``: CSV, W3C PROV, chain pictures, ClaimReview, an SQLite copy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from provenance.cli.common import db_url, reading, sqlite_file, with_claim_filters
from provenance.cli.options import (
    CLAIM_REF_HELP,
    DocumentFilter,
    GraphFormat,
    OptionalClaimRef,
    OutputFile,
    ProvFormat,
    Table,
)

if TYPE_CHECKING:
    from provenance.queries.filters import ClaimFilters


export_app = typer.Typer(
    help="Export claim tables (CSV), W3C PROV, chain pictures, schema.org ClaimReview "
    "JSON-LD, or an SQLite copy.",
    no_args_is_help=True,
)


def _wrote(what: str, path: Path | None) -> None:
    if path is not None:  # stdout carries the export itself: report only to a file
        typer.echo(f"Wrote {what} to {path}", err=True)


@export_app.command("csv")
@with_claim_filters
def csv_command(
    ctx: typer.Context,
    filters: ClaimFilters,
    table: Annotated[
        Table | None,
        typer.Option(
            "--table",
            "-t",
            help="Which table (default: claims). claims: one row per claim, the claim_table "
            "view; relays: one row per hop; actors: with alias lists and claim counts; "
            "relations: claim to claim; documents: with claim counts and listed sources.",
        ),
    ] = None,
    all_tables: Annotated[
        bool,
        typer.Option(
            "--all",
            "-a",
            help="Every table, as claims.csv, relays.csv, ... in the --output folder.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR",
            help="Write to this file (default: stdout); with --all, a folder.",
        ),
    ] = None,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="Write cells untouched. By default a text cell starting with =, +, -, @, tab "
            "or CR (other than a plain number) gets a leading ' so spreadsheets do not run it.",
        ),
    ] = False,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start with a UTF-8 byte order mark (Excel).")
    ] = False,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help="claims: add hop_1 ... hop_n columns, n being the longest chain exported. A "
            "claim relayed along several chains shows its first chain there (all are in 'chain').",
        ),
    ] = False,
) -> None:
    """Write a table as CSV (RFC 4180, UTF-8, header row), streamed.

    The claim filters (as for `provenance claims`) narrow the claims, relays and
    relations tables.

    Example: provenance export csv --table relays --via tasnim -o relays.csv
    """
    from provenance.export.sink import text_sink

    name = (table or Table.claims).value
    if name == "claims" and not all_tables and not wide and filters == type(filters)():
        # the whole claims table of an SQLite file: the fast path (no SQLAlchemy, two cores)
        from provenance.export import claims_sqlite

        path = sqlite_file(db_url(ctx))
        fast = claims_sqlite.plan(path) if path is not None else None
        if fast is not None:
            with text_sink(output, bom=bom) as out:
                n = claims_sqlite.write_claims(fast, out, raw=raw)
            _wrote(f"{n} claims", output)
            return
        # on PostgreSQL the server writes the CSV (COPY), and Python only finishes each row
        from provenance.export import claims_pg

        server = claims_pg.plan(db_url(ctx)) if path is None else None
        if server is not None:
            with text_sink(output, bom=bom) as out:
                n = claims_pg.write_claims(server, out, raw=raw)
            _wrote(f"{n} claims", output)
            return

    from provenance.export.csv_tables import FILTERABLE, write_table
    from provenance.store.vocabulary import TABLES

    if all_tables:
        if table is not None:
            raise typer.BadParameter("give either --table or --all", param_hint="--all")
        if output is None:
            raise typer.BadParameter("--all needs --output DIR (a folder)", param_hint="--all")
        if output.exists() and not output.is_dir():
            raise typer.BadParameter(f"{output} is not a folder", param_hint="--output")
        output.mkdir(parents=True, exist_ok=True)
        with reading(ctx) as conn:  # one transaction: the tables agree with each other
            for name in TABLES:
                path = output / f"{name}.csv"
                with text_sink(path, bom=bom) as out:
                    n = write_table(
                        conn,
                        name,
                        out,
                        filters=filters if name in FILTERABLE else None,
                        raw=raw,
                        wide=wide and name == "claims",
                    )
                _wrote(f"{n} {name}", path)
        return
    with reading(ctx) as conn, text_sink(output, bom=bom) as out:
        n = write_table(conn, name, out, filters=filters, raw=raw, wide=wide)
    _wrote(f"{n} {name}", output)


@export_app.command("prov")
@with_claim_filters
def prov_command(
    ctx: typer.Context,
    filters: ClaimFilters,
    fmt: Annotated[
        ProvFormat,
        typer.Option(
            "--format",
            "-f",
            help="json (PROV-JSON), provn (PROV-N) or ttl (PROV-O in Turtle; needs rdflib).",
        ),
    ] = ProvFormat.json,
    output: OutputFile = None,
) -> None:
    """Write claims, relay chains and actors as a W3C PROV document.

    Actors are agents; each claim is an entity per hop, from the originator's statement
    to the document's text, attributed to whoever holds it and derived (or quoted) from
    the one before. PROV has no "contradicts": claim relations are wasInfluencedBy with
    a prov:type such as provenance:contradicts. Needs the prov package.

    Example: provenance export prov --format provn -o seed.provn
    """
    from provenance.export.prov_export import write_prov
    from provenance.export.sink import text_sink

    with reading(ctx) as conn, text_sink(output) as out:
        summary = write_prov(conn, out, fmt.value, filters)
    _wrote(
        f"PROV ({fmt.value}): {summary.agents} agents, {summary.entities} entities, "
        f"{summary.attributions} attributions",
        output,
    )


@export_app.command("graph")
def graph_command(
    ctx: typer.Context,
    ref: OptionalClaimRef = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor", help="Instead of a claim: this actor's relay neighbourhood (key or alias)."
        ),
    ] = None,
    fmt: Annotated[
        GraphFormat,
        typer.Option(
            "--format", "-f", help="dot (Graphviz), mermaid, or svg (runs Graphviz's dot)."
        ),
    ] = GraphFormat.dot,
    output: OutputFile = None,
) -> None:
    """Draw a claim's relay chains and contradictions, or an actor's neighbourhood.

    For a claim: originator, each hop (edges carry the cue), then the document; claims
    contradicting it are dashed red edges from their originators. For --actor: whom it
    got claims from and passed them to, with claim counts.

    Example: provenance export graph osdh-daech-took-city --format svg -o chain.svg
    """
    from provenance.export.graph import actor_graph, claim_graph, render
    from provenance.export.sink import text_sink
    from provenance.queries.claims import resolve_actor, resolve_claim

    if (ref is None) == (actor is None):
        raise typer.BadParameter("give a claim REF or --actor KEY (one of them)")
    with reading(ctx) as conn:
        if actor is not None:
            graph = actor_graph(conn, resolve_actor(conn, actor))
        else:
            assert ref is not None
            graph = claim_graph(conn, resolve_claim(conn, ref))
    text = render(graph, fmt.value)  # before opening the output: a failure leaves no file
    with text_sink(output) as out:
        out.write(text)
    _wrote(f"{fmt.value} picture of {graph.title}", output)


@export_app.command("sqlite")
def sqlite_command(
    ctx: typer.Context,
    target: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The SQLite file to write.", dir_okay=False),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Copy the whole corpus into an SQLite file with the same schema, from either backend.

    The file is what `provenance serve`, Datasette or sqlite3 open; it is written beside
    FILE under a temporary name and renamed into place when complete.

    Example: provenance --db postgresql+psycopg://host/corpus export sqlite corpus.db
    """
    from provenance.export.sqlite_copy import copy_to_sqlite

    with reading(ctx) as conn:
        summary = copy_to_sqlite(conn, target, force=force)
    parts = ", ".join(f"{n} {name}" for name, n in summary.rows.items())
    typer.echo(f"Wrote {target}: {parts}", err=True)


@export_app.command("claimreview")
def claimreview_command(
    ctx: typer.Context,
    refs: Annotated[
        list[str] | None,
        typer.Argument(metavar="REF", help=f"Claims to export. {CLAIM_REF_HELP}"),
    ] = None,
    document: DocumentFilter = None,
    output: OutputFile = None,
) -> None:
    """Write claims as schema.org Claim objects in JSON-LD, for fact-check markup.

    Each claim has its originator as author (Person or Organization) and each article it
    appears in as a NewsArticle (url, headline, publisher, datePublished); claims of
    other documents linked by `repeats` are the same Claim, firstAppearance the earliest.
    Without REF or --document: every claim.

    Example: provenance export claimreview --document al-boukamal-2018-06-10 > claims.jsonld
    """
    from provenance.export.claimreview import claimreview_document, selected_claims
    from provenance.export.sink import text_sink
    from provenance.output import write_json_object

    with reading(ctx) as conn:
        data = claimreview_document(conn, selected_claims(conn, document, refs or []))
    with text_sink(output) as out:
        write_json_object(data, out)
    _wrote(f"{len(data['@graph'])} claims as JSON-LD", output)
