"""Hostile input the format must see through (issue 12, items 5, 11 and 13), on both backends.

Keys holding characters a reader cannot see are refused, and keys that look alike are
warned about; what one backend refuses (an overlong alias, a tsvector over 1 MB) is
checked before writing, from the schema's own constants, so both backends take the same
files; a text's byte-order mark does not shift offsets; a quote in another Unicode normal
form than the text says so. A refused file gives the same located lines at ``validate``
and ``import``, no traceback, and leaves every row of the database as it was.
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from helpers import SEEDS, Cli, db_snapshot, query

TEXT = "Tasnim said the attack on the city was staged. The army denied it."
REFUSED_TAIL = "; keys may not hold control, bidi or invisible characters"


def annotation(
    key: str = "doc-1",
    actors: list[dict[str, Any]] | None = None,
    claims: list[dict[str, Any]] | None = None,
    **document: Any,
) -> dict[str, Any]:
    """A valid annotation, its parts replaced as asked."""
    return {
        "format": "provenance/v1",
        "document": {"key": key, "text": TEXT, **document},
        "actors": actors or [{"key": "tasnim", "name": "Tasnim News", "kind": "news_agency"}],
        "claims": claims or [{"key": "staged", "quote": "was staged", "originator": "tasnim"}],
    }


def write(folder: Path, data: dict[str, Any], name: str = "a.json") -> str:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return name


def refused(cli: Cli, folder: Path, name: str, lines: list[str]) -> None:
    """``validate`` and ``import`` both report exactly ``lines``, and nothing is written."""
    before = db_snapshot(cli.url)
    path = str(folder / name)
    reports = []
    for command in ("validate", "import"):
        done = cli(command, path)
        assert done.exit_code == 1, (command, done.output)
        assert isinstance(done.exception, SystemExit), done.exception
        assert "Traceback" not in done.output
        assert done.stdout == ""
        reports.append(done.stderr)
    assert reports[0] == reports[1]
    n = len(lines)
    expected = [f"Error: {path}: {line}" for line in lines]
    expected.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.")
    assert reports[0].splitlines() == expected
    assert db_snapshot(cli.url) == before


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli.ok("import", str(SEEDS))
    return cli


# -- keys: no control, bidi or invisible character ----------------------------------------

#: (character, its kind and name as the message gives them)
INVISIBLE_IN_KEYS = [
    ("\x1b", "a control character (U+001B)"),
    ("\x9b", "a control character (U+009B)"),
    ("\u202e", "a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("\u2066", "a bidi control (U+2066 LEFT-TO-RIGHT ISOLATE)"),
    ("\u061c", "a bidi control (U+061C ARABIC LETTER MARK)"),
    ("\u200f", "a bidi control (U+200F RIGHT-TO-LEFT MARK)"),
    ("\u200b", "an invisible character (U+200B ZERO WIDTH SPACE)"),
    ("\u200c", "an invisible character (U+200C ZERO WIDTH NON-JOINER)"),
    ("\u200d", "an invisible character (U+200D ZERO WIDTH JOINER)"),
    ("\u2060", "an invisible character (U+2060 WORD JOINER)"),
    ("\u2063", "an invisible character (U+2063 INVISIBLE SEPARATOR)"),
    ("\ufeff", "an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE)"),
    ("\u180e", "an invisible character (U+180E MONGOLIAN VOWEL SEPARATOR)"),
    ("\u00ad", "an invisible character (U+00AD SOFT HYPHEN)"),
    ("\ufe0f", "an invisible character (U+FE0F VARIATION SELECTOR-16)"),
]


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def test_every_invisible_character_is_refused_in_a_key(seeded: Cli, tmp_path: Path) -> None:
    actors = [
        {"key": f"tasnim{char}", "name": f"T{i}", "kind": "news_agency"}
        for i, (char, _) in enumerate(INVISIBLE_IN_KEYS)
    ]
    actors.append({"key": "tasnim", "name": "Tasnim News", "kind": "news_agency"})
    name = write(tmp_path, annotation(actors=actors))
    lines = [
        f"actors[{i}].key: 'tasnim{_escaped(char)}' holds {what} at position 6{REFUSED_TAIL}"
        for i, (char, what) in enumerate(INVISIBLE_IN_KEYS)
    ]
    refused(seeded, tmp_path, name, lines)


def test_every_key_and_key_reference_is_checked(seeded: Cli, tmp_path: Path) -> None:
    """A zero-width joiner (which the key pattern alone lets through) in each place a
    key is defined or referred to."""
    zwj = "\u200d"
    data = annotation(
        key=f"doc{zwj}",
        publisher=f"presstv{zwj}",
        listed_sources=[f"afp{zwj}"],
        actors=[
            {"key": f"spokes{zwj}", "name": "S", "kind": "person"},
            {"key": "aide", "name": "A", "kind": "person", "affiliation": f"army{zwj}"},
        ],
        claims=[
            {"key": f"staged{zwj}", "quote": "was staged", "originator": "aide"},
            {
                "key": "denied",
                "quote": "denied it",
                "originator": f"syrian-army{zwj}",
                "chain": [f"tasnim{zwj}"],
            },
        ],
    )
    data["relations"] = [{"from": f"staged{zwj}", "type": "contradicts", "to": f"d/x{zwj}"}]
    name = write(tmp_path, data)

    def line(where: str, key: str) -> str:
        at = len(key)
        what = "an invisible character (U+200D ZERO WIDTH JOINER)"
        return f"{where}: '{key}\\u200d' holds {what} at position {at}{REFUSED_TAIL}"

    refused(
        seeded,
        tmp_path,
        name,
        [
            line("document.key", "doc"),
            line("document.publisher", "presstv"),
            line("document.listed_sources[0]", "afp"),
            line("actors[0].key", "spokes"),
            line("actors[1].affiliation", "army"),
            line("claims[0].key", "staged"),
            line("claims[1].originator", "syrian-army"),
            line("claims[1].chain[0].actor", "tasnim"),
            line("relations[0].from", "staged"),
            line("relations[0].to", "d/x"),
        ],
    )


# -- keys that look alike: warned about, imported ------------------------------------------


def test_look_alike_keys_are_warned_about_and_imported(seeded: Cli, tmp_path: Path) -> None:
    cyrillic_i = "tasn\u0456m"  # Cyrillic і: the seed holds Latin 'tasnim'
    greek_o = "d\u03bfc-1"  # Greek ο: a.json is doc-1
    data = annotation(
        actors=[{"key": cyrillic_i, "name": "Fake Tasnim", "kind": "news_agency"}],
        claims=[
            {"key": "staged", "quote": "was staged", "originator": cyrillic_i},
            {"key": "Staged", "quote": "denied it", "originator": cyrillic_i},
        ],
    )
    first = write(tmp_path, data)
    second = write(tmp_path, annotation(key=greek_o), "b.json")
    paths = [str(tmp_path / first), str(tmp_path / second)]
    a, b = paths
    expected = [
        f"Warning: {a}: actors[0].key: key '{cyrillic_i}' mixes Latin and Cyrillic letters "
        "(U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I)",
        f"Warning: {b}: actors[0].key: actor key 'tasnim' looks like '{cyrillic_i}' "
        f"({a}: actors[0].key)",
        f"Warning: {a}: actors[0].key: actor key '{cyrillic_i}' looks like the stored actor "
        "'tasnim'",
        f"Warning: {b}: document.key: key '{greek_o}' mixes Latin and Greek letters "
        "(U+03BF GREEK SMALL LETTER OMICRON)",
        f"Warning: {b}: document.key: document key '{greek_o}' looks like 'doc-1' "
        f"({a}: document.key)",
        f"Warning: {a}: claims[1].key: claim key 'Staged' looks like 'staged' ({a}: claims[0].key)",
    ]
    checked = seeded("validate", *paths)
    assert checked.exit_code == 0, checked.output
    assert checked.stderr.splitlines() == expected
    done = seeded("import", *paths)
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines() == expected
    assert done.stdout.startswith("Imported 2 files; documents: 2 added")
    keys = {row[0] for row in query(seeded.url, "SELECT key FROM actors")}
    assert {"tasnim", cyrillic_i} <= keys
    # once stored, a key is not compared with the database again at each re-import
    again = seeded("import", *paths)
    assert again.exit_code == 0, again.output
    assert again.stderr.splitlines() == [line for line in expected if "stored" not in line]


def test_plain_keys_raise_no_warning(cli: Cli, tmp_path: Path) -> None:
    """The seed, and keys in one script other than Latin, are not look-alikes."""
    done = cli.ok("import", str(SEEDS))
    assert done.stderr == ""
    data = annotation(
        key="атака-2018",
        actors=[{"key": "тасним", "name": "Тасним", "kind": "news_agency"}],
        claims=[{"key": "攻撃-1", "quote": "was staged", "originator": "тасним"}],
    )
    assert cli.ok("import", str(tmp_path / write(tmp_path, data))).stderr == ""


# -- backend limits, known to validation -----------------------------------------------------


def _actor_with(**fields: Any) -> dict[str, Any]:
    return annotation(
        actors=[{"key": "tasnim", "name": "Tasnim News", "kind": "news_agency", **fields}]
    )


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (
            _actor_with(aliases=["y" * 501]),
            f"actors[0].aliases[0]: too long: 501 characters, at most 500 ('{'y' * 58}…)",
        ),
        (
            _actor_with(name="N" * 501),
            f"actors[0].name: too long: 501 characters, at most 500 ('{'N' * 58}…)",
        ),
        (
            _actor_with(aliases=["ß" * 300]),
            "actors[0].aliases[0]: too long once case is folded (600 characters, at most 500): "
            "shorten it",
        ),
        (
            annotation(language="en-" + "-".join(["abcdefgh"] * 4)),
            "document.language: too long: 38 characters, at most 35 "
            "('en-abcdefgh-abcdefgh-abcdefgh-abcdefgh')",
        ),
        (
            annotation(key="d" * 201),
            f"document.key: too long: 201 characters, at most 200 ('{'d' * 58}…)",
        ),
    ],
    ids=["alias", "name", "folded-alias", "language", "key"],
)
def test_values_over_a_column_length_are_located_errors(
    seeded: Cli, tmp_path: Path, data: dict[str, Any], line: str
) -> None:
    refused(seeded, tmp_path, write(tmp_path, data), [line])


def test_every_bounded_column_a_file_fills_is_checked() -> None:
    """A String(N) column added to the schema must be bounded by the format as well."""
    from sqlalchemy import String

    from provenance.ingest.format import ActorIn, ClaimIn, DocumentIn
    from provenance.store.tables import ALIAS_LENGTH, KEY_LENGTH, LANGUAGE_LENGTH, metadata

    filled = {
        ("actors", "key"): KEY_LENGTH,
        ("documents", "key"): KEY_LENGTH,
        ("claims", "key"): KEY_LENGTH,
        ("relation_sets", "key"): KEY_LENGTH,  # key:, or the file's name (same rules)
        ("actor_aliases", "alias"): ALIAS_LENGTH,
        ("actor_aliases", "alias_folded"): ALIAS_LENGTH,
        ("documents", "language"): LANGUAGE_LENGTH,
    }
    # enumerations (Literal types), ISO codes, digests: never longer than the column
    closed = {
        ("actors", "kind"),
        ("actors", "country"),
        ("claims", "kind"),
        ("claim_relations", "type"),
        ("documents", "text_sha256"),
        ("documents", "content_sha256"),
        ("relation_sets", "content_sha256"),
    }
    bounded = {
        (table.name, column.name): column.type.length
        for table in metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    }
    assert set(bounded) == set(filled) | closed
    assert {k: bounded[k] for k in filled} == filled
    # the format refuses one character more than each column holds, and takes exactly that
    for length in (KEY_LENGTH, ALIAS_LENGTH, LANGUAGE_LENGTH):
        assert length in filled.values()
    actor = {"key": "k" * (KEY_LENGTH + 1), "name": "n" * (ALIAS_LENGTH + 1), "kind": "person"}
    actor["aliases"] = ["a" * (ALIAS_LENGTH + 1)]
    language = "en-" + "-".join(["abcdefgh"] * 4)[: LANGUAGE_LENGTH - 2]
    document = {"key": "d" * (KEY_LENGTH + 1), "text": "t", "language": language}
    claim = {"key": "c" * (KEY_LENGTH + 1), "quote": "q", "originator": "o"}
    too_long = {
        (model.__name__, *err["loc"])
        for model, data in [(ActorIn, actor), (DocumentIn, document), (ClaimIn, claim)]
        for err in _errors(model, data)
        if err["type"] == "string_too_long"
    }
    assert too_long == {
        ("ActorIn", "key"),
        ("ActorIn", "name"),
        ("ActorIn", "aliases", 0),
        ("DocumentIn", "key"),
        ("DocumentIn", "language"),
        ("ClaimIn", "key"),
    }
    fitting = {"key": "k" * KEY_LENGTH, "name": "n" * ALIAS_LENGTH, "kind": "person"}
    assert ActorIn.model_validate({**fitting, "aliases": ["a" * ALIAS_LENGTH]})
    longest = "en" + "-abcdefgh" * 3 + "-abcde"
    assert len(longest) == LANGUAGE_LENGTH
    assert DocumentIn.model_validate({"key": "d", "text": "t", "language": longest})


def _errors(model: Any, data: dict[str, Any]) -> list[Any]:
    from pydantic import ValidationError

    try:
        model.model_validate(data)
    except ValidationError as exc:
        return list(exc.errors())
    return []


def test_a_huge_vocabulary_claim_imports_and_is_found_within_the_cap(
    cli: Cli, tmp_path: Path
) -> None:
    """Over 1 MB of distinct words: PostgreSQL's tsvector limit is never reached, because
    both backends index the same first MAX_INDEXED_CHARS characters of words."""
    from provenance.store.words import MAX_INDEXED_CHARS

    rng = random.Random(12)
    words = ["".join(rng.choices("bcdfghjklmnpqrstvwz", k=9)) for _ in range(120_000)]
    text = " ".join(words)
    assert len(text.encode()) > 1024 * 1024
    data = annotation(
        text=text,
        claims=[{"key": "huge", "start": 0, "end": len(text), "originator": "tasnim"}],
    )
    path = str(tmp_path / write(tmp_path, data))
    cli.ok("validate", path)
    cli.ok("import", path)
    inside = words[MAX_INDEXED_CHARS // 10 - 1000]  # about 10 characters a word and space
    beyond = words[MAX_INDEXED_CHARS // 10 + 1000]
    assert [c["key"] for c in cli.json("claims", "--search", inside)] == ["huge"]
    assert cli.json("claims", "--search", beyond) == []
    assert [c["key"] for c in cli.json("claims", "--search", words[0])] == ["huge"]


# -- text and spans ---------------------------------------------------------------------------


def test_a_text_files_byte_order_mark_does_not_shift_offsets(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    start = TEXT.index("was staged")
    claims = [{"key": "staged", "start": start, "end": start + 10, "originator": "tasnim"}]
    data = annotation(text_file="t.txt", claims=claims)
    del data["document"]["text"]
    inline = annotation(key="doc-2", text="\ufeff" + TEXT, claims=claims)
    paths = [str(tmp_path / write(tmp_path, data)), str(tmp_path / write(tmp_path, inline, "b"))]
    cli.ok("validate", *paths)
    cli.ok("import", *paths)
    rows = query(cli.url, "SELECT quote, span_start FROM claims ORDER BY id")
    assert [tuple(r) for r in rows] == [("was staged", start)] * 2
    texts = query(cli.url, "SELECT text FROM documents ORDER BY id")
    assert [r[0] for r in texts] == [TEXT, TEXT]


NORMAL_FORMS = " (the quote and the text use different Unicode normal forms; normalise both to NFC)"


@pytest.mark.parametrize(("text_form", "quote_form"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_quote_in_another_normal_form_says_so(
    seeded: Cli, tmp_path: Path, text_form: str, quote_form: str
) -> None:
    phrase = "déclaré que l'armée"
    text = unicodedata.normalize(text_form, f"Le ministre a {phrase} était là.")
    held = unicodedata.normalize(text_form, phrase)
    quote = unicodedata.normalize(quote_form, phrase)
    start = text.index(held)
    end = start + len(held)
    data = annotation(
        text=text,
        claims=[
            {"key": "said", "quote": quote, "originator": "tasnim"},
            {"key": "at", "quote": quote, "start": start, "end": end, "originator": "tasnim"},
        ],
    )
    refused(
        seeded,
        tmp_path,
        write(tmp_path, data),
        [
            f"claims[0].quote: quote {quote!r} not found in the document text{NORMAL_FORMS}",
            f"claims[1].start: offsets {start}-{end} hold {held!r}, not the quote {quote!r}"
            + NORMAL_FORMS,
        ],
    )
