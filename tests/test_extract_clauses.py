"""More regularities of French news prose: subjects, multiword cues, confirmations, clauses.

As in test_extract_syntax.py, each sentence is written for the test (not taken from the
development set), so that the rules stay general.
"""

from __future__ import annotations

from typing import Any


def said(d: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """Each claim as (quote, originator, chain keys)."""
    return [
        (c["quote"], c["originator"], [h["actor"] for h in c.get("chain") or []])
        for c in d["claims"]
    ]


def test_a_subject_is_found_when_the_parser_runs_two_sentences_together(draft: Any) -> None:
    # the small model attaches "%" of the first paragraph as a subject of "indiqué"
    d = draft(
        "La suppression de postes réelle pour Airbus sera d'environ 5 000 emplois, soit 9 % "
        "des 55 000 employés à plein temps d'Airbus.\n\n"
        "Bien que le directeur ait indiqué espérer un accord sans licenciement sec, les "
        "syndicats ont manifesté leur désaccord.\n"
    )
    assert [(who, chain) for _, who, chain in said(d)] == [("t:directeur", [])]


def test_multiword_cues_from_the_lexicon(draft: Any) -> None:
    d = draft(
        "Le gouvernement avait déjà fait état de trois morts lors des manifestations. "
        "La police a fait savoir que la route restera fermée. "
        "Le maire a mis en garde contre une nouvelle crue du fleuve.\n"
    )
    assert [(quote, who) for quote, who, _ in said(d)] == [
        ("trois morts lors des manifestations", "t:gouvernement"),
        ("la route restera fermée", "t:police"),
        ("une nouvelle crue du fleuve", "t:maire"),
    ]
    assert [c["cue"] for c in d["claims"]] == [
        "avait déjà fait état de",
        "a fait savoir",
        "a mis en garde contre",
    ]


def test_each_verb_of_a_ni_ni_negation_says_nothing(draft: Any) -> None:
    text = "L'armée n'a ni précisé la nationalité des soldats ni fait état d'éventuels blessés.\n"
    assert said(draft(text)) == []


def test_a_confirming_source_makes_a_claim_of_its_own(draft: Any) -> None:
    d = draft(
        "Selon un communiqué de presse, confirmé par plusieurs sources, le maire a "
        "démissionné.\n\n"
        "C'est le journal Le Soir qui a révélé cette information, depuis relayée par "
        "l'agence Belga et confirmée par la police fédérale.\n"
    )
    assert said(d) == [
        ("le maire a démissionné", "t:communique-de-presse", []),
        ("le maire a démissionné", "t:sources", []),
        ("cette information", "le-soir", ["belga"]),
        ("cette information", "t:police-federale", []),
    ]


def test_a_document_without_a_named_source_is_an_anonymous_source(draft: Any) -> None:
    d = draft(
        "Selon un premier bilan diffusé vers 10 h 30, 29 personnes ont perdu la vie.\n\n"
        "Selon un communiqué du ministère de l'Intérieur, trois policiers ont été blessés.\n"
    )
    assert [who for _, who, _ in said(d)] == ["t:premier-bilan", "ministere-de-l-interieur"]
    assert next(a for a in d["actors"] if a["key"] == "t:premier-bilan")["kind"] == (
        "anonymous_source"
    )


def test_a_document_noun_in_the_subject_is_no_second_verb(draft: Any) -> None:
    # "communiqué" is also a form of "communiquer"; after a determiner it is a noun
    d = draft(
        "Les otages sont arrivés à Paris, et un communiqué du ministère de la Défense au "
        "matin du 12 juin annonçait publiquement la fin de la mission.\n"
    )
    assert said(d) == [
        ("la fin de la mission", "ministere-de-la-defense", []),  # the adverb is the verb's
    ]


def test_a_quote_after_a_named_person_and_an_aside_is_theirs(draft: Any) -> None:
    d = draft(
        "Le convoi est arrivé hier.\n\n"
        "Marc Lefèvre, consul de France à Bagdad et qui a accueilli les otages, les a "
        "« trouvés fatigués mais soulagés de rentrer ».\n"
    )
    assert said(d) == [("trouvés fatigués mais soulagés de rentrer", "marc-lefevre", [])]


def test_a_relative_aside_between_subject_and_verb(draft: Any) -> None:
    d = draft(
        "Le chef rebelle, que l'armée a plusieurs fois affirmé avoir tué, revendique aussi "
        "l'attaque du poste frontière.\n"
    )
    assert said(d) == [
        ("avoir tué", "t:armee", []),
        ("aussi l'attaque du poste frontière", "t:chef-rebelle", []),
    ]


def test_claiming_an_attack_is_a_claim_and_no_one_claiming_is_none(draft: Any) -> None:
    d = draft(
        "Les rebelles ont revendiqué l'attentat et ont assuré qu'ils visaient un convoi.\n\n"
        "Aucun groupe n'a revendiqué la responsabilité de cette attaque.\n"
    )
    assert [(quote, who) for quote, who, _ in said(d)] == [
        ("l'attentat", "t:rebelles"),
        ("ils visaient un convoi", "t:rebelles"),
    ]


def test_a_colon_hands_the_verb_its_quote(draft: Any) -> None:
    d = draft(
        "La Ligue arabe, par la voix de son secrétaire général, le diplomate égyptien Amr "
        "Moussa, a vivement condamné cet attentat : « Rien ne justifie un tel crime ».\n"
    )
    assert said(d) == [("Rien ne justifie un tel crime", "amr-moussa", [])]
    assert d["claims"][0]["direct_quote"] is True


def test_evoking_a_quoted_phrase_is_the_speakers_claim(draft: Any) -> None:
    d = draft(
        "« La police tire sur la foule », a déclaré Jean Martin, évoquant des « tirs nourris ».\n"
    )
    assert said(d) == [
        ("La police tire sur la foule", "jean-martin", []),
        ("tirs nourris", "jean-martin", []),
    ]


def test_coordinated_que_clauses_are_two_claims_and_a_list_is_one(draft: Any) -> None:
    d = draft(
        "Le maire a déclaré que les routes sont fermées et que les écoles rouvriront lundi.\n\n"
        "Le préfet a indiqué que dix maisons sont détruites, que trois sont inondées et que "
        "deux sont intactes.\n"
    )
    assert [quote for quote, _, _ in said(d)] == [
        "les routes sont fermées",
        "les écoles rouvriront lundi",
        "dix maisons sont détruites, que trois sont inondées et que deux sont intactes",
    ]


def test_declaring_independence_is_an_act_not_a_claim(draft: Any) -> None:
    d = draft(
        "Le parlement a proclamé dimanche l'indépendance du territoire. Plusieurs pays "
        "reconnaîtront officiellement ce nouvel État dès lundi. Le président a déclaré "
        "l'état d'urgence. Le ministre a déclaré que la frontière restera ouverte.\n"
    )
    assert [(quote, who) for quote, who, _ in said(d)] == [
        ("la frontière restera ouverte", "t:ministre")
    ]


def test_a_clause_joined_by_a_comma_is_no_relay(draft: Any) -> None:
    d = draft("La radio Antenne Sud annonce 19 morts, le journal Le Matin en dénombre 15.\n")
    assert said(d) == [("19 morts", "antenne-sud", []), ("15", "le-matin", [])]


def test_two_coordinated_verbs_each_keep_their_content(draft: Any) -> None:
    d = draft(
        "Le Premier ministre a promis une aide d'urgence et a fait savoir qu'un fonds serait "
        "débloqué.\n"
    )
    assert [(c["quote"], c["cue"]) for c in d["claims"]] == [
        ("une aide d'urgence", "a promis"),
        ("un fonds serait débloqué", "a fait savoir"),
    ]


def test_a_source_reached_by_an_agency(draft: Any) -> None:
    d = draft(
        "Un porte-parole de l'organisation, joint par l'AFP, a indiqué que des équipes "
        "étaient attendues.\n"
    )
    assert said(d) == [
        ("des équipes étaient attendues", "t:porte-parole-de-l-organisation", ["afp"])
    ]


def test_selon_without_commas_attributes_the_que_clause(draft: Any) -> None:
    d = draft(
        "Une vidéo montre selon le journal Le Soir que « les hommes parlent sans accent », "
        "le journal affirme aussi que les tireurs étaient trois.\n"
    )
    assert said(d) == [
        ("les hommes parlent sans accent", "le-soir", []),
        ("les tireurs étaient trois", "le-soir", []),
    ]
