"""Hostile input to ``provenance extract``, second robustness review (2026-12-07).

Each test fails on the code before its fix: a draft the importer refused, a traceback, an
article overwritten by its own draft, a text read as nothing at all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from provenance.cli import app
from provenance.extract.segment import quote_spans

runner = CliRunner()
SAID = "« Nous partirons », a déclaré Jean Dupont.\n"


def _extract_and_import(tmp_path: Path, raw: bytes) -> tuple[dict[str, Any], str]:
    text = tmp_path / "a.txt"
    text.write_bytes(raw)
    out = tmp_path / "a.yaml"
    made = runner.invoke(
        app, ["--db", str(tmp_path / "e.db"), "extract", str(text), "-o", str(out)]
    )
    assert made.exit_code == 0, made.stderr
    loaded = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "import", str(out)])
    assert loaded.exit_code == 0, loaded.stderr
    return yaml.safe_load(out.read_text("utf-8")), text.read_text("utf-8")


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c"])
def test_a_line_break_of_yaml_in_the_text_keeps_the_draft_valid(tmp_path: Path, odd: str) -> None:
    """The words of an incise go into a '# why:' comment: a U+2028 there ended the comment
    and the draft was no YAML at all."""
    d, _ = _extract_and_import(
        tmp_path, f"« Nous partirons », a déclaré{odd} Jean Dupont.\n".encode()
    )
    assert d["claims"]


def test_two_byte_order_marks_keep_the_offsets(tmp_path: Path) -> None:
    """Both were dropped (one by the reader, one by the library), the importer drops one:
    every offset was one short."""
    d, text = _extract_and_import(tmp_path, b"\xef\xbb\xbf\xef\xbb\xbf" + SAID.encode())
    claim = d["claims"][0]
    assert text.removeprefix("\ufeff")[claim["start"] : claim["end"]] == claim["quote"]


def test_a_hard_wrapped_text_reads_like_the_same_text_unwrapped(draft: Any) -> None:
    """Each line break ended a paragraph: 1 claim of the seed's 24 at 72 columns."""
    flat = (
        "Le porte-parole du ministère, Paul Martin, a affirmé mardi que la ville était "
        "calme et que les troupes étaient parties.\n\n"
        "« Nous ne partirons pas avant la fin du mois », a déclaré Jean Dupont.\n\n"
        "Selon l'AFP, qui cite des sources locales, la ville est tombée.\n"
    )
    wrapped = (
        "Le porte-parole du ministère, Paul Martin, a affirmé mardi que la\n"
        "ville était calme et que les troupes étaient parties.\n\n"
        "« Nous ne partirons pas avant la fin du mois », a\n"
        "déclaré Jean Dupont.\n\n"
        "Selon l'AFP, qui cite des sources locales, la ville\n"
        "est tombée.\n"
    )
    expected = [(c["originator"], c["quote"].split()) for c in draft(flat)["claims"]]
    assert len(expected) == 4  # "que P et que Q": two claims
    assert [(c["originator"], c["quote"].split()) for c in draft(wrapped)["claims"]] == expected


def test_one_paragraph_a_line_is_no_wrapped_text(draft: Any) -> None:
    """Lines ending with a full stop are paragraphs: a pronoun does not reach across."""
    d = draft("Jean Dupont est arrivé.\nLa ville est calme.\nIl fait beau.\n« P », a-t-il dit.\n")
    assert [c["originator"] for c in d["claims"]] == []


def test_a_run_of_punctuation_is_parsed_as_space(draft: Any) -> None:
    """spaCy's tokenizer took 10 s on 10,000 commas and 45 s on 20,000; the offsets of what
    follows must still hold."""
    text = "," * 5000 + " " + SAID
    d = draft(text)
    assert [(c["quote"], text[c["start"] : c["end"]]) for c in d["claims"]] == [
        ("Nous partirons", "Nous partirons")
    ]


def test_quote_spans_pairs_nested_and_unmatched_guillemets() -> None:
    """One pass instead of a rescan per opener; the same quotes as before."""
    text = "« a « b » c » « d « e »"
    spans = [text[s.start : s.end] for s in quote_spans(text, 0, len(text))]
    assert spans == ["a « b » c", "e"]
    assert quote_spans("« " * 20000, 0, 40000) == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--published", "2018-02-30"),
        ("--published", "0000-01-01"),
        ("--key", "---"),
        ("--key", "a/b"),
        ("--key", "k" * 201),
        ("--url", "not-a-url"),
        ("--publisher", ""),
    ],
)
def test_an_option_the_import_would_refuse_is_a_usage_error(
    tmp_path: Path, option: str, value: str
) -> None:
    text = tmp_path / "a.txt"
    text.write_text(SAID, encoding="utf-8")
    out = tmp_path / "a.yaml"
    result = runner.invoke(app, ["extract", str(text), "-o", str(out), option, value])
    assert result.exit_code == 2, result.output
    assert option in result.stderr
    assert not out.exists()


def test_the_draft_never_replaces_the_article(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(SAID, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(text), "-o", str(text)])
    assert result.exit_code == 2
    assert "would replace it" in result.stderr
    assert text.read_text("utf-8") == SAID


def test_a_folder_without_texts_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["extract", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert "no .txt file" in result.stderr


def test_a_text_over_the_models_limit_is_one_clear_error(tmp_path: Path) -> None:
    text = tmp_path / "big.txt"
    text.write_text("la ville est calme. " * 50000 + "x", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(text)])
    assert result.exit_code == 1
    assert f"{text}: 1,000,001 characters" in result.stderr
    assert "Traceback" not in result.output


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    """It was read as "no known actors", and the draft's keys then collided on import."""
    text = tmp_path / "a.txt"
    text.write_text(SAID, encoding="utf-8")
    bad = tmp_path / "notadb.db"
    bad.write_bytes(b"this is not a database, just some bytes" * 100)
    result = runner.invoke(app, ["--db", str(bad), "extract", str(text)])
    assert result.exit_code == 1
    assert "file is not a database" in result.stderr


def test_a_closed_standard_output_is_one_clear_error(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(SAID, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "--db", str(tmp_path / "e.db"), "claims"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        pass_fds=(),
        preexec_fn=lambda: __import__("os").close(1),
    )
    assert done.returncode == 1
    assert "cannot write to standard output" in done.stderr
    assert "Traceback" not in done.stderr


def _draft_files(tmp_path: Path, db: Path, *texts: str) -> list[Path]:
    """Extract each text against ``db`` and import it there, as the README's workflow."""
    drafts = []
    for n, body in enumerate(texts):
        text = tmp_path / f"t{n}.txt"
        text.write_text(body, encoding="utf-8")
        out = tmp_path / f"t{n}.yaml"
        made = runner.invoke(app, ["--db", str(db), "extract", str(text), "-o", str(out)])
        assert made.exit_code == 0, made.stderr
        loaded = runner.invoke(app, ["--db", str(db), "import", str(out)])
        assert loaded.exit_code == 0, loaded.stderr
        drafts.append(out)
    return drafts


def test_a_new_actor_never_takes_a_stored_key(tmp_path: Path) -> None:
    """ "Selon Afp" drafted an actor 'afp' beside the stored AFP, and "Jean Pierre Martin"
    one 'jean-pierre-martin' beside the stored Jean-Pierre Martin: import refused both."""
    db = tmp_path / "p.db"
    drafts = _draft_files(
        tmp_path,
        db,
        "« Nous partirons », a déclaré Jean-Pierre Martin.\nSelon l'AFP, la ville est tombée.\n",
        "« Nous resterons », a déclaré Jean Pierre Martin.\nSelon Afp, la ville est calme.\n",
    )
    second = yaml.safe_load(drafts[1].read_text("utf-8"))
    assert [c["originator"] for c in second["claims"]] == ["jean-pierre-martin", "afp-2"]


def test_names_without_latin_letters_get_keys_of_their_own(tmp_path: Path) -> None:
    """Both were 'actor': two drafts of one folder collided on import."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("« Nous partirons », a déclaré Владимир Путин.\n", "utf-8")
    (texts / "b.txt").write_text("« Nous resterons », a déclaré Сергей Лавров.\n", "utf-8")
    out = tmp_path / "drafts"
    out.mkdir()
    made = runner.invoke(app, ["extract", str(texts), "--output-dir", str(out)])
    assert made.exit_code == 0, made.stderr
    loaded = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "import", str(out)])
    assert loaded.exit_code == 0, loaded.stderr
    keys = {yaml.safe_load(f.read_text("utf-8"))["claims"][0]["originator"] for f in out.iterdir()}
    assert len(keys) == 2 and all(k.isascii() for k in keys)


def test_a_bare_title_is_nobody_in_particular(draft: Any) -> None:
    """ "a affirmé Mme." made a person 'mme' shared by every article."""
    d = draft("« Nous partirons », a affirmé Mme.\n")
    assert [c["originator"] for c in d["claims"]] == ["t:mme"]


def test_a_first_name_that_is_an_agency_alias_stays_a_person(draft: Any) -> None:
    """ "Sana Khalil" was SANA, the Syrian agency, and "Mena Massoud" MENA."""
    d = draft(
        "« Nous partirons », a déclaré Sana Khalil, une habitante.\n"
        "Selon Mena Massoud, la ville est calme.\nSelon l'agence Sana, la ville est tombée.\n"
    )
    assert [c["originator"] for c in d["claims"]] == ["sana-khalil", "mena-massoud", "sana"]


def test_decomposed_accents_read_like_composed_ones(tmp_path: Path, draft: Any) -> None:
    """Text copied on macOS (NFD): the seed drafted 13 claims of 24; offsets must still
    be those of the file as written."""
    import unicodedata

    body = (
        "Le porte-parole du ministère, Paul Martin, a déclaré que la ville était calme.\n"
        "« Nous partirons », a affirmé Hélène Dupré.\n"
    )
    nfd = unicodedata.normalize("NFD", body)
    expected = [c["originator"] for c in draft(body)["claims"]]
    d, text = _extract_and_import(tmp_path, nfd.encode())
    assert [c["originator"] for c in d["claims"]] == expected
    assert all(text[c["start"] : c["end"]] == c["quote"] for c in d["claims"])


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_folder_that_refuses_files_is_named_not_the_temporary_file(tmp_path: Path) -> None:
    """The error named '/proc/.x.yaml.w3dgbuyo.partial', a file the user never asked for."""
    text = tmp_path / "a.txt"
    text.write_text(SAID, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(text), "-o", "/proc/x.yaml"])
    assert result.exit_code == 1
    assert "cannot write /proc/x.yaml" in result.stderr
    assert ".partial" not in result.stderr
