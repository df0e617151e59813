"""The researcher's questions, with exact answers on the seed and on a multi-document corpus."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from helpers import Cli

DOC = "al-boukamal-2018-06-10"
THROUGH_TASNIM = {
    "centcom-orchestrated",
    "terrorists-mobilise-us-command",
    "us-seeks-cities",
    "us-air-strikes-multiply",
}


def keys(claims: list[dict]) -> set[str]:
    return {c["key"] for c in claims}


def refs(claims: list[dict]) -> set[str]:
    return {f"{c['document']}/{c['key']}" for c in claims}


# -- claims and its filters -------------------------------------------------------


def test_claims_json_has_the_documented_shape(seeded: Cli) -> None:
    claims = seeded.json("claims")
    centcom = next(c for c in claims if c["key"] == "centcom-orchestrated")
    assert set(centcom) >= {
        "id", "key", "document", "quote", "start", "end", "statement", "kind", "cue",
        "originator", "chains", "contradicts", "contradicted_by",
    }  # fmt: skip
    assert centcom["originator"] == {
        "key": "syrian-military-source",
        "name": "Source militaire syrienne",
        "kind": "anonymous_source",
    }
    assert [[(h["key"], h["name"], h["cue"]) for h in chain] for chain in centcom["chains"]] == [
        [
            ("tasnim", "Tasnim News", "pour l’agence iranienne Tasnim News"),
            ("presstv", "Press TV", "rapporte Press TV"),
        ]
    ]
    assert centcom["kind"] == "accusation" and centcom["cue"] == "accuse"


def test_relayed_by_is_exactly_the_claims_through_that_actor(seeded: Cli) -> None:
    assert keys(seeded.json("claims", "--relayed-by", "tasnim")) == THROUGH_TASNIM
    assert keys(seeded.json("claims", "--via", "Tasnim")) == THROUGH_TASNIM  # alias, alias-name


def test_originator_accepts_aliases(seeded: Cli) -> None:
    by_key = keys(seeded.json("claims", "--originator", "osdh"))
    assert by_key == {"osdh-daech-took-city", "osdh-retraction", "osdh-jihadists-pushed-back"}
    assert keys(seeded.json("claims", "--originator", "SOHR")) == by_key
    assert keys(seeded.json("claims", "--originator", "konashenkov")) == {
        "konachinkov-daech-active-us-areas",
        "konachinkov-daech-bases-us-areas",
    }


def test_filters_combine(multi: Cli) -> None:
    both = multi.json("claims", "--relayed-by", "tasnim", "--document", "presstv-2018-06-09")
    assert refs(both) == {"presstv-2018-06-09/centcom-orchestrated"}
    assert refs(multi.json("claims", "--relayed-by", "tasnim")) == {
        f"{DOC}/{k}" for k in THROUGH_TASNIM
    } | {"presstv-2018-06-09/centcom-orchestrated"}
    denials = multi.json(
        "claims", "--kind", "denial", "--originator", "syrian-information-ministry"
    )
    assert refs(denials) == {"presstv-2018-06-09/damascus-denies"}
    assert len(multi.json("claims", "--limit", "2")) == 2


def test_contradicted_and_uncontested_split_the_claims(multi: Cli) -> None:
    everything = refs(multi.json("claims"))
    contradicted = refs(multi.json("claims", "--contradicted"))
    uncontested = refs(multi.json("claims", "--uncontested"))
    assert contradicted == {
        f"{DOC}/osdh-daech-took-city",
        "presstv-2018-06-09/sohr-daesh-seized",
        "presstv-2018-06-09/damascus-denies",
    }
    assert contradicted | uncontested == everything and not contradicted & uncontested


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Tasnim", set()),  # search looks at quotes and statements, not at relays
        ("CENTCOM", {f"{DOC}/centcom-orchestrated", "presstv-2018-06-09/centcom-orchestrated"}),
        ("attaque chimique", {f"{DOC}/general-sdf-chemical-attack-plan",
                              "sputnik-2018-06-12/us-chemical-attack-plan",
                              "sputnik-2018-06-12/chemical-attacks-not-new"}),
        ("etats-unis armes", {f"{DOC}/sdf-250-trucks-quote"}),  # not "armements"
        ("kamikaze", {f"{DOC}/pub-friday-attacks"}),  # kamikazes, singular query
        ("Semelk*", {f"{DOC}/sdf-weapons-route"}),
        ("%", set()),
        ("'; DROP TABLE claims; --", set()),
    ],
)  # fmt: skip
def test_search_is_full_text_with_the_same_answers_on_both_backends(
    multi: Cli, query: str, expected: set[str]
) -> None:
    found = refs(multi.json("claims", "--search", query))
    if query == "attaque chimique":
        assert expected <= found
        assert all("chimi" in c["quote"].lower() or "chemical" in (c["statement"] or "").lower()
                   for c in multi.json("claims", "--search", query))  # fmt: skip
    else:
        assert found == expected
    assert len(multi.json("claims")) == 42  # the table survived the injection attempt


def test_unknown_filter_values_are_errors_with_suggestions(seeded: Cli) -> None:
    result = seeded("claims", "--originator", "tasnimm")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: unknown actor 'tasnimm' (did you mean 'tasnim'?)"
    result = seeded("claims", "--document", "al-boukamal")
    assert result.exit_code == 1 and "did you mean 'al-boukamal-2018-06-10'" in result.stderr
    result = seeded("claims", "--kind", "acusation")
    assert result.exit_code == 2


# -- REF resolution ------------------------------------------------------------------


def test_ref_by_key_document_key_and_id(multi: Cli) -> None:
    result = multi("claim", "centcom-orchestrated")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: claim 'centcom-orchestrated' is in 2 documents: "
        f"{DOC}/centcom-orchestrated, presstv-2018-06-09/centcom-orchestrated"
    )
    card = multi.json("claim", f"{DOC}/centcom-orchestrated")
    assert card["document"] == DOC
    assert multi.json("claim", str(card["id"]))["key"] == "centcom-orchestrated"
    result = multi("chain", "centcom-orchestratd")
    assert result.exit_code == 1
    assert "unknown claim 'centcom-orchestratd' (did you mean 'centcom-orchestrated'?)" in (
        result.stderr
    )
    assert multi("claim", "999999").exit_code == 1


# -- claim card and chain tree ---------------------------------------------------------


def test_claim_card_has_context_affiliation_and_relations(seeded: Cli) -> None:
    card = seeded.json("claim", "konachinkov-daech-active-us-areas")
    assert card["originator"]["label"] == (
        "Igor Konachinkov, spokesman of the Russian Ministry of Defence"
    )
    assert card["originator"]["affiliation"]["key"] == "russian-mod"
    assert card["context"].startswith("Le porte-parole du ministère russe de la Défense")
    osdh = seeded.json("claim", "osdh-daech-took-city")
    incoming = {(r["type"], r["claim"]["key"], r["originator"]["key"]) for r in osdh["relations"]}
    assert ("contradicts", "al-alam-never-seized", "al-alam-correspondent") in incoming
    text = seeded.ok("claim", "osdh-daech-took-city").stdout
    assert "contradicted by al-alam-never-seized (Al-Alam correspondent)" in text


def test_chain_tree_in_the_terminal(seeded: Cli) -> None:
    out = seeded.ok("chain", "centcom-orchestrated").stdout
    assert out == (
        "centcom-orchestrated  al-boukamal-2018-06-10\n"
        "  “accuse le CentCom US de l’avoir diligentée depuis la base américaine à\n"
        "  Al-Tanf”\n"
        "\n"
        "Source militaire syrienne [anonymous_source]\n"
        "└── Tasnim News  — pour l’agence iranienne Tasnim News\n"
        "    └── Press TV  — rapporte Press TV\n"
        "        └── al-boukamal-2018-06-10 (published by Unknown publisher)\n"
    )


def test_chain_json_and_all(multi: Cli) -> None:
    tree = multi.json("chain", "sputnik-2018-06-12/us-chemical-attack-plan")
    assert [h["key"] for h in tree["chains"][0]] == ["al-masdar", "rt", "sputnik"]
    assert tree["published_by"] == {"key": "sputnik", "name": "Sputnik"}
    every = multi.json("chain", "--all")
    assert len(every) == 42
    assert multi("chain").exit_code == 2


# -- actors --------------------------------------------------------------------------------


def test_actors_counts(seeded: Cli) -> None:
    rows = {a["key"]: a for a in seeded.json("actors")}
    assert (rows["osdh"]["originated"], rows["osdh"]["contradicted_by_others"]) == (3, 3)
    assert (rows["tasnim"]["relayed"], rows["presstv"]["relayed"]) == (4, 4)
    assert rows["al-alam-correspondent"]["contradicting_others"] == 1
    agencies = seeded.json("actors", "--kind", "news_agency")
    assert {a["key"] for a in agencies} == {"afp", "international-agencies", "sputnik", "tasnim"}


def test_actor_record_by_alias(multi: Cli) -> None:
    record = multi.json("actor", "Press TV")
    assert record["key"] == "presstv"
    assert {u["actor"]: u["claims"] for u in record["upstream"]} == {"tasnim": 4}
    osdh = multi.json("actor", "SOHR")
    by = {(c["by"], c["actor"]) for c in osdh["contradicted_by"]}
    assert (f"{DOC}/al-alam-never-seized", "al-alam-correspondent") in by
    assert ("presstv-2018-06-09/damascus-denies", "syrian-information-ministry") in by
    assert {c["against"] for c in osdh["contradicts"]} == {"presstv-2018-06-09/damascus-denies"}


def test_contradictions_lists_al_alam_against_osdh(seeded: Cli) -> None:
    rows = seeded.json("contradictions")
    pairs = {(r["claim"]["key"], r["by"]["key"], r["against"]["key"], r["against_actor"]["key"])
             for r in rows}  # fmt: skip
    assert (
        "al-alam-never-seized",
        "al-alam-correspondent",
        "osdh-daech-took-city",
        "osdh",
    ) in pairs
    assert all(r["type"] == "contradicts" for r in rows)
    text = seeded.ok("contradictions").stdout
    assert "al-boukamal-2018-06-10/al-alam-never-seized (Al-Alam correspondent) contradicts" in text
    with_retractions = seeded.json("contradictions", "--type", "contradicts", "--type", "retracts")
    assert len(with_retractions) == len(rows) + 1


def test_trace_groups_by_original_source(multi: Cli) -> None:
    up = multi.json("trace", "presstv")
    assert up["direction"] == "upstream"
    # presstv-2018-06-09 is published by Press TV: the publisher is the last hand
    assert [(p["source"], p["path"], p["count"]) for p in up["paths"]] == [
        ("syrian-military-source", ["syrian-military-source", "tasnim", "presstv"], 5),
        ("osdh", ["osdh", "presstv"], 1),
        ("syrian-information-ministry", ["syrian-information-ministry", "presstv"], 1),
    ]
    down = multi.json("trace", "syrian-military-source", "--downstream")
    paths = {tuple(p["path"]): p["count"] for p in down["paths"]}
    assert paths == {
        ("syrian-military-source", "tasnim", "presstv"): 4,
        ("syrian-military-source", "tasnim"): 1,
        ("syrian-military-source", "al-masdar", "rt", "sputnik"): 1,
    }
    via_rt = multi.json("trace", "rt", "--downstream")
    assert [p["path"] for p in via_rt["paths"]] == [["rt", "sputnik"]]


def test_stats_overview(seeded: Cli) -> None:
    stats = seeded.json("stats")
    assert (stats["documents"], stats["claims"], stats["actors"], stats["relays"]) == (
        1,
        36,
        17,
        18,
    )
    assert stats["relations"]["contradicts"] == 3
    assert stats["longest_chain"]["path"] == [
        "Source militaire syrienne",
        "Tasnim News",
        "Press TV",
    ]
    assert stats["anonymous_source_share"] == round(10 / 36, 4)
    assert stats["state_affiliated_relay_share"] == round(15 / 18, 4)


def test_stats_longest_chain_on_the_corpus(multi: Cli) -> None:
    assert multi.json("stats")["longest_chain"]["hops"] == 3


def test_sources_flags_listed_but_unused(seeded: Cli) -> None:
    rows = {r["actor"]: r for r in seeded.json("sources", DOC)}
    assert rows["media-de-guerre"]["flag"] == "listed_unused"
    assert rows["afp"]["flag"] == "listed_unused"
    assert rows["tasnim"]["flag"] == "unlisted_relay"
    assert rows["presstv"]["flag"] == "" and rows["presstv"]["relayed"] == 4


# -- formats, width, colour, help ------------------------------------------------------------

LISTINGS = [
    ["claims"],
    ["claim", f"{DOC}/osdh-daech-took-city"],
    ["chain", f"{DOC}/centcom-orchestrated"],
    ["actors"],
    ["actor", "osdh"],
    ["contradictions"],
    ["trace", "presstv"],
    ["trace", "tasnim", "--downstream"],
    ["stats"],
    ["sources", DOC],
]


OUTPUTS = Path(__file__).resolve().parent / "data" / "outputs"
REGENERATE = "PROVENANCE_REGENERATE_OUTPUTS"


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("command", LISTINGS, ids=lambda c: "-".join(c))
def test_every_command_prints_exactly_what_it_printed(
    multi: Cli, command: list[str], fmt: str
) -> None:
    """The exact output of each command in each format, on the seed and tests/data/multi.

    A change of output fails here; after an intended change, regenerate the files with
    PROVENANCE_REGENERATE_OUTPUTS=1 and review the diff like code.
    """
    done = multi.ok(*command, "--format", fmt)
    name = "_".join(part.replace("/", "~") for part in command) + f".{fmt}"
    expected = OUTPUTS / name
    if os.environ.get(REGENERATE) and multi.url.startswith("sqlite"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(done.stdout_bytes)
    assert done.stdout_bytes == expected.read_bytes()
    if fmt == "table":
        assert "\x1b[" not in done.stdout  # not a terminal: no colour
        assert max(len(line) for line in done.stdout.splitlines()) <= 80


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from provenance.output import colour_enabled

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert colour_enabled(Tty())
    assert not colour_enabled(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_enabled(Tty())


def test_every_command_has_help(runner: object) -> None:
    from typer.main import get_command
    from typer.testing import CliRunner

    from provenance.cli import app

    root = get_command(app)
    commands = [[name] for name in root.commands]  # type: ignore[attr-defined]
    for group in ("db", "export"):
        sub = root.commands[group]  # type: ignore[attr-defined]
        commands += [[group, name] for name in sub.commands]
    for command in commands:
        result = CliRunner().invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        cmd = root
        for part in command:
            cmd = cmd.commands[part]  # type: ignore[attr-defined]
        assert cmd.help and len(cmd.help) > 20, f"{command} has no help text"
