"""Across documents: ``links``, ``story`` and ``loops``."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

import typer

from provenance.cli.common import reading, stdout
from provenance.cli.options import (
    ClaimRef,
    LinkDocument,
    LinkFormat,
    LinkFormatOption,
    LinkLimit,
    LinkTypes,
    MinOutlets,
    MinScore,
    StoryFormat,
    StoryFormatOption,
    Suggested,
)
from provenance.output import Style, colour_enabled, render, table_columns, write_json_object

LINK_COLUMNS = table_columns("score", "type:11", "from/3", "to/3", "why/4")
LINK_CSV = ["from", "to", "type", "score", "words", "numbers", "numbers_changed", "places"]
LINK_CSV += ["actors", "from_date", "to_date", "note"]


def _why_text(row: dict[str, Any]) -> str:
    why = row["why"]
    parts = []
    for label, name in (("numbers", "numbers"), ("places", "places"), ("actors", "actors")):
        if why[name]:
            parts.append(f"{label}: {', '.join(why[name])}")
    if why["numbers_changed"]:
        parts.append(f"changed: {why['numbers_changed']}")
    if why["words"]:
        parts.append(f"words: {', '.join(why['words'])}")
    if row["note"]:
        parts.append(row["note"])
    return "; ".join(parts)


def _flat_link(row: dict[str, Any]) -> dict[str, Any]:
    why = row["why"]
    return {
        "from": row["from"],
        "to": row["to"],
        "type": row["type"],
        "score": f"{row['score']:.3f}",
        "why": _why_text(row),
        "words": "; ".join(why["words"]),
        "numbers": "; ".join(why["numbers"]),
        "numbers_changed": why["numbers_changed"] or "",
        "places": "; ".join(why["places"]),
        "actors": "; ".join(why["actors"]),
        "from_date": why["dates"][0] or "",
        "to_date": why["dates"][1] or "",
        "note": row["note"] or "",
    }


def links_command(
    ctx: typer.Context,
    document: LinkDocument = None,
    types: LinkTypes = [],  # noqa: B006 (Typer reads, never mutates)
    min_score: MinScore = 0.0,
    limit: LinkLimit = None,
    fmt: LinkFormatOption = LinkFormat.table,
) -> None:
    """Suggested relations between claims of different documents, best first.

    Candidates come from the full-text index; the score (0-1) weighs shared numbers and
    places, the originator and chain, and the dates. Pairs already related are left out.
    --format yaml writes a relations-only provenance/v1 file: delete the wrong lines,
    then `provenance import` it.

    Example: provenance links --document afp-2019-03-01 --min-score 0.5
    """
    from provenance.links.suggest import suggest_links

    chosen = [t.value for t in types] if types else None
    with reading(ctx) as conn:
        rows = _primed(
            suggest_links(conn, document=document, types=chosen, min_score=min_score, limit=limit)
        )
        if fmt is LinkFormat.yaml:
            from provenance.links.relations_file import relations_yaml

            stdout().write(relations_yaml(rows))
            return
        flatten = _flat_link if fmt is not LinkFormat.json else None
        render(rows, fmt.value, columns=LINK_COLUMNS, flatten=flatten, csv_columns=LINK_CSV)


def _primed(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows, the first already read: an unknown document is refused before a "[" or a
    header reaches stdout (a JSON reader got a lone "[")."""
    first = next(rows, None)
    return iter(()) if first is None else chain([first], rows)


STORY_COLUMNS = table_columns("date:10", "claim/3", "chain/3", "quote/4", "changes=changed/3")


STORY_CSV = ["date", "claim", "link", "chain", "quote", "changes"]


def _changes(row: dict[str, Any]) -> list[str]:
    return [f"{c['change']}: {c['detail']}" for c in row["changes"]]


def _flat_appearance(row: dict[str, Any]) -> dict[str, Any]:
    claim = row["claim"] if row["link"] == "confirmed" else f"{row['claim']} (suggested)"
    return {
        "date": row["date"] or "",
        "claim": claim,
        "chain": row["chain"],
        "quote": row["quote"],
        "changes": _changes(row),
    }


def story_command(
    ctx: typer.Context,
    ref: ClaimRef,
    suggested: Suggested = False,
    min_score: MinScore = 0.6,
    fmt: StoryFormatOption = StoryFormat.table,
) -> None:
    """A claim in every document that carries it, in date order, and what changed.

    Its confirmed repeats (and, with --suggested, likely ones): publisher, chain as
    printed, quote; then another originator, a dropped hop, other numbers, other hedging.

    Example: provenance story revue-presse-2019-03-04/trucks
    """
    from provenance.links.story import story

    with reading(ctx) as conn:
        result = story(conn, ref, suggested=suggested, min_score=min_score)
    out = stdout()
    if fmt is StoryFormat.json:
        write_json_object(result, out)
        return
    if fmt is StoryFormat.csv:  # one row an appearance, in date order
        rows = [{**row, "changes": "; ".join(_changes(row))} for row in result["appearances"]]
        render(rows, "csv", columns=[], csv_columns=STORY_CSV, out=out)
        return
    style = Style(colour_enabled(out))
    out.write(style.bold(f"Story of {result['claim']}") + f" (first: {result['first']})\n")
    render(result["appearances"], "table", columns=STORY_COLUMNS, flatten=_flat_appearance)
    hands = ", ".join(f"{a['actor']} ({a['appearances']})" for a in result["amplifiers"])
    out.write(f"Amplified by: {hands or 'nobody'}\n")


LOOP_COLUMNS = table_columns("outlets=loop/2", "claims/5")
SINGLE_COLUMNS = table_columns(
    "originator=single source/2", "count=outlets", "outlets=which/3", "story=first/3"
)


LOOPS_CSV = ["finding", "outlets", "claims", "originator", "count", "story"]


def _loop_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """``loops --format csv``: a row a loop (its outlets in order, back to the first) and
    a row a single-source claim (its originator, how many outlets, which, where first)."""
    loops = [
        {
            "finding": "loop",
            "outlets": "; ".join([*r["outlets"], r["outlets"][0]]),
            "claims": "; ".join(sorted({c for step in r["credits"] for c in step["claims"]})),
        }
        for r in result["loops"]
    ]
    single = [
        {
            "finding": "single_source",
            "outlets": "; ".join(r["outlets"]),
            "originator": r["originator"]["key"],
            "count": r["count"],
            "story": r["story"],
        }
        for r in result["single_source"]
    ]
    return loops + single


def loops_command(
    ctx: typer.Context,
    min_outlets: MinOutlets = 3,
    fmt: StoryFormatOption = StoryFormat.table,
) -> None:
    """Citation loops across documents, and claims carried by many outlets from one source.

    A loop: outlet A's copy credits B, and B's copy of the same claim credits A.

    Example: provenance loops --min-outlets 5
    """
    from provenance.links.loops import loops

    with reading(ctx) as conn:
        result = loops(conn, min_outlets=min_outlets)
    out = stdout()
    if fmt is StoryFormat.json:
        write_json_object(result, out)
        return
    if fmt is StoryFormat.csv:  # both lists in one table, told apart by their first column
        render(_loop_rows(result), "csv", columns=[], csv_columns=LOOPS_CSV, out=out)
        return
    style = Style(colour_enabled(out))
    out.write(style.bold("Citation loops") + "\n")
    render(
        [
            {
                "outlets": " > ".join([*r["outlets"], r["outlets"][0]]),
                "claims": sorted({c for step in r["credits"] for c in step["claims"]}),
            }
            for r in result["loops"]
        ],
        "table",
        columns=LOOP_COLUMNS,
    )
    out.write("\n" + style.bold(f"Single source, {min_outlets} outlets or more") + "\n")
    render(
        [
            {
                "originator": f"{r['originator']['name']} ({r['originator']['kind']})",
                "count": r["count"],
                "outlets": r["outlets"],
                "story": r["story"],
            }
            for r in result["single_source"]
        ],
        "table",
        columns=SINGLE_COLUMNS,
    )
