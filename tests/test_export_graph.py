"""``provenance export graph``: DOT, Mermaid and SVG pictures of chains and neighbourhoods."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import ROOT, SEEDS, Cli

from provenance.export.graph import dot_string, mermaid_string

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
SVG = "{http://www.w3.org/2000/svg}"
ODD_NAME = '@Anon "source" \\ <b>&lt; #1 | `x`'

_EDGE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)"(?: \[(.*)\])?;$')
_LABEL = re.compile(r'label="((?:[^"\\]|\\.)*)"')


def dot_edges(dot: str) -> list[tuple[str, str, str, bool]]:
    """(source, target, label, dashed red) of each DOT edge, in order."""
    out = []
    for line in dot.splitlines():
        match = _EDGE.match(line)
        if match:
            attrs = match.group(3) or ""
            label = _LABEL.search(attrs)
            out.append(
                (
                    match.group(1),
                    match.group(2),
                    label.group(1) if label else "",
                    "style=dashed" in attrs and "#d62728" in attrs,
                )
            )
    return out


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return [t.text or "" for t in root.iter(SVG + "text")]


def run_dot(dot: str) -> str:
    done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True)
    return done.stdout.decode()


def mermaid_text(label: str) -> str:
    """What Mermaid shows for a quoted label (entity codes and <br/> decoded)."""
    assert label.startswith('"') and label.endswith('"')
    body = label[1:-1]
    assert '"' not in body and "<" not in body.replace("<br/>", "")
    body = body.replace("<br/>", "\n")
    codes = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}
    return re.sub(
        r"#(\w+);",
        lambda m: codes.get(m.group(1)) or chr(int(m.group(1))),
        body,
    )


def test_claim_chain_as_dot(seeded: Cli) -> None:
    dot = seeded.ok("export", "graph", "centcom-orchestrated").stdout
    assert dot.startswith("digraph provenance {")
    assert dot_edges(dot) == [
        (
            "actor:syrian-military-source",
            "actor:tasnim",
            "pour l’agence iranienne Tasnim News",
            False,
        ),
        ("actor:tasnim", "actor:presstv", "rapporte Press TV", False),
        ("actor:presstv", "claim:centcom-orchestrated", "accuse", False),
    ]
    assert 'label="Source militaire syrienne\\n(anonymous_source)"' in dot
    if HAS_DOT:
        texts = svg_texts(run_dot(dot))
        assert "Tasnim News" in texts and "Press TV" in texts


def test_contradicting_claims_are_dashed_red_from_their_originators(seeded: Cli) -> None:
    dot = seeded.ok("export", "graph", "al-boukamal-2018-06-10/osdh-daech-took-city").stdout
    edges = dot_edges(dot)
    assert edges[:2] == [
        (
            "actor:osdh",
            "actor:international-agencies",
            "relayé par les agences internationales",
            False,
        ),
        ("actor:international-agencies", "claim:osdh-daech-took-city", "avait véhiculé", False),
    ]
    assert sorted(e for e in edges if e[3]) == [
        (
            "actor:al-alam-correspondent",
            "claim:osdh-daech-took-city",
            "al-alam-never-seized contradicts",
            True,
        ),
        (
            "actor:hassan-mohamad-mohamad",
            "claim:osdh-daech-took-city",
            "general-denies-new-attempts contradicts",
            True,
        ),
        (
            "actor:unknown-publisher",
            "claim:osdh-daech-took-city",
            "pub-daech-attempt-failed contradicts",
            True,
        ),
    ]
    # and from the other side: the claim it contradicts, pointing away
    edges = dot_edges(seeded.ok("export", "graph", "al-alam-never-seized").stdout)
    assert [e for e in edges if e[3]] == [
        ("claim:al-alam-never-seized", "actor:osdh", "contradicts osdh-daech-took-city", True)
    ]


def test_claim_chain_as_mermaid(seeded: Cli) -> None:
    text = seeded.ok("export", "graph", "osdh-daech-took-city", "--format", "mermaid").stdout
    lines = text.splitlines()
    assert lines[:4] == [
        "---",
        "title: 'al-boukamal-2018-06-10/osdh-daech-took-city'",
        "---",
        "flowchart LR",
    ]
    nodes = dict(re.findall(r"^  (n\d+)[\[(]+(\".*\")[\])]+$", text, re.M))
    names = {k: mermaid_text(v).split("\n")[0] for k, v in nodes.items()}
    edges = re.findall(r"^  (n\d+) (-->|-\.->)(?:\|(\".*\")\|)? (n\d+)$", text, re.M)
    shown = [
        (names[a], arrow, mermaid_text(label) if label else "", names[b])
        for a, arrow, label, b in edges
    ]
    assert shown[:2] == [
        (
            "Syrian Observatory for Human Rights",
            "-->",
            "relayé par les agences internationales",
            "agences internationales",
        ),
        ("agences internationales", "-->", "avait véhiculé", "osdh-daech-took-city (assertion)"),
    ]
    dashed = [i for i, e in enumerate(shown) if e[1] == "-.->"]
    assert len(dashed) == 3
    assert f"  linkStyle {','.join(map(str, dashed))} stroke:#d62728,color:#d62728" in lines


def test_actor_neighbourhood_counts_claims(seeded: Cli) -> None:
    edges = dot_edges(seeded.ok("export", "graph", "--actor", "tasnim").stdout)
    assert edges == [
        ("actor:syrian-military-source", "actor:tasnim", "4 claims", False),
        ("actor:tasnim", "actor:presstv", "4 claims", False),
    ]
    edges = dot_edges(seeded.ok("export", "graph", "--actor", "unknown-publisher").stdout)
    assert edges == [
        ("actor:hassan-mohamad-mohamad", "actor:unknown-publisher", "10 claims", False),
        ("actor:sputnik", "actor:unknown-publisher", "6 claims", False),
        ("actor:presstv", "actor:unknown-publisher", "4 claims", False),
        ("actor:international-agencies", "actor:unknown-publisher", "3 claims", False),
        ("actor:konachinkov", "actor:unknown-publisher", "2 claims", False),
        ("actor:al-alam", "actor:unknown-publisher", "1 claim", False),
    ]
    # an alias works as for every other command
    assert dot_edges(seeded.ok("export", "graph", "--actor", "SOHR").stdout) == [
        ("actor:osdh", "actor:international-agencies", "3 claims", False)
    ]


def test_neighbourhood_across_documents(cli: Cli, tmp_path: Path) -> None:
    shutil.copytree(EXPORTS / "followup", tmp_path / "followup")
    cli.ok("import", str(SEEDS), str(tmp_path / "followup"))
    edges = dot_edges(cli.ok("export", "graph", "--actor", "presstv").stdout)
    # its own article's claims end with itself as publisher: no self edge
    assert edges == [
        ("actor:tasnim", "actor:presstv", "5 claims", False),
        ("actor:presstv", "actor:unknown-publisher", "4 claims", False),
    ]
    edges = dot_edges(cli.ok("export", "graph", "--actor", "tasnim").stdout)
    assert ("actor:resident", "actor:tasnim", "1 claim", False) in edges
    assert ("actor:tasnim", "actor:presstv", "5 claims", False) in edges
    edges = dot_edges(cli.ok("export", "graph", "resident-never-held").stdout)
    assert (
        "claim:resident-never-held",
        "actor:osdh",
        "contradicts al-boukamal-2018-06-10/osdh-daech-took-city",
        True,
    ) in edges


def test_labels_are_escaped_for_each_format(cli: Cli, tmp_path: Path) -> None:
    shutil.copytree(EXPORTS / "odd", tmp_path / "odd")
    cli.ok("import", str(tmp_path / "odd"))
    dot = cli.ok("export", "graph", "two-chains").stdout
    assert dot_string(ODD_NAME + "\n(anonymous_source)") in dot
    mermaid = cli.ok("export", "graph", "two-chains", "-f", "mermaid").stdout
    labels = re.findall(r'^  n\d+\(+(".*")\)+$', mermaid, re.M)
    assert ODD_NAME + "\n(anonymous_source)" in [mermaid_text(label) for label in labels]
    # several chains through the same actors: each hop drawn once
    edges = dot_edges(dot)
    assert ("actor:odd-source", "actor:radio-libre", "", False) in edges
    assert ("actor:radio-libre", "actor:plus-agency", "", False) in edges
    assert ("actor:bureau", "claim:two-chains", "Selon", False) in edges
    if HAS_DOT:
        texts = svg_texts(run_dot(dot))
        assert ODD_NAME in texts  # Graphviz shows the name exactly as written
        assert "Radio \\ Libre" in texts


@pytest.mark.parametrize(
    "text",
    ['a "b" \\c', "x < y & z > w", "&lt;&amp;", "line one\nline two\r\nthree", "#35; # | `"],
)
def test_escaping_functions_round_trip(text: str) -> None:
    shown = text.replace("\r\n", "\n")
    assert mermaid_text(mermaid_string(text)) == shown
    if HAS_DOT:
        dot = f"digraph {{ a [label={dot_string(text)}]; }}"
        assert svg_texts(run_dot(dot)) == shown.split("\n")


@needs_dot
def test_svg_output(seeded: Cli, tmp_path: Path) -> None:
    svg = seeded.ok("export", "graph", "centcom-orchestrated", "--format", "svg").stdout
    texts = svg_texts(svg)
    assert "Source militaire syrienne" in texts and "rapporte Press TV" in texts
    target = tmp_path / "chain.svg"
    result = seeded.ok("export", "graph", "osdh-daech-took-city", "-f", "svg", "-o", str(target))
    assert result.stdout == ""
    assert "al-alam-never-seized contradicts" in svg_texts(target.read_text(encoding="utf-8"))


def test_svg_without_graphviz_is_a_clear_error(
    seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    target = tmp_path / "chain.svg"
    result = seeded("export", "graph", "centcom-orchestrated", "-f", "svg", "-o", str(target))
    assert result.exit_code == 1
    assert "install Graphviz (Debian: apt-get install graphviz)" in result.stderr
    assert not target.exists()
    assert seeded("export", "graph", "centcom-orchestrated", "-f", "dot").exit_code == 0


def test_usage_errors(seeded: Cli) -> None:
    assert seeded("export", "graph").exit_code == 2
    assert seeded("export", "graph", "centcom-orchestrated", "--actor", "tasnim").exit_code == 2
    result = seeded("export", "graph", "centcom-orchestrate")
    assert result.exit_code == 1 and "did you mean 'centcom-orchestrated'" in result.stderr
    result = seeded("export", "graph", "--actor", "tasnimm")
    assert result.exit_code == 1 and "unknown actor 'tasnimm'" in result.stderr


def test_graph_in_a_real_process(seeded: Cli) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "provenance",
            "--db",
            seeded.url,
            "export",
            "graph",
            "centcom-orchestrated",
            "--format",
            "mermaid",
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.decode("utf-8")
        == seeded.ok("export", "graph", "centcom-orchestrated", "-f", "mermaid").stdout
    )
