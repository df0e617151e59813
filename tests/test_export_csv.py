"""``provenance export csv``: the claim_table view row for row, the other tables, safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from helpers import DATA, EXPORTS, ROOT, SEEDS, Cli

from provenance.output import neutralise


def pinned_columns(listing: str) -> list[str]:
    """A table's public columns, pinned once in a data file rather than copied from the
    library: the header of the pinned listing output, which the export shares."""
    return (DATA / "outputs" / listing).read_text(encoding="utf-8").splitlines()[0].split(",")


VIEW_COLUMNS = pinned_columns("claims.csv")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def by_key(text: str) -> dict[str, dict[str, str]]:
    return {row["key"]: row for row in rows(text)}


def frame(text: str) -> pd.DataFrame:
    # every cell as the exact text written: no type guessing, empty stays empty
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def annotation(tmp_path: Path, name: str) -> Path:
    """A copy of a test annotation under tests/data/exports/, as a user's own folder."""
    target = tmp_path / name
    shutil.copytree(EXPORTS / name, target)
    return target


def view_rows(url: str) -> list[list[str]]:
    """``SELECT * FROM claim_table`` as the export should spell each cell."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            result = conn.execute(text("SELECT * FROM claim_table ORDER BY id"))
            assert list(result.keys()) == VIEW_COLUMNS
            return [
                [_cell(name, value) for name, value in zip(VIEW_COLUMNS, row, strict=True)]
                for row in result
            ]
    finally:
        engine.dispose()


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "direct_quote":  # 0/1 on SQLite, a bool on PostgreSQL
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# -- the claims table -------------------------------------------------------------


def test_claims_export_is_the_claim_table_view_row_for_row(seeded: Cli) -> None:
    out = seeded.ok("export", "csv").stdout
    table = list(csv.reader(io.StringIO(out, newline="")))
    assert table[0] == VIEW_COLUMNS
    expected = view_rows(seeded.url)
    assert len(expected) == 36
    assert table[1:] == [[neutralise(cell) for cell in row] for row in expected]
    raw = list(csv.reader(io.StringIO(seeded.ok("export", "csv", "--raw").stdout, newline="")))
    assert raw[1:] == expected


def test_claims_export_reads_back_with_pandas(seeded: Cli) -> None:
    df = frame(seeded.ok("export", "csv", "--table", "claims").stdout)
    assert list(df.columns) == VIEW_COLUMNS
    assert len(df) == 36
    assert df["id"].tolist() == sorted(df["id"].tolist(), key=int)
    centcom = df.set_index("key").loc["centcom-orchestrated"]
    assert centcom["chain"] == "Source militaire syrienne > Tasnim News > Press TV"
    assert centcom["originator"] == "syrian-military-source"
    assert centcom["kind"] == "accusation"
    assert centcom["direct_quote"] == "false"
    assert centcom["date"] == "2018-06-10"


def test_seed_exact_answers(seeded: Cli) -> None:
    claims = by_key(seeded.ok("export", "csv").stdout)
    assert claims["centcom-orchestrated"]["chain"] == (
        "Source militaire syrienne > Tasnim News > Press TV"
    )
    osdh = claims["osdh-daech-took-city"]
    assert osdh["chain"] == "Syrian Observatory for Human Rights > agences internationales"
    assert osdh["contradicted_by"] == (
        "al-alam-never-seized; general-denies-new-attempts; pub-daech-attempt-failed"
    )
    assert claims["al-alam-never-seized"]["contradicts"] == "osdh-daech-took-city"
    assert claims["konachinkov-daech-bases-us-areas"]["chain"] == "Igor Konachinkov"
    relays = [
        r
        for r in rows(seeded.ok("export", "csv", "--table", "relays").stdout)
        if r["claim"] == "centcom-orchestrated"
    ]
    assert [(r["chain"], r["position"], r["actor"], r["actor_name"]) for r in relays] == [
        ("1", "1", "tasnim", "Tasnim News"),
        ("1", "2", "presstv", "Press TV"),
    ]
    assert relays[0]["cue"] == "pour l’agence iranienne Tasnim News"
    assert relays[0]["document"] == "al-boukamal-2018-06-10"


def test_rfc4180_bytes_utf8_and_optional_bom(seeded: Cli) -> None:
    data = seeded.ok("export", "csv").stdout_bytes
    assert data.startswith(b"document,key,quote,start,end,")
    assert data.count(b"\r\n") == 37 and b"\n" not in data.replace(b"\r\n", b"")
    assert "l’agence".encode() in seeded.ok("export", "csv", "-t", "relays").stdout_bytes
    bom = seeded.ok("export", "csv", "--bom").stdout_bytes
    assert bom == b"\xef\xbb\xbf" + data
    df = pd.read_csv(io.BytesIO(bom), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert df.columns[0] == "document"


def test_filters_select_what_the_claims_command_selects(seeded: Cli) -> None:
    for filters in (
        ["--via", "tasnim"],
        ["--relayed-by", "Sputnik"],
        ["--originator", "osdh"],
        ["--kind", "denial"],
        ["--contradicted"],
        ["--uncontested", "--limit", "5"],
        ["--document", "al-boukamal-2018-06-10", "--search", "Daech"],
    ):
        exported = [r["key"] for r in rows(seeded.ok("export", "csv", *filters).stdout)]
        listed = [c["key"] for c in seeded.json("claims", *filters)]
        assert exported == listed, filters
        assert exported, filters
    assert [r["key"] for r in rows(seeded.ok("export", "csv", "--via", "tasnim").stdout)] == [
        "centcom-orchestrated",
        "terrorists-mobilise-us-command",
        "us-seeks-cities",
        "us-air-strikes-multiply",
    ]
    relays = rows(seeded.ok("export", "csv", "-t", "relays", "--originator", "osdh").stdout)
    assert {r["actor"] for r in relays} == {"international-agencies"} and len(relays) == 3


def test_bad_filters_are_clear_errors(seeded: Cli) -> None:
    result = seeded("export", "csv", "--via", "nobody-at-all")
    assert result.exit_code == 1 and "unknown actor 'nobody-at-all'" in result.stderr
    result = seeded("export", "csv", "--kind", "rumour")
    assert result.exit_code == 2 and "rumour" in result.stderr
    result = seeded("export", "csv", "--table", "actors", "--via", "tasnim")
    assert result.exit_code == 1
    assert "claim filters apply to the claims, relays, relations, reviews tables" in result.stderr
    result = seeded("export", "csv", "--table", "relays", "--wide")
    assert result.exit_code == 1 and "--wide applies to the claims table only" in result.stderr


def test_wide_adds_the_first_chain_as_hop_columns(seeded: Cli) -> None:
    df = frame(seeded.ok("export", "csv", "--wide").stdout).set_index("key")
    assert list(df.columns[-3:]) == ["id", "hop_1", "hop_2"]
    assert df.loc["centcom-orchestrated", ["hop_1", "hop_2"]].tolist() == [
        "Tasnim News",
        "Press TV",
    ]
    assert df.loc["osdh-daech-took-city", ["hop_1", "hop_2"]].tolist() == [
        "agences internationales",
        "",
    ]
    assert df.loc["konachinkov-daech-bases-us-areas", ["hop_1", "hop_2"]].tolist() == ["", ""]
    # only as many hop columns as the longest chain among the claims exported
    narrow = frame(seeded.ok("export", "csv", "--wide", "--originator", "osdh").stdout)
    assert list(narrow.columns[-2:]) == ["id", "hop_1"]
    none = frame(seeded.ok("export", "csv", "--wide", "--originator", "konachinkov").stdout)
    assert list(none.columns) == VIEW_COLUMNS


# -- spreadsheet safety -----------------------------------------------------------


def test_formula_cells_are_neutralised_unless_raw(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(annotation(tmp_path, "odd")))
    safe = by_key(cli.ok("export", "csv").stdout)
    assert safe["formula"]["quote"] == '\'=HYPERLINK("x")'
    assert safe["formula"]["statement"] == "'-1+1 is a formula, not a number"
    assert safe["formula"]["cue"] == "'=dit"
    assert safe["formula"]["originator_name"].startswith('\'@Anon "source"')
    assert safe["formula"]["chain"].startswith("'@Anon") and safe["formula"]["chain"].endswith(
        " > +Plus Agency"
    )
    assert safe["number"]["quote"] == "-12" and safe["number"]["statement"] == "-12"
    assert safe["two-chains"]["quote"] == "tout va bien"
    raw = by_key(cli.ok("export", "csv", "--raw").stdout)
    assert raw["formula"]["quote"] == '=HYPERLINK("x")'
    assert raw["formula"]["cue"] == "=dit"
    assert raw["formula"]["originator_name"] == '@Anon "source" \\ <b>&lt; #1 | `x`'
    # the same text read by pandas: what a spreadsheet user would see
    df = frame(cli.ok("export", "csv").stdout).set_index("key")
    assert df.loc["formula", "quote"] == '\'=HYPERLINK("x")'

    relays = rows(cli.ok("export", "csv", "-t", "relays").stdout)
    assert {(r["actor_name"], r["cue"]) for r in relays if r["claim"] == "formula"} == {
        ("'+Plus Agency", "'-selon")
    }
    actors = {r["key"]: r for r in rows(cli.ok("export", "csv", "-t", "actors").stdout)}
    assert actors["plus-agency"]["name"] == "'+Plus Agency"
    assert actors["bureau"]["aliases"] == "'-BdC"
    assert actors["radio-libre"]["name"] == "Radio \\ Libre"
    docs = rows(cli.ok("export", "csv", "-t", "documents").stdout)
    assert docs[0]["title"] == "'=1+1 (a title a spreadsheet would compute)"
    relations = rows(cli.ok("export", "csv", "-t", "relations").stdout)
    assert relations[0]["note"] == "'@note starting with an at sign"
    raw_docs = rows(cli.ok("export", "csv", "-t", "documents", "--raw").stdout)
    assert raw_docs[0]["title"] == "=1+1 (a title a spreadsheet would compute)"


def test_wide_uses_the_first_of_several_chains(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(annotation(tmp_path, "odd")))
    df = frame(cli.ok("export", "csv", "--wide", "--raw").stdout).set_index("key")
    assert list(df.columns[-2:]) == ["id", "hop_1"]  # first chains have one hop at most
    assert df.loc["two-chains", "hop_1"] == "+Plus Agency"
    assert df.loc["two-chains", "chain"] == (
        '@Anon "source" \\ <b>&lt; #1 | `x` > +Plus Agency | '
        '@Anon "source" \\ <b>&lt; #1 | `x` > Radio \\ Libre > +Plus Agency > Bureau des chiffres'
    )
    safe = frame(cli.ok("export", "csv", "--wide").stdout).set_index("key")
    assert safe.loc["two-chains", "hop_1"] == "'+Plus Agency"


# -- the other tables -------------------------------------------------------------


def test_actor_document_and_relation_tables_on_the_seed(seeded: Cli) -> None:
    actors = frame(seeded.ok("export", "csv", "--table", "actors").stdout)
    assert list(actors.columns) == pinned_columns("actors.csv")
    assert len(actors) == 17
    a = actors.set_index("key")
    assert a.loc["presstv", "aliases"] == "PressTV; Press TV Français"  # the name is not repeated
    assert a.loc["presstv", ["state_affiliated", "country", "relayed", "originated"]].tolist() == [
        "true",
        "IR",
        "4",
        "0",
    ]
    assert a.loc["afp", "state_affiliated"] == "false"
    assert a.loc["unknown-publisher", "state_affiliated"] == ""
    assert a.loc["konachinkov", "affiliation"] == "russian-mod"
    assert a.loc["konachinkov", "role"] == "spokesman of the Russian Ministry of Defence"
    assert a.loc[
        "osdh", ["originated", "contradicted_by_others", "contradicting_others"]
    ].tolist() == [
        "3",
        "3",
        "0",
    ]
    assert a.loc["unknown-publisher", "originated"] == "10"
    assert a.loc["al-alam-correspondent", "contradicting_others"] == "1"

    docs = rows(seeded.ok("export", "csv", "--table", "documents").stdout)
    assert docs == [
        {
            "key": "al-boukamal-2018-06-10",
            "title": "Al-Boukamal : une source militaire syrienne accuse le CentCom US",
            "publisher": "unknown-publisher",
            "published": "2018-06-10",
            "language": "fr",
            "url": "",
            "text_sha256": "4bd143df4f8db836e7a6aa1e066978b12d32694f31003e764f6e94327ef7bcc0",
            "claims": "36",
            "listed_sources": "presstv; afp; al-alam; media-de-guerre; sputnik",
        }
    ]

    relations = rows(seeded.ok("export", "csv", "--table", "relations").stdout)
    assert len(relations) == 25
    assert list(relations[0]) == pinned_columns("contradictions.csv")
    contradicting = sorted(
        (r["from"], r["from_originator"])
        for r in relations
        if r["type"] == "contradicts" and r["to"] == "osdh-daech-took-city"
    )
    assert contradicting == [
        ("al-alam-never-seized", "al-alam-correspondent"),
        ("general-denies-new-attempts", "hassan-mohamad-mohamad"),
        ("pub-daech-attempt-failed", "unknown-publisher"),
    ]
    assert all(r["to_originator"] == "osdh" for r in relations if r["to"] == "osdh-daech-took-city")


def test_two_documents_sharing_actors(cli: Cli, tmp_path: Path) -> None:
    cli.ok("import", str(SEEDS))
    cli.ok("import", str(annotation(tmp_path, "followup")))  # presstv, tasnim come from the DB
    claims = by_key(cli.ok("export", "csv").stdout)
    assert len(claims) == 38
    assert claims["resident-never-held"]["chain"] == "Un habitant > Tasnim News"
    assert claims["resident-never-held"]["contradicts"] == (
        "al-boukamal-2018-06-10/osdh-daech-took-city"
    )
    assert claims["osdh-daech-took-city"]["contradicted_by"] == (
        "al-alam-never-seized; followup-2018-06-11/resident-never-held; "
        "general-denies-new-attempts; pub-daech-attempt-failed"
    )
    assert claims["presstv-repeats-centcom"]["document"] == "followup-2018-06-11"
    assert claims["presstv-repeats-centcom"]["chain"] == "Press TV"
    assert [row[:] for row in csv.reader(io.StringIO(cli.ok("export", "csv").stdout))][1:] == [
        [neutralise(c) for c in row] for row in view_rows(cli.url)
    ]

    only = rows(cli.ok("export", "csv", "--document", "followup-2018-06-11").stdout)
    assert [r["key"] for r in only] == ["presstv-repeats-centcom", "resident-never-held"]
    relations = rows(
        cli.ok("export", "csv", "-t", "relations", "--document", "followup-2018-06-11").stdout
    )
    assert [
        (r["from_document"], r["from"], r["type"], r["to_document"], r["to"]) for r in relations
    ] == [
        (
            "followup-2018-06-11",
            "presstv-repeats-centcom",
            "repeats",
            "al-boukamal-2018-06-10",
            "centcom-orchestrated",
        ),
        (
            "followup-2018-06-11",
            "resident-never-held",
            "contradicts",
            "al-boukamal-2018-06-10",
            "osdh-daech-took-city",
        ),
    ]
    assert relations[0]["to_originator"] == "syrian-military-source"
    # relations touching a selected claim, from either end
    touching = rows(cli.ok("export", "csv", "-t", "relations", "--originator", "osdh").stdout)
    assert ("followup-2018-06-11", "resident-never-held") in {
        (r["from_document"], r["from"]) for r in touching
    }

    docs = {r["key"]: r for r in rows(cli.ok("export", "csv", "-t", "documents").stdout)}
    assert docs["followup-2018-06-11"]["claims"] == "2"
    assert docs["followup-2018-06-11"]["publisher"] == "presstv"
    assert docs["followup-2018-06-11"]["listed_sources"] == "tasnim"
    actors = {r["key"]: r for r in rows(cli.ok("export", "csv", "-t", "actors").stdout)}
    assert len(actors) == 18
    assert (actors["presstv"]["originated"], actors["presstv"]["relayed"]) == ("1", "4")
    assert (actors["tasnim"]["relayed"], actors["resident"]["contradicting_others"]) == ("5", "1")
    assert actors["osdh"]["contradicted_by_others"] == "4"


# -- files, folders, processes ----------------------------------------------------


def test_output_file_and_all_tables_in_a_folder(seeded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"
    result = seeded.ok("export", "csv", "--output", str(target))
    assert result.stdout == ""
    assert f"Wrote 36 claims to {target}" in result.stderr
    assert target.read_bytes() == seeded.ok("export", "csv").stdout_bytes
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]

    folder = tmp_path / "tables"
    result = seeded.ok("export", "csv", "--all", "--output", str(folder), "--via", "sputnik")
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "actors.csv",
        "claims.csv",
        "documents.csv",
        "relations.csv",
        "relays.csv",
        "reviews.csv",
    ]
    counts = {name: len(frame((folder / name).read_text(encoding="utf-8"))) for name in names}
    # filters narrow the claim-shaped tables; actors and documents stay whole
    assert counts == {
        "actors.csv": 17,
        "claims.csv": 6,
        "documents.csv": 1,
        "relations.csv": 5,
        "relays.csv": 6,
        "reviews.csv": 0,
    }
    assert "Wrote 6 claims to" in result.stderr and "Wrote 17 actors to" in result.stderr

    assert seeded("export", "csv", "--all").exit_code == 2
    assert seeded("export", "csv", "--all", "--table", "claims", "-o", str(folder)).exit_code == 2
    assert seeded("export", "csv", "--all", "-o", str(target)).exit_code == 2
    missing = seeded("export", "csv", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_export_in_a_real_process(seeded: Cli, tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "provenance", "--db", seeded.url, "export", "csv", *args],
            capture_output=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )

    done = run("--table", "relays", "--via", "tasnim")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"document,claim,chain,position,actor,actor_name,cue\r\n")
    assert len(rows(done.stdout.decode("utf-8"))) == 8
    assert done.stdout == seeded.ok("export", "csv", "-t", "relays", "--via", "tasnim").stdout_bytes

    done = run("--all", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "claims.csv").read_bytes() == seeded.ok("export", "csv").stdout_bytes

    done = run("--table", "nonsense")
    assert done.returncode == 2 and b"nonsense" in done.stderr


def test_table_names_match_the_library() -> None:
    from provenance.cli.options import Table
    from provenance.export.csv_tables import CLAIM_TABLE_COLUMNS, TABLES

    assert tuple(t.value for t in Table) == TABLES
    assert list(CLAIM_TABLE_COLUMNS) == VIEW_COLUMNS


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+2", "'=1+2"), ("-12", "-12"), ("+33 6", "'+33 6"), ("@x", "'@x"), ("\tx", "'\tx")],
)
def test_neutralised_rows_match_output_neutralise(cell: str, expected: str) -> None:
    from provenance.output import neutralised

    untouched = ("plain", cell, 3, None)
    out = list(neutralised([untouched, ("safe", "text", 1, None)], [1]))
    assert list(out[0]) == ["plain", expected, 3, None]
    assert out[1] == ("safe", "text", 1, None)  # a clean row is passed on as it is


def test_claims_listing_csv_is_the_export(seeded: Cli) -> None:
    """`claims --format csv` and `export csv` write the same table, byte for byte."""
    assert seeded.ok("claims", "--format", "csv").stdout == seeded.ok("export", "csv").stdout
