"""Bad and hostile annotation files: refused with one clear line each, and nothing written.

Every case imports into a database that already holds the seed article, so "nothing
written" is a real check: the whole database (every row of every table) is compared
before and after. The database is created once per backend for this module: a case that
wrongly wrote something would also show up in every later case.

A case asserts exit code 1, a SystemExit (an escaped exception would be a bug, not bad
input), no traceback, nothing on stdout, the exact ``Error: FILE: PLACE: message`` lines
on stderr followed by the count line, and the unchanged snapshot. Every case is run
through ``validate`` and through ``import``, whose stderr must be identical: they run the
same checks, and differ only in where references between documents wait for the end.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import PG_ENV, ROOT, SEEDS, Cli, db_snapshot, pg_schema_url, refused
from typer.testing import CliRunner

MiB = 1024 * 1024
BAD = Path(__file__).resolve().parent / "data" / "bad"

TEXT = (
    "Le porte-parole a déclaré que la ville était calme. "
    "Selon Tasnim, l'armée a repoussé l'attaque. "
    "Un habitant confirme : la ville était calme. Fin."
)
FIN = TEXT.index("Fin")

#: A valid annotation that uses actors of the seed (presstv, tasnim, afp, syrian-army)
#: and relates a claim to one of the seed's, so references to the database are exercised.
BASE: dict[str, Any] = {
    "format": "provenance/v1",
    "document": {
        "key": "bad-doc",
        "title": "Un article",
        "text": TEXT,
        "language": "fr",
        "published": "2018-06-11",
        "publisher": "presstv",
        "listed_sources": ["tasnim", "afp"],
    },
    "actors": [
        {"key": "spokesman", "name": "Porte-parole", "kind": "person", "affiliation": "syrian-army"}
    ],
    "claims": [
        {
            "key": "calm",
            "quote": "la ville était calme",
            "occurrence": 1,
            "originator": "spokesman",
            "date": "2018-06-10",
            "chain": [{"actor": "tasnim", "cue": "Selon Tasnim"}, {"actor": "presstv"}],
        },
        {
            "key": "repelled",
            "quote": "l'armée a repoussé l'attaque",
            "kind": "assertion",
            "originator": "syrian-army",
            "chain": ["tasnim"],
        },
        {
            "key": "end-note",
            "quote": "Fin",
            "start": FIN,
            "end": FIN + 3,
            "originator": "spokesman",
        },
    ],
    "relations": [
        {"from": "repelled", "type": "supports", "to": "calm"},
        {
            "from": "calm",
            "type": "contradicts",
            "to": "al-boukamal-2018-06-10/osdh-daech-took-city",
        },
    ],
}


def as_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def variant(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    """A deep copy of BASE, edited in place by ``change``."""
    data = copy.deepcopy(BASE)
    change(data)
    return data


def claim(i: int, **fields: Any) -> Callable[[dict[str, Any]], Any]:
    return lambda d: d["claims"][i].update(fields)


def drop(*path: str | int) -> Callable[[dict[str, Any]], Any]:
    def change(d: dict[str, Any]) -> None:
        target: Any = d
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return change


def doc(**fields: Any) -> Callable[[dict[str, Any]], Any]:
    return lambda d: d["document"].update(fields)


def rel(i: int, **fields: Any) -> Callable[[dict[str, Any]], Any]:
    return lambda d: d["relations"][i].update(fields)


def actor(i: int, **fields: Any) -> Callable[[dict[str, Any]], Any]:
    return lambda d: d["actors"][i].update(fields)


def text_file(name: str) -> Callable[[dict[str, Any]], Any]:
    def change(d: dict[str, Any]) -> None:
        del d["document"]["text"]
        d["document"]["text_file"] = name

    return change


Files = dict[str, str | bytes]


def relate(*targets: str) -> Callable[[dict[str, Any]], Any]:
    """Add relations from claim 'calm' to each target, after the two BASE has."""
    return lambda d: d["relations"].extend(
        {"from": "calm", "type": "supports", "to": target} for target in targets
    )


def second_document(change: Callable[[dict[str, Any]], Any] = lambda d: None) -> str:
    """Another document of the run, 'doc-2': BASE's claims and one more, 'sunrise'."""

    def edit(d: dict[str, Any]) -> None:
        d["document"]["key"] = "doc-2"
        d["claims"].append(
            {"key": "sunrise", "quote": "Fin", "start": FIN, "end": FIN + 3, "originator": "afp"}
        )
        change(d)

    return as_yaml(variant(edit))


def yaml_of(change: Callable[[dict[str, Any]], Any], name: str = "bad.yaml") -> Files:
    return {name: as_yaml(variant(change))}


def json_of(change: Callable[[dict[str, Any]], Any], name: str = "bad.json") -> Files:
    return {name: as_json(variant(change))}


# -- the cases --------------------------------------------------------------------------
#
# (id, files to write, the paths to import, the exact problem lines expected)

_GOOD_YAML = as_yaml(BASE)
_GOOD_JSON = as_json(BASE)
_BAD_BYTE_AT = _GOOD_YAML.encode().index(b"Porte-parole")

CASES: list[tuple[str, Files, list[str], list[str]]] = [
    # -- not an annotation at all --------------------------------------------------------
    ("empty-yaml", {"bad.yaml": ""}, ["bad.yaml"], ["bad.yaml: file is empty"]),
    ("empty-json", {"bad.json": ""}, ["bad.json"], ["bad.json: file is empty"]),
    ("blank-yaml", {"bad.yaml": "\n  \n\t\n"}, ["bad.yaml"], ["bad.yaml: file is empty"]),
    ("comments-only", {"bad.yaml": "# to do\n"}, ["bad.yaml"], ["bad.yaml: file is empty"]),
    (
        "not-yaml",
        {"bad.yaml": "format: provenance/v1\nactors: [unclosed\n"},
        ["bad.yaml"],
        [
            "bad.yaml: not valid YAML (line 3, column 1): did not find expected ',' or ']'",
        ],
    ),
    (
        "not-yaml-tab-indent",
        {"bad.yaml": "format: provenance/v1\nactors:\n\t- key: a\n"},
        ["bad.yaml"],
        [
            "bad.yaml: not valid YAML (line 3, column 1): "
            "found character that cannot start any token",
        ],
    ),
    (
        "not-json",
        {"bad.json": '{"format": "provenance/v1" "actors": []}'},
        ["bad.json"],
        ["bad.json: not valid JSON: Expecting ',' delimiter (line 1, column 28)"],
    ),
    (
        "yaml-in-a-json-file",
        {"bad.json": _GOOD_YAML},
        ["bad.json"],
        ["bad.json: not valid JSON: Expecting value (line 1, column 1)"],
    ),
    (
        "invalid-utf8",
        {
            "bad.yaml": _GOOD_YAML.encode()[:_BAD_BYTE_AT]
            + b"\xff"
            + _GOOD_YAML.encode()[_BAD_BYTE_AT:]
        },
        ["bad.yaml"],
        [f"bad.yaml: file is not valid UTF-8 (byte 0xff at offset {_BAD_BYTE_AT})"],
    ),
    (
        "utf16",
        {"bad.yaml": _GOOD_YAML.encode("utf-16")},
        ["bad.yaml"],
        ["bad.yaml: file is not valid UTF-8 (byte 0xff at offset 0)"],
    ),
    (
        "binary-json",
        {"bad.json": bytes(range(256))},
        ["bad.json"],
        ["bad.json: file is not valid UTF-8 (byte 0x80 at offset 128)"],
    ),
    (
        "top-level-list",
        {"bad.yaml": "- format: provenance/v1\n- actors: []\n"},
        ["bad.yaml"],
        [
            "bad.yaml: expected a mapping (format:, document:, actors:, claims:) at the "
            "top level, got a list"
        ],
    ),
    (
        "top-level-list-json",
        {"bad.json": json.dumps([BASE])},
        ["bad.json"],
        [
            "bad.json: expected a mapping (format:, document:, actors:, claims:) at the "
            "top level, got a list"
        ],
    ),
    (
        "top-level-string",
        {"bad.yaml": "just a sentence\n"},
        ["bad.yaml"],
        [
            "bad.yaml: expected a mapping (format:, document:, actors:, claims:) at the "
            "top level, got a string"
        ],
    ),
    # -- shape -------------------------------------------------------------------------
    (
        "format-only",
        {"bad.yaml": "format: provenance/v1\n"},
        ["bad.yaml"],
        ["bad.yaml: nothing to import: the file has no document:, actors: or relations:"],
    ),
    (
        "missing-format",
        yaml_of(drop("format")),
        ["bad.yaml"],
        ["bad.yaml: format: required field missing"],
    ),
    (
        "claims-without-document",
        yaml_of(drop("document")),
        ["bad.yaml"],
        ["bad.yaml: claims need a document: section"],
    ),
    (
        "missing-document-key",
        yaml_of(drop("document", "key")),
        ["bad.yaml"],
        ["bad.yaml: document.key: required field missing"],
    ),
    (
        "missing-originator",
        yaml_of(drop("claims", 1, "originator")),
        ["bad.yaml"],
        ["bad.yaml: claims[1].originator: required field missing"],
    ),
    (
        "missing-text",
        yaml_of(drop("document", "text")),
        ["bad.yaml"],
        ["bad.yaml: document: give exactly one of text_file (a path) or text (inline)"],
    ),
    (
        "wrong-format-version",
        yaml_of(lambda d: d.update(format="provenance/v2")),
        ["bad.yaml"],
        [
            "bad.yaml: format: unsupported format 'provenance/v2' "
            "(this version reads 'provenance/v1')"
        ],
    ),
    (
        "format-is-a-number",
        yaml_of(lambda d: d.update(format=1)),
        ["bad.yaml"],
        ["bad.yaml: format: expected a string, got 1"],
    ),
    (
        "unknown-top-level-field",
        yaml_of(lambda d: d.update(claim=[])),
        ["bad.yaml"],
        ["bad.yaml: unknown field 'claim' (did you mean 'claims'?)"],
    ),
    (
        "unknown-document-field",
        yaml_of(doc(publshed="2018-06-11")),
        ["bad.yaml"],
        ["bad.yaml: document: unknown field 'publshed' (did you mean 'published'?)"],
    ),
    (
        "unknown-hop-field",
        yaml_of(lambda d: d["claims"][0]["chain"][1].update(cues="rapporte")),
        ["bad.yaml"],
        ["bad.yaml: claims[0].chain[1]: unknown field 'cues' (did you mean 'cue'?)"],
    ),
    (
        "misspelt-claim-field",
        yaml_of(lambda d: d["claims"][1].update(orginator=d["claims"][1].pop("originator"))),
        ["bad.yaml"],
        [
            "bad.yaml: claims[1].originator: required field missing",
            "bad.yaml: claims[1]: unknown field 'orginator' (did you mean 'originator'?)",
        ],
    ),
    (
        "unknown-field-json",
        json_of(rel(0, too="calm")),
        ["bad.json"],
        ["bad.json: relations[0]: unknown field 'too' (did you mean 'to'?)"],
    ),
    (
        "wrong-type",
        yaml_of(claim(0, chain="tasnim")),
        ["bad.yaml"],
        ["bad.yaml: claims[0].chain: expected a list, got str"],
    ),
    (
        "occurrence-not-a-number",
        yaml_of(claim(0, occurrence="first")),
        ["bad.yaml"],
        ["bad.yaml: claims[0].occurrence: expected a whole number, got 'first'"],
    ),
    # -- dangling references -------------------------------------------------------------
    (
        "unknown-originator",
        yaml_of(claim(0, originator="spokesmn")),
        ["bad.yaml"],
        ["bad.yaml: claims[0].originator: unknown actor 'spokesmn' (did you mean 'spokesman'?)"],
    ),
    (
        "unknown-hop-actor",
        yaml_of(lambda d: d["claims"][0]["chain"][1].update(actor="presstvv")),
        ["bad.yaml"],
        ["bad.yaml: claims[0].chain[1].actor: unknown actor 'presstvv' (did you mean 'presstv'?)"],
    ),
    (
        "unknown-publisher",
        yaml_of(doc(publisher="press-tv")),
        ["bad.yaml"],
        ["bad.yaml: document.publisher: unknown actor 'press-tv' (did you mean 'presstv'?)"],
    ),
    (
        "unknown-listed-source",
        yaml_of(doc(listed_sources=["tasnim", "a.f.p"])),
        ["bad.yaml"],
        ["bad.yaml: document.listed_sources[1]: unknown actor 'a.f.p' (did you mean 'afp'?)"],
    ),
    (
        "unknown-affiliation",
        yaml_of(actor(0, affiliation="syrian-armee")),
        ["bad.yaml"],
        [
            "bad.yaml: actors[0].affiliation: unknown actor 'syrian-armee' "
            "(did you mean 'syrian-army'?)"
        ],
    ),
    (
        "unknown-relation-from",
        yaml_of(rel(0, **{"from": "repeled"})),
        ["bad.yaml"],
        ["bad.yaml: relations[0].from: unknown claim 'repeled' (did you mean 'repelled'?)"],
    ),
    (
        "unknown-relation-to",
        yaml_of(rel(0, to="quiet")),
        ["bad.yaml"],
        ["bad.yaml: relations[0].to: unknown claim 'quiet'"],
    ),
    (
        "relation-to-unknown-document",
        yaml_of(rel(1, to="al-boukamal-2018-06-11/osdh-daech-took-city")),
        ["bad.yaml"],
        [
            "bad.yaml: relations[1].to: unknown document 'al-boukamal-2018-06-11' in claim "
            "reference 'al-boukamal-2018-06-11/osdh-daech-took-city'"
        ],
    ),
    (
        "relation-to-unknown-claim-of-stored-document",
        yaml_of(rel(1, to="al-boukamal-2018-06-10/osdh-daech-took-town")),
        ["bad.yaml"],
        [
            "bad.yaml: relations[1].to: unknown claim 'osdh-daech-took-town' in document "
            "'al-boukamal-2018-06-10' (did you mean "
            "'al-boukamal-2018-06-10/osdh-daech-took-city'?)"
        ],
    ),
    (
        "unknown-originator-json",
        json_of(claim(1, originator="Syrian Arab Army")),
        ["bad.json"],
        [
            "bad.json: claims[1].originator: 'Syrian Arab Army' is not a valid key "
            "(letters, digits, '.', '_', ':' or '-', not starting with punctuation)"
        ],
    ),
    # -- duplicates and conflicts --------------------------------------------------------
    (
        "duplicate-actor-key",
        yaml_of(lambda d: d["actors"].append(dict(d["actors"][0]))),
        ["bad.yaml"],
        ["bad.yaml: actors[1].key: duplicate actor key 'spokesman'"],
    ),
    (
        "duplicate-claim-key",
        yaml_of(claim(2, key="calm")),
        ["bad.yaml"],
        ["bad.yaml: claims[2].key: duplicate claim key 'calm'"],
    ),
    (
        "duplicate-document-across-files",
        {"a.yaml": _GOOD_YAML, "b.yaml": _GOOD_JSON.replace("Un article", "Autre titre")},
        ["a.yaml", "b.yaml"],
        ["b.yaml: document.key: document 'bad-doc' is also defined in a.yaml"],
    ),
    (
        "duplicate-yaml-mapping-key",
        {
            "bad.yaml": "format: provenance/v1\nactors:\n  - key: a\n    name: A\n    name: B\n"
            "    kind: person\n"
        },
        ["bad.yaml"],
        [
            "bad.yaml: key 'name' is given twice in one mapping (lines 4 and 5); "
            "YAML would silently keep only the last"
        ],
    ),
    (
        "duplicate-json-object-key",
        {"bad.json": _GOOD_JSON.replace('"key": "calm",', '"key": "calm", "key": "quiet",')},
        ["bad.json"],
        [
            "bad.json: key 'key' is given twice in one object; "
            "JSON readers would silently keep only the last"
        ],
    ),
    (
        "actor-redefined-in-another-file",
        {
            "a.yaml": _GOOD_YAML,
            "b.yaml": as_yaml(
                {
                    "format": "provenance/v1",
                    "actors": [{"key": "spokesman", "name": "Porte-parole", "kind": "military"}],
                }
            ),
        },
        ["a.yaml", "b.yaml"],
        [
            "b.yaml: actors[0]: actor 'spokesman' is defined differently in a.yaml: "
            "kind 'person' (there) vs 'military' (here)"
        ],
    ),
    (
        "actor-differs-from-database",
        yaml_of(
            lambda d: d["actors"].append(
                {"key": "tasnim", "name": "Tasnim News", "kind": "broadcaster", "country": "IR"}
            )
        ),
        ["bad.yaml"],
        [
            "bad.yaml: actors[1]: actor 'tasnim' differs from the database: "
            "kind 'news_agency' (database) vs 'broadcaster' (here) "
            "(edit the file to agree, or import with --update-actors to replace the stored values, "
            "or with --keep-stored-actors to keep them)"
        ],
    ),
    # -- quotes and offsets --------------------------------------------------------------
    (
        "quote-not-in-text",
        yaml_of(claim(0, quote="la ville était tranquille", occurrence=None)),
        ["bad.yaml"],
        [
            "bad.yaml: claims[0].quote: quote 'la ville était tranquille' not found in the "
            "document text"
        ],
    ),
    (
        "quote-with-typographic-apostrophe",
        yaml_of(claim(1, quote="l’armée a repoussé l’attaque")),
        ["bad.yaml"],
        [
            "bad.yaml: claims[1].quote: quote 'l’armée a repoussé l’attaque' not found in the "
            "document text (it matches if apostrophes, guillemets or spaces are ignored: "
            "copy the text exactly)"
        ],
    ),
    (
        "quote-ambiguous",
        yaml_of(drop("claims", 0, "occurrence")),
        ["bad.yaml"],
        [
            "bad.yaml: claims[0].quote: quote 'la ville était calme' occurs 2 times in the "
            "document text; add occurrence: 1..2 (or start/end)"
        ],
    ),
    (
        "occurrence-too-large",
        yaml_of(claim(0, occurrence=3)),
        ["bad.yaml"],
        [
            "bad.yaml: claims[0].occurrence: occurrence 3 asked, but the quote occurs 2 "
            "time(s) in the document text"
        ],
    ),
    (
        "occurrence-zero",
        yaml_of(claim(0, occurrence=0)),
        ["bad.yaml"],
        ["bad.yaml: claims[0].occurrence: Input should be greater than or equal to 1 (got 0)"],
    ),
    (
        "offsets-past-the-end",
        yaml_of(claim(2, start=FIN, end=FIN + 300)),
        ["bad.yaml"],
        [
            f"bad.yaml: claims[2].end: offset {FIN + 300} is past the end of the text "
            f"({len(TEXT)} characters)"
        ],
    ),
    (
        "offsets-not-the-quote",
        yaml_of(claim(2, start=0, end=3)),
        ["bad.yaml"],
        ["bad.yaml: claims[2].start: offsets 0-3 hold 'Le', not the quote 'Fin'"],
    ),
    (
        "offsets-reversed",
        yaml_of(claim(2, start=FIN + 3, end=FIN)),
        ["bad.yaml"],
        [f"bad.yaml: claims[2]: end ({FIN}) must be greater than start ({FIN + 3})"],
    ),
    (
        "offset-negative",
        yaml_of(claim(2, start=-1)),
        ["bad.yaml"],
        ["bad.yaml: claims[2].start: Input should be greater than or equal to 0 (got -1)"],
    ),
    (
        "offsets-and-occurrence",
        yaml_of(claim(2, occurrence=1)),
        ["bad.yaml"],
        ["bad.yaml: claims[2]: give either occurrence or start/end, not both"],
    ),
    (
        "quote-not-in-text-json",
        json_of(claim(1, quote="l'armée a repoussé l'offensive")),
        ["bad.json"],
        [
            "bad.json: claims[1].quote: quote \"l'armée a repoussé l'offensive\" not found in "
            "the document text"
        ],
    ),
    # -- dates ---------------------------------------------------------------------------
    (
        "impossible-date",
        yaml_of(claim(0, date="2018-02-30")),
        ["bad.yaml"],
        [
            "bad.yaml: claims[0].date: '2018-02-30' is not a valid date (YYYY-MM-DD): "
            "day value is outside expected range"
        ],
    ),
    (
        "impossible-month-json",
        json_of(doc(published="2018-13-01")),
        ["bad.json"],
        [
            "bad.json: document.published: '2018-13-01' is not a valid date (YYYY-MM-DD): "
            "month value is outside expected range of 1-12"
        ],
    ),
    (
        "date-as-a-number",
        yaml_of(claim(0, date=20180610)),
        ["bad.yaml"],
        ["bad.yaml: claims[0].date: expected a date as YYYY-MM-DD, got 20180610"],
    ),
    (
        "claim-after-publication",
        yaml_of(claim(0, date="2018-06-12")),
        ["bad.yaml"],
        [
            "bad.yaml: claims[0].date: claim dated 2018-06-12 is after the document's "
            "publication date 2018-06-11"
        ],
    ),
    # -- enumerations --------------------------------------------------------------------
    (
        "unknown-claim-kind",
        yaml_of(claim(1, kind="accusaton")),
        ["bad.yaml"],
        [
            "bad.yaml: claims[1].kind: 'accusaton' is not one of: assertion, accusation, "
            "denial, prediction, observation, retraction, attribution, other "
            "(did you mean 'accusation'?)"
        ],
    ),
    (
        "unknown-actor-kind-json",
        json_of(actor(0, kind="persn")),
        ["bad.json"],
        [
            "bad.json: actors[0].kind: 'persn' is not one of: person, news_agency, "
            "broadcaster, newspaper, website, government_body, military, armed_group, ngo, "
            "anonymous_source, other (did you mean 'person'?)"
        ],
    ),
    (
        "unknown-relation-type",
        yaml_of(rel(0, type="contradict")),
        ["bad.yaml"],
        [
            "bad.yaml: relations[0].type: 'contradict' is not one of: contradicts, supports, "
            "repeats, retracts, updates (did you mean 'contradicts'?)"
        ],
    ),
    (
        "unknown-country",
        yaml_of(actor(0, country="Syria")),
        ["bad.yaml"],
        [
            "bad.yaml: actors[0].country: 'Syria' is not an ISO 3166-1 alpha-2 country code "
            "(e.g. SY, IR)"
        ],
    ),
    # -- relations and chains that loop ----------------------------------------------------
    (
        "self-relation",
        yaml_of(rel(0, to="repelled")),
        ["bad.yaml"],
        ["bad.yaml: relations[0]: claim 'repelled' is related to itself (supports)"],
    ),
    (
        "self-relation-qualified",
        yaml_of(rel(0, to="bad-doc/repelled")),
        ["bad.yaml"],
        ["bad.yaml: relations[0]: claim 'repelled' is related to itself (supports)"],
    ),
    (
        "chain-loops",
        yaml_of(claim(0, chain=["tasnim", "presstv", "tasnim"])),
        ["bad.yaml"],
        [
            "bad.yaml: claims[0].chain[2].actor: relay chain loops back on itself: 'tasnim' "
            "appears twice (spokesman > tasnim > presstv > tasnim)"
        ],
    ),
    (
        "chain-back-to-originator",
        yaml_of(claim(1, chain=["tasnim", "syrian-army"])),
        ["bad.yaml"],
        [
            "bad.yaml: claims[1].chain[1].actor: relay chain loops back on itself: "
            "'syrian-army' appears twice (syrian-army > tasnim > syrian-army)"
        ],
    ),
    (
        "affiliation-cycle",
        yaml_of(
            lambda d: d["actors"].extend(
                [
                    {"key": "x-unit", "name": "X", "kind": "military", "affiliation": "y-unit"},
                    {"key": "y-unit", "name": "Y", "kind": "military", "affiliation": "x-unit"},
                ]
            )
        ),
        ["bad.yaml"],
        [
            "bad.yaml: actors[1].affiliation: affiliations form a cycle: "
            "x-unit -> y-unit -> x-unit",
            "bad.yaml: actors[2].affiliation: affiliations form a cycle: "
            "y-unit -> x-unit -> y-unit",
        ],
    ),
    # -- strings no database can store -----------------------------------------------------
    (
        "nul-character-json",
        json_of(claim(0, statement="calme\u0000plat")),
        ["bad.json"],
        [
            "bad.json: claims[0].statement: contains a NUL character (\\u0000), "
            "which cannot be stored"
        ],
    ),
    (
        "unpaired-surrogate-json",
        {"bad.json": _GOOD_JSON.replace('"Un article"', '"Un \\ud800 article"')},
        ["bad.json"],
        [
            "bad.json: document.title: contains an unpaired surrogate (\\ud800), "
            "which is not valid Unicode"
        ],
    ),
    (
        "line-breaks-in-quoted-values",
        {
            "bad.yaml": 'format: "a\\nb\\x1e"\n'
            'actors: [{key: a, name: A, kind: person, "x\\ty": 1}]\n'
        },
        ["bad.yaml"],
        [
            "bad.yaml: format: unsupported format 'a\\nb\\x1e' (this version reads "
            "'provenance/v1')",
            "bad.yaml: actors[0]: unknown field 'x\\ty'",
        ],
    ),
    # -- text files -------------------------------------------------------------------------
    (
        "text-file-missing",
        yaml_of(text_file("missing.txt")),
        ["bad.yaml"],
        ["bad.yaml: document.text_file: text file missing.txt not found"],
    ),
    (
        "text-file-empty",
        {**yaml_of(text_file("empty.txt")), "empty.txt": "\n"},
        ["bad.yaml"],
        ["bad.yaml: document.text_file: text file empty.txt is empty"],
    ),
    (
        "text-file-invalid-utf8",
        {**yaml_of(text_file("latin1.txt")), "latin1.txt": TEXT.encode("latin-1")},
        ["bad.yaml"],
        [
            "bad.yaml: document.text_file: text file latin1.txt is not valid UTF-8 "
            f"(byte 0xe9 at offset {TEXT.index('é')})"
        ],
    ),
    (
        "text-file-with-nul",
        {**yaml_of(text_file("nul.txt")), "nul.txt": TEXT.encode() + b"\x00\x00"},
        ["bad.yaml"],
        [
            "bad.yaml: document.text_file: text file nul.txt contains a NUL character at "
            f"offset {len(TEXT)} (a binary file?)"
        ],
    ),
    (
        "text-file-is-a-device",
        yaml_of(text_file("/dev/zero")),
        ["bad.yaml"],
        ["bad.yaml: document.text_file: text file /dev/zero is not a regular file"],
    ),
    # -- references between documents of one run ---------------------------------------------
    (
        "mistyped-reference-to-a-later-document",
        {"a.yaml": as_yaml(variant(relate("doc-2/calmm", "quiet"))), "b.yaml": second_document()},
        ["a.yaml", "b.yaml"],
        [
            "a.yaml: relations[2].to: unknown claim 'calmm' in document 'doc-2' "
            "(did you mean 'doc-2/calm'?)",
            "a.yaml: relations[3].to: unknown claim 'quiet'",
        ],
    ),
    (
        "mistyped-reference-to-an-earlier-document",
        {"a.yaml": as_yaml(variant(relate("doc-2/calmm", "quiet"))), "b.yaml": second_document()},
        ["b.yaml", "a.yaml"],
        [
            "a.yaml: relations[2].to: unknown claim 'calmm' in document 'doc-2' "
            "(did you mean 'doc-2/calm'?)",
            "a.yaml: relations[3].to: unknown claim 'quiet'",
        ],
    ),
    (
        "reference-to-a-claim-of-another-document-unqualified",
        {"a.yaml": as_yaml(variant(relate("sunrise"))), "b.yaml": second_document()},
        ["a.yaml", "b.yaml"],
        [
            "a.yaml: relations[2].to: unknown claim 'sunrise' "
            "(it is in document 'doc-2': write 'doc-2/sunrise')"
        ],
    ),
    (
        "reference-into-a-document-with-problems-of-its-own",
        {
            "a.yaml": as_yaml(variant(relate("doc-2/calmm"))),
            "b.yaml": second_document(claim(0, quote="introuvable", occurrence=None)),
        },
        ["a.yaml", "b.yaml"],
        [
            "b.yaml: claims[0].quote: quote 'introuvable' not found in the document text",
        ],
    ),
]


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Any]]:
    """One database per backend holding the seed, and its snapshot; shared by the module.

    Sharing is safe exactly because every case must leave the database unchanged.
    """
    schema: Iterator[str] | None = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('bad-input') / 'seeded.db'}"
    else:
        database = request.getfixturevalue("pg_database")
        if database is None:
            pytest.skip(f"{PG_ENV} not set")
        schema = pg_schema_url(database)
        url = next(schema)
    Cli(CliRunner(), url).ok("import", str(SEEDS))
    yield url, db_snapshot(url)
    if schema is not None:
        next(schema, None)  # drops the schema


Reject = Callable[..., list[str]]


@pytest.fixture
def reject(seeded_db: tuple[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reject:
    """Validate, then import, ``paths`` (relative to a fresh folder): the problem lines.

    Asserts everything a refused import promises, and that ``validate`` said exactly the
    same, so each test only states its problems.
    """
    url, before = seeded_db
    work = tmp_path / "in"
    work.mkdir()
    monkeypatch.chdir(work)

    def run(*paths: str) -> list[str]:
        found = refused(url, *paths)
        assert db_snapshot(url) == before  # and as it was before every case of the module
        return found

    return run


def write(folder: Path, files: Files) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


# -- tests ------------------------------------------------------------------------------------


def test_the_base_annotation_is_valid(seeded_db: tuple[str, Any], tmp_path: Path) -> None:
    """Every case below breaks one thing of an annotation that is otherwise importable."""
    url, before = seeded_db
    write(tmp_path, {"good.yaml": _GOOD_YAML, "good.json": _GOOD_JSON.replace("bad-doc", "b2")})
    result = Cli(CliRunner(), url)("validate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 2 files, 2 document(s), 6 claims")
    assert db_snapshot(url) == before


@pytest.mark.parametrize(
    ("files", "paths", "expected"),
    [pytest.param(files, paths, expected, id=name) for name, files, paths, expected in CASES],
)
def test_bad_input_is_refused(
    reject: Reject, files: Files, paths: list[str], expected: list[str]
) -> None:
    write(Path.cwd(), files)
    assert reject(*paths) == expected


@pytest.mark.parametrize(
    ("files", "paths", "expected"),
    [pytest.param(files, paths, expected, id=name) for name, files, paths, expected in CASES],
)
def test_bad_input_is_refused_alike_when_files_are_read_twice(
    reject: Reject,
    files: Files,
    paths: list[str],
    expected: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a run too large to keep its parsed files between the two passes reads them again:
    # the same problems, in the same order
    monkeypatch.setattr("provenance.ingest.survey._REPARSE_ABOVE", -1)
    write(Path.cwd(), files)
    assert reject(*paths) == expected


def test_text_file_that_is_a_directory(reject: Reject) -> None:
    # tests run as root in CI, where chmod 000 cannot make a file unreadable; a folder
    # in place of the file exercises the same "exists but cannot be read" path.
    Path("text.txt").mkdir()
    write(Path.cwd(), yaml_of(text_file("text.txt")))
    assert reject("bad.yaml") == ["bad.yaml: document.text_file: text file text.txt is a directory"]


def test_unreadable_files(reject: Reject, monkeypatch: pytest.MonkeyPatch) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root reads files whatever their mode (CI runs as root): apply the kernel's
        # permission check for an ordinary user to what the loader opens
        real_open = os.open

        def open_as_user(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if os.stat(path).st_mode & 0o444 == 0:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr("provenance.ingest.files.os.open", open_as_user)
    write(Path.cwd(), {**yaml_of(text_file("text.txt")), "text.txt": TEXT, "other.yaml": "x: 1"})
    Path("text.txt").chmod(0)
    Path("other.yaml").chmod(0)
    try:
        # one at a time: a file that cannot be read stops the checks that need every file
        assert reject("other.yaml") == ["other.yaml: file is not readable (permission denied)"]
        assert reject("bad.yaml") == [
            "bad.yaml: document.text_file: text file text.txt is not readable (permission denied)",
        ]
    finally:
        Path("text.txt").chmod(0o644)
        Path("other.yaml").chmod(0o644)


def test_missing_path_on_the_command_line(reject: Reject) -> None:
    assert reject("nowhere.yaml") == ["nowhere.yaml: no such file or folder"]


def test_empty_folder(reject: Reject) -> None:
    Path("empty").mkdir()
    (Path("empty") / "notes.txt").write_text("not an annotation")
    assert reject("empty") == [
        "empty: folder holds no annotation files (*.yaml, *.yml, *.json, *.jsonld)"
    ]


def test_one_bad_file_among_good_ones_imports_nothing(reject: Reject) -> None:
    good_actor = {
        "format": "provenance/v1",
        "actors": [{"key": "new-actor", "name": "N", "kind": "ngo"}],
    }
    write(
        Path.cwd() / "corpus",
        {
            "a-good.yaml": _GOOD_YAML,
            "b-good.json": _GOOD_JSON.replace("bad-doc", "other-doc"),
            "c-actors.yaml": as_yaml(good_actor),
            "d-bad.yaml": as_yaml(variant(claim(0, originator="nobody-at-all"))).replace(
                "bad-doc", "third-doc"
            ),
            "sub/e-good.yaml": _GOOD_YAML.replace("bad-doc", "fourth-doc"),
        },
    )
    assert reject("corpus") == [
        "corpus/d-bad.yaml: claims[0].originator: unknown actor 'nobody-at-all'"
    ]


def test_problems_are_collected_across_files(reject: Reject) -> None:
    """Every file is read and shape-checked; references wait until all files parse.

    (An actor defined in a file that failed to parse would otherwise be reported as
    unknown everywhere it is used.)
    """
    write(
        Path.cwd(),
        {
            "one.yaml": as_yaml(variant(claim(0, originator="spokesmn"))),
            "two.json": as_json(variant(claim(1, kind="accusaton"))).replace("bad-doc", "doc-2"),
            "three.yaml": "",
        },
    )
    problems = reject("one.yaml", "two.json", "three.yaml")
    assert len(problems) == 2
    assert problems[0].startswith("two.json: claims[1].kind: 'accusaton' is not one of")
    assert problems[1] == "three.yaml: file is empty"
    Path("two.json").unlink()
    Path("three.yaml").unlink()
    assert reject("one.yaml") == [
        "one.yaml: claims[0].originator: unknown actor 'spokesmn' (did you mean 'spokesman'?)"
    ]


# -- hostile files ---------------------------------------------------------------------------

PEAK_RSS_MIB = 300  # a normal import of a small file peaks near 70 MiB
SECONDS = 20  # generous: each of these is refused in well under a second


def run_measured(
    url: str, *args: str, cwd: Path
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """``provenance --db URL ARGS`` in a child process: (result, seconds, peak RSS in MiB).

    The child reports its own peak RSS at exit: RUSAGE_CHILDREN would mix in every
    earlier child of the test session.
    """
    probe = (
        "import atexit, resource, sys\n"
        "atexit.register(lambda: sys.stderr.write("
        "f'PEAK_RSS_KIB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
        "from provenance.cli import main\n"
        "sys.argv = ['provenance', *sys.argv[1:]]\n"
        "main()\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", probe, "--db", url, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=SECONDS * 3,  # a hang (reading a FIFO, say) fails instead of blocking
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    elapsed = time.monotonic() - started
    peak = [line for line in result.stderr.splitlines() if line.startswith("PEAK_RSS_KIB=")]
    assert peak, result.stderr
    return result, elapsed, int(peak[-1].split("=")[1]) / 1024


def assert_refused_cleanly(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert f"Error: {expected}" in result.stderr.splitlines(), result.stderr


def test_50_mb_file_is_refused_by_its_size(reject: Reject) -> None:
    with open("huge.yaml", "wb") as handle:  # sparse: instant to write, 50 MB long
        handle.truncate(50 * 1000 * 1000)
    started = time.monotonic()
    assert reject("huge.yaml") == ["huge.yaml: file is 47.7 MiB, over the 16 MiB limit"]
    assert time.monotonic() - started < 5


def test_oversized_text_file_is_refused_by_its_size(reject: Reject) -> None:
    with open("huge.txt", "wb") as handle:
        handle.truncate(17 * MiB)
    write(Path.cwd(), yaml_of(text_file("huge.txt")))
    assert reject("bad.yaml") == [
        "bad.yaml: document.text_file: text file huge.txt is 17.0 MiB, over the 16 MiB limit"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_text_file_that_is_a_named_pipe_does_not_hang(
    seeded_db: tuple[str, Any], tmp_path: Path
) -> None:
    """Opening a FIFO for reading blocks until a writer comes: it must be refused unopened."""
    url, before = seeded_db
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path, yaml_of(text_file("pipe.txt")))
    result, seconds, _ = run_measured(url, "import", "bad.yaml", cwd=tmp_path)
    assert_refused_cleanly(
        result, "bad.yaml: document.text_file: text file pipe.txt is not a regular file"
    )
    assert seconds < SECONDS
    assert db_snapshot(url) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "billion-laughs.yaml",
            "billion-laughs.yaml: YAML aliases expand to more than 200,000 nodes "
            "(line 9, column 4) (an alias bomb?)",
        ),
        (
            "billion-laughs-in-annotation.yaml",
            "billion-laughs-in-annotation.yaml: YAML aliases expand to more than 200,000 nodes "
            "(line 14, column 9) (an alias bomb?)",
        ),
    ],
)
def test_yaml_alias_bomb_is_refused_fast_in_bounded_memory(
    seeded_db: tuple[str, Any], name: str, expected: str
) -> None:
    url, before = seeded_db
    result, seconds, peak = run_measured(url, "import", name, cwd=BAD)
    assert_refused_cleanly(result, expected)
    assert seconds < SECONDS
    assert peak < PEAK_RSS_MIB
    assert db_snapshot(url) == before


DEPTH = 10_000


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param(
            "deep-flow.yaml",
            "format: provenance/v1\nactors: " + "[" * DEPTH + "]" * DEPTH + "\n",
            "deep-flow.yaml: not valid YAML (line 2, column 1008): exceeded maximum nesting depth",
            id="deep-flow.yaml",
        ),
        pytest.param(
            "deep-block.yaml",
            "format: provenance/v1\nactors:\n"
            + "".join(f"{' ' * i}- \n" for i in range(0, 3000, 1)),
            "deep-block.yaml: nested more than 64 levels deep (line 66, column 64)",
            id="deep-block.yaml",
        ),
        pytest.param(
            "deep-mapping.yaml",
            "format: provenance/v1\nx: " + "{a: " * DEPTH + "1" + "}" * DEPTH + "\n",
            "deep-mapping.yaml: nested more than 64 levels deep (line 2, column 256)",
            id="deep-mapping.yaml",
        ),
        pytest.param(
            "deep.json",
            '{"format": "provenance/v1", "actors": ' + "[" * DEPTH + "]" * DEPTH + "}",
            "deep.json: nested more than 64 levels deep",
            id="deep.json",
        ),
        pytest.param(
            "deep-100.json",
            '{"format": "provenance/v1", "actors": ' + "[" * 100 + "]" * 100 + "}",
            "deep-100.json: nested more than 64 levels deep (under actors)",
            id="deep-100.json",
        ),
    ],
)
def test_deep_nesting_is_refused_fast_in_bounded_memory(
    seeded_db: tuple[str, Any], tmp_path: Path, name: str, content: str, expected: str
) -> None:
    url, before = seeded_db
    (tmp_path / name).write_text(content)
    result, seconds, peak = run_measured(url, "import", name, cwd=tmp_path)
    assert_refused_cleanly(result, expected)
    assert seconds < SECONDS
    assert peak < PEAK_RSS_MIB
    assert db_snapshot(url) == before


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
        '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "!!python/name:os.system",
        "!!python/module:os",
        '!!python/object:__main__.Anything {{x: "{marker}"}}',
    ],
)
def test_python_tags_are_refused_and_nothing_runs(
    reject: Reject, tmp_path: Path, payload: str
) -> None:
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    tag = payload.split()[0].split("[")[0]
    body = payload.format(marker=marker)
    write(
        Path.cwd(),
        {
            "in-field.yaml": f"format: provenance/v1\nactors:\n  - key: a\n    name: {body}\n"
            "    kind: person\n",
            "top-level.yaml": f"--- {body}\n",
        },
    )
    problems = reject("in-field.yaml", "top-level.yaml")
    assert len(problems) == 2
    assert problems[0].startswith("in-field.yaml: YAML tag refused (line 4, column 11): ")
    assert problems[1].startswith("top-level.yaml: YAML tag refused (line 1, column 5): ")
    suffix = tag.replace("!!", "tag:yaml.org,2002:")
    for line in problems:
        assert f"for the tag '{suffix}" in line
        assert line.endswith("(only plain data is accepted)")
    assert not marker.exists()


def test_hostile_files_in_tests_data_bad_are_all_refused(reject: Reject) -> None:
    """The checked-in samples: alias bombs, an alias cycle, a python tag; none runs."""
    import shutil

    shutil.copytree(BAD, "bad")
    assert reject("bad") == [
        "bad/billion-laughs-in-annotation.yaml: YAML aliases expand to more than 200,000 "
        "nodes (line 14, column 9) (an alias bomb?)",
        "bad/billion-laughs.yaml: YAML aliases expand to more than 200,000 nodes "
        "(line 9, column 4) (an alias bomb?)",
        "bad/python-object-apply.yaml: YAML tag refused (line 5, column 11): could not "
        "determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' (only plain data is accepted)",
        "bad/recursive-alias.yaml: recursive YAML alias (line 3, column 9)",
    ]
    assert not Path("/tmp/provenance-pwned").exists()


# -- many unknown references: a hint for each of the first 20 of the run, one line for the rest


def _mistyped_originators(d: dict[str, Any]) -> None:
    d["claims"].extend(
        {
            "key": f"typo-{i}",
            "quote": "Fin",
            "start": FIN,
            "end": FIN + 3,
            "originator": f"tasnim-{i}",
        }
        for i in range(25)
    )


def test_unknown_actors_past_the_hint_cap_are_summarised(reject: Reject) -> None:
    write(Path.cwd(), yaml_of(_mistyped_originators))
    lines = reject("bad.yaml")
    assert (
        lines[0]
        == "bad.yaml: claims[3].originator: unknown actor 'tasnim-0' (did you mean 'tasnim'?)"
    )
    assert (
        lines[19]
        == "bad.yaml: claims[22].originator: unknown actor 'tasnim-19' (did you mean 'tasnim'?)"
    )
    assert lines[20:] == ["... and 5 more unknown references"]


def _relations_to_mistyped_claims(d: dict[str, Any]) -> None:
    """References of every kind: to this document, to another of the run (checked at the
    end, in memory for validate and in temporary tables for import), to the database."""
    d["relations"].extend(
        {"from": "calm", "type": "supports", "to": target}
        for i in range(8)
        for target in (f"calmm{i}", f"bad-doc/calmm{i}", f"al-boukamal-2018-06-10/calmm{i}")
    )


def test_unknown_claims_past_the_hint_cap_read_alike_in_validate_and_import(
    reject: Reject,
) -> None:
    write(
        Path.cwd(),
        {"bad.yaml": _GOOD_YAML, "doc-2.yaml": second_document(_relations_to_mistyped_claims)},
    )
    lines = reject("bad.yaml", "doc-2.yaml")
    # the first 20 found get their line: references into another document of the run are
    # found at the end of the run, so only 4 of them
    assert len(lines) == 21
    assert lines[:3] == [
        "doc-2.yaml: relations[2].to: unknown claim 'calmm0' (did you mean 'calm'?)",
        "doc-2.yaml: relations[3].to: unknown claim 'calmm0' in document 'bad-doc' "
        "(did you mean 'bad-doc/calm'?)",
        "doc-2.yaml: relations[4].to: unknown claim 'calmm0' in document 'al-boukamal-2018-06-10'",
    ]
    assert sum("in document 'bad-doc'" in line for line in lines) == 4
    assert lines[-2:] == [
        "doc-2.yaml: relations[25].to: unknown claim 'calmm7' in document 'al-boukamal-2018-06-10'",
        "... and 4 more unknown references",
    ]
