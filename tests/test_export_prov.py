"""``provenance export prov``: PROV-JSON, PROV-N and Turtle that read back with ``prov``."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SEEDS, Cli

prov = pytest.importorskip("prov")
from prov.model import (  # noqa: E402
    ProvAgent,
    ProvAttribution,
    ProvDelegation,
    ProvDerivation,
    ProvDocument,
    ProvEntity,
    ProvInfluence,
    ProvMembership,
)

# rdflib's own deprecation, raised while prov reads Turtle
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated")

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
SEED = "al-boukamal-2018-06-10"
NS = "https://provenance.invalid/"
HAS_RDFLIB = importlib.util.find_spec("rdflib") is not None
# export format -> (prov's format name, its reading options)
READERS: dict[str, tuple[str, dict[str, Any]]] = {
    "json": ("json", {}),
    "provn": ("provn", {}),
    "ttl": ("rdf", {"rdf_format": "turtle"}),
}
FORMATS = [
    "json",
    "provn",
    pytest.param("ttl", marks=pytest.mark.skipif(not HAS_RDFLIB, reason="rdflib not installed")),
]


def read(text: str, fmt: str) -> ProvDocument:
    name, options = READERS[fmt]
    try:
        return ProvDocument.deserialize(content=text, format=name, **options)
    except NotImplementedError:  # prov 2.x writes PROV-N but cannot read it
        pytest.skip(f"this prov version cannot read {fmt}")


def records(doc: ProvDocument, kind: type) -> list[Any]:
    return list(doc.get_records(kind))


def counts(doc: ProvDocument) -> tuple[int, int, int]:
    return (
        len(records(doc, ProvAgent)),
        len(records(doc, ProvEntity)),
        len(records(doc, ProvAttribution)),
    )


def expected_counts(url: str) -> tuple[int, int, int]:
    """Agents, entities and attributions the mapping promises, counted in the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:

            def n(sql: str) -> int:
                return int(conn.execute(text(sql)).scalar_one())

            actors = n("SELECT count(*) FROM actors")
            claims = n("SELECT count(*) FROM claims")
            relays = n("SELECT count(*) FROM relays")
            documents = n("SELECT count(*) FROM documents")
            published = n(
                "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id "
                "WHERE d.publisher_id IS NOT NULL"
            )
            with_publisher = n("SELECT count(*) FROM documents WHERE publisher_id IS NOT NULL")
    finally:
        engine.dispose()
    # origin + printed claim per claim, one entity per hop, one per document;
    # each is attributed to its holder (printed claims and documents to the publisher)
    return actors, documents + 2 * claims + relays, claims + relays + published + with_publisher


def uri(local: str) -> str:
    return NS + local


def attributions(doc: ProvDocument) -> dict[str, str]:
    out = {}
    for rec in records(doc, ProvAttribution):
        args = dict(rec.formal_attributes)
        out[str(args[prov.model.PROV_ATTR_ENTITY].uri)] = str(args[prov.model.PROV_ATTR_AGENT].uri)
    return out


def derivations(doc: ProvDocument) -> set[tuple[str, str, str]]:
    """(generated, used, prov:type or '') of every derivation, quotation, primary source."""
    out = set()
    for rec in records(doc, ProvDerivation):
        args = dict(rec.formal_attributes)
        types = [str(t) for t in rec.get_asserted_types()]
        out.add(
            (
                str(args[prov.model.PROV_ATTR_GENERATED_ENTITY].uri),
                str(args[prov.model.PROV_ATTR_USED_ENTITY].uri),
                types[0] if types else "",
            )
        )
    return out


def influences(doc: ProvDocument) -> set[tuple[str, str, str]]:
    out = set()
    for rec in records(doc, ProvInfluence):
        if type(rec) is not ProvInfluence:  # derivations etc. are influences too
            continue
        args = dict(rec.formal_attributes)
        types = [str(t) for t in rec.get_asserted_types()]
        out.add(
            (
                str(args[prov.model.PROV_ATTR_INFLUENCEE].uri),
                str(args[prov.model.PROV_ATTR_INFLUENCER].uri),
                types[0],
            )
        )
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_reads_back_with_the_same_counts(seeded: Cli, fmt: str) -> None:
    out = seeded.ok("export", "prov", "--format", fmt).stdout
    doc = read(out, fmt)
    assert counts(doc) == expected_counts(seeded.url) == (17, 91, 91)
    assert len(records(doc, ProvDelegation)) == 4  # actors with an affiliation


def test_the_three_formats_hold_the_same_document(seeded: Cli) -> None:
    docs = {
        fmt: read(seeded.ok("export", "prov", "-f", fmt).stdout, fmt)
        for fmt in READERS
        if fmt != "ttl" or HAS_RDFLIB
    }
    first = docs.pop("json")
    for fmt, doc in docs.items():
        assert doc == first, fmt


def test_seed_mapping(seeded: Cli) -> None:
    doc = read(seeded.ok("export", "prov").stdout, "json")
    agents = {str(a.identifier.uri): a for a in records(doc, ProvAgent)}

    def types(record: Any) -> set[str]:
        return {str(t) for t in record.get_asserted_types()}

    assert types(agents[uri("actor/konachinkov")]) == {"prov:Person"}
    assert types(agents[uri("actor/syrian-military-source")]) == {"prov:Person"}
    assert types(agents[uri("actor/presstv")]) == {"prov:Organization"}
    assert types(agents[uri("actor/unknown-publisher")]) == set()  # kind "other"
    assert list(agents[uri("actor/presstv")].get_attribute("prov:label")) == ["Press TV"]
    assert set(agents[uri("actor/osdh")].get_attribute("provenance:alias")) >= {"OSDH", "SOHR"}
    delegations = {
        (
            str(dict(r.formal_attributes)[prov.model.PROV_ATTR_DELEGATE].uri),
            str(dict(r.formal_attributes)[prov.model.PROV_ATTR_RESPONSIBLE].uri),
        )
        for r in records(doc, ProvDelegation)
    }
    assert (uri("actor/konachinkov"), uri("actor/russian-mod")) in delegations

    claim = uri(f"claim/{SEED}/centcom-orchestrated")
    held = attributions(doc)
    assert held[claim + "/origin"] == uri("actor/syrian-military-source")
    assert held[claim + "/chain1/hop1"] == uri("actor/tasnim")
    assert held[claim + "/chain1/hop2"] == uri("actor/presstv")
    assert held[claim] == uri("actor/unknown-publisher")
    links = derivations(doc)
    # downstream to upstream; centcom-orchestrated is not a direct quote
    assert (claim + "/chain1/hop1", claim + "/origin", "") in links
    assert (claim + "/chain1/hop2", claim + "/chain1/hop1", "") in links
    assert (claim, claim + "/chain1/hop2", "") in links
    assert (claim, claim + "/origin", "prov:PrimarySource") in links
    quoted = uri(f"claim/{SEED}/us-seeks-cities")  # a direct quote relayed by Tasnim
    assert (quoted + "/chain1/hop1", quoted + "/origin", "prov:Quotation") in links
    assert (quoted, quoted + "/chain1/hop2", "prov:Quotation") in links

    printed = next(e for e in records(doc, ProvEntity) if str(e.identifier.uri) == claim)
    assert list(printed.get_attribute("prov:value")) == [
        "accuse le CentCom US de l’avoir diligentée depuis la base américaine à Al-Tanf"
    ]
    members = {
        (
            str(dict(r.formal_attributes)[prov.model.PROV_ATTR_COLLECTION].uri),
            str(dict(r.formal_attributes)[prov.model.PROV_ATTR_ENTITY].uri),
        )
        for r in records(doc, ProvMembership)
    }
    assert (uri(f"document/{SEED}"), claim) in members and len(members) == 36

    relations = influences(doc)
    target = uri(f"claim/{SEED}/osdh-daech-took-city")
    assert {
        source.rsplit("/", 1)[1]
        for source, dest, kind in relations
        if dest == target and kind == "provenance:contradicts"
    } == {"al-alam-never-seized", "general-denies-new-attempts", "pub-daech-attempt-failed"}
    assert (uri(f"claim/{SEED}/osdh-retraction"), target, "provenance:retracts") in relations
    assert (uri(f"document/{SEED}"), uri("actor/afp"), "provenance:listedSource") in relations
    assert sum(1 for r in relations if r[2] != "provenance:listedSource") == 25


@pytest.mark.parametrize("fmt", FORMATS)
def test_odd_labels_survive_the_round_trip(cli: Cli, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "odd"
    shutil.copytree(EXPORTS / "odd", folder)
    cli.ok("import", str(folder))
    doc = read(cli.ok("export", "prov", "-f", fmt).stdout, fmt)
    assert counts(doc) == expected_counts(cli.url)
    agents = {str(a.identifier.uri): a for a in records(doc, ProvAgent)}
    assert list(agents[uri("actor/odd-source")].get_attribute("prov:label")) == [
        '@Anon "source" \\ <b>&lt; #1 | `x`'
    ]
    claim = uri("claim/odd-2020-01-01/formula")
    printed = next(e for e in records(doc, ProvEntity) if str(e.identifier.uri) == claim)
    assert list(printed.get_attribute("prov:value")) == ['=HYPERLINK("x")']  # not for spreadsheets
    two = uri("claim/odd-2020-01-01/two-chains")
    held = attributions(doc)
    assert held[two + "/chain2/hop3"] == uri("actor/bureau")
    links = derivations(doc)
    assert (two, two + "/chain1/hop1", "prov:Quotation") in links
    assert (two, two + "/chain2/hop3", "prov:Quotation") in links


def test_filters_and_a_second_document(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "followup"
    shutil.copytree(EXPORTS / "followup", folder)
    cli.ok("import", str(SEEDS), str(folder))
    whole = read(cli.ok("export", "prov").stdout, "json")
    assert counts(whole) == expected_counts(cli.url) == (18, 97, 97)

    doc = read(cli.ok("export", "prov", "--document", "followup-2018-06-11").stdout, "json")
    agents = {str(a.identifier.uri).rsplit("/", 1)[1] for a in records(doc, ProvAgent)}
    assert agents == {"presstv", "tasnim", "resident"}
    entities = {str(e.identifier.uri).removeprefix(NS) for e in records(doc, ProvEntity)}
    assert entities == {
        "document/followup-2018-06-11",
        "claim/followup-2018-06-11/presstv-repeats-centcom",
        "claim/followup-2018-06-11/presstv-repeats-centcom/origin",
        "claim/followup-2018-06-11/resident-never-held",
        "claim/followup-2018-06-11/resident-never-held/origin",
        "claim/followup-2018-06-11/resident-never-held/chain1/hop1",
    }
    # relations leaving the export name the other claim by its IRI
    assert (
        uri("claim/followup-2018-06-11/resident-never-held"),
        uri(f"claim/{SEED}/osdh-daech-took-city"),
        "provenance:contradicts",
    ) in influences(doc)
    assert (
        uri("claim/followup-2018-06-11/presstv-repeats-centcom"),
        uri(f"claim/{SEED}/centcom-orchestrated"),
        "provenance:repeats",
    ) in influences(doc)

    konachinkov = read(cli.ok("export", "prov", "--originator", "konachinkov").stdout, "json")
    agents = {str(a.identifier.uri).rsplit("/", 1)[1] for a in records(konachinkov, ProvAgent)}
    # the originator, whom he speaks for, the publisher and the sources the document lists
    assert {"konachinkov", "russian-mod", "unknown-publisher", "afp"} <= agents
    assert "resident" not in agents


def test_missing_optional_packages_are_clear_errors(
    seeded: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec

    def without(*names: str) -> Any:
        return lambda name, *args: None if name in names else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without("rdflib"))
    result = seeded("export", "prov", "-f", "ttl")
    assert result.exit_code == 1
    assert "Error: Turtle output needs rdflib" in result.stderr
    monkeypatch.setattr(importlib.util, "find_spec", without("prov"))
    result = seeded("export", "prov")
    assert result.exit_code == 1
    assert "pip install 'provenance[prov]'" in result.stderr


def test_prov_in_a_real_process(seeded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "seed.provn"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "provenance",
            "--db",
            seeded.url,
            "export",
            "prov",
            "-f",
            "provn",
            "-o",
            str(target),
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert b"17 agents, 91 entities, 91 attributions" in done.stderr
    try:
        doc = prov.read(str(target), format="provn")
    except NotImplementedError:
        pytest.skip("this prov version cannot read PROV-N")
    assert counts(doc) == (17, 91, 91)
