"""Who speaks in a frame: the words after an incise verb, or the subject before a verb.

The parse proposes a subject; the words between the last clause boundary and the cue check
it, because the small model often attaches a long subject ("le ministre de X, Y") wrongly.
A pronoun is a speaker carried from an earlier frame, resolved later with the article's
other sentences.
"""

from __future__ import annotations

import re

from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import PRONOUNS
from provenance.extract.frame_types import Mention, mention
from provenance.extract.lexicon import fold


def incise_speaker(ctx: SentenceContext, start: int, end: int, clitic: bool) -> Mention | None:
    if clitic:
        return Mention(start, start, "il", carry=True)
    m = re.match(r"\s*([^,.;:!?«»]+)", ctx.text[start:end])
    if not m or not m.group(1).strip():
        return None
    stop = start + m.end(1)
    name = re.match(r",\s*((?:[A-Z][\w’'-]+\s*){2,4})(?=[,.]|$)", ctx.text[stop:end])
    if name:  # "..., a déclaré le vice-ministre de la Santé, Madamine Karataïev."
        stop += name.end(1)
    lead = re.match(
        r"\s*(?:à|au|aux|auprès d[eu]|pour)\s+(?:l['’]|la |le |les )?\S+"
        r"(?:\s+[A-Z][\w'’-]*)*\s+(?=(?:le|la|les|l['’]|un|une|M\.|[A-Z]))",
        ctx.text[start:stop],
    )
    begin = start + m.start(1)
    if lead:  # "a déclaré à l'AFP le porte-parole": the relay comes first
        begin = start + lead.end()
    # "X à l'AFP", "X pour l'agence Y": the relay is not part of the speaker's name
    r = re.search(r"\s(à|au|aux|pour|auprès d[eu]|dans)\s", ctx.text[start:stop])
    if r and start + r.start() > begin:
        stop = start + r.start()
    return mention(ctx.text, begin, stop)


def subject(
    ctx: SentenceContext, i: int, cue_start: int, carried: bool, dependent: bool
) -> Mention | None:
    text, s = ctx.text, ctx.sent.start
    if carried or dependent:
        prior = [f for f in ctx.frames if f.cue_span.start < cue_start and f.speaker]
        if dependent and prior and prior[-1].speaker is not None:
            return prior[-1].speaker
        return Mention(cue_start, cue_start, "il", carry=True)
    tok = ctx.tokens[i]
    prior = [f for f in ctx.frames if f.cue_span.start < cue_start and f.speaker]
    if prior and re.search(r"\s(et|puis|mais)\s*$", text[s:cue_start]):
        return prior[-1].speaker  # "X a répliqué ... et a menacé de ..."
    subj = [c for c in tok.children if c.dep_.startswith("nsubj") and c.idx < cue_start]
    if not subj and tok.dep_ in {"xcomp", "ccomp"}:
        subj = [c for c in tok.head.children if c.dep_.startswith("nsubj") and c.idx < cue_start]
    if subj:
        left = min(t.idx for t in subj[0].subtree)
        right = max(t.idx + len(t.text) for t in subj[0].subtree)
        found = mention(text, max(left, s), min(right, cue_start))
        if fold(found.text) in PRONOUNS:
            found.carry = True
        chunk = chunk_before(ctx, cue_start)
        if chunk is not None and chunk.start <= found.start and not found.carry:
            return chunk
        if found.text and not ctx.in_quote(found.start):
            return found
    return chunk_before(ctx, cue_start)


def chunk_before(ctx: SentenceContext, cue_start: int) -> Mention | None:
    """The words between the last clause boundary and the cue: a subject, usually."""
    text, s = ctx.text, ctx.sent.start
    chunk = text[s:cue_start].rstrip()
    # "X, qui a brûlé un Coran le 20 mars, a déclaré": the subject is before the aside
    aside = re.search(r",\s*(?:qui|dont|que|lequel|laquelle|lui-même|elle-même)\b[^,]*,$", chunk)
    if aside:
        chunk = chunk[: aside.start()]
    cut = max(chunk.rfind(", "), chunk.rfind(": "), chunk.rfind("» "))
    piece_start = s + cut + 2 if cut >= 0 else s
    piece = text[piece_start : s + len(chunk)].strip(" ,")
    if not piece or len(piece.split()) > 14 or ctx.in_quote(piece_start):
        return None
    inside = [t for t in ctx.tokens if piece_start <= t.idx < piece_start + len(piece)]
    if not inside or inside[0].pos_ in {"ADP", "ADV", "SCONJ", "VERB"}:
        return None  # "Contrairement à ce qu'", "Après avoir ...": not a subject
    if any(t.text.lower() in {"ayant", "étant", "avoir", "être"} for t in inside):
        return None
    if any(ctx.lex.verb_of(t.text) for t in inside[1:]):
        return None  # a subject never holds a reporting verb of its own
    return mention(text, piece_start, s + len(chunk), carry=fold(piece) in PRONOUNS)
