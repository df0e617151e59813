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
    "allégation": "accusation",
    "avertissement": "prediction",
    "mise en garde": "prediction",
    "menace": "prediction",
}
_NOUN_CUE = re.compile(
    r"\b(?:[lL]['’]|[lL]a |[lL]e |[lL]es |[uU]ne? |[dD]es |[cC]es |[cC]ette |[cC]et )"
    r"(annonces?|affirmations?|déclarations?|assurances?|accusations?|démentis?|articles?|"
    r"rapports?|informations?|rumeurs?|communiqués?|allégations?)"
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


# "Le Comité a diffusé hier des informations selon lesquelles P": the subject gave out P
# (a verb of publishing, then what it published, then what that says)
_SPREAD = re.compile(
    r"\b(?:diffus|publi|relay|rendu? public|fait circuler|mis en ligne|transmis)\w*\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:des|une|un|les|le|la|l['’]|ses|son|sa|leurs?)\s*"
    r"(?:[\w-]+\s+)?(?P<noun>informations?|rumeurs?|nouvelles?|rapports?|communiqués?|"
    r"documents?|images?|vidéos?|textes?|messages?|données)\s+"
    r"(?:[\w-]+\s+)?(?:selon lesquelles|selon laquelle|selon lesquels|selon lequel|"
    r"indiquant que|affirmant que|assurant que|d['’]après lesquelles|d['’]après lesquels)\s"
)


def spread_frames(ctx: SentenceContext) -> None:
    """ "X a diffusé des informations selon lesquelles P": X said P, whose verb is no verb of
    speech; the content is P alone (the informations are what carried it)."""
    s, e = ctx.sent.start, ctx.sent.end
    for m in _SPREAD.finditer(ctx.text, s, e):
        if ctx.in_quote(m.start()):
            continue
        if any(f.content.start <= m.end() < f.content.end for f in ctx.frames):
            continue  # already someone's words ("X affirme que Y a publié des ...")
        who = main_subject(ctx, m.end())  # the verb published is the main verb
        if who is None:
            continue
        cs, ce = clean_content(ctx.text, m.end(), ctx.clause_end(m.end()))
        if ce - cs < 3:
            continue
        why = f"published « {ctx.text[m.start() : m.end()].strip()} »"
        _add(ctx, Span(cs, ce), Span(m.start(), m.end()), "annonce", False, who, why)


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
