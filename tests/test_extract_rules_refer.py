"""Demonstratives that point back: "ce dernier", "cette dernière", "celui-ci" (2026-12-07).

Sentences written for these tests; each test fails on the code before its fix.
"""

from __future__ import annotations

from typing import Any

import pytest
from drafts import said_by


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no speaker before it: "ce dernier" drafted nothing
        (
            "L'agence Reuters a interrogé un diplomate. Ce dernier a affirmé que les "
            "négociations avaient échoué.\n",
            "t:diplomate",
        ),
        (
            "Le diplomate a rencontré la ministre. Cette dernière a déclaré que les "
            "négociations avaient échoué.\n",
            "t:ministre",
        ),
        # the last one mentioned, not a time after it nor the last speaker
        (
            "Le ministre Claude Guéant a déclaré que tout allait bien. Il a rencontré le maire "
            "lundi. Ce dernier a déclaré que la situation était grave.\n",
            "t:maire",
        ),
        # a thing cannot speak: the person before it
        (
            "Paul Martin a critiqué le projet. Ce dernier a déclaré que la réforme échouerait.\n",
            "paul-martin",
        ),
        (
            "La police a arrêté les manifestants. Ces derniers ont affirmé qu'ils étaient "
            "pacifiques.\n",
            "t:manifestants",
        ),
        # after the quote, as an inverted subject (it made an actor "Dernier")
        (
            "Jean Dupont a rencontré le ministre. « Nous avons échoué », a reconnu ce dernier.\n",
            "t:ministre",
        ),
    ],
)
def test_a_demonstrative_names_the_last_one_mentioned(draft: Any, text: str, expected: str) -> None:
    assert [o for _, o, _ in said_by(draft(text))][-1:] == [expected]


def test_the_words_said_are_no_referent(draft: Any) -> None:
    """ "Le président a menti, a affirmé ce dernier": no one is mentioned before the words
    said, so nothing can be named (it made an actor "Dernier")."""
    d = draft("Le président a menti, a affirmé ce dernier.\n")
    assert all(o != "t:dernier" for _, o, _ in said_by(d))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the outlet that asked was the originator, or (with a named subject) was lost
        (
            "Interrogé par la BBC, le général Paul Martin a estimé que la guerre était perdue.\n",
            ("paul-martin", ["bbc"]),
        ),
        (
            "Interrogé par la BBC, Paul Martin a estimé que la guerre était perdue.\n",
            ("paul-martin", ["bbc"]),
        ),
        ("Joint par l'AFP, le maire a affirmé que la ville était calme.\n", ("t:maire", ["afp"])),
        # "au Figaro" is Le Figaro; an interview before the speaker is a relay, not a name
        (
            "Dans un entretien accordé au Figaro, Jean Dupont affirme que la réforme est "
            "nécessaire.\n",
            ("jean-dupont", ["le-figaro"]),
        ),
        (
            "Dans un entretien à Libération, le ministre affirme que la réforme est nécessaire.\n",
            ("t:ministre", ["liberation"]),
        ),
        (
            "Jean Dupont affirme, dans un entretien au Figaro, que la réforme est nécessaire.\n",
            ("jean-dupont", ["le-figaro"]),
        ),
    ],
)
def test_the_outlet_that_asked_is_a_relay(
    draft: Any, text: str, expected: tuple[str, list[str]]
) -> None:
    assert [(o, c) for _, o, c in said_by(draft(text))] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Le syndicat a dénoncé la réforme, tout comme l'opposition.\n",
        "Tout comme l'opposition, le syndicat a dénoncé la réforme.\n",
        "Le syndicat a dénoncé la réforme, à l'instar de l'opposition.\n",
    ],
)
def test_tout_comme_gives_the_claim_a_second_speaker(draft: Any, text: str) -> None:
    """ "tout comme l'opposition" was read as part of what the union said."""
    assert said_by(draft(text)) == [
        ("la réforme", "t:syndicat", []),
        ("la réforme", "t:opposition", []),
    ]


def test_de_meme_que_is_no_content(draft: Any) -> None:
    """ "de même que les étudiants" opened the content "les étudiants"; "tout de même qu'"
    still does."""
    d = draft("Le syndicat a dénoncé la réforme, de même que les étudiants.\n")
    assert said_by(d) == [("la réforme", "t:syndicat", []), ("la réforme", "t:etudiants", [])]
    kept = draft("Les autorités notent tout de même qu'il n'y a aucun lien.\n")
    assert said_by(kept) == [("il n'y a aucun lien", "t:autorites", [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le ministre a lui-même affirmé que la réforme serait votée.\n", "t:ministre"),
        ("Les manifestants ont eux-mêmes reconnu que la police était calme.\n", "t:manifestants"),
    ],
)
def test_lui_meme_inside_the_verb_group(draft: Any, text: str, expected: str) -> None:
    """It made an actor "Ministre a lui-même"."""
    assert [o for _, o, _ in said_by(draft(text))] == [expected]


@pytest.mark.parametrize(
    ("text", "denier"),
    [
        ("Les rebelles affirment avoir pris la ville, ce que dément l'armée.\n", "t:armee"),
        (
            "Le ministre a affirmé que les troupes étaient parties, ce qu'a démenti "
            "l'opposition.\n",
            "t:opposition",
        ),
    ],
)
def test_ce_que_dement_y_is_a_denial_that_contradicts(text: str, denier: str, draft: Any) -> None:
    """ "P, ce que dément l'armée" drafted nothing for the army."""
    d = draft(text)
    claims = d["claims"]
    assert len(claims) == 2 and claims[0]["quote"] == claims[1]["quote"]
    assert (claims[1]["originator"], claims[1]["kind"]) == (denier, "denial")
    assert d["relations"] == [
        {"from": claims[1]["key"], "type": "contradicts", "to": claims[0]["key"]}
    ]


def test_anonymity_is_no_part_of_the_name(draft: Any) -> None:
    """It made an actor "Habitant sous couvert d'anonymat"."""
    d = draft("« Nous avons été trahis », confie un habitant sous couvert d'anonymat.\n")
    assert [o for _, o, _ in said_by(d)] == ["t:habitant"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Al-Jazira a diffusé un enregistrement. Dans cet enregistrement, Ben Laden "
            "affirme que la guerre continuera.\n",
            ("ben-laden", ["al-jazeera"]),
        ),
        (
            "La chaîne Al-Arabiya a diffusé mardi une vidéo. Dans cette vidéo, le chef "
            "rebelle affirme que la ville est tombée.\n",
            ("t:chef-rebelle", ["al-arabiya"]),
        ),
        # found, not given out: no relay
        (
            "La police a trouvé une vidéo. Dans cette vidéo, le suspect affirme qu'il agira.\n",
            ("t:suspect", []),
        ),
    ],
)
def test_a_document_given_out_in_the_sentence_before_is_a_relay(
    draft: Any, text: str, expected: tuple[str, list[str]]
) -> None:
    """ "Dans cet enregistrement, X affirme": who diffused it was lost."""
    assert [(o, c) for _, o, c in said_by(draft(text))] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le ministre a lu un texte. Dans ce texte, il affirme qu'il démissionnera.\n",
            ["t:ministre"],
        ),
        (
            "La ministre est arrivée lundi. Elle a déclaré que la loi serait votée.\n",
            ["t:ministre"],
        ),
        (
            "Les syndicats ont manifesté. Ils affirment que la réforme est injuste.\n",
            ["t:syndicats"],
        ),
        # a thing said nothing; no one else is there
        ("Le projet a été adopté. Il a déclaré que la réforme serait votée.\n", []),
    ],
)
def test_a_pronoun_with_no_one_named_goes_on_with_the_subject_before(
    draft: Any, text: str, expected: list[str]
) -> None:
    """With no person named and no speaker before, "il" drafted nothing."""
    assert [o for _, o, _ in said_by(draft(text))] == expected
