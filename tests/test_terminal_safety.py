"""Annotations cannot drive a reviewer's terminal: tables, trees, cards and error lines show
control, bidi and zero-width characters escaped, while JSON and CSV stay exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Cli

CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
FAKE_LINE = "\x1b[1A\rFAKE"
LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
HOSTILE = [CLIPBOARD, FAKE_LINE, LINK, "\u009b31m", "\u202eevil", "tas\u200dnim"]
RAW = ["\x1b", "\x07", "\r", "\u009b", "\u202e", "\u200d"]


def hostile_corpus(folder: Path) -> Path:
    quote = f"Les forces ont avancé {FAKE_LINE} vers la ville"
    text = f"Selon l'agence{CLIPBOARD}, {quote}.\n"
    (folder / "h.txt").write_text(text, encoding="utf-8")
    annotation = {
        "format": "provenance/v1",
        "document": {
            "key": "hostile",
            "title": f"Titre {LINK}",
            "text_file": "h.txt",
            "publisher": "pub",
        },
        "actors": [
            {"key": "pub", "name": "Publisher \u202eevil", "kind": "website"},
            {"key": "agency", "name": f"Agence {CLIPBOARD}", "kind": "news_agency"},
            {"key": "src", "name": "Source \u009b31m anonyme", "kind": "anonymous_source"},
        ],
        "claims": [
            {
                "key": "advance",
                "quote": quote,
                "cue": f"selon {LINK}",
                "originator": "src",
                "chain": [{"actor": "agency", "cue": f"Selon l'agence{CLIPBOARD}"}],
            }
        ],
    }
    path = folder / "h.json"
    path.write_text(json.dumps(annotation), encoding="utf-8")
    return path


@pytest.fixture
def hostile(cli: Cli, tmp_path: Path) -> Cli:
    cli.ok("import", str(hostile_corpus(tmp_path)))
    return cli


@pytest.mark.parametrize(
    "command",
    [
        ["chain", "advance"],
        ["chain", "--all"],
        ["claim", "advance"],
        ["claims"],
        ["actor", "agency"],
        ["actors"],
        ["trace", "agency"],
        ["stats"],
        ["sources", "hostile"],
    ],
    ids=lambda c: "-".join(c),
)
def test_human_output_escapes_what_would_drive_a_terminal(hostile: Cli, command: list[str]) -> None:
    out = hostile.ok(*command).stdout
    assert not [c for c in RAW if c in out], repr(out)
    if command[0] in ("chain", "claim"):
        assert "\\x1b]52;c;" in out  # shown, not hidden


def test_json_and_csv_stay_exact(hostile: Cli) -> None:
    claims = hostile.json("claims")
    assert FAKE_LINE in claims[0]["quote"]
    assert claims[0]["chains"][0][0]["name"] == f"Agence {CLIPBOARD}"
    csv = hostile.ok("claims", "--format", "csv").stdout
    assert FAKE_LINE in csv


def test_error_lines_escape_c1_and_bidi(cli: Cli, tmp_path: Path) -> None:
    path = hostile_corpus(tmp_path)
    data = json.loads(path.read_text())
    data["claims"][0]["originator"] = "nobody\u202e\u009b"
    named = tmp_path / "gpj.\u202eevil\u009b.json"  # a name that reads backwards
    named.write_text(json.dumps(data))
    for command in ("validate", "import"):
        done = cli(command, str(named))
        assert done.exit_code == 1
        assert not [c for c in RAW if c in done.stderr], repr(done.stderr)
        assert "gpj.\\u202eevil\\x9b.json" in done.stderr


def test_a_thousand_hop_chain_is_drawn(cli: Cli, tmp_path: Path) -> None:
    words = [f"w{i}" for i in range(1000)]
    (tmp_path / "d.txt").write_text("Selon " + " ".join(words) + ", ça va.\n")
    annotation = {
        "format": "provenance/v1",
        "document": {"key": "deep", "title": "t", "text_file": "d.txt", "publisher": "a0"},
        "actors": [{"key": f"a{i}", "name": f"A{i}", "kind": "other"} for i in range(1001)],
        "claims": [
            {
                "key": "c",
                "quote": "ça va",
                "originator": "a1000",
                "chain": [{"actor": f"a{i}", "cue": w} for i, w in enumerate(words)],
            }
        ],
    }
    (tmp_path / "d.json").write_text(json.dumps(annotation))
    cli.ok("import", str(tmp_path / "d.json"))
    tree = cli.ok("chain", "c").stdout
    assert tree.count("└── ") == 1001
    assert cli.ok("chain", "--all").stdout == tree
    assert len(cli.json("chain", "c")["chains"][0]) == 1000
    assert "A999" in cli.ok("claim", "c").stdout
