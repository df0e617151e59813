"""Frames opened by a noun of speech with its author: "l'annonce par la police que P",
"la déclaration de Moscou selon laquelle P".

News writing often reports a statement as a noun rather than a verb, and a sentence built
that way drafted nothing. Only an author given with "par", or with "de" before a proper
name, counts: "la déclaration d'indépendance que le pays a proclamée" names no author.
"""

from __future__ import annotations

import re

from provenance.extract.clauses import SentenceContext
from provenance.extract.frame_types import Frame, Mention, clean_content, mention
from provenance.extract.segment import Span
from provenance.extract.speakers import main_subject

_KINDS = {
    "annonce": "assertion",
    "affirmation": "assertion",
    "déclaration": "assertion",
    "assurance": "assertion",
    "accusation": "accusation",
    "démenti": "denial",
    "avertissement": "prediction",
    "mise en garde": "prediction",
    "menace": "prediction",
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
        cue_span = Span(m.start(), m.start(group))
        _add(ctx, Span(cs, ce), cue_span, noun, False, who, f"noun of speech « {cue} »")


# "Le Quotidien du peuple publiait un avertissement : « P »": the subject's words
_NOUN_COLON = re.compile(
    r"\b(?:un|une|le|la|l['’]|son|sa|ce|cet|cette|leur)\s*"
    r"(avertissement|message|mise en garde|appel|communiqué|déclaration|annonce|démenti|"
    r"réponse|accusation|menace)s?\b[^:;«»]{0,40}:\s*[«“\"]"
)


def noun_colon_frames(ctx: SentenceContext) -> None:
    """ "X publiait cette semaine un avertissement : « P »": X said P (no verb of speech)."""
    s, e = ctx.sent.start, ctx.sent.end
    for m in _NOUN_COLON.finditer(ctx.text, s, e):
        quote = next((q for q in ctx.sent.quotes if q.start >= m.end() - 1), None)
        if ctx.in_quote(m.start()) or quote is None:
            continue
        if any(f.content.start <= quote.start < f.content.end for f in ctx.frames):
            continue
        who = main_subject(ctx, m.start())
        if who is None:
            continue
        cue = ctx.text[m.start() : m.end()].rstrip(' «“"').rstrip(" :")
        why = f"noun of speech before a colon « {cue} »"
        _add(
            ctx, Span(quote.start, quote.end), Span(m.start(), m.end()), m.group(1), True, who, why
        )


def _add(
    ctx: SentenceContext,
    content: Span,
    cue_span: Span,
    noun: str,
    direct: bool,
    who: Mention,
    why: str,
) -> None:
    """A frame whose cue is a noun: no verb, its kind the noun's."""
    cue = ctx.text[cue_span.start : cue_span.end].strip().rstrip(' «“"').rstrip(" :")
    kind = _KINDS.get(noun, "assertion")
    frame = Frame(content, cue_span, cue, None, kind, direct, who, why=why, sentence=ctx.index)
    ctx.frames.append(frame)
