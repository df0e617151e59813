"""Patterns found by a sixth trial, on twelve unseen Wikinews « Brèves » pages (2026-12-07).

A digest item is one line: a heading, a few sentences, and "– Source : X –" after them.
Each test names what the extractor drafted before its fix; each fails on the code before.
"""

from __future__ import annotations

from typing import Any

from drafts import said_by


def test_an_adverb_inside_an_inverted_verb_group(draft: Any) -> None:
    """ "« P » a-t-il par exemple déclaré": nothing was drafted."""
    d = draft(
        "Le président Nicolas Sarkozy a défendu son programme. « Je ne demande pas des "
        "délais pour différer un effort » a-t-il par exemple déclaré.\n"
    )
    assert said_by(d) == [
        ("Je ne demande pas des délais pour différer un effort", "nicolas-sarkozy", [])
    ]


def test_a_marker_splitting_a_verb_group_without_a_comma_before(draft: Any) -> None:
    """ "arrêtés pour avoir selon les autorités, incité à la violence": the words before
    the marker were drafted as the claim."""
    d = draft(
        "Le gouvernement libère 38 hommes politiques, arrêtés pour avoir selon les "
        "autorités, incité à la violence et au renversement du gouvernement.\n"
    )
    assert said_by(d) == [
        ("incité à la violence et au renversement du gouvernement", "t:autorites", [])
    ]


def test_a_name_after_the_role_in_selon_names_the_source(draft: Any) -> None:
    """ "Selon la ministre, Christine Lagarde, P": the quote began with the name and the
    source was an unnamed "ministre"."""
    d = draft(
        "Selon la ministre, Christine Lagarde, le produit de la cession sera affecté au "
        "désendettement public.\n"
    )
    assert said_by(d) == [
        ("le produit de la cession sera affecté au désendettement public", "christine-lagarde", [])
    ]


def test_a_clause_after_selon_x_is_not_a_list_of_sources(draft: Any) -> None:
    """ "Selon le porte-parole, Paris et Londres sont d'accord": "Paris et Londres sont
    d'accord" was read as more sources, and nothing was drafted."""
    d = draft("Selon le porte-parole, Paris et Londres sont d'accord.\n")
    assert said_by(d) == [("Paris et Londres sont d'accord", "t:porte-parole", [])]


def test_the_source_after_a_digest_item_is_no_relay_and_is_listed(draft: Any) -> None:
    """ "– Source : AFP (publié par Yahoo.fr) (fr) : –" was read as a relay by Yahoo."""
    d = draft(
        "Brèves\n"
        "- France, économie : selon le ministère, la dette baissera l'an prochain. "
        "– Source : AFP (publié par Yahoo.fr) (fr) : {{{n1}}} –\n"
        "- Chili : selon l'armée, trois soldats sont morts. – Sources : BBC (en) : {{{n1}}} "
        "| Le Monde (fr) : {{{n2}}} –\n"
    )
    assert said_by(d) == [
        ("la dette baissera l'an prochain", "t:ministere", []),
        ("trois soldats sont morts", "t:armee", []),
    ]
    assert {"afp", "bbc", "le-monde"} <= set(d["document"]["listed_sources"])


def test_a_quote_governed_by_a_preposition_is_not_the_last_speakers(draft: Any) -> None:
    """ "il l'aurait aspergée avec « un produit inflammable »": the narration's words were
    drafted as said by the last speaker."""
    d = draft(
        "Selon les enquêteurs, la jeune femme avait rompu. Furieux, il l'aurait alors aspergée "
        "avec « un produit inflammable avant d'y mettre le feu ».\n"
    )
    assert [q for q, _, _ in said_by(d)] == ["la jeune femme avait rompu"]


def test_a_present_participle_with_ainsi_tells_a_consequence(draft: Any) -> None:
    """ "a démis la ministre, confirmant ainsi sa suspension": drafted as the Parliament's
    claim "ainsi la suspension provisoire …"."""
    d = draft(
        "Le Parlement chilien a démis hier la ministre de l'Éducation, confirmant ainsi la "
        "suspension prononcée contre elle le mois passé.\n"
    )
    assert said_by(d) == []
