"""Actors: ``actors``, ``actor`` and ``trace``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from provenance.cli.common import reader, reading, stdout
from provenance.cli.options import (
    ActorKindFilter,
    ActorRef,
    Format,
    FormatOption,
    ListingFormat,
    ListingFormatOption,
    WithAffiliates,
)
from provenance.output import Style, colour_enabled, render, table_columns, write_json_object

ACTOR_COLUMNS = table_columns(
    "key=actor/3",
    "kind/2",
    "originated=made",
    "relayed",
    "published=publ'd",
    "contradicted_by_others=contra'd",
    "contradicting_others=contra'ing",
)


def actors_command(
    ctx: typer.Context,
    kind: ActorKindFilter = None,
    fmt: ListingFormatOption = ListingFormat.table,
) -> None:
    """Every actor with counts: claims originated, relayed, published, contradicted by others,
    contradicting.

    With --format csv: the columns of `export csv --table actors`.

    Example: provenance actors --kind news_agency
    """
    from provenance.queries.actor_counts import actor_counts

    kind_name = kind.value if kind is not None else None
    if fmt is ListingFormat.csv:
        from provenance.export.csv_tables import Narrowing, write_table

        with reading(ctx) as conn:
            write_table(conn, "actors", stdout(), narrowing=Narrowing(actor_kind=kind_name))
        return
    with reader(ctx) as db:
        render(actor_counts(db, kind_name), fmt.value, columns=ACTOR_COLUMNS)


def actor_command(
    ctx: typer.Context,
    key: ActorRef,
    with_affiliates: WithAffiliates = False,
    fmt: FormatOption = Format.table,
) -> None:
    """One actor: what it originated, relayed (and from whom), published, whom it contradicts.

    Example: provenance actor SOHR
    """
    from provenance.queries.actors import actor_record

    with reader(ctx) as db:
        record = actor_record(db, key, with_affiliates=with_affiliates)
    out = stdout()
    if fmt is Format.json:
        write_json_object(record, out)
        return
    if fmt is Format.csv:
        # one row per (role, claim): whom it came from, or the other side's originator
        other = {"originated": None, "relayed": "from", "contradicts": "actor"}
        other["contradicted_by"] = "actor"
        rows = [
            {
                "actor": record["key"],
                "role": role,
                "claim": c["claim"],
                "other": c[field] if field else "",
            }
            for role, field in other.items()
            for c in record[role]
        ]
        render(rows, "csv", columns=[], csv_columns=["actor", "role", "claim", "other"])
        return
    from provenance.cli.render_text import actor_text

    style = Style(colour_enabled(out))
    out.write(actor_text(record, style))
    out.write(_published_text(record, style))


def _published_text(record: dict[str, Any], style: Style) -> str:
    """The "Published" section: the publisher is the last hand of every claim it prints."""
    from provenance.cli.render_text import hang
    from provenance.visible import visible

    docs = record["published"]
    if not docs:
        return ""
    n = sum(d["claims"] for d in docs)
    lines = ["", style.dim(f"Published ({len(docs)} documents, {n} claims)")]
    for d in docs:
        lines.append(hang(f"{style.key(visible(d['document']))}  {d['claims']} claim(s)"))
    return "\n".join(lines) + "\n"


TRACE_COLUMNS = table_columns("path/5", "count=claims", "claims=which/4")


def _flat_trace(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": row["source"],
        "path": " > ".join(row["path_names"]),
        "count": row["count"],
        "documents": "; ".join(row["documents"]),
        "claims": "; ".join(row["claims"]),
    }


def trace_command(
    ctx: typer.Context,
    actor: ActorRef,
    downstream: Annotated[
        bool, typer.Option("--downstream", help="Who passed on what this actor said or relayed.")
    ] = False,
    with_affiliates: WithAffiliates = False,
    fmt: FormatOption = Format.table,
) -> None:
    """What reached readers through an actor, grouped by original source (or, --downstream,
    who carried the actor's claims onward); documents it published count as passing on.

    Example: provenance trace presstv
    """
    from provenance.queries.actors import trace

    with reader(ctx) as db:
        result = trace(db, actor, downstream=downstream, with_affiliates=with_affiliates)
    if fmt is Format.json:
        write_json_object(result, stdout())
        return
    render(result["paths"], fmt.value, columns=TRACE_COLUMNS, flatten=_flat_trace)
