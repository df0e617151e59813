"""Which drafted claims contradict which: a denial and what it denies, competing tolls.

A denial points at the claim it answers by naming it ("a démenti cette information": the
nearest claim before it of someone else) or by sharing its words. Two actors giving
different counts of the same dead or wounded contradict each other, whatever their verbs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from provenance.extract.lexicon import fold
from provenance.extract.numbers import NUMBER, count


class Claimlike(Protocol):
    start: int
    end: int
    kind: str
    originator: str
    contradicts: list[int]


STOP = frozenset(
    [
        "dans",
        "avec",
        "pour",
        "sans",
        "sous",
        "vers",
        "chez",
        "entre",
        "avant",
        "apres",
        "depuis",
        "pendant",
        "contre",
        "selon",
        "leur",
        "leurs",
        "cette",
        "ces",
        "elle",
        "elles",
        "sont",
        "etait",
        "etaient",
        "avait",
        "avaient",
        "tout",
        "tous",
        "toute",
        "toutes",
        "plus",
        "moins",
        "tres",
        "bien",
        "aussi",
        "encore",
        "deja",
        "meme",
        "ainsi",
        "dont",
        "mais",
        "donc",
        "comme",
        "quand",
        "alors",
    ]
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text)) if len(w) > 3 and w not in STOP}


# "a démenti cette information", "rejette ces accusations": the denial names what it denies
# only by pointing back at it
_DENIED_BACK = re.compile(
    r"(?:cette|ces|cet|ce|ladite|lesdites|la|les|l')\s*(?:\w+\s+)?(?:information|annonce|"
    r"affirmation|accusation|allegation|propos|rumeur|version|nouvelle|declaration|"
    r"assertion|informations|annonces|affirmations|accusations|allegations|rumeurs|"
    r"declarations|assertions|nouvelles|informations de presse)\b"
)


def contradictions(text: str, claims: Sequence[Claimlike]) -> None:
    """Mark which earlier claim each claim contradicts (``claim.contradicts``)."""
    competing_tolls(text, claims)
    competing_estimates(text, claims)
    for i, claim in enumerate(claims):
        if claim.kind != "denial":
            continue
        said = fold(text[claim.start : claim.end]).strip()
        if len(said.split()) <= 4 and _DENIED_BACK.fullmatch(said):
            # the nearest claim before it of someone else: what "cette information" is
            back = [
                j
                for j, other in enumerate(claims)
                if other.end <= claim.start
                and other.originator != claim.originator
                and other.kind != "denial"
            ]
            if back:
                claim.contradicts.append(back[-1])
            continue
        words = _words(text[claim.start : claim.end])
        best: tuple[int, int] | None = None
        for j, other in enumerate(claims):
            if j == i or other.start > claim.start:
                continue
            if other.originator == claim.originator or other.kind == "denial":
                continue
            shared = len(words & _words(text[other.start : other.end]))
            if shared and (best is None or shared >= best[0]):
                best = (shared, j)
        if best is not None:
            claim.contradicts.append(best[1])


_NUMBER = NUMBER
_ABOUT = r"(?:(?:au moins|plus de|pr[èe]s de|environ|quelque)\s+)?"
_TOLL = re.compile(
    # "19 morts", "3 969 victimes", "12 blessés"
    _ABOUT
    + _NUMBER
    + r"\s+(?:(?P<dead>morts|victimes|d[ée]c[èe]s|tu[ée]e?s)|(?P<hurt>bless[ée]e?s))\b"
    # "a tué au moins neuf personnes", "a fait 20 morts", "a coûté la vie à 3 soldats"
    r"|(?:tu[ée]|fait|co[ûu]t[ée] la vie [àa])\s+" + _ABOUT + r"(?P<killed>" + _NUMBER[1:-1] + r")"
    r"\s+(?:personnes|civils|soldats|policiers|militaires|enfants)\b"
    # "trois policiers ont été tués"
    r"|(?P<subject>" + _NUMBER[1:-1] + r")\s+(?:[\w-]+\s+)?(?:personnes|civils|soldats|"
    r"policiers|militaires|enfants)\s+(?:ont été\s+|sont\s+)?(?:tu[ée]e?s|morte?s|p[ée]ri)\b",
    re.IGNORECASE,
)
_BARE = re.compile(r"\s*" + _NUMBER + r"\s*")


def _toll(text: str, claim: Claimlike) -> tuple[str, int] | None:
    """The count of dead or wounded a claim gives: in its words ("19 morts", "a tué au moins
    neuf personnes"), or as a bare number its sentence counts ("en dénombre 15" after
    "un attentat a fait des morts")."""
    said = text[claim.start : claim.end]
    m = _TOLL.search(said)
    if m is not None:
        n = count(m.group(1) or m.group("killed") or m.group("subject"))
        return (("hurt" if m.group("hurt") else "dead"), n) if n is not None else None
    bare = _BARE.fullmatch(said)
    if bare is None:
        return None
    sentence = text[max(0, text.rfind(".", 0, claim.start) + 1) : claim.start]
    if re.search(r"\b(?:morts?|tu[ée]|victimes|bilan)\b", sentence, re.IGNORECASE):
        n = count(bare.group(1))
        return ("dead", n) if n is not None else None
    return None


# a bare estimate: "près de 1 million", "60 000 manifestants"
_ESTIMATE = re.compile(_ABOUT + _NUMBER + r"(?:\s+(?:de\s+)?[\w-]+)?", re.IGNORECASE)
_ANY_NUMBER = re.compile(r"\b" + _NUMBER + r"\b", re.IGNORECASE)


def competing_estimates(text: str, claims: Sequence[Claimlike]) -> None:
    """ "300 000 personnes selon l'AFP, près de 1 million selon les organisateurs": a bare
    estimate answering another actor's number in the same sentence contradicts it."""
    for i, claim in enumerate(claims):
        said = _ESTIMATE.fullmatch(text[claim.start : claim.end].strip())
        if said is None or i == 0:
            continue
        other = claims[i - 1]
        between = text[other.end : claim.start]
        theirs = _ANY_NUMBER.findall(text[other.start : other.end])
        if other.originator == claim.originator or re.search(r"[.!?]\s", between):
            continue
        mine = count(said.group(1))
        differs = theirs and mine is not None and mine not in {count(n) for n in theirs}
        if differs and i - 1 not in claim.contradicts:
            claim.contradicts.append(i - 1)


def competing_tolls(text: str, claims: Sequence[Claimlike]) -> None:
    """Two actors giving different counts of the dead (or wounded): the later contradicts
    the earlier ("15" by Le Nouvel Observateur against "19 morts" by Voice of America)."""
    tolls = [_toll(text, c) for c in claims]
    for i, claim in enumerate(claims):
        mine = tolls[i]
        if mine is None:
            continue
        for j in range(i - 1, -1, -1):
            theirs, other = tolls[j], claims[j]
            if theirs is None or other.originator == claim.originator:
                continue
            if theirs[0] == mine[0] and theirs[1] != mine[1] and j not in claim.contradicts:
                claim.contradicts.append(j)
                break
