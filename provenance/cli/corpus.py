"""The corpus as a whole: ``stats`` and ``sources``."""

from __future__ import annotations

from typing import Any

import typer

from provenance.cli.common import reader, stdout
from provenance.cli.options import (
    DocumentRef,
    Format,
    FormatOption,
    ListingFormat,
    ListingFormatOption,
)
from provenance.output import Style, colour_enabled, render, table_columns, write_json_object
from provenance.visible import visible


def stats_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """An overview: counts, the longest chain, actors by reach, anonymous and state shares.

    Example: provenance stats
    """
    from provenance.queries.overview import stats

    with reader(ctx) as db:
        result = stats(db)
    out = stdout()
    if fmt is Format.json:
        write_json_object(result, out)
        return
    flat = _flat_stats(result)
    if fmt is Format.csv:
        render(flat, "csv", columns=[], csv_columns=["figure", "value"])
        return
    width = max(len(r["figure"]) for r in flat)
    style = Style(colour_enabled(out))
    import textwrap

    from provenance.output import terminal_width

    room = max(20, terminal_width() - width - 2)
    for r in flat:
        lines = textwrap.wrap(visible(str(r["value"])), room, break_on_hyphens=False) or [""]
        out.write(f"{style.dim(r['figure'].ljust(width))}  {lines[0]}\n")
        for more in lines[1:]:
            out.write(" " * (width + 2) + more + "\n")


def _flat_stats(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [
        {"figure": name, "value": result[name]}
        for name in ("documents", "claims", "actors", "relays")
    ]
    rows += [{"figure": f"relations: {t}", "value": n} for t, n in result["relations"].items()]
    rows += [
        {"figure": "claims without relay", "value": result["claims_without_relay"]},
        {"figure": "contradicted claims", "value": result["contradicted_claims"]},
        {
            "figure": "anonymous-source share of claims",
            "value": f"{result['anonymous_source_share']:.1%}",
        },
        {
            "figure": "state-affiliated share of relays",
            "value": f"{result['state_affiliated_relay_share']:.1%}",
        },
    ]
    longest = result["longest_chain"]
    if longest:
        rows.append(
            {
                "figure": "longest chain",
                "value": f"{longest['hops']} hops: {' > '.join(longest['path'])} "
                f"({longest['claim']})",
            }
        )
    for i, a in enumerate(result["top_actors_by_reach"], start=1):
        rows.append({"figure": f"reach #{i}", "value": f"{a['name']} ({a['claims']} claims)"})
    return rows


SOURCE_COLUMNS = table_columns("actor/3", "listed", "originated=made", "relayed", "flag/2")


def sources_command(
    ctx: typer.Context,
    document: DocumentRef,
    fmt: ListingFormatOption = ListingFormat.table,
) -> None:
    """The sources a document lists vs the actors its claims are attributed to.

    Flags a listed source nothing is attributed to (listed_unused) and relays the
    document does not list (unlisted_relay).

    Example: provenance sources al-boukamal-2018-06-10
    """
    from provenance.queries.overview import listed_sources

    with reader(ctx) as db:
        rows = listed_sources(db, document)
    render(rows, fmt.value, columns=SOURCE_COLUMNS)
