"""`provenance extract` as a user runs it: paths, formats, bad input, odd input, --db."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SEEDS
from helpers import Cli
from typer.testing import CliRunner

from provenance.cli import app

SEED_TEXT = SEEDS / "al-boukamal-2018-06-10.fr.txt"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def validate_and_import(draft: Path, db: Path) -> None:
    code, _, err = invoke("--db", str(db), "validate", str(draft))
    assert code == 0, err
    code, _, err = invoke("--db", str(db), "import", str(draft))
    assert code == 0, err


def test_seed_to_stdout_keeps_the_path_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SEED_TEXT, tmp_path / "a.txt")
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("--db", "x.db", "extract", "a.txt")
    assert code == 0, err
    draft = yaml.safe_load(out)
    assert draft["document"]["text_file"] == "a.txt"
    assert draft["document"]["key"] == "a"
    assert "# why:" in out
    assert not (tmp_path / "x.db").exists()  # extract never creates the database
    (tmp_path / "a.yaml").write_text(out, encoding="utf-8")
    validate_and_import(tmp_path / "a.yaml", tmp_path / "x.db")


def test_output_file_is_relative_to_the_draft(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "drafts").mkdir()
    shutil.copy(SEED_TEXT, tmp_path / "texts" / "seed.fr.txt")
    out = tmp_path / "drafts" / "seed.yaml"
    code, _, err = invoke(
        "extract",
        str(tmp_path / "texts" / "seed.fr.txt"),
        "--output",
        str(out),
        "--publisher",
        "Press TV",
        "--published",
        "2018-06-10",
        "--key",
        "k1",
    )
    assert code == 0, err
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["document"]["text_file"] == "../texts/seed.fr.txt"
    assert draft["document"]["publisher"] == "presstv"
    assert draft["document"]["key"] == "k1"
    validate_and_import(out, tmp_path / "x.db")


def test_output_dir_takes_several_texts_and_json(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        shutil.copy(SEED_TEXT, tmp_path / name)
    target = tmp_path / "out"
    target.mkdir()
    code, _, err = invoke(
        "extract",
        str(tmp_path / "one.txt"),
        str(tmp_path / "two.txt"),
        "--output-dir",
        str(target),
        "--format",
        "json",
    )
    assert code == 0, err
    for key in ("one", "two"):
        draft = json.loads((target / f"{key}.json").read_text(encoding="utf-8"))
        assert draft["document"]["text_file"] == f"../{key}.txt"
    code, _, err = invoke("validate", str(target))
    assert code == 0, err


def test_several_texts_need_output_dir(tmp_path: Path) -> None:
    code, _, err = invoke("extract", str(SEED_TEXT), str(SEED_TEXT))
    assert code == 2
    assert "--output-dir" in err


@pytest.mark.parametrize("names", [("a/x.fr.txt", "b/x.fr.txt"), ("x.txt", "sub/X.txt")])
def test_two_texts_of_one_key_are_refused_before_any_draft(
    tmp_path: Path, names: tuple[str, str]
) -> None:
    """The second draft would overwrite the first in --output-dir: refused, nothing written
    (the same goes for a folder holding both)."""
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEED_TEXT, tmp_path / name)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for args in ([str(tmp_path / n) for n in names], [str(tmp_path)]):
        code, _, err = invoke("extract", *args, "--output-dir", str(drafts))
        assert code == 2, err
        assert str(tmp_path / names[0]) in err and str(tmp_path / names[1]) in err
        assert "--key" in err
        assert list(drafts.iterdir()) == []
    code, _, err = invoke("extract", str(tmp_path / names[0]), "--output-dir", str(drafts))
    assert code == 0, err
    assert len(list(drafts.iterdir())) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"caf\xe9 au lait", "not valid UTF-8"), (b"\x89PNG\r\n\x1a\n\x00\x00", "UTF-8")],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "bad.yaml"
    code, _, err = invoke("extract", str(SEED_TEXT), str(bad), "--output-dir", str(tmp_path))
    assert code == 1
    assert err.startswith(f"Error: {bad}: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists() and not (tmp_path / "al-boukamal-2018-06-10.fr.yaml").exists()


def test_binary_with_nul_and_missing_file(tmp_path: Path) -> None:
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"abc\x00def")
    code, _, err = invoke("extract", str(nul))
    assert code == 1 and "NUL" in err
    code, _, err = invoke("extract", str(tmp_path / "nope.txt"))
    assert code == 1 and err.strip() == f"Error: {tmp_path / 'nope.txt'}: not found"


def test_empty_file_gives_a_valid_draft_and_a_note(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    out = tmp_path / "empty.yaml"
    code, _, err = invoke("extract", str(empty), "--output", str(out))
    assert code == 0
    assert "Note:" in err and "empty" in err
    validate_and_import(out, tmp_path / "x.db")


ODD = {
    "no-quotes": "La ville est calme. Les habitants sont rentrés chez eux.\n",
    "unbalanced": "« Nous ne céderons pas, a déclaré le ministre.\n"
    "Il a ajouté que « la paix reviendra.\n",
    "long": ("Selon l'AFP, la situation est tendue et " + "les négociations continuent, " * 400)
    + "a précisé le porte-parole.\n",
    "crlf": "Le ministre a déclaré que la paix reviendra.\r\n"
    "« Nous tiendrons », a-t-il ajouté.\r\n",
    "bom": "\ufeffSelon Reuters, le port a été fermé.\n« C'est fini », a dit un témoin.\n",
    "chrome": "Photo : ©AFP\nLire aussi : la crise\nLe président a affirmé que tout va bien.\n",
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_inputs_validate_and_import(tmp_path: Path, name: str) -> None:
    text = tmp_path / f"{name}.txt"
    text.write_bytes(ODD[name].encode("utf-8"))
    out = tmp_path / f"{name}.yaml"
    code, _, err = invoke("extract", str(text), "--output", str(out))
    assert code == 0, err
    validate_and_import(out, tmp_path / "x.db")
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    raw = text.read_bytes().decode("utf-8").removeprefix("\ufeff")  # offsets skip a BOM
    for claim in draft["claims"]:
        assert raw[claim["start"] : claim["end"]] == claim["quote"]


def test_actors_in_the_database_are_reused_and_not_repeated(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    code, _, err = invoke("--db", str(db), "import", str(SEEDS))
    assert code == 0, err
    before = db.read_bytes()
    code, out, err = invoke("--db", str(db), "extract", str(SEED_TEXT), "--key", "again")
    assert code == 0, err
    draft = yaml.safe_load(out)
    originators = {c["originator"] for c in draft["claims"]}
    assert "konachinkov" in originators  # the database's key, found by name
    assert "konachinkov" not in {a["key"] for a in draft["actors"]}
    assert db.read_bytes() == before


def test_two_articles_unnamed_sources_stay_two_actors(runner: CliRunner, tmp_path: Path) -> None:
    """ "Une source militaire" and "le porte-parole" of two articles are not known to be the
    same: each draft keys them under its document (``a:…``, ``b:…``), so importing both
    keeps two originators, and a later draft does not take the stored one for its own."""
    a = tmp_path / "a.fr.txt"
    b = tmp_path / "b.fr.txt"
    a.write_text(
        "Une source militaire syrienne a affirmé dimanche que la coalition avait frappé un "
        "poste. Le porte-parole a démenti cette information.\n",
        encoding="utf-8",
    )
    b.write_text(
        "Une source militaire syrienne a déclaré lundi que dix civils avaient été tués.\n",
        encoding="utf-8",
    )
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    db = f"sqlite:///{tmp_path / 'x.db'}"
    cli = Cli(runner, db)
    cli.ok("extract", str(a), "--output-dir", str(drafts))
    cli.ok("import", str(drafts))
    cli.ok("extract", str(b), "--output-dir", str(drafts))  # a's actors are in the database
    cli.ok("import", str(drafts))
    made = {c["originator"]["key"]: c["document"] for c in cli.json("claims")}
    assert made["a:source-militaire-syrienne"] == "a"
    assert made["b:source-militaire-syrienne"] == "b"
    assert "a:porte-parole" in made
    draft_b = yaml.safe_load((drafts / "b.yaml").read_text(encoding="utf-8"))
    assert [x["key"] for x in draft_b["actors"]][-1] == "b:source-militaire-syrienne"


def test_a_draft_redirected_into_another_folder_names_its_text_from_there(
    tmp_path: Path,
) -> None:
    """``extract scratch/a.txt > scratch/a.yaml`` (a real process, stdout a file): the
    import reads text_file relative to the draft, so the draft says ``a.fr.txt``; a draft
    written to a pipe still says the path as given."""
    import subprocess
    import sys

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "a.fr.txt").write_text(
        "Le ministre a affirmé lundi que le pont sera rouvert.\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "provenance", "--db", "x.db", "extract", "scratch/a.fr.txt"]
    with (scratch / "a.yaml").open("w", encoding="utf-8") as out:
        subprocess.run(command, stdout=out, cwd=tmp_path, check=True)
    draft = yaml.safe_load((scratch / "a.yaml").read_text(encoding="utf-8"))
    assert draft["document"]["text_file"] == "a.fr.txt"
    imported = subprocess.run(
        [sys.executable, "-m", "provenance", "--db", "x.db", "import", "scratch/a.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    piped = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert yaml.safe_load(piped.stdout)["document"]["text_file"] == "scratch/a.fr.txt"
