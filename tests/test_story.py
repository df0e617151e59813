"""``provenance story`` and ``provenance loops`` on the event corpus (tests/data/event)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DATA, Cli, corrupt

EVENT = DATA / "event"


@pytest.fixture
def event(cli: Cli) -> Cli:
    cli.ok("import", str(EVENT))
    return cli


def test_the_sputnik_hop_disappears_and_the_source_gets_a_name(event: Cli) -> None:
    story = event.json("story", "revue-presse-2019-03-04/trucks")
    assert story["claim"] == "revue-presse-2019-03-04/trucks"
    assert story["first"] == "sputnik-2019-03-02/trucks"
    assert [(a["claim"], a["after"], a["chain"]) for a in story["appearances"]] == [
        ("sputnik-2019-03-02/trucks", None, "Source locale > Sputnik"),
        (
            "presstv-2019-03-03/trucks",
            "sputnik-2019-03-02/trucks",
            "Source locale > Sputnik > Press TV",
        ),
        (
            "revue-presse-2019-03-04/trucks",
            "presstv-2019-03-03/trucks",
            "L'opposition syrienne > Revue de presse syrienne",
        ),
    ]
    last = story["appearances"][-1]
    assert last["changes"] == [
        {"change": "anonymous source named", "detail": "Source locale → L'opposition syrienne"},
        {"change": "hop dropped", "detail": "sputnik, presstv no longer credited"},
        {"change": "numbers", "detail": "250 → 300"},
        {"change": "hedging", "detail": "conditional → indicative"},
    ]
    assert last["publisher"] == {"key": "revue-presse", "name": "Revue de presse syrienne"}
    assert last["quote"] == "300 camions d'armes américaines sont arrivés à Al-Tanf"
    assert story["appearances"][1]["changes"] == []
    assert story["amplifiers"] == [
        {"actor": "presstv", "appearances": 1},
        {"actor": "revue-presse", "appearances": 1},
    ]


def test_any_member_tells_the_same_story(event: Cli) -> None:
    one = event.json("story", "sputnik-2019-03-02/trucks")
    other = event.json("story", "presstv-2019-03-03/trucks")
    assert one["appearances"] == other["appearances"]


def test_same_day_copies_come_after_what_they_repeat(event: Cli) -> None:
    story = event.json("story", "sana-2019-03-02/evacuation")
    assert [(a["claim"].split("/")[0], a["after"]) for a in story["appearances"]] == [
        ("sana-2019-03-02", None),
        ("sputnik-2019-03-02", "sana-2019-03-02/evacuation"),
        ("al-watan-2019-03-03", "sana-2019-03-02/evacuation"),
        ("presstv-2019-03-03", "sputnik-2019-03-02/evacuation"),
        ("blog-levant-2019-03-03", "presstv-2019-03-03/evacuation"),
        ("revue-presse-2019-03-04", "blog-levant-2019-03-03/evacuation"),
    ]
    blog = story["appearances"][4]
    assert blog["changes"] == [
        {"change": "hop dropped", "detail": "sana, sputnik no longer credited"}
    ]


def test_suggested_adds_the_unlinked_repeat(event: Cli) -> None:
    plain = event.json("story", "afp-2019-03-01/toll")
    assert [a["claim"] for a in plain["appearances"]] == [
        "afp-2019-03-01/toll",
        "le-monde-2019-03-02/toll",
        "blog-levant-2019-03-03/toll",
    ]
    assert plain["appearances"][2]["changes"] == [
        {"change": "hop dropped", "detail": "afp, le-monde no longer credited"}
    ]
    more = event.json("story", "afp-2019-03-01/toll", "--suggested")
    rows = [(a["claim"], a["link"], a["score"], a["after"]) for a in more["appearances"]]
    assert rows == [
        ("afp-2019-03-01/toll", "confirmed", None, None),
        ("france24-2019-03-02/toll", "suggested", 1.0, "afp-2019-03-01/toll"),
        ("le-monde-2019-03-02/toll", "confirmed", None, "afp-2019-03-01/toll"),
        ("blog-levant-2019-03-03/toll", "confirmed", None, "le-monde-2019-03-02/toll"),
    ]
    assert more["appearances"][1]["changes"] == [
        {"change": "hedging", "detail": "indicative → conditional"}
    ]
    # the 61-dead update is a later figure, not a repeat: never part of the story
    assert "afp-2019-03-04/toll" not in {a["claim"] for a in more["appearances"]}
    strict = event.json("story", "afp-2019-03-01/toll", "--suggested", "--min-score", "0.9")
    # Le Monde's identical copy finds France 24's at 1.0: above any threshold
    assert [a["score"] for a in strict["appearances"]] == [None, 1.0, None, None]


def test_a_claim_with_no_repeats_is_a_story_of_one(event: Cli) -> None:
    story = event.json("story", "afp-2019-03-01/market")
    assert [a["claim"] for a in story["appearances"]] == ["afp-2019-03-01/market"]
    assert story["amplifiers"] == []


def test_story_table(event: Cli) -> None:
    text = event.ok("story", "presstv-2019-03-03/trucks").stdout
    assert text.splitlines()[:4] == [
        "Story of presstv-2019-03-03/trucks (first: sputnik-2019-03-02/trucks)",
        "date        claim           chain           quote                changed",
        "----------  --------------  --------------  -------------------  --------------",
        "2019-03-02  sputnik-2019-   Source locale   250 camions d'armes",
    ]
    assert text.splitlines()[-1] == "Amplified by: presstv (1), revue-presse (1)"


def test_loops_and_single_sources(event: Cli) -> None:
    result = event.json("loops")
    assert result["loops"] == [
        {
            "story": "sputnik-2019-03-02/coalition-strike",
            "outlets": ["presstv", "sputnik"],
            "credits": [
                {
                    "outlet": "presstv",
                    "credits": "sputnik",
                    "claims": ["presstv-2019-03-03/coalition-strike"],
                },
                {
                    "outlet": "sputnik",
                    "credits": "presstv",
                    "claims": ["sputnik-2019-03-02/coalition-strike"],
                },
            ],
        }
    ]
    single = [(r["originator"]["key"], r["count"], r["story"]) for r in result["single_source"]]
    assert single == [
        ("military-source-a", 6, "sana-2019-03-02/evacuation"),
        ("osdh", 3, "afp-2019-03-01/toll"),
    ]
    assert result["single_source"][0]["outlets"] == [
        "al-watan",
        "blog-levant",
        "presstv",
        "revue-presse",
        "sana",
        "sputnik",
    ]
    # the trucks story has two originators: not single-source
    assert all("trucks" not in r["story"] for r in result["single_source"])
    fewer = event.json("loops", "--min-outlets", "4")["single_source"]
    assert [r["originator"]["key"] for r in fewer] == ["military-source-a"]


def test_loops_table(event: Cli) -> None:
    lines = event.ok("loops", "--min-outlets", "6").stdout.splitlines()
    assert lines[:5] == [
        "Citation loops",
        "loop                    claims",
        "----------------------  -------------------------------------------------------",
        "presstv > sputnik >     presstv-2019-03-03/coalition-strike;",
        "presstv                 sputnik-2019-03-02/coalition-strike",
    ]
    assert lines[6] == "Single source, 6 outlets or more"
    assert lines[9].startswith("Source militaire  6        al-watan; blog-levant;")


def test_an_empty_corpus_has_no_loops(cli: Cli) -> None:
    assert cli.json("loops") == {"loops": [], "single_source": []}


def test_bad_refs_and_options(event: Cli) -> None:
    done = event("story", "trucks")
    assert done.exit_code == 1
    assert done.stderr.startswith("Error: claim 'trucks' is in 3 documents")
    assert event("story", "nowhere/nothing").exit_code == 1
    assert event("loops", "--min-outlets", "1").exit_code == 2


def test_a_chain_may_come_back_across_documents_but_not_within_one(
    event: Cli, tmp_path: Path
) -> None:
    # across documents Sputnik and Press TV credit each other (imported above); within one
    # chain an actor may not appear twice
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: provenance/v1\n"
        "document: {key: bad, publisher: blog-levant, text: 'Selon Sputnik et Press TV.'}\n"
        "claims:\n"
        "  - {key: c, quote: 'Selon Sputnik', originator: local-source,\n"
        "     chain: [sputnik, presstv, sputnik]}\n",
        encoding="utf-8",
    )
    done = event("import", str(bad))
    assert done.exit_code == 1
    assert "sputnik" in done.stderr and "bad.yaml" in done.stderr


# -- the publisher is the last hand; affiliates speak for their organisation ----------


def test_actors_count_what_each_published(event: Cli) -> None:
    counts = {a["key"]: (a["relayed"], a["published"]) for a in event.json("actors")}
    assert counts["afp"] == (2, 3)
    assert counts["al-watan"] == (0, 3)
    assert counts["sputnik"] == (3, 3)
    assert counts["osdh"] == (0, 0)
    header = event.ok("actors").stdout.splitlines()[0].split()
    assert header == ["actor", "kind", "made", "relayed", "publ'd", "contra'd", "contra'ing"]


def test_actor_lists_the_documents_it_published(event: Cli) -> None:
    record = event.json("actor", "afp")
    assert record["published"] == [
        {
            "document": "afp-2019-03-01",
            "date": "2019-03-01",
            "title": "Syrie : au moins 42 civils tués dans des frappes sur Hajin",
            "claims": 2,
        },
        {
            "document": "afp-2019-03-04",
            "date": "2019-03-04",
            "title": "Hajin : le bilan s'alourdit",
            "claims": 1,
        },
    ]
    text = event.ok("actor", "afp").stdout
    assert text.endswith(
        "Published (2 documents, 3 claims)\n  afp-2019-03-01  2 claim(s)\n"
        "  afp-2019-03-04  1 claim(s)\n"
    )


def test_trace_includes_what_the_actor_published(event: Cli) -> None:
    paths = [(p["path"], p["claims"]) for p in event.json("trace", "afp")["paths"]]
    assert paths == [
        (
            ["osdh", "afp"],
            [
                "afp-2019-03-01/toll",
                "afp-2019-03-04/toll",
                "france24-2019-03-02/toll",
                "le-monde-2019-03-02/toll",
            ],
        ),
        (["rami-abdel-rahmane", "afp"], ["afp-2019-03-01/market"]),
    ]


def test_stats_reach_counts_publishing(event: Cli) -> None:
    reach = {r["key"]: r["claims"] for r in event.json("stats")["top_actors_by_reach"]}
    assert reach["presstv"] == 6  # relayed 3 (two documents), published 3
    assert reach["al-watan"] == 3  # published only


def test_with_affiliates_counts_the_director_and_the_spokesman(event: Cli) -> None:
    plain = event.json("actor", "osdh")
    assert len(plain["originated"]) == 5 and "affiliates" not in plain
    rolled = event.json("actor", "osdh", "--with-affiliates")
    # the spokesman belongs to the media office, which belongs to the OSDH: transitive
    assert rolled["affiliates"] == ["osdh-media-office", "osdh-spokesman", "rami-abdel-rahmane"]
    by = {(c["claim"], c["by"]) for c in rolled["originated"]}
    assert ("afp-2019-03-01/market", "rami-abdel-rahmane") in by
    assert ("france24-2019-03-02/massacre", "osdh-spokesman") in by
    assert len(by) == 7
    down = event.json("trace", "osdh", "--downstream", "--with-affiliates")
    assert [(p["path"], p["count"]) for p in down["paths"]] == [
        (["osdh"], 3),
        (["osdh", "afp"], 2),
        (["osdh-spokesman"], 1),
        (["rami-abdel-rahmane"], 1),
    ]


def test_claims_of_an_originator_with_its_affiliates(event: Cli) -> None:
    plain = [f"{c['document']}/{c['key']}" for c in event.json("claims", "--originator", "osdh")]
    rolled = event.json("claims", "--originator", "OSDH", "--with-affiliates")
    assert len(plain) == 5
    assert sorted(f"{c['document']}/{c['key']}" for c in rolled) == sorted(
        [*plain, "afp-2019-03-01/market", "france24-2019-03-02/massacre"]
    )
    # without --originator the flag narrows nothing
    assert len(event.json("claims", "--with-affiliates")) == len(event.json("claims"))


def test_with_affiliates_survives_a_cycle_in_the_database(event: Cli) -> None:
    # import refuses affiliation cycles; one written by another tool must not hang the query
    corrupt(
        event.url,
        "UPDATE actors SET affiliation_id = "
        "(SELECT id FROM (SELECT id FROM actors WHERE key = 'osdh-spokesman') AS s) "
        "WHERE key = 'osdh'",
    )
    rolled = event.json("actor", "osdh-media-office", "--with-affiliates")
    assert rolled["affiliates"] == ["osdh", "osdh-spokesman", "rami-abdel-rahmane"]


def test_story_and_loops_as_csv(event: Cli) -> None:
    """Every listing takes --format csv: a story a row an appearance, loops a row a finding
    (a loop, or a single-source claim), the same facts as the JSON."""
    import csv
    import io

    story = event.json("story", "presstv-2019-03-03/trucks")
    rows = list(
        csv.DictReader(
            io.StringIO(event.ok("story", "presstv-2019-03-03/trucks", "-f", "csv").stdout)
        )
    )
    assert [r["claim"] for r in rows] == [a["claim"] for a in story["appearances"]]
    assert list(rows[0]) == ["date", "claim", "link", "chain", "quote", "changes"]
    assert rows[0]["quote"] == story["appearances"][0]["quote"]
    assert {r["link"] for r in rows} <= {"confirmed", "suggested"}
    result = event.json("loops")
    done = event.ok("loops", "--format", "csv")
    text = done.stdout
    found = list(csv.DictReader(io.StringIO(text)))
    assert [r["finding"] for r in found] == ["loop"] + ["single_source"] * len(
        result["single_source"]
    )
    assert found[0]["outlets"] == "presstv; sputnik; presstv"
    assert [(r["originator"], r["count"], r["story"]) for r in found[1:]] == [
        (s["originator"]["key"], str(s["count"]), s["story"]) for s in result["single_source"]
    ]
    assert done.stdout_bytes.endswith(b"\r\n")  # RFC 4180, as every CSV here
