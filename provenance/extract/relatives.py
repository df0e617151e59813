"""Frames the verb scan hands over: a relative « ce que » and an incise inside quote marks.

"X a annoncé P, ce que Y a démenti" makes Y speak about P; « P1, a-t-il déclaré, P2 » makes
the incise's speaker say both halves. Both are read from the words around the verb.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import CLITIC, CLITIC_IN
from provenance.extract.frame_types import Frame, Mention, mention
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span
from provenance.extract.speakers import incise_speaker
from provenance.extract.verb_group import group_start

if TYPE_CHECKING:
    from spacy.tokens import Token

    from provenance.extract.frames import SentenceFrames

# "P, ce que X a démenti": the words between "ce que" and the verb are its subject
RELATIVE_CE_QUE = re.compile(r",\s*ce\s+qu(?:e\s+|['’]\s*)([^,;:«»]*)$", re.IGNORECASE)

_NOT_IN_A_SUBJECT = frozenset(["si", "que", "pas", "ne", "plus", "jamais", "qui", "dont"])


def _a_subject(words: str) -> bool:
    """The words of "ce que <words> a démenti" are the verb's subject, not a clause of
    their own ("ce qu'il n'a pas fait même si ses proches déclarent")."""
    split = fold(words).split()
    return len(split) <= 6 and not any(
        w in _NOT_IN_A_SUBJECT or w.startswith(("n'", "qu'")) for w in split
    )


def relative_ce_que(before: str) -> re.Match[str] | None:
    """ "..., ce que <subject>" right before the verb, if its words can be a subject."""
    m = RELATIVE_CE_QUE.search(before)
    return m if m is not None and _a_subject(m.group(1)) else None


def relative_frame(
    ctx: SentenceFrames,
    relative: re.Match[str],
    prior: list[Frame],
    cue_at: tuple[int, int],
    cue: str,
    verb: str,
    kind: str,
    clitic: bool,
) -> None:
    """ "X a annoncé P, ce que Y a démenti": Y's words are about P (X's, if X said it)."""
    cue_start, after = cue_at
    text, s = ctx.text, ctx.sent.start
    comma = s + relative.start()
    said = next((f.content for f in reversed(prior) if f.content.end <= comma), None)
    if relative.group(1).strip():
        who: Mention | None = mention(text, s + relative.start(1), cue_start)
    else:  # ", ce qu'a démenti le ministre"
        who = incise_speaker(ctx, after, ctx.sent.end, clitic)
    if who is not None:
        how = "a relative « ce que »"
        ctx.add_frame(said or Span(s, comma), cue_start, after, cue, verb, kind, False, who, how)


def quoted_incise(ctx: SentenceFrames, i: int, tok: Token, verb: str) -> None:
    """« P1, a-t-il déclaré, P2 »: an incise between commas inside the quote marks names
    the speaker of both halves, each a direct quote of its own."""
    text = ctx.text
    q = next((q for q in ctx.sent.quotes if q.start <= tok.idx < q.end), None)
    if q is None:
        return
    cue_start = group_start(ctx, i)
    head = text[q.start : cue_start].rstrip()
    if not head.endswith(",") or len(head.split()) < 2:
        return
    verb_end = tok.idx + len(tok.text)
    comma = text.find(",", verb_end, q.end)
    if comma < 0:
        return
    clitic = CLITIC.match(text[verb_end:comma])
    inverted = clitic is not None or CLITIC_IN.search(text[cue_start:verb_end]) is not None
    after = verb_end + (clitic.end() if clitic else 0)
    if not inverted and not 1 <= len(text[after:comma].split()) <= 8:
        return  # « P, a déclaré le Premier ministre, Q »; else no incise
    speaker = incise_speaker(ctx, after, comma, inverted)
    if speaker is None:
        return
    cue = text[cue_start:after]
    kind = ctx.lex.verb_kind.get(verb, "assertion")
    how = "incise inside the quote"
    halves: tuple[Span, ...] = (Span(q.start, cue_start), Span(comma + 1, q.end))
    if not all(_clause(ctx, half) for half in halves):
        # « Nous sommes, dit-il, prêts à négocier »: neither half is a claim; the quote is
        halves = (Span(q.start, q.end),)
    for half in halves:
        ctx.add_frame(half, cue_start, after, cue, verb, kind, True, speaker, how)


def _clause(ctx: SentenceContext, span: Span) -> bool:
    """A finite verb and a few words: a half of a quote that says something by itself."""
    words = [t for t in ctx.tokens if span.start <= t.idx < span.end and t.is_alpha]
    return len(words) >= 3 and any("Fin" in t.morph.get("VerbForm", []) for t in words)


def object_relative(ctx: SentenceContext, cue_start: int) -> bool:
    """The verb is inside a relative clause on a noun: "la seule chose que l'ETA aurait dû
    annoncer c'est sa dissolution" made ETA say "c'est sa dissolution". What follows
    the verb is the main clause, not its object."""
    s = ctx.sent.start
    found = list(re.finditer(r"\b(?:que|qu['’])", ctx.text[s:cue_start], re.IGNORECASE))
    if not found or re.search(r"[,;:«»]", ctx.text[s + found[-1].end() : cue_start]):
        return False
    lead = ctx.text[s : s + found[-1].start()]
    inset = re.search(r",\s*(?:selon|d['’]après)\s[^,]*,\s*$", lead, re.IGNORECASE)
    stop = s + (inset.start() if inset else len(lead))  # "la chose, selon lui, que"
    before = [t for t in ctx.tokens if t.idx < stop and not t.is_punct]
    return bool(before) and before[-1].pos_ in {"NOUN", "PROPN"}
