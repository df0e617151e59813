"""Which drafted claims contradict which: a denial and what it denies, competing tolls.

A denial points at the claim it answers by naming it ("a démenti cette information": the
nearest claim before it of someone else) or by sharing its words. Two actors giving
different counts of the same dead or wounded contradict each other, whatever their verbs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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


def _shared(words: set[str], other: set[str]) -> tuple[int, int]:
    """Words two claims share: the same words first, then the same first six letters
    ("livré" and "livrés", "missile" and "missiles"), which only break ties."""
    return len(words & other), len({w[:6] for w in words} & {w[:6] for w in other})


# "a démenti cette information", "rejette ces accusations": the denial names what it denies
# only by pointing back at it
_BACK_NOUN = (
    r"(?:(?:nous|je|ils?|elles?|on)\s+\w+\s+qu(?:e\s+|'))?"  # "Nous estimons que ces ..."
    r"(?:de\s+|d')?(?:(?:cette|ces|cet|ce|ladite|lesdites|la|les|l')\s*(?:\w+\s+)?"
    r"(?:(?:genre|type|sorte)\s+(?:de\s+|d'))?(?P<noun>information|annonce|"
    r"affirmation|accusation|allegation|propos|rumeur|version|nouvelle|declaration|"
    r"assertion|informations|annonces|affirmations|accusations|allegations|rumeurs|"
    r"declarations|assertions|nouvelles|informations de presse|chiffres?|bilan|"
    r"affirmations?|allegations?|affaire|histoire|article|reportage|recit|theses?|"
    r"insinuations?|soupcons|soupcon|propos|informations?)"
    # what only a demonstrative points back at ("ces conclusions", not "l'enquête n'exclut")
    r"|(?:cette|ces|cet|ce)\s*(?:\w+\s+)?(?:conclusions?|resultats|rapport|enquete|"
    r"temoignages?))"
)
_DENIED_BACK = re.compile(_BACK_NOUN + r"\b")
# "Ces informations ne correspondent pas à la réalité", "Ces accusations sont sans fondement":
# an assertion whose subject points back and whose words deny it is a denial
#: words that call what was said false ("sans fondement", "mensongères")
_CALLED_FALSE = (
    r"\bfaux\b|\bfausses?\b|infonde|sans fondement|mensong|absurde|ridicule|calomn|"
    r"grotesque|fantaisiste|denue|intox|desinformation|propagande|invente"
)
_BACK_DENYING = re.compile(
    _BACK_NOUN + r"\b.*\b(?:ne|n'|sont|est|etaient|etait|restent|reste)\b.*"
    r"(?:\bpas\b|\bjamais\b|\baucun|" + _CALLED_FALSE + ")"
)
# whose words a denial points back at: "la déclaration de Tskhinval"
_OWNER = re.compile(r"\s+(?:de la |de l'|du |des |de |d')\s*([\w' -]{3,40}?)\s*$")
#: how much of a claim the denial patterns read: a denial pointing back is short, and two
#: ".*" over a hostile quote of thousands of words would be quadratic
_SHORT = 300

# a claim that says no: what a denier adds after the denial ("Je n'ai jamais touché un
# centime"); "c'est faux" alone, too
_SAYS_NO = re.compile(
    r"\b(?:n'|ne\b|aucune?\b|jamais\b|rien\b|nullement\b|faux\b|fausses?\b|infonde|"
    r"sans fondement|mensong)"
)
# "Nous ne savons pas encore si P": not knowing says no to nothing
_NOT_KNOWING = re.compile(r"\b(?:ne|n')\s*(?:sai[st]|savons|savez|savent|savai|connai)")
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")


# the speaker's own aside, before what it says, denies what was said before: "Téhéran, qui
# rejette ces assertions, soutient que P"
_DENYING_ASIDE = re.compile(
    r"\bqui\s+(?:rejett?e|rejettent|dement|dementent|nie|nient|conteste|contestent|refute|"
    r"refutent|a\s+(?:rejete|dementi|nie|conteste|refute))\s+(?P<back>" + _BACK_NOUN + r")\s*,"
)


# a judgement of what was said before, its words the claim: "a qualifié ces accusations de
# « sans fondement »", "juge ces informations « mensongères »"
_JUDGED_BACK = re.compile(
    r"\b(?:qualifi|jug|estim|trait)\w*\s+(?P<back>" + _BACK_NOUN + r")\s*(?:de\s+|d')?\W*$"
)
_DENYING_WORDS = re.compile(_CALLED_FALSE)


def _sentence_before(text: str, at: int) -> str:
    """The folded words of ``at``'s sentence before it (at most 200 characters)."""
    lead = text[max(0, at - 200) : at]
    ends = list(_SENTENCE_END.finditer(lead))
    return fold(lead[ends[-1].end() :] if ends else lead)


#: how many claims back a denial looks for the claim it answers
_ANSWERED_WITHIN = 60
#: denials a claim that says no looks back through, and how far a sentence may run
_LOOK_BACK = 20
_NEAR = 2000


def contradictions(text: str, claims: Sequence[Claimlike]) -> None:
    """Mark which earlier claim each claim contradicts (``claim.contradicts``)."""
    competing_tolls(text, claims)
    competing_estimates(text, claims)
    breaks = _PARAGRAPH if _PARAGRAPH.search(text) else re.compile(r"\n")
    words: dict[int, set[str]] = {}  # each claim's words, read once

    def words_of(j: int) -> set[str]:
        if j not in words:
            words[j] = _words(text[claims[j].start : claims[j].end])
        return words[j]

    for i, claim in enumerate(claims):
        said = fold(text[claim.start : claim.end][:_SHORT]).strip()
        if claim.kind != "denial":
            lead = _sentence_before(text, claim.start)
            aside = _DENYING_ASIDE.search(lead)
            judged = _JUDGED_BACK.search(lead) if _DENYING_WORDS.search(said) else None
            if aside is not None:
                # "Téhéran, qui rejette ces assertions, soutient que P": P answers them
                said = aside.group("back")
            elif judged is not None:
                # "a qualifié ces accusations de « sans fondement »": a denial of them
                said = judged.group("back")
                claim.kind = "denial"
            elif not _BACK_DENYING.match(said):
                continue
            else:
                claim.kind = "denial"  # its own words deny what it points back at
        target = _denied(text, claims, i, said, breaks, words_of)
        if target is not None and target not in claim.contradicts:
            claim.contradicts.append(target)
    _follow_ups(text, claims)


#: how far a denial's paragraph (and the next) is looked for: a paragraph longer than this
#: ends here (a text of one line and thousands of claims is read once, not once a claim)
_PARAGRAPH_REACH = 5000


def _next_breaks(text: str, at: int, breaks: re.Pattern[str], n: int) -> int:
    """Where the ``n``-th paragraph break after ``at`` starts, within reach."""
    reach = min(len(text), at + _PARAGRAPH_REACH * n)
    for k, m in enumerate(breaks.finditer(text, at, reach)):
        if k + 1 == n:
            return m.start()
    return reach


def _denied(
    text: str,
    claims: Sequence[Claimlike],
    i: int,
    said: str,
    breaks: re.Pattern[str],
    words_of: Callable[[int], set[str]],
) -> int | None:
    """The claim a denial answers: the one it points back at, else the one sharing most of
    its words (an earlier one first; "X dément P. Le journal Y avait affirmé P" names it
    after), else, for a denial of nothing named, the last claim of its paragraph by
    someone else ("Le syndicat affirme que 5 000 emplois seront supprimés. La direction
    dément : « Aucun licenciement n'est prévu »")."""
    claim = claims[i]

    def answerable(j: int) -> bool:
        other = claims[j]
        return j != i and other.originator != claim.originator and other.kind != "denial"

    # an earlier claim, or one on the same words ("Moscou a affirmé P, ce que dément Kiev");
    # among the last few dozen: a denial answers what was said near it, and a text of
    # thousands of claims stays linear
    near = range(max(0, i - _ANSWERED_WITHIN), min(len(claims), i + 8))
    before = [j for j in near if answerable(j) and claims[j].start <= claim.start]
    back = _DENIED_BACK.match(said)
    if back is not None and (len(said.split()) <= 4 or _BACK_DENYING.match(said)):
        owner = _OWNER.match(said, back.end())
        if owner is not None:
            # "la déclaration de Tskhinval": Tskhinval's words, or none drafted
            name = re.sub(r"\W+", "-", owner.group(1)).strip("-")
            return next((j for j in reversed(before) if name in claims[j].originator), None)
        noun = back.group("noun") or ""
        if "accus" in noun or "alleg" in noun:
            # "ces accusations": the last accusation, not the speaker's aside after it
            accusing = [j for j in before if claims[j].kind == "accusation"]
            before = accusing or before
        return before[-1] if before else None
    mine = words_of(i)
    best: tuple[tuple[int, int], int] | None = None
    for j in before:
        shared = _shared(mine, words_of(j))
        if shared[1] and (best is None or shared >= best[0]):
            best = (shared, j)
    if best is not None:
        return best[1]
    paragraph_end = _next_breaks(text, claim.end, breaks, 1)
    for j in range(i + 1, len(claims)):
        if claims[j].start > paragraph_end:
            break
        if answerable(j) and _shared(mine, words_of(j))[1]:
            return j
    # the last one before it, if no paragraph ends between them
    if before and breaks.search(text, claims[before[-1]].end, claim.start) is None:
        return before[-1]
    if not before and back is not None:
        # a lead that denies "les informations selon lesquelles P" before saying whose they
        # are: the next claim of someone else, in its paragraph or the next
        next_end = _next_breaks(text, claim.end, breaks, 2)
        for j in range(i + 1, len(claims)):
            if claims[j].start > next_end:
                break
            if answerable(j):
                return j
    return None


def _follow_ups(text: str, claims: Sequence[Claimlike]) -> None:
    """A claim that says no, by a denier or in the sentence after a denial, denies what the
    denial denies: "X a démenti ces accusations. « Nous n'avons tiré aucun coup de feu »,
    a dit son porte-parole"; "Y a démenti P. [...] « Aucun achat n'a lieu », a déclaré Y"."""
    for i, claim in enumerate(claims):
        said = fold(text[claim.start : claim.end][:_SHORT])
        if claim.contradicts or not _SAYS_NO.search(said) or _NOT_KNOWING.search(said):
            continue
        for j in range(i - 1, max(-1, i - 1 - _LOOK_BACK), -1):
            denial = claims[j]
            if denial.kind != "denial" or not denial.contradicts or denial.end > claim.start:
                continue
            near = claim.start - denial.end <= _NEAR and (
                len(_SENTENCE_END.findall(text, denial.end, claim.start)) <= 1
            )
            if denial.originator == claim.originator or near:
                claim.contradicts.extend(
                    t for t in denial.contradicts if claims[t].originator != claim.originator
                )
                break


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
