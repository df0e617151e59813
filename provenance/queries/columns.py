"""The columns of the claims table, in order: the ``claim_table`` view, ``export csv`` and
``claims --format csv`` all write these (a light module: the CLI imports it at start-up)."""

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
