"""The seed article: byte-identical text, and an annotation that covers what the issue names."""

from __future__ import annotations

import hashlib

from helpers import SEED_YAML, SEEDS, Cli

TEXT = SEEDS / "al-boukamal-2018-06-10.fr.txt"


def test_seed_text_is_the_published_article() -> None:
    data = TEXT.read_bytes()
    # SHA-256 of ../shared/seeds/al-boukamal-2018-06-10.fr.txt, recorded when it was copied.
    assert hashlib.sha256(data).hexdigest() == (
        "4bd143df4f8db836e7a6aa1e066978b12d32694f31003e764f6e94327ef7bcc0"
    )


def test_every_span_equals_the_text(seeded: Cli) -> None:
    text = TEXT.read_text(encoding="utf-8")
    claims = seeded.json("claims")
    assert len(claims) >= 30
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["quote"]


def test_seed_covers_the_articles_voices(seeded: Cli) -> None:
    claims = {c["key"]: c for c in seeded.json("claims")}
    by_originator: dict[str, list[str]] = {}
    for c in claims.values():
        by_originator.setdefault(c["originator"]["key"], []).append(c["key"])
    for actor in (
        "syrian-military-source",
        "konachinkov",
        "osdh",
        "al-alam-correspondent",
        "hassan-mohamad-mohamad",
        "sdf-source",
        "unknown-publisher",
    ):
        assert by_originator.get(actor), f"no claim originated by {actor}"
    centcom = claims["centcom-orchestrated"]
    assert [[h["key"] for h in chain] for chain in centcom["chains"]] == [["tasnim", "presstv"]]
    assert centcom["chains"][0][0]["cue"] == "pour l’agence iranienne Tasnim News"
    assert "al-alam-never-seized" in claims["osdh-daech-took-city"]["contradicted_by"]
    ndlr = [c for c in claims.values() if c["cue"] == "NDLR"]
    assert ndlr and ndlr[0]["quote"] == "comme ce fut le cas dans la Ghouta orientale"
    sources_line = [c for c in claims.values() if c["kind"] == "attribution"]
    assert sources_line and sources_line[0]["quote"].startswith("Sources: Press TV")


def test_seed_records_aliases_and_listed_sources() -> None:
    import yaml

    data = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    actors = {a["key"]: a for a in data["actors"]}
    assert {"Konachenkov", "Konashenkov"} <= set(actors["konachinkov"]["aliases"])
    assert {"OSDH", "SOHR"} <= set(actors["osdh"]["aliases"]) | {actors["osdh"]["name"]}
    assert {"FDS", "SDF"} <= set(actors["sdf"]["aliases"])
    assert data["document"]["listed_sources"] == [
        "presstv",
        "afp",
        "al-alam",
        "media-de-guerre",
        "sputnik",
    ]
