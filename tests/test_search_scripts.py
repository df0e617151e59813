"""Search finds words of every script, alike on both backends; a runaway query is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Cli

QUOTES = {
    "ru": "Атака на город была отбита",
    "ar": "قال المتحدث إن الهجوم فشل",
    "el": "Η επίθεση απέτυχε στην Ελλάδα",
    "ja": "攻撃は失敗したと発表した",
    "fr": "Les attaques ont échoué à l’aube",
}


@pytest.fixture
def scripts(cli: Cli, tmp_path: Path) -> Cli:
    text = "\n".join(QUOTES.values()) + "\n"
    (tmp_path / "s.txt").write_text(text, encoding="utf-8")
    annotation = {
        "format": "provenance/v1",
        "document": {"key": "scripts", "title": "t", "text_file": "s.txt", "publisher": "p"},
        "actors": [{"key": "p", "name": "P", "kind": "website"}],
        "claims": [{"key": k, "quote": q, "originator": "p"} for k, q in QUOTES.items()],
    }
    (tmp_path / "s.json").write_text(json.dumps(annotation, ensure_ascii=False))
    cli.ok("import", str(tmp_path / "s.json"))
    return cli


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("атака", ["ru"]),
        ("АТАКА город", ["ru"]),
        ("الهجوم", ["ar"]),
        ("επίθεση", ["el"]),
        ("επιθεση", ["el"]),  # accents folded in Greek too
        ("攻撃", ["ja"]),
        ("失敗", ["ja"]),
        ("attaque", ["fr"]),
        ("aube", ["fr"]),
        ("город атака", ["ru"]),
        ("город attaque", []),
    ],
)
def test_every_script_is_searchable(scripts: Cli, query: str, found: list[str]) -> None:
    assert [c["key"] for c in scripts.json("claims", "--search", query)] == found


def test_twenty_thousand_words_are_one_clear_error(scripts: Cli) -> None:
    done = scripts("claims", "--search", " ".join(f"w{i}" for i in range(20_000)))
    assert done.exit_code == 1
    assert done.stderr == "Error: --search: 20000 words; at most 64 are searched\n"


def test_upgrade_reindexes_claims_written_by_the_older_rule(runner: object, tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'old.db'}"
    cli = Cli(runner, url)  # type: ignore[arg-type]
    (tmp_path / "s.txt").write_text(QUOTES["ru"] + "\n", encoding="utf-8")
    annotation = {
        "format": "provenance/v1",
        "document": {"key": "d", "title": "t", "text_file": "s.txt", "publisher": "p"},
        "actors": [{"key": "p", "name": "P", "kind": "website"}],
        "claims": [{"key": "ru", "quote": QUOTES["ru"], "originator": "p"}],
    }
    (tmp_path / "s.json").write_text(json.dumps(annotation, ensure_ascii=False))
    cli.ok("import", str(tmp_path / "s.json"))
    from provenance.store.engine import make_engine
    from provenance.store.migrate import downgrade

    # back to 0003 through the migrations (later ones undo their tables), then the text
    # the 0003 rule stored: no Cyrillic words
    downgrade(make_engine(url, write=True), "0003")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE claims SET search_text = ''"))
    engine.dispose()
    cli.ok("db", "upgrade")
    assert [c["key"] for c in cli.json("claims", "--search", "атака")] == ["ru"]
    assert cli.ok("db", "check").stdout.startswith("OK")
