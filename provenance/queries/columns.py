"""The public tables' columns, in order, each defined once.

``export csv --table T`` writes these, and so does the listing that shows the same rows as
CSV: ``claims`` (claims, also the ``claim_table`` view), ``chain`` (relays), ``actors``
(actors), ``contradictions`` (relations). A light module: the CLI imports it at start-up.
"""

from __future__ import annotations

CLAIM_TABLE_COLUMNS = (
    "document",
    "key",
    "quote",
    "start",
    "end",
    "statement",
    "kind",
    "cue",
    "originator",
    "chain",
    "contradicted_by",
    "contradicts",
    "originator_name",
    "direct_quote",
    "date",
    "id",
)

#: How an export reads each claims-table column from the ``claim_table`` view, in SQL that
#: both backends and both export paths run: booleans as true/false (SQLite would give 0/1,
#: psycopg True/False).
CLAIM_CELLS_SQL = tuple(
    "CASE WHEN direct_quote THEN 'true' WHEN NOT direct_quote THEN 'false' END"
    if c == "direct_quote"
    else f'"{c}"'
    for c in CLAIM_TABLE_COLUMNS
)
#: The free-text cells a spreadsheet could read as a formula (the chain starts with the
#: originator's name, which is one of them).
CLAIM_TEXT_CELLS = tuple(
    CLAIM_TABLE_COLUMNS.index(c) for c in ("quote", "statement", "cue", "originator_name")
)

#: one row per hop: ``export csv --table relays`` and ``chain --format csv``
RELAY_COLUMNS = ("document", "claim", "chain", "position", "actor", "actor_name", "cue")
#: who an actor is, and what it did: shared by ``actors`` and ``export csv --table actors``
ACTOR_IDENTITY = ("key", "name", "kind", "country", "state_affiliated", "affiliation")
ACTOR_COUNTS = ("originated", "relayed", "contradicted_by_others", "contradicting_others")
ACTOR_COLUMNS = (*ACTOR_IDENTITY, "role", "aliases", *ACTOR_COUNTS, "description")
RELATION_COLUMNS = (
    "from_document",
    "from",
    "type",
    "to_document",
    "to",
    "from_originator",
    "to_originator",
    "note",
)
#: a review's claim and reviewer, and its verdict (the claim JSON and the reviews table)
REVIEW_CLAIM = ("document", "claim", "by")
REVIEW_VERDICT = ("rating", "rating_value", "best", "worst", "url", "date", "declared_in")
REVIEW_COLUMNS = (*REVIEW_CLAIM, *REVIEW_VERDICT)
DOCUMENT_COLUMNS = (
    "key",
    "title",
    "publisher",
    "published",
    "language",
    "url",
    "text_sha256",
    "claims",
    "listed_sources",
)
