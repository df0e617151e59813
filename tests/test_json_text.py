"""``contradictions --format json`` is written by the database (SQLite's ``json_quote``,
PostgreSQL's ``to_json``), not by Python's encoder: 48,000 objects at a million claims took
0.9 s on SQLite and 2.3 s on PostgreSQL through Python (benchmarks/RESULTS-reads.md).

What must hold: the bytes are exactly those Python's encoder gives (``ensure_ascii=False``)
for every character a text can hold, on both backends, and the objects are those behind
the table, from one shape.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import Cli

from provenance.output import write_json, write_json_utf8
from provenance.queries.filters import ClaimFilters
from provenance.queries.json_text import shaper, sql_object
from provenance.queries.overview import contradiction_json, contradictions
from provenance.store.reader import Reader, open_reader

#: every character that JSON escapes, those it might be suspected of escaping, and the
#: characters that mean something to SQL or to a driver's parameters
HOSTILE = [
    *(chr(c) for c in range(1, 0x80)),
    "\u2028\u2029",
    "\u00e9t\u00e9 \u00ab guillemets \u00bb \u2019",
    "\U0001f600 \u200b \u202e",
    "it's '' ''' %s %(name)s %% :name ::text $1 ? \\u0041 \\",
    'a "quoted" \\path\\ \t tab \n newline \r\n crlf \x1f',
    "",
]

TEXT = (
    'L\'agence « Tass » a écrit : « le "convoi" est passé à 10 h ».\n'
    "Le ministère dément\tet parle de C:\\dossiers\\%s et de 50 % des 'tirs' \U0001f600.\n"
    "Un témoin parle d'un :nom et d'une ligne\u2028de plus."
)


def _annotation() -> dict[str, Any]:
    def quote(part: str) -> str:
        assert part in TEXT
        return part

    return {
        "format": "provenance/v1",
        "document": {"key": "doc:1", "text": TEXT, "title": 'Un "titre"'},
        "actors": [
            {"key": "tass", "name": 'Agence "Tass" \\ %s :nom', "kind": "news_agency"},
            {"key": "ministere", "name": "Ministère d'État \U0001f600", "kind": "government_body"},
            {"key": "temoin", "name": "Témoin\u2028anonyme", "kind": "person"},
        ],
        "claims": [
            {"key": "convoi", "quote": quote('le "convoi" est passé à 10 h'), "originator": "tass"},
            {
                "key": "dement",
                "quote": quote("dément\tet parle de C:\\dossiers\\%s et de 50 % des 'tirs'"),
                "originator": "ministere",
            },
            {
                "key": "ligne",
                "quote": quote("d'un :nom et d'une ligne\u2028de plus"),
                "originator": "temoin",
            },
        ],
        "relations": [
            {
                "from": "dement",
                "type": "contradicts",
                "to": "convoi",
                "note": 'dit "non"\n\tdeux fois \\',
            },
            {"from": "ligne", "type": "contradicts", "to": "convoi"},
            {"from": "ligne", "type": "supports", "to": "dement", "note": "50 % d'accord"},
        ],
    }


@pytest.fixture
def hostile(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(_annotation(), ensure_ascii=False), encoding="utf-8")
    cli.ok("import", str(path))
    return cli


def _reader(cli: Cli) -> Reader:
    r = open_reader(cli.url)
    assert r is not None, cli.url
    return r


def test_each_backend_writes_a_string_as_pythons_encoder_does(hostile: Cli) -> None:
    r = _reader(hostile)
    try:
        expr = sql_object(
            (("v", "v"), ("nested", (("w", "v"),))), {"v": "CAST(:v AS TEXT)"}, r.dialect
        )
        for value in [*HOSTILE, None]:
            expected = json.dumps({"v": value, "nested": {"w": value}}, ensure_ascii=False)
            got = r.scalar(f"SELECT {expr}", {"v": value})
            assert got == expected, (r.dialect, value)
    finally:
        r.close()


@pytest.mark.parametrize(
    "types", [("contradicts",), ("contradicts", "supports"), ("retracts",)], ids=str
)
def test_the_listing_is_byte_for_byte_pythons(hostile: Cli, types: tuple[str, ...]) -> None:
    r = _reader(hostile)
    try:
        for filters, limit in [
            (None, None),
            (None, 1),
            (ClaimFilters(originator="ministere"), None),
            (ClaimFilters(originator="temoin"), 1),
        ]:
            rows = list(contradictions(r, types, filters, limit=limit))
            expected = io.StringIO()
            write_json(rows, expected)
            got = io.BytesIO()
            out = io.TextIOWrapper(got, encoding="utf-8")  # as stdout is over its buffer
            write_json_utf8(contradiction_json(r, types, filters, limit=limit), out)
            assert got.getvalue().decode("utf-8") == expected.getvalue(), (filters, limit)
            out.detach()
            if types == ("contradicts",) and filters is None and limit is None:
                assert len(rows) == 2
                assert rows[0]["by"]["name"] == "Ministère d'État \U0001f600"
    finally:
        r.close()


def test_the_command_writes_the_same_bytes_in_process_and_as_a_process(hostile: Cli) -> None:
    done = hostile.ok(
        "contradictions", "--type", "contradicts", "--type", "supports", "--format", "json"
    )
    listed = json.loads(done.stdout)
    assert [(x["claim"]["key"], x["type"], x["against"]["key"]) for x in listed] == [
        ("dement", "contradicts", "convoi"),
        ("ligne", "contradicts", "convoi"),
        ("ligne", "supports", "dement"),
    ]
    assert listed[0]["note"] == 'dit "non"\n\tdeux fois \\'
    assert listed[0]["claim"]["document"] == "doc:1"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "provenance",
            "--db",
            hostile.url,
            "contradictions",
            "--type",
            "contradicts",
            "--type",
            "supports",
            "--format",
            "json",
        ],
        capture_output=True,
        check=True,
    )
    assert run.stdout == done.stdout_bytes
    empty = hostile.ok("contradictions", "--type", "retracts", "--format", "json")
    assert empty.stdout == "[]\n"


def test_the_dicts_and_the_json_come_from_one_shape() -> None:
    shape = (("a", "x"), ("b", (("c", "y"), ("d", "x"))))
    assert shaper(shape, ("x", "y"))(("1", None)) == {"a": "1", "b": {"c": None, "d": "1"}}
    sql = sql_object(shape, {"x": "t.x", "y": "t.y"}, "sqlite")
    assert sql == (
        '\'{"a": \' || json_quote(t.x) || \', "b": {"c": \' || json_quote(t.y) || '
        "', \"d\": ' || json_quote(t.x) || '}}'"
    )


def test_bytes_follow_what_was_written_as_text_and_reach_a_stream_without_bytes() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    out.write("before ")
    write_json_utf8(iter([b'{"a": "\xc3\xa9"}', b"2"]), out)
    out.flush()
    assert raw.getvalue().decode() == 'before [\n  {"a": "é"},\n  2\n]\n'
    text = io.StringIO()
    write_json_utf8(iter([]), text)
    write_json_utf8(iter([b"1"]), text)
    assert text.getvalue() == "[]\n[\n  1\n]\n"


def _run(url: str, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "provenance", "--db", url, *args],
        capture_output=True,
        env={**os.environ, **env},
    )


def test_a_stream_in_another_encoding_gets_that_encoding_or_one_clear_error(
    tmp_path: Path,
) -> None:
    """Found by review: the bytes went to stdout as UTF-8 whatever PYTHONIOENCODING said,
    unlike every other listing; a character the encoding lacks was a traceback."""
    data = _annotation()
    data["actors"][1]["name"] = "Ministère d'État"  # Latin-1 can write this name
    data["claims"] = data["claims"][:2]
    data["relations"] = data["relations"][:1]
    path = tmp_path / "latin.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'latin.db'}"
    assert _run(url, "import", str(path)).returncode == 0
    utf8 = _run(url, "contradictions", "--format", "json")
    latin = _run(url, "contradictions", "--format", "json", PYTHONIOENCODING="latin-1")
    assert latin.returncode == 0, latin.stderr
    assert latin.stdout == utf8.stdout.decode("utf-8").encode("latin-1") != utf8.stdout
    ascii_ = _run(url, "contradictions", "--format", "json", PYTHONIOENCODING="ascii")
    assert ascii_.returncode == 1
    assert b"Traceback" not in ascii_.stderr
    assert ascii_.stderr.decode().startswith("Error: standard output is in ascii")


def test_a_utf16_sqlite_file_lists_the_same_json(tmp_path: Path) -> None:
    """Found by review: SQLite gives a BLOB in the file's own encoding, UTF-16 here."""
    import sqlite3

    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(_annotation(), ensure_ascii=False), encoding="utf-8")
    utf16 = tmp_path / "utf16.db"
    con = sqlite3.connect(utf16)
    con.execute("PRAGMA encoding = 'UTF-16le'")
    con.execute("CREATE TABLE t (x)")
    con.execute("DROP TABLE t")
    con.close()
    outputs = []
    for db in (utf16, tmp_path / "utf8.db"):
        url = f"sqlite:///{db}"
        assert _run(url, "import", str(path)).returncode == 0
        done = _run(url, "contradictions", "--format", "json")
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert sqlite3.connect(utf16).execute("PRAGMA encoding").fetchone()[0] == "UTF-16le"
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])[0]["by"]["name"] == "Ministère d'État \U0001f600"


def test_bytes_that_are_not_utf8_in_the_file_are_one_clear_error(hostile: Cli) -> None:
    """Found by review: a note edited to hold bytes that are not UTF-8 went into the JSON."""
    if not hostile.url.startswith("sqlite"):
        pytest.skip("PostgreSQL checks the encoding of what it stores")
    import sqlite3

    con = sqlite3.connect(hostile.url.removeprefix("sqlite:///"))
    con.execute("UPDATE claim_relations SET note = CAST(x'ff41c3' AS TEXT) WHERE note IS NOT NULL")
    con.commit()
    con.close()
    done = _run(hostile.url, "contradictions", "--format", "json")
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert b"not UTF-8" in done.stderr
