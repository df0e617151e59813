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
