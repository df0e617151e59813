"""Frames opened by an attribution marker: "selon X, P", "P, d'après X", "selon Y citant X".

The marker leads the sentence (the content follows its comma) or closes it (the content is
what came before); a "citant" inside the source's words makes the cited one the speaker and
the marker's source the first relay.
"""

from __future__ import annotations

import re

from provenance.extract.actor_words import DETERMINERS, KIND_WORDS, PERSON_WORDS, guess_kind
from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import (
    CITING_AFTER,
    CITING_AFTER_BARE,
    NOT_SPEAKERS,
    RELATIVE_AFTER_SELON,
    SPEAKING_HEADS,
)
from provenance.extract.frame_types import Frame, Mention, clean_content, mention
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span

# what "selon" can be followed by without naming a source: a rule or a manner ("juger
# selon la procédure d'urgence", "selon toute vraisemblance", "selon les cas")
_NO_SOURCE = re.compile(
    r"\s*(?:(?:les?|la|l'|des|du|une?|ses|leurs?|son|sa|toute?s?)\s*)?(?:principes?|regles?|"
    r"lois?|procedures?|modalites?|criteres?|normes?|termes|dispositions?|conditions?|"
    r"methodes?|calendrier|traditions?|coutumes?|usages?|rites?|vraisemblance|probabilite|"
    r"cas|besoins?|circonstances|saisons?|horaires?|tarifs?|baremes?|formules?|protocoles?|"
    r"canons?|preceptes?|prescriptions?|recommandations)\b"
)

# frames one sentence may hold, and tokens scanned for verbs: a hostile 10 kB sentence of
# markers took minutes (the nesting is quadratic in frames); real sentences hold a few
MOST_FRAMES = 40


#: after a quote, the end of its clause: punctuation, or when and where it was said ("« P »
#: lors de l'opération"); not the rest of a sentence it began ("« P » ont été tués")
_CLOSES = re.compile(
    r"\s*(?:[»”\"]\s*)?(?:[.,;:!?)]|$|(?:lors|pendant|depuis|dans|après|avant|selon|"
    r"d['’]après|à l['’]issue|au cours|a-t-(?:il|elle))\b)"
)


def _opens(text: str, start: int, quote_start: int) -> bool:
    """Only the opening of the quote lies between ``start`` and its words ("« seuls",
    with the space French typography puts after « )."""
    return text[start:quote_start].strip(' «“"\u00a0\u202f') == ""


def marker_frames(ctx: SentenceContext) -> None:
    s, e = ctx.sent.start, ctx.sent.end
    low = fold(ctx.text[s:e])
    for marker in ctx.lex.markers:
        for m in re.finditer(r"\b" + re.escape(fold(marker)) + r"\b", low):
            if len(ctx.frames) >= MOST_FRAMES:
                return  # "selon selon selon …" 1,667 times: no sentence says that much
            pos = s + m.start()
            after = s + m.end() - (6 if fold(marker) == "de source" else 0)  # source X
            if ctx.in_quote(pos) or RELATIVE_AFTER_SELON.match(ctx.text[after:e]):
                continue
            if _NO_SOURCE.match(fold(ctx.text[after : min(e, after + 60)])):
                continue  # "selon les principes de la loi coranique": a rule, no one said it
            if _inside_verb_group(ctx, pos, after):
                continue  # "Les autorités ont, selon lui, reconnu P": the verb's frame
            before = ctx.text[s:pos].strip(" ,")
            lead = (
                not before
                or fold(before) in {"or", "mais", "et", "ainsi", "enfin"}
                or before.endswith(":")  # "Afghanistan, attentat : selon l'OTAN, P"
            )
            quote_after = next((q for q in ctx.sent.quotes if q.start > after), None)
            if fold(marker) == "pour" and not (lead and _speaks_for(ctx, after)):
                continue  # "pour protester", "Pour la première fois, P": no source
            if lead:
                comma = ctx.comma_after(after, e)
                if CITING_ASIDE.match(ctx.text, comma, e):
                    comma = ctx.comma_after(comma + 1, e)  # "Selon Y, citant X, P"
                listed = ctx.comma_after(comma + 1, e)
                # "Selon X, Paris et Londres sont d'accord": a clause, not more sources
                names = (
                    re.fullmatch(NAME_LIST, ctx.text[comma + 1 : listed]) is not None
                    and listed < e
                    and _before_clause(ctx, comma, listed) == listed
                )
                if (
                    names
                    or _named_after(ctx, after, comma, listed)
                    or _role_after(ctx, after, comma, listed)
                ):
                    comma = listed  # "Selon Le Monde, Le Figaro et Libération, P"
                stop = comma
                if quote_after is not None and quote_after.start - 1 < stop:
                    stop = quote_after.start - 1
                who = mention(ctx.text, after, stop)
                if (
                    quote_after is not None
                    and _opens(ctx.text, comma + 1, quote_after.start)
                    and _CLOSES.match(ctx.text, quote_after.end + 1, e) is not None
                ):
                    content, direct = Span(quote_after.start, quote_after.end), True
                else:
                    content, direct = Span(comma, e), False
            elif (inside := _inset_in_clause(ctx, pos, after)) is not None:
                # "Trois civils, selon l'OSDH, ont été tués": the inset splits one clause
                who = mention(ctx.text, after, inside)
                content, direct = Span(s, e), False
            elif (inset := _inset_end(ctx, pos, after)) is not None:
                # "P1, selon X, P2": the inset qualifies what follows it
                who = mention(ctx.text, after, inset)
                content, direct = Span(inset, ctx.clause_end(inset + 1)), False
            elif (que := SELON_QUE.match(ctx.text, after, e)) is not None:
                # "une vidéo montre, selon Le Monde, que P" without commas: P follows "que"
                who = mention(ctx.text, after, que.end(1))
                content, direct = Span(que.end(), ctx.clause_end(que.end())), False
            else:
                who_end = _before_clause(ctx, after, ctx.comma_after(after, e, relative_only=True))
                who = mention(ctx.text, after, who_end)
                content, direct = Span(s, pos), False
                cut = ctx.text.rfind(",", s, pos)
                if cut > 0 and re.search(r"\b(?:selon|d['’]après)\b", ctx.text[s:cut], re.I):
                    # "300 000 selon l'AFP, près de 1 million selon les organisateurs"
                    content = Span(cut + 1, pos)
            if fold(who.text) in {"lui", "elle", "eux", "elles"}:
                who = Mention(who.start, who.end, who.text, carry=True)  # "selon lui"
            cs, ce = clean_content(ctx.text, content.start, content.end)
            if ce - cs < 3 or not who.text:
                continue
            cue = ctx.text[pos : pos + len(marker)]
            frame = Frame(
                Span(cs, ce),
                Span(pos, after),
                cue,
                None,
                "assertion",
                direct,
                who,
                why=f"attribution marker « {cue} »",
                sentence=ctx.index,
            )
            citing(ctx, frame)
            ctx.frames.append(frame)


# "Selon Y, citant X, P", "D'après Y, qui cite X, P": X is the speaker, Y the relay
CITING_ASIDE = re.compile(
    r",\s*(?:citant|reprenant|qui\s+(?:cite|citent|citait|citaient|reprend|reprennent)|"
    r"(?:cit|relay|rapport)[ée]e?s?\s+par)\s"  # "Selon X, relayée par Y, P"
)
# "selon un élu cité par RFI": the one cited speaks, RFI relays
# (no leading "\s*,?\s*" in the pattern: on a long run of spaces it backtracked cubically)
CITED_BY = re.compile(r"\b((?:cit|relay|rapport)e(?:e|s|es)?\s+par)\s+")

# "selon le journal Le Monde que P": a short name, then the que-clause it attributes
SELON_QUE = re.compile(r"(\s*[^,;:«»“”\"]{1,60}?)\s+(?:que\s|qu['’])")

# the rest of a list of named sources: ", Le Figaro et Libération,"
NAME_LIST = re.compile(
    r"\s*(?:(?:les?|la|l['’])\s*)?[A-Z][^,]*\bet\s+(?:(?:les?|la|l['’])\s*)?[A-Z][^,]*"
)


# a person's name: "Christine Lagarde", "Jean-Marc Ayrault", "Ban Ki-moon"
PERSON_NAME = re.compile(
    r"\s*[A-ZÉ][\w'’-]+(?:\s+(?:de\s+|du\s+|van\s+|von\s+|el-|al-)?[A-ZÉ][\w'’-]+){1,3}\s*"
)


_OF_NAMED = re.compile(
    r"\b(?:de|du|des|d['’])\s*(?:la\s+|l['’]\s*)?[A-ZÉ][\w'’.-]*(?:\s+[A-ZÉ][\w'’.-]*)*"
)


def _named_after(ctx: SentenceContext, after: int, comma: int, listed: int) -> bool:
    """ "Selon la ministre, Christine Lagarde, P": the name after a role names the source."""
    role = ctx.text[after:comma].strip()
    # "le porte-parole de l'ONU": a capital in the role's complement is no name
    bare = _OF_NAMED.sub("", role)
    if not role[:1].islower() or any(c.isupper() for c in bare) or len(role.split()) > 6:
        return False
    rest = ctx.text[listed + 1 : ctx.sent.end].lstrip()
    return bool(PERSON_NAME.fullmatch(ctx.text, comma + 1, listed)) and rest[:1].islower()


def _role_after(ctx: SentenceContext, after: int, comma: int, listed: int) -> bool:
    """ "Selon Henri Guaino, conseiller de Nicolas Sarkozy, P": the role after a name is
    part of the source, not the start of what it said."""
    name = ctx.text[after:comma].strip()
    role = DETERMINERS.sub("", ctx.text[comma + 1 : listed].strip())
    words = fold(role).split()
    verb = any(t.pos_ in {"VERB", "AUX"} for t in ctx.tokens if comma < t.idx < listed)
    return (
        not verb  # "Selon X, le président a menti, ce qui est grave": a clause, no role
        and listed < ctx.sent.end
        and bool(PERSON_NAME.fullmatch(name))
        and 1 <= len(words) <= 8
        and role[:1].islower()
        and words[0] in PERSON_WORDS
    )


def _speaks_for(ctx: SentenceContext, after: int) -> bool:
    """ "Pour le syndicat, P", "Pour Moscou, P": the words between "pour" and the comma
    name someone (a known head noun or a proper name), not a time or a purpose."""
    comma = ctx.comma_after(after, ctx.sent.end)
    words = DETERMINERS.sub("", ctx.text[after:comma].strip())
    if not words or comma >= ctx.sent.end or len(words.split()) > 8:
        return False
    head = fold(words.split()[0]).strip(",")
    if head in NOT_SPEAKERS:
        return False
    return (
        words[:1].isupper()
        or head in SPEAKING_HEADS
        or head in PERSON_WORDS
        or head in ctx.lex.anonymous_heads
        or any(head == fold(w) for w, _ in KIND_WORDS)
    )


def _before_clause(ctx: SentenceContext, start: int, end: int) -> int:
    """ "P, selon l'ONU et des milliers d'habitants ont fui": the source ends where a
    coordinated clause, with its own finite verb, begins."""
    for m in re.finditer(r"\s+(?:et|mais|puis|or)\s+", ctx.text[start:end]):
        if any(
            start + m.end() <= t.idx < end
            and "Fin" in t.morph.get("VerbForm", [])
            and not ctx.in_quote(t.idx)
            for t in ctx.tokens
        ):
            return start + m.start()
    return end


def _inside_verb_group(ctx: SentenceContext, pos: int, after: int) -> bool:
    """ "a, selon Le Monde, déclaré": an inset between an auxiliary and its participle."""
    before = [t for t in ctx.tokens if t.idx < pos and not t.is_punct]
    comma = ctx.comma_after(after, ctx.sent.end)
    nxt = next((t for t in ctx.tokens if t.idx > comma), None)
    return (
        bool(before)
        and before[-1].pos_ == "AUX"
        and ctx.text[before[-1].idx + len(before[-1].text) : pos].strip() == ","
        and nxt is not None
        and "Part" in nxt.morph.get("VerbForm", [])
        and ctx.lex.verb_of(nxt.text) is not None  # "ont, selon X, provoqué P": X's words
    )


def _inset_in_clause(ctx: SentenceContext, pos: int, after: int) -> int | None:
    """The comma closing ", selon X," when the inset sits inside one clause: "La trêve, selon
    les experts, va échouer"; "La seule chose, selon lui, que l'ETA aurait dû annoncer c'est
    sa dissolution" (no finite verb before it). The whole sentence is X's."""
    text, s, e = ctx.text, ctx.sent.start, ctx.sent.end
    if not text[s:pos].rstrip().endswith(","):
        return None
    comma = ctx.comma_after(after, e)
    rest = text[comma + 1 : e].strip()
    if comma >= e or ctx.in_quote(comma) or not rest[:1].islower():
        return None
    if re.match(r"(?:qui|dont|où|lequel|laquelle|citant|cit[ée]e?s?|relay)", rest):
        return None
    if not re.search(r"\w", rest):
        return None
    if ctx.finite_before(pos) and not _complement_only(ctx, comma):
        return None
    return comma


def _complement_only(ctx: SentenceContext, comma: int) -> bool:
    """ "Il s'agit, selon la police, d'un acte criminel": after the inset, the rest of the
    one clause (no verb of its own, no further comma), so the sentence is the source's."""
    e = ctx.sent.end
    if "," in ctx.text[comma + 1 : e] or ctx.sent.quotes:
        return False
    first = next((t for t in ctx.tokens if t.idx > comma), None)
    if first is None or first.pos_ not in {"ADP", "DET", "NUM"}:
        return False  # "P, selon le général X, porte-parole du Comité": his title
    return not any(
        comma < t.idx < e and (t.pos_ in {"VERB", "AUX"} or t.lower_ in {"que", "qu'", "qu’"})
        for t in ctx.tokens
    )


def _inset_end(ctx: SentenceContext, pos: int, after: int) -> int | None:
    """The comma closing ", selon X," in mid-sentence, when at least four words follow.

    A comma before a capital continues a list of sources ("selon Le Parisien, Le Point
    et Libération, P"), so the inset ends at a comma before a lowercase word.
    """
    text, s, e = ctx.text, ctx.sent.start, ctx.sent.end
    if not text[s:pos].rstrip().endswith(",") and not _after_auxiliary(ctx, pos):
        return None
    for m in re.finditer(
        r",\s+(?=[a-zà-ÿ])(?!(?:qui|dont|que|qu['’]|où|lequel|laquelle)\b)", text[after:e]
    ):
        end = after + m.start()
        if ctx.in_quote(end) or "(" in text[after:end]:
            return None
        rest = [t for t in ctx.tokens if end < t.idx < e]
        if rest and rest[0].pos_ != "DET" and not any(t.pos_ in {"VERB", "AUX"} for t in rest):
            return None  # "P, selon le général X, porte-parole du Comité": his title
        return end if len(text[end:e].split()) >= 4 else None
    return None


def _after_auxiliary(ctx: SentenceContext, pos: int) -> bool:
    """ "arrêtés pour avoir selon les autorités, incité à la violence": the marker splits a
    verb group without a comma before it; what follows it is the claim."""
    before = [t for t in ctx.tokens if t.idx < pos]
    return bool(before) and (before[-1].pos_ == "AUX" or before[-1].lower_ in {"avoir", "être"})


def citing(ctx: SentenceContext, frame: Frame) -> None:
    """ "selon Y citant X": X said it, Y is the first relay."""
    assert frame.speaker is not None
    who = frame.speaker
    low = fold(who.text)
    cited = CITED_BY.search(low)
    lead = len(low[: cited.start()].rstrip().rstrip(",").rstrip()) if cited else 0
    if cited is not None and lead > 0:
        inner = mention(ctx.text, who.start, who.start + lead)
        relay = mention(ctx.text, who.start + cited.end(), who.end)
        if inner.text and relay.text:
            said = ctx.text[who.start + cited.start(1) : who.end].strip()
            frame.hops.append((relay, said, 1))
            frame.speaker = inner
            frame.why += f", relayed (« {cited.group(1)} »)"
            return
    for word in ctx.lex.citing:
        m = re.search(r"\b" + word + r"\b", low)
        if m:
            relay = mention(ctx.text, who.start, who.start + m.start())
            src_start = who.start + m.end()
            inner = mention(ctx.text, src_start, who.end)
            frame.hops.append((relay, ctx.text[frame.cue_span.start : src_start].strip(), 1))
            frame.speaker = inner
            frame.why += f", relayed (« {word} »)"
            return


def cited_after(ctx: SentenceContext, frame: Frame) -> Span | None:
    """ "Le Figaro annonce que P, citant une source proche du dossier": the source said P
    and the speaker relays it. Returns the words naming the source (no verb of their own
    may report there), else None.

    "en évoquant" also evokes topics ("en évoquant des difficultés"): only a source-like
    phrase (an actor's kind word, a name) counts after it.
    """
    assert frame.speaker is not None
    e = ctx.sent.end
    # "Reuters rapporte, citant des témoins, que P": the aside may stand before the content
    start = min(frame.content.start, frame.cue_span.end) if not frame.direct else frame.content.end
    m = CITING_AFTER.search(ctx.text, start, e)
    return _cited(ctx, frame, m)


def cited_by_incise(ctx: SentenceContext, frame: Frame) -> None:
    """ "P, rapportent les médias internationaux se référant à des sources diplomatiques":
    whom an incise's speaker cites, right after it (a comma or none), speaks; the words
    naming them are read (``ctx.skip``)."""
    assert frame.speaker is not None
    at = frame.speaker.end
    m = CITING_AFTER.match(ctx.text, at) or CITING_AFTER_BARE.match(ctx.text, at)
    cited = _cited(ctx, frame, m)
    if cited is not None:
        ctx.skip.append(cited)


def _cited(ctx: SentenceContext, frame: Frame, m: re.Match[str] | None) -> Span | None:
    assert frame.speaker is not None
    e = ctx.sent.end
    if m is None or ctx.in_quote(m.start()):
        return None
    end = ctx.comma_after(m.end(), e)
    cited = mention(ctx.text, m.end(), end)
    quoted = next((q for q in ctx.sent.quotes if cited.start <= q.start < cited.end), None)
    if quoted is not None and quoted.end <= cited.end:
        # 'en évoquant une « source proche du dossier »': the words inside name the source
        cited = mention(ctx.text, quoted.start, quoted.end)
    words = cited.text
    if not words:
        return None
    heads = fold(words).split()[:3]
    sourcelike = guess_kind(words)[0] != "other" or any(w in ctx.lex.anonymous_heads for w in heads)
    if "voquant" in fold(m.group(0)) and not sourcelike:
        return None
    if frame.content.start < m.start() < frame.content.end:
        s2, e2 = clean_content(ctx.text, frame.content.start, m.start())
        frame.content = Span(s2, e2)
    said = " ".join(m.group(0).strip(" ,").split())
    frame.hops.insert(0, (frame.speaker, ctx.text[frame.cue_span.start : frame.cue_span.end], 1))
    frame.speaker = cited
    frame.why += f", relayed (« {said} »)"
    return Span(m.start(), end)


# "« P », peut-on lire sur le site de X": X wrote P
READ_IN = re.compile(
    r"[,»”\"]\s*(?:(?:peut|pouvait|pourra)[-‑\s]t?[-‑]?on\s+lire|lit[-‑]on|lisait[-‑]on)\s+"
    r"(?:sur|dans)\s+([^,.;:«»]+)",
    re.IGNORECASE,
)


def read_in(ctx: SentenceContext) -> None:
    """ "« P », peut-on lire sur le site de X": P is what X wrote (no reporting verb)."""
    s, e = ctx.sent.start, ctx.sent.end
    m = READ_IN.search(ctx.text, s, e)
    if m is None or ctx.in_quote(m.start()):
        return
    quote = next((q for q in reversed(ctx.sent.quotes) if q.end <= m.start() + 1), None)
    direct = quote is not None and not re.search(r"\w", ctx.text[s : quote.start - 1])
    said = Span(quote.start, quote.end) if quote is not None and direct else Span(s, m.start())
    who = mention(ctx.text, m.start(1), m.end(1))
    cue = " ".join(ctx.text[m.start() + 1 : m.start(1)].split())
    cs, ce = clean_content(ctx.text, said.start, said.end)
    if ce - cs < 3 or not who.text:
        return
    cue_span = Span(m.start() + 1, m.start(1))
    why = f"read in « {cue} »"
    frame = Frame(Span(cs, ce), cue_span, cue, None, "assertion", direct, who, why=why)
    frame.sentence = ctx.index
    ctx.frames.append(frame)
