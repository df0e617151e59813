"""Listings for data tools: ``--format jsonl`` (one object per line) and ``--format tsv``."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import Cli

from provenance.queries.columns import CLAIM_TABLE_COLUMNS


def test_jsonl_is_the_json_listing_one_object_per_line(multi: Cli) -> None:
    for command in (["claims"], ["actors"], ["sources", "al-boukamal-2018-06-10"]):
        lines = multi.ok(*command, "--format", "jsonl").stdout.splitlines()
        assert [json.loads(line) for line in lines] == multi.json(*command), command
    assert multi.ok("claims", "--search", "zzzz", "-f", "jsonl").stdout == ""


def test_tsv_has_the_csv_columns_and_cells(multi: Cli) -> None:
    for command in (["claims"], ["sources", "al-boukamal-2018-06-10"]):
        tsv = multi.ok(*command, "--format", "tsv").stdout
        rows = list(csv.reader(io.StringIO(multi.ok(*command, "--format", "csv").stdout)))
        lines = [line.split("\t") for line in tsv.split("\n")[:-1]]
        assert [[_unescape(cell) for cell in line] for line in lines] == rows, command
    header = multi.ok("claims", "--search", "zzzz", "-f", "tsv").stdout
    assert header == "\t".join(CLAIM_TABLE_COLUMNS) + "\n"


def _unescape(cell: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m[1], m[1]), cell)


def test_tsv_cells_escape_what_would_break_a_line() -> None:
    from provenance.output import tsv_cell

    assert tsv_cell("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert _unescape(tsv_cell("a\tb\nc\\d\re\\n")) == "a\tb\nc\\d\re\\n"
    assert tsv_cell(["x", None, "y"]) == "x; ; y"
    assert (tsv_cell(None), tsv_cell(True), tsv_cell("=1+1")) == ("", "true", "=1+1")


def test_single_object_commands_keep_their_formats(seeded: Cli) -> None:
    result = seeded("claim", "osdh-daech-took-city", "--format", "jsonl")
    assert result.exit_code == 2
    assert "'jsonl' is not one of 'table', 'json', 'csv'" in result.stderr


def test_a_table_column_spec_says_name_header_and_width_once() -> None:
    from provenance.output import Column, table_columns

    assert table_columns("key=actor/3", "relayed", "type=relation:11", "quote") == [
        Column("key", "actor", weight=3),
        Column("relayed", "relayed", width=7),  # a count: as wide as its header
        Column("type", "relation", width=11),
        Column("quote", "quote", width=5),
    ]
    with pytest.raises(ValueError, match="bad column spec"):
        table_columns("key=actor/")
