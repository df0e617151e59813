"""Frames opened by a noun of speech with its author: "l'annonce par la police que P",
"la déclaration de Moscou selon laquelle P".

News writing often reports a statement as a noun rather than a verb, and a sentence built
that way drafted nothing. Only an author given with "par", or with "de" before a proper
name, counts: "la déclaration d'indépendance que le pays a proclamée" names no author.
"""

from __future__ import annotations

import re

from provenance.extract.clauses import SentenceContext
from provenance.extract.frame_types import Frame, clean_content, mention
from provenance.extract.segment import Span

_KINDS = {
    "annonce": "assertion",
    "affirmation": "assertion",
    "déclaration": "assertion",
    "assurance": "assertion",
    "accusation": "accusation",
    "démenti": "denial",
}
_NOUN_CUE = re.compile(
    r"\b(?:[lL]['’]|[lL]a |[lL]e |[lL]es )"
    r"(annonces?|affirmations?|déclarations?|assurances?|accusations?|démentis?)"
    r"\s+(?:faites?\s+|lancées?\s+)?"
    r"(?:par\s+(?P<by>[^,;:«»]{2,80}?)|(?:de|du|des|d['’])\s*(?P<of>[A-Z][^,;:«»]{1,80}?))"
    r"\s*,?\s+(?:que\s|qu['’]|selon laquelle\s|selon lequel\s|selon lesquelles\s)"
)


def noun_frames(ctx: SentenceContext) -> None:
    s, e = ctx.sent.start, ctx.sent.end
    for m in _NOUN_CUE.finditer(ctx.text, s, e):
        if ctx.in_quote(m.start()):
            continue
        group = "by" if m.group("by") else "of"
        who = mention(ctx.text, m.start(group), m.end(group))
        cs, ce = clean_content(ctx.text, m.end(), ctx.clause_end(m.end()))
        if ce - cs < 3 or not who.text:
            continue
        noun = m.group(1).rstrip("s")
        cue = ctx.text[m.start() : m.start(group)].strip()
        ctx.frames.append(
            Frame(
                Span(cs, ce),
                Span(m.start(), m.start(group)),
                cue,
                None,
                _KINDS.get(noun, "assertion"),
                False,
                who,
                why=f"noun of speech « {cue} »",
                sentence=ctx.index,
            )
        )
