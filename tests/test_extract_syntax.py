"""French reporting syntax beyond the basic frames: insets, lists, passives, negation.

Each test is one regularity of French news prose, on a sentence written for the test (not
taken from the development set, so that the rules are not fitted to it).
"""

from __future__ import annotations

from typing import Any


def said(d: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """Each claim as (quote, originator, chain keys)."""
    return [
        (c["quote"], c["originator"], [h["actor"] for h in c.get("chain") or []])
        for c in d["claims"]
    ]


def test_incise_speaker_with_an_abbreviated_title(draft: Any) -> None:
    d = draft("« Nous resterons jusqu'au bout », a affirmé M. Durand.\n")
    ((quote, who, _),) = said(d)
    assert quote == "Nous resterons jusqu'au bout"
    assert "durand" in who


def test_a_relative_aside_before_the_verb_is_no_incise(draft: Any) -> None:
    d = draft(
        "Le maire, qui a visité le site mardi, a déclaré à la radio qu'il n'y avait aucun danger.\n"
    )
    ((quote, who, _),) = said(d)
    assert quote == "il n'y avait aucun danger"
    assert who == "t:maire"


def test_selon_inset_attributes_what_follows(draft: Any) -> None:
    d = draft(
        "Les pluies ont, selon les services météorologiques, provoqué des crues dans le nord.\n"
    )
    ((quote, who, _),) = said(d)
    assert quote == "provoqué des crues dans le nord"
    assert "meteorologiques" in who


def test_a_list_of_named_sources_gives_one_claim_each(draft: Any) -> None:
    d = draft("Selon Le Monde, Le Figaro et Libération, le ministre démissionnera demain.\n")
    assert [who for _, who, _ in said(d)] == ["le-monde", "le-figaro", "liberation"]
    assert {quote for quote, _, _ in said(d)} == {"le ministre démissionnera demain"}


def test_a_subordinate_first_clause_relays_nothing(draft: Any) -> None:
    d = draft(
        "Alors qu'un syndicat affirme que l'usine fermera, la direction a assuré que les "
        "emplois seront maintenus.\n"
    )
    assert said(d) == [
        ("l'usine fermera", "t:syndicat", []),
        ("les emplois seront maintenus", "t:direction", []),
    ]


def test_passive_with_an_agent_and_an_anaphoric_subject(draft: Any) -> None:
    text = "L'hôpital restera ouvert tout l'été. La nouvelle a été annoncée par le maire.\n"
    assert said(draft(text)) == [("L'hôpital restera ouvert tout l'été", "t:maire", [])]


def test_passive_without_an_agent_names_no_speaker(draft: Any) -> None:
    assert said(draft("Le directeur est soupçonné d'avoir détourné des fonds publics.\n")) == []


def test_a_negated_cue_says_nothing(draft: Any) -> None:
    assert said(draft("Le ministère n'a pas confirmé que le bilan dépassait cent morts.\n")) == []


def test_a_relay_between_subject_and_verb(draft: Any) -> None:
    d = draft(
        "L'Observatoire syrien des droits de l'Homme, relayé par l'agence Reuters, a affirmé "
        "que dix civils ont été tués.\n"
    )
    ((quote, who, chain),) = said(d)
    assert (quote, who, chain) == ("dix civils ont été tués", "osdh", ["reuters"])


def test_the_outlet_named_after_its_description(draft: Any) -> None:
    d = draft("Le maire a déclaré sur la chaîne de télévision Canal Nord qu'il restera.\n")
    ((_, who, chain),) = said(d)
    outlet = next(a for a in d["actors"] if a["key"] == chain[0])
    assert (who, outlet["name"], outlet["kind"]) == ("t:maire", "Canal Nord", "broadcaster")


def test_coordinated_verbs_keep_the_first_subject(draft: Any) -> None:
    text = "La porte-parole s'est élevée contre ces critiques et espère que le projet aboutira.\n"
    # "s'élever contre ces critiques" is her denial of them (tests/test_extract_rules_deny.py)
    assert said(draft(text)) == [
        ("ces critiques", "t:porte-parole", []),
        ("le projet aboutira", "t:porte-parole", []),
    ]
