"""Questions across the corpus: actors, actor, contradictions, trace, stats, sources."""

from __future__ import annotations

from typing import Any

import typer

from provenance.cli.common import FORMAT_OPTION, Format, reading, stdout
from provenance.output import Column, Style, colour_enabled, render, write_json_object


def register(app: typer.Typer) -> None:
    app.command("actors")(actors_command)
    app.command("actor")(actor_command)
    app.command("contradictions")(contradictions_command)
    app.command("trace")(trace_command)
    app.command("stats")(stats_command)
    app.command("sources")(sources_command)


ACTOR_COLUMNS = [
    Column("key", "actor", weight=3),
    Column("kind", "kind", weight=2),
    Column("originated", "made", width=4),
    Column("relayed", "relayed", width=7),
    Column("contradicted_by_others", "contra'd", width=8),
    Column("contradicting_others", "contra'ing", width=10),
]


def actors_command(
    ctx: typer.Context,
    kind: str = typer.Option(None, "--kind", "-k", help="Only actors of this kind."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Every actor with counts: claims originated, relayed, contradicted by others, contradicting.

    Example: provenance actors --kind news_agency
    """
    from provenance.queries.actors import actor_counts
    from provenance.store.models import ACTOR_KINDS

    if kind is not None and kind not in ACTOR_KINDS:
        raise typer.BadParameter(f"'{kind}' is not one of {', '.join(ACTOR_KINDS)}")
    with reading(ctx) as conn:
        render(actor_counts(conn, kind), fmt.value, columns=ACTOR_COLUMNS)


def actor_command(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="Actor key or alias (OSDH, SOHR, Konashenkov...)."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """One actor: what it originated, what it relayed and from whom, whom it contradicts.

    Example: provenance actor SOHR
    """
    from provenance.queries.actors import actor_record

    with reading(ctx) as conn:
        record = actor_record(conn, key)
    out = stdout()
    if fmt is Format.json:
        write_json_object(record, out)
        return
    if fmt is Format.csv:
        rows = [
            {"actor": record["key"], "role": "originated", "claim": c["claim"], "other": ""}
            for c in record["originated"]
        ]
        rows += [
            {"actor": record["key"], "role": "relayed", "claim": c["claim"], "other": c["from"]}
            for c in record["relayed"]
        ]
        rows += [
            {
                "actor": record["key"],
                "role": "contradicts",
                "claim": c["claim"],
                "other": c["actor"],
            }
            for c in record["contradicts"]
        ]
        rows += [
            {
                "actor": record["key"],
                "role": "contradicted_by",
                "claim": c["claim"],
                "other": c["actor"],
            }
            for c in record["contradicted_by"]
        ]
        render(rows, "csv", columns=[], csv_columns=["actor", "role", "claim", "other"])
        return
    from provenance.cli.render_text import actor_text

    out.write(actor_text(record, Style(colour_enabled(out))))


CONTRADICTION_COLUMNS = [
    Column("claim", "claim", weight=3),
    Column("by", "by", weight=2),
    Column("type", "relation", width=11),
    Column("against", "against claim", weight=3),
    Column("against_actor", "by", weight=2),
]


def _flat_contradiction(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "claim": f"{row['claim']['document']}/{row['claim']['key']}",
        "by": row["by"]["key"],
        "type": row["type"],
        "against": f"{row['against']['document']}/{row['against']['key']}",
        "against_actor": row["against_actor"]["key"],
        "note": row["note"],
    }


def contradictions_command(
    ctx: typer.Context,
    types: list[str] = typer.Option(
        ["contradicts"],
        "--type",
        "-t",
        help="Relation types to list (repeatable): contradicts, retracts, updates, ...",
    ),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """Every contradiction: claim A (by X) contradicts claim B (by Y).

    Example: provenance contradictions --type contradicts --type retracts
    """
    from provenance.cli.render_text import hang
    from provenance.queries.overview import contradictions
    from provenance.store.models import RELATION_TYPES

    bad = [t for t in types if t not in RELATION_TYPES]
    if bad:
        raise typer.BadParameter(f"unknown type {bad[0]!r}; one of {', '.join(RELATION_TYPES)}")
    with reading(ctx) as conn:
        rows = contradictions(conn, types)
        if fmt is Format.table:
            out = stdout()
            style = Style(colour_enabled(out))
            n = 0
            for row in rows:
                flat = _flat_contradiction(row)
                line = (
                    f"{style.key(flat['claim'])} ({style.actor(row['by']['name'])}) "
                    f"{style.bad(row['type'])} {style.key(flat['against'])} "
                    f"({style.actor(row['against_actor']['name'])})"
                )
                out.write(hang(line, indent="") + "\n")
                n += 1
            if not n:
                out.write("(no contradictions)\n")
            return
        render(rows, fmt.value, columns=CONTRADICTION_COLUMNS, flatten=_flat_contradiction)


TRACE_COLUMNS = [
    Column("path", "path", weight=5),
    Column("count", "claims", width=6),
    Column("claims", "which", weight=4),
]


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
    actor: str = typer.Argument(..., help="Actor key or alias."),
    downstream: bool = typer.Option(
        False, "--downstream", help="Who passed on what this actor said or relayed."
    ),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """What reached readers through an actor, grouped by original source (or, --downstream,
    who carried the actor's claims onward).

    Example: provenance trace presstv
    """
    from provenance.queries.actors import trace

    with reading(ctx) as conn:
        result = trace(conn, actor, downstream=downstream)
    if fmt is Format.json:
        write_json_object(result, stdout())
        return
    render(result["paths"], fmt.value, columns=TRACE_COLUMNS, flatten=_flat_trace)


def stats_command(ctx: typer.Context, fmt: Format = FORMAT_OPTION) -> None:
    """An overview: counts, the longest chain, actors by reach, anonymous and state shares.

    Example: provenance stats
    """
    from provenance.queries.overview import stats

    with reading(ctx) as conn:
        result = stats(conn)
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
        lines = textwrap.wrap(str(r["value"]), room, break_on_hyphens=False) or [""]
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


SOURCE_COLUMNS = [
    Column("actor", "actor", weight=3),
    Column("listed", "listed", width=6),
    Column("originated", "made", width=4),
    Column("relayed", "relayed", width=7),
    Column("flag", "flag", weight=2),
]


def sources_command(
    ctx: typer.Context,
    document: str = typer.Argument(..., help="Document key."),
    fmt: Format = FORMAT_OPTION,
) -> None:
    """The sources a document lists vs the actors its claims are attributed to.

    Flags a listed source nothing is attributed to (listed_unused) and relays the
    document does not list (unlisted_relay).

    Example: provenance sources al-boukamal-2018-06-10
    """
    from provenance.queries.overview import listed_sources

    with reading(ctx) as conn:
        rows = listed_sources(conn, document)
    render(rows, fmt.value, columns=SOURCE_COLUMNS)
