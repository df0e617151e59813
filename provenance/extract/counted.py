"""Counts given by someone without a verb of speech: "la police parle de 60 000
manifestants", "les organisateurs avancent le chiffre de 200 000".

"Parler de" alone reports a topic ("le film parle de la guerre"), so only a number after
it makes the sentence a claim: the count is what the subject says.
"""

from __future__ import annotations

import re

from provenance.extract.actor_words import CARRIERS, DETERMINERS
from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import PRONOUNS
from provenance.extract.frame_types import Frame, Mention, mention
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span
from provenance.extract.speakers import main_subject

_COUNT_CUE = re.compile(
    r"\b(?:parl(?:e|ent|ait|aient)|a\s+parlé|ont\s+parlé|avan(?:ce|cent|çait|çaient)|"
    r"a\s+avancé|ont\s+avancé)\s+"
    r"(?:de\s+|d['’]|le\s+chiffre\s+de\s+|le\s+nombre\s+de\s+|un\s+bilan\s+de\s+)"
    r"(?=(?:près\s+de\s+|plus\s+de\s+|moins\s+de\s+|environ\s+|quelque\s+|au\s+moins\s+)?\d)",
    re.IGNORECASE,
)


def count_frames(ctx: SentenceContext) -> None:
    s, e = ctx.sent.start, ctx.sent.end
    for m in _COUNT_CUE.finditer(ctx.text, s, e):
        if ctx.in_quote(m.start()) or any(f.cue_span.start == m.start() for f in ctx.frames):
            continue
        who = _words_before(ctx, m.start()) or main_subject(ctx, m.start())
        head = fold(DETERMINERS.sub("", who.text if who else "")).split()[:1]
        if who is None or (head and head[0] in CARRIERS):
            continue  # "le bilan de la veille parlait de 351 morts": an older figure, no one
        end = min(ctx.clause_end(m.end()), ctx.comma_after(m.end(), e))
        while end > m.end() and ctx.text[end - 1] in " .,;":
            end -= 1
        if end - m.end() < 2:
            continue
        cue = ctx.text[m.start() : m.end()].strip()
        ctx.frames.append(
            Frame(
                Span(m.end(), end),
                Span(m.start(), m.end()),
                cue,
                None,
                "assertion",
                False,
                who,
                why=f"a count given « {cue} »",
                sentence=ctx.index,
            )
        )


_OPENER = re.compile(r"\b(?:que|qu['’]|et|mais|or|car|donc|quand|si)\s+")


def _words_before(ctx: SentenceContext, cue: int) -> Mention | None:
    """The subject as the words before the cue back to a comma: the parser often reads
    "parle" after a noun as an adjective ("la police parle de …")."""
    s = ctx.sent.start
    left = max(s, *(ctx.text.rfind(c, s, cue) + 1 for c in ",;:"))
    # "alors que le bilan de la veille parlait de": the clause's own subject
    openers = list(_OPENER.finditer(ctx.text, left, cue))
    left = openers[-1].end() if openers else left
    who = mention(ctx.text, left, cue)
    words = fold(who.text).split()
    if not 1 <= len(words) <= 8 or words[0] in PRONOUNS or words[0] in {"et", "mais", "qui"}:
        return None
    return who
