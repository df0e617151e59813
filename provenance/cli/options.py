"""Every option and argument of the command line, declared once.

Commands take these ``Annotated`` types, so one flag has one spelling, one short form and
one help text across the whole CLI. Short flags, each with a single meaning:
``-f`` format, ``-d`` document, ``-k`` kind, ``-t`` table, ``-s`` search,
``-n`` limit, ``-o`` output, ``-a`` all, ``-q`` quiet, ``-h`` help. Longer flags whose
short form would clash elsewhere (``--originator``, ``--type``, ``--actor``) have none.

The choices come from :mod:`provenance.store.vocabulary`, which imports nothing, so
``--help`` lists them without loading SQLAlchemy.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

# the data model's choices, re-exported: every option type is importable from here
from provenance.store.vocabulary import ActorKind as ActorKind
from provenance.store.vocabulary import ClaimKind as ClaimKind
from provenance.store.vocabulary import RelationType as RelationType
from provenance.store.vocabulary import Table as Table

MAX_LIMIT = 2**63 - 1  # the largest LIMIT both backends accept


# output formats; the data model's own choices (kinds, types, tables) are imported above
Format = StrEnum("Format", ["table", "json", "csv"])
# a listing also takes the line-per-row formats data tools read (jq, DuckDB, pandas)
ListingFormat = StrEnum("ListingFormat", ["table", "json", "csv", "jsonl", "tsv"])
ProvFormat = StrEnum("ProvFormat", ["json", "provn", "ttl"])
GraphFormat = StrEnum("GraphFormat", ["dot", "mermaid", "svg"])


CLAIM_REF_HELP = "A claim key, DOCUMENT/KEY where a key is ambiguous, or a numeric id."

# -- arguments ----------------------------------------------------------------------

ClaimRef = Annotated[str, typer.Argument(metavar="REF", help=CLAIM_REF_HELP, show_default=False)]
OptionalClaimRef = Annotated[
    str | None, typer.Argument(metavar="REF", help=CLAIM_REF_HELP, show_default=False)
]
ActorRef = Annotated[
    str, typer.Argument(metavar="ACTOR", help="Actor key or alias (OSDH, SOHR, Konashenkov...).")
]
DocumentRef = Annotated[str, typer.Argument(metavar="DOCUMENT", help="Document key.")]
UpgradeTarget = Annotated[str, typer.Argument(help="Target revision (default: the newest).")]
DowngradeTarget = Annotated[
    str, typer.Argument(help="Target revision: -1 (one step), an id, or base.")
]
AnnotationPaths = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH...", help="Annotation files (.yaml, .yml, .json) or folders of them."
    ),
]

# -- output -------------------------------------------------------------------------

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table (for people), json or csv."),
]
ListingFormatOption = Annotated[
    ListingFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table (for people), json, csv, jsonl (one JSON object per line, "
        "streamed) or tsv (tab-separated; tab, newline and backslash escaped as \\t \\n \\\\).",
    ),
]
OutputFile = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (default: stdout).",
        dir_okay=False,
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")]
DropDependentRelations = Annotated[
    bool,
    typer.Option(
        "--drop-dependent-relations",
        help="Let a removed claim take with it the relations other annotations declare on "
        "it, and the reviews (each named on stderr; their files must be imported again). "
        "Refused otherwise.",
    ),
]
DocumentKeys = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[DOCUMENT]...", help="Keys of the documents to remove.", show_default=False
    ),
]
RelationSetKeys = Annotated[
    list[str] | None,
    typer.Option(
        "--relation-set",
        metavar="KEY",
        help="A relations-only annotation to remove (its key:, or its file's name); "
        "repeat for several.",
    ),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Check and say what would go; write nothing."),
]
UpdateActors = Annotated[
    bool,
    typer.Option(
        "--update-actors",
        help="Let the files' actor definitions replace what the database holds for the "
        "fields they set (a corrected country, kind or affiliation; each change named on "
        "stderr; a replaced name stays an alias). Refused otherwise.",
    ),
]
KeepStoredActors = Annotated[
    bool,
    typer.Option(
        "--keep-stored-actors",
        help="Where a file's actor definition differs from what the database holds, keep "
        "the stored values and import the rest (older files after a correction; each "
        "difference named on stderr). Refused otherwise.",
    ),
]

# -- the claim filters (claims, chain, export csv/prov) ------------------------------

DocumentFilter = Annotated[
    str | None,
    typer.Option(
        "--document", "-d", metavar="DOCUMENT", help="Only claims of this document (key)."
    ),
]
OriginatorFilter = Annotated[
    str | None,
    typer.Option(
        "--originator", metavar="ACTOR", help="Only claims made by this actor (key or alias)."
    ),
]
RelayedByFilter = Annotated[
    str | None,
    typer.Option(
        "--relayed-by",
        "--via",
        metavar="ACTOR",
        help="Only claims relayed by this actor anywhere in a chain.",
    ),
]
ClaimKindFilter = Annotated[
    ClaimKind | None, typer.Option("--kind", "-k", help="Only claims of this kind.")
]
ContradictedFilter = Annotated[
    bool | None,
    typer.Option(
        "--contradicted/--uncontested", help="Only claims that are / are not contradicted."
    ),
]
SearchFilter = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-s",
        metavar="TEXT",
        help="Full-text search in quotes and statements (accents, case and plurals folded).",
    ),
]
ReviewedFilter = Annotated[
    bool | None,
    typer.Option(
        "--reviewed/--unreviewed",
        help="Only claims that a fact-checker has / has not reviewed.",
    ),
]
RatingFilter = Annotated[
    str | None,
    typer.Option(
        "--rating",
        metavar="RATING",
        help="Only claims a fact-checker rated so (the rating as written, e.g. Faux).",
    ),
]
LimitFilter = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", metavar="N", min=1, max=MAX_LIMIT, help="At most this many claims."
    ),
]

# -- other lists ---------------------------------------------------------------------

ActorKindFilter = Annotated[
    ActorKind | None, typer.Option("--kind", "-k", help="Only actors of this kind.")
]
RelationLimit = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        metavar="N",
        min=1,
        max=MAX_LIMIT,
        help="At most this many relations, the first in the listing's order.",
    ),
]
RelationTypes = Annotated[
    list[RelationType],
    typer.Option("--type", help="Relation types to list (repeatable)."),
]

# -- across documents (links, story, loops) -------------------------------------------

LinkType = StrEnum("LinkType", ["repeats", "contradicts", "updates"])
LinkFormat = StrEnum("LinkFormat", ["table", "json", "csv", "yaml"])
StoryFormat = StrEnum("StoryFormat", ["table", "json", "csv"])

LinkTypes = Annotated[
    list[LinkType],
    typer.Option("--type", help="Only suggestions of this type (repeatable)."),
]
LinkFormatOption = Annotated[
    LinkFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, json, csv, or yaml (a relations-only provenance/v1 file "
        "to review and import).",
    ),
]
StoryFormatOption = Annotated[
    StoryFormat, typer.Option("--format", "-f", help="Output format: table, json or csv.")
]


def _a_number(value: float) -> float:
    if math.isnan(value):  # passes min= and max=: every comparison with NaN is false
        raise typer.BadParameter("not a number")
    return value


MinScore = Annotated[
    float,
    typer.Option(
        "--min-score",
        metavar="S",
        min=0.0,
        max=1.0,
        callback=_a_number,
        help="Only scores of at least S.",
    ),
]
LinkLimit = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", metavar="N", min=1, max=MAX_LIMIT, help="At most this many suggestions."
    ),
]
LinkDocument = Annotated[
    str | None,
    typer.Option(
        "--document",
        "-d",
        metavar="DOCUMENT",
        help="Only suggestions for claims of this document (key).",
    ),
]
Suggested = Annotated[
    bool,
    typer.Option("--suggested", help="Add suggested repeats (see links) at or above --min-score."),
]
MinOutlets = Annotated[
    int,
    typer.Option(
        "--min-outlets",
        metavar="N",
        min=2,
        help="List single-source claims carried by at least N outlets.",
    ),
]

WithAffiliates = Annotated[
    bool,
    typer.Option(
        "--with-affiliates",
        help="Count what the actor's affiliates (with claims: the --originator's) said "
        "for it, transitively: a director speaks for the NGO.",
    ),
]
