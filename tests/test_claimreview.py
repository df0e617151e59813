"""``provenance export claimreview``: schema.org Claim objects, shaped as ClaimReview wants.

The reference is schema.org's own ClaimReview example (schema.org/ClaimReview, example 1):
its ``itemReviewed`` is the Claim our export writes. The checker below knows the
properties schema.org defines for each type used there; it passes the example and must
pass every Claim we write, placed as the example's ``itemReviewed``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import Cli

SCHEMA_ORG_EXAMPLE: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "datePublished": "2016-06-22",
    "url": "https://www.example.com/texas/statements/2016/mar/10/flat-world",
    "claimReviewed": "The world is flat",
    "itemReviewed": {
        "@type": "Claim",
        "author": {
            "@type": "Organization",
            "name": "Square World Society",
            "sameAs": "https://example.flatworlders.com/we-know-that-the-world-is-flat",
        },
        "datePublished": "2016-06-20",
        "appearance": {
            "@type": "OpinionNewsArticle",
            "url": "https://example.com/news/a122121",
            "headline": "Square Earth - Flat earthers for the Internet age",
            "datePublished": "2016-06-22",
            "author": {"@type": "Person", "name": "T. Tellr"},
            "image": "https://example.com/photos/1x1/photo.jpg",
            "publisher": {
                "@type": "Organization",
                "name": "Ice Cream Times",
                "logo": {"@type": "ImageObject", "url": "https://example.com/logo.jpg"},
            },
        },
    },
    "author": {"@type": "Organization", "name": "Example.com science watch"},
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": "1",
        "bestRating": "5",
        "worstRating": "1",
        "alternateName": "False",
    },
}

_THING = {"@type", "@context", "name", "identifier", "url", "sameAs", "description", "image"}
_CREATIVE_WORK = _THING | {
    "author",
    "datePublished",
    "headline",
    "inLanguage",
    "publisher",
    "text",
}
#: the properties schema.org defines for each type (those of its supertypes included)
PROPERTIES: dict[str, set[str]] = {
    "ClaimReview": _CREATIVE_WORK | {"claimReviewed", "itemReviewed", "reviewRating"},
    "Claim": _CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "NewsArticle": _CREATIVE_WORK,
    "OpinionNewsArticle": _CREATIVE_WORK,
    "Organization": _THING | {"logo"},
    "Person": _THING,
    "ImageObject": _CREATIVE_WORK,
    "Rating": _THING | {"ratingValue", "bestRating", "worstRating", "alternateName"},
}
AGENTS = {"Person", "Organization"}
ARTICLES = {"NewsArticle", "OpinionNewsArticle"}
#: where a property's value must be an object of one of these types
OBJECT_TYPES = {
    "itemReviewed": {"Claim"},
    "author": AGENTS,
    "publisher": AGENTS,
    "appearance": ARTICLES,
    "firstAppearance": ARTICLES,
    "reviewRating": {"Rating"},
    "logo": {"ImageObject"},
}
DATES = {"datePublished"}
URLS = {"url", "sameAs", "image"}


def problems(node: Any, where: str = "$") -> list[str]:
    """What keeps ``node`` from being the schema.org shape the example has."""
    out: list[str] = []
    kind = node.get("@type")
    if kind not in PROPERTIES:
        return [f"{where}: unknown @type {kind!r}"]
    for name, value in node.items():
        at = f"{where}.{name}"
        if name not in PROPERTIES[kind]:
            out.append(f"{at}: not a property of {kind}")
        elif value is None or value == "" or value == []:
            out.append(f"{at}: empty")
        elif name in OBJECT_TYPES:
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, dict) or item.get("@type") not in OBJECT_TYPES[name]:
                    out.append(f"{at}: expected one of {sorted(OBJECT_TYPES[name])}")
                else:
                    out.extend(problems(item, at))
        elif name in DATES:
            try:
                dt.date.fromisoformat(value)
            except (TypeError, ValueError):
                out.append(f"{at}: not an ISO date: {value!r}")
        elif name in URLS and not str(value).startswith(("https://", "http://")):
            out.append(f"{at}: not an absolute URL: {value!r}")
        elif not isinstance(value, str) and name != "@context":
            out.append(f"{at}: expected text, got {type(value).__name__}")
    if kind in AGENTS and "name" not in node:
        out.append(f"{where}: an author or publisher needs a name")
    return out


def reviewed(claim: dict[str, Any]) -> dict[str, Any]:
    """The schema.org example with ``claim`` as the item it reviews."""
    review = copy.deepcopy(SCHEMA_ORG_EXAMPLE)
    review["itemReviewed"] = claim
    review["claimReviewed"] = claim["text"]
    return review


def test_the_checker_accepts_the_schema_org_example_and_catches_drift() -> None:
    assert problems(SCHEMA_ORG_EXAMPLE) == []
    broken = copy.deepcopy(SCHEMA_ORG_EXAMPLE)
    broken["itemReviewed"]["author"] = {"@type": "Person"}
    broken["itemReviewed"]["appearance"]["datePublished"] = "22/06/2016"
    broken["itemReviewed"]["origin"] = "x"
    assert problems(broken) == [
        "$.itemReviewed.author: an author or publisher needs a name",
        "$.itemReviewed.appearance.datePublished: not an ISO date: '22/06/2016'",
        "$.itemReviewed.origin: not a property of Claim",
    ]


def export(cli: Cli, *args: str) -> list[dict[str, Any]]:
    data = json.loads(cli.ok("export", "claimreview", *args).stdout)
    assert data["@context"] == "https://schema.org"
    graph: list[dict[str, Any]] = data["@graph"]
    for claim in graph:
        assert problems(reviewed(claim)) == [], claim["identifier"]
    return graph


def test_every_claim_of_the_corpus_has_the_example_shape(multi: Cli) -> None:
    graph = export(multi)
    claims = multi.json("claims")
    grouped = {c["identifier"] for c in graph}
    # each claim is its own Claim but for those repeated across documents
    assert len(graph) == len(claims) - 2
    assert "presstv-2018-06-09/centcom-orchestrated" in grouped
    assert "al-boukamal-2018-06-10/centcom-orchestrated" not in grouped
    by_key = {f"{c['document']}/{c['key']}": c for c in claims}
    for claim in graph:
        source = by_key[claim["identifier"]]
        assert claim["text"] == source["quote"]
        assert claim["author"]["identifier"] == source["originator"]["key"]
        assert claim["firstAppearance"] == claim["appearance"][0]


def test_a_claim_repeated_across_documents_is_one_claim_first_seen_earliest(multi: Cli) -> None:
    (claim,) = export(multi, "al-boukamal-2018-06-10/centcom-orchestrated")
    assert claim["identifier"] == "presstv-2018-06-09/centcom-orchestrated"
    assert claim["author"] == {
        "@type": "Person",
        "name": "Source militaire syrienne",
        "identifier": "syrian-military-source",
    }
    assert claim["datePublished"] == "2018-06-09"
    assert [a["identifier"] for a in claim["appearance"]] == [
        "presstv-2018-06-09",
        "al-boukamal-2018-06-10",
    ]
    assert claim["firstAppearance"] == {
        "@type": "NewsArticle",
        "identifier": "presstv-2018-06-09",
        "url": "https://www.presstv.example/Detail/2018/06/09/al-bukamal",
        "headline": "Syrian source: US CENTCOM behind Daesh attack on al-Bukamal",
        "datePublished": "2018-06-09",
        "inLanguage": "en",
        "publisher": {"@type": "Organization", "name": "Press TV", "identifier": "presstv"},
    }
    # naming either end of the repeat gives the same Claim
    assert export(multi, "presstv-2018-06-09/centcom-orchestrated") == [claim]


def test_repeats_within_one_document_stay_separate_claims(seeded: Cli) -> None:
    graph = export(seeded)
    assert len(graph) == len(seeded.json("claims"))
    assert all(len(c["appearance"]) == 1 for c in graph)
    assert all("url" not in c["firstAppearance"] for c in graph)  # the seed has no URL


def test_document_and_refs_narrow_the_export(multi: Cli) -> None:
    sputnik = export(multi, "--document", "sputnik-2018-06-12")
    expected = multi.json("claims", "--document", "sputnik-2018-06-12")
    assert len(sputnik) == len(expected)
    assert {c["identifier"].split("/")[0] for c in sputnik} == {"sputnik-2018-06-12"}
    both = export(multi, "--document", "sputnik-2018-06-12", "al-alam-never-seized")
    assert [c["identifier"] for c in both] == [
        "al-boukamal-2018-06-10/al-alam-never-seized",
        *(c["identifier"] for c in sputnik),
    ]


def test_bad_refs_and_output_file(multi: Cli, tmp_path: Path) -> None:
    result = multi("export", "claimreview", "no-such-claim")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "no-such-claim" in result.stderr
    assert result.stdout == ""
    target = tmp_path / "claims.jsonld"
    result = multi.ok("export", "claimreview", "osdh-daech-took-city", "-o", str(target))
    assert result.stderr == f"Wrote 1 claims as JSON-LD to {target}\n"
    assert json.loads(target.read_text())["@graph"][0]["author"]["@type"] == "Organization"


@pytest.mark.parametrize("kind", ["person", "anonymous_source"])
def test_people_are_persons(kind: str) -> None:
    from provenance.export.claimreview import agent

    assert agent("a", "A", kind)["@type"] == "Person"
    assert agent("a", "A", "news_agency")["@type"] == "Organization"
