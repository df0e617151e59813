"""What a reporting verb says when neither "que" nor a quote follows it: its object.

"a annoncé la démission du ministre" says the resignation; "a annoncé jeudi soir la
démission" too, the day left out; "a répondu avant l'été" says nothing, nor "doit annoncer
de nouvelles mesures" (a plan, not yet a claim). Its own module because the sentence's
frame finder (frames.py) would outgrow its size otherwise.
"""

from __future__ import annotations

import re

from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import WEEKDAYS
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span


def object_said(ctx: SentenceContext, cue: str, start: int) -> Span | None:
    """What a reporting verb with no "que" and no quote says: its object ("a annoncé la
    démission du ministre"), once the day it was said is left out ("a annoncé jeudi de
    nouvelles mesures"). None when nothing is said yet ("doit annoncer de nouvelles
    mesures": a plan, not a claim) or when all that follows is when ("a répondu avant
    l'été")."""
    if _DUE.intersection(fold(cue).split()):
        return None
    aside = _OWN_SIDE.match(ctx.text, start, ctx.sent.end)
    start = aside.end() if aside is not None else start  # "revendique de son côté P"
    when = _WHEN.match(ctx.text, start, ctx.sent.end)
    start = when.end() if when is not None and when.end() < ctx.sent.end else start
    content = Span(start, ctx.clause_end(start))
    said = ctx.text[content.start : content.end]
    if _ONLY_WHEN.match(said) and "«" not in said and not _object_after(said.split()):
        return None
    return content


def _object_after(words: list[str]) -> bool:
    """After a time ("après le conseil municipal"), an object of its own ("sa démission"):
    a determiner that starts no complement of the time's words."""
    return any(
        w.lower() in _OBJECT_DETERMINERS and words[k + 1].lower() not in _COMPLEMENT
        for k, w in enumerate(words[2:])
    )


_OBJECT_DETERMINERS = frozenset(
    [
        "un",
        "une",
        "des",
        "le",
        "la",
        "les",
        "sa",
        "son",
        "ses",
        "leur",
        "leurs",
        "ces",
        "cette",
        "ce",
        "cet",
        "toute",
        "tout",
        "tous",
        "toutes",
    ]
)
_COMPLEMENT = frozenset(["de", "d'", "d’", "du", "des", "à", "au", "aux"])


#: modals that put the verb in the future: "doit annoncer", "devait répondre", "va dire"
_DUE = frozenset(
    {"doit", "doivent", "devait", "devaient", "devrait", "devraient", "va", "vont", "allait"}
    | {"allaient", "pourrait", "pourraient"}
)
_DAY = r"(?:" + WEEKDAYS + r"|hier|aujourd'hui|demain)"
#: the day a verb is said on, before what is said ("a annoncé jeudi soir P")
_WHEN = re.compile(
    r"\s*(?:" + _DAY + r"(?:\s+(?:matin|soir|midi|après-midi|dernier|prochain))?"
    r"(?:\s+\d{1,2}(?:er)?\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre))?"
    r"|ce\s+(?:matin|soir|week-end)|cette\s+(?:semaine|nuit|année))\s*,?\s+",
    re.IGNORECASE,
)
#: the speaker's side, between the verb and what it says
_OWN_SIDE = re.compile(
    r"\s*(?:de son côté|de leur côté|pour sa part|pour leur part|à son tour|à leur tour|"
    r"quant à (?:lui|elle|eux|elles)|lui aussi|elle aussi|eux aussi|elles aussi)\s*,?\s+",
    re.IGNORECASE,
)
#: an object that is only a time: "avant l'été", "après la réunion", "lors du sommet"
_ONLY_WHEN = re.compile(
    r"\s*(?:avant|après|apres|depuis|pendant|lors|dès|jusqu|" + _DAY + r")\b", re.IGNORECASE
)
