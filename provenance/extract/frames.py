"""Find who said what in each sentence: reporting-verb frames, "selon X" and incises.

A frame is a span of attributed content, the cue that attributes it, the words naming the
speaker and the relays between speaker and reader. No single signal decides: the lexicon
names the cues (spaCy's small model tags « accuse » as an adverb), the dependency parse
proposes a subject, and punctuation (incises, guillemets, commas) settles the span.
Markers ("selon X") live in markers.py, speakers in speakers.py, nesting in nesting.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from provenance.extract.clauses import SentenceContext
from provenance.extract.confirm import confirmations
from provenance.extract.counted import count_frames
from provenance.extract.cue_words import (
    ASKED,
    ASKS,
    CALLED,
    CALLS,
    CITING_SUBJECT,
    CLITIC,
    CLITIC_IN,
    CONTRARY,
    CONVINCED,
    DENIED_OBJECT,
    MEDIUM_FIRST,
    QUE_AFTER,
    RELATIVE_ASIDE,
    RELATIVE_OPEN,
    WEAK,
    in_medium,
)
from provenance.extract.frame_types import Frame, Mention, clean_content, mention
from provenance.extract.incise_verbs import QUE_NEXT, mid_incise, unlisted_incise
from provenance.extract.learned import learned_from
from provenance.extract.lexicon import fold
from provenance.extract.markers import (
    MOST_FRAMES,
    cited_after,
    cited_by_incise,
    citing,
    marker_frames,
    read_in,
)
from provenance.extract.nesting import nest
from provenance.extract.noun_cues import noun_colon_frames, noun_frames, spread_frames
from provenance.extract.objects import object_said
from provenance.extract.passive import nominal_denial, passive
from provenance.extract.relatives import (
    object_relative,
    quoted_incise,
    relative_ce_que,
    relative_frame,
)
from provenance.extract.segment import Span
from provenance.extract.speakers import incise_speaker, subject
from provenance.extract.verb_group import (
    apposition_before,
    bare_participle,
    group_start,
    looks_ahead,
    negated,
    quote_soon,
    reported_quote,
    subject_to_the_end,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def finite(t: Token) -> bool:
    """A finite verb, or one the small model calls a participle though an "-er" verb's
    participle ends in "é" ("L'Ukraine, pour faire transiter le gaz russe, utilise son
    propre gaz": "utilise" tagged a participle, and the incise after it was lost)."""
    forms = t.morph.get("VerbForm", [])
    if "Fin" in forms:
        return True
    word = fold(t.text)
    return "Part" in forms and t.lemma_.endswith("er") and word.endswith(("e", "es", "ent"))


# a few words of the verb's own clause, then a colon and the quote: "cette attaque : « P »"
COLON_LEAD = re.compile(r"[^,;.:«»“”\"]{0,60}:\s*[«“\"]?\s*")


class SentenceFrames(SentenceContext):
    """The frames of one sentence, built from its tokens and its punctuation."""

    def run(self) -> list[Frame]:
        marker_frames(self)
        read_in(self)
        noun_frames(self)
        noun_colon_frames(self)
        spread_frames(self)
        learned_from(self)
        count_frames(self)
        self._verbs()
        _speaker_comes_later(self.frames, self.sent.start)
        self.frames = nest(self.text, self.sent.start, self.frames)
        confirmations(self)
        return self.frames

    def _verbs(self) -> None:
        toks = self.tokens[: MOST_FRAMES * 10]  # a hostile sentence of thousands of verbs
        for i, tok in enumerate(toks):
            if any(k.start <= tok.idx < k.end for k in self.skip):
                continue
            if self.in_quote(tok.idx):
                verb = self.lex.verb_of(tok.text)
                if verb is not None:
                    quoted_incise(self, i, tok, verb)
                continue
            verb = self.lex.verb_of(tok.text)
            last = i
            phrase = None
            if fold(tok.text) in self.lex.phrases:  # most words head no phrase: a dict lookup
                # "fait maintenant état de": an adverb inside the phrase is no part of it
                kept = [i] + [
                    k for k in range(i + 1, min(len(toks), i + 9)) if toks[k].pos_ != "ADV"
                ]
                phrase = self.lex.phrase_at([toks[k].text for k in kept[:6]])
            if phrase is not None:  # "a fait état de", "a mis en garde": the cue ends later
                verb, last = phrase[0], kept[phrase[1] - 1]
            if verb is None and tok.pos_ == "VERB" and tok.lemma_ in self.lex.verb_kind:
                verb = tok.lemma_
            verb = verb or unlisted_incise(self, i, tok)  # "« P », a lâché le ministre"
            if verb is None:
                continue
            if passive(self, i, verb):
                continue
            nxt = toks[last + 1].text.lower() if last + 1 < len(toks) else ""
            after_par = toks[last + 2].text.lower() if last + 2 < len(toks) else ""
            if nxt == "par" and after_par not in {"ailleurs", "contre"}:
                # "cité par", "rapportés par": a relay ("affirme par ailleurs" speaks)
                nominal_denial(self, i, verb, toks[last])  # "Une version démentie par Y."
                continue
            if no_speech(self, i, verb):
                continue
            self._verb_frame(i, tok, verb, toks[last])

    def _verb_frame(self, i: int, tok: Token, verb: str, last: Token) -> None:
        """The frame of the verb at token i; `last` ends the cue (a multiword cue's last word)."""
        text, s, e = self.text, self.sent.start, self.sent.end
        kind = self.lex.verb_kind.get(verb, "assertion")
        cue_start = group_start(self, i)
        verb_end = last.idx + len(last.text)
        clitic = CLITIC.match(text[verb_end:e]) or CLITIC_IN.search(text[cue_start:verb_end])
        after = verb_end + (clitic.end() if clitic and CLITIC.match(text[verb_end:e]) else 0)
        cue = text[cue_start:after]
        before = text[s:cue_start].rstrip()
        gerund = tok.text.lower().endswith("ant")
        infinitive = fold(text[max(s, cue_start - 3) : cue_start]).endswith("d'")
        contrary = CONTRARY.search(fold(before))
        prior = [f for f in self.frames if f.cue_span.start < cue_start and f.verb]
        if contrary and prior:
            # "X a démenti que P, contrairement à ce qu'avait annoncé Y": Y said P
            _denial_answers(self, prior[-1], Span(cue_start, after), cue, verb, clitic is not None)
            return
        relative = relative_ce_que(before)
        if relative is not None and not gerund and not infinitive:
            relative_frame(
                self, relative, prior, (cue_start, after), cue, verb, kind, clitic is not None
            )
            return
        # 1. incise: « ... », a-t-il dit / P, déclare X.
        quoted = before.rstrip(" ,").endswith(("»", "”", '"')) and reported_quote(self, before)
        # not "Ainsi, admet-il que P": that verb looks forward to P
        inverted = bool(CLITIC.match(text[verb_end:e])) and (
            quoted or not QUE_NEXT.match(text[after:e])
        )
        clause = any(  # a finite verb: "Tony Blair, leader du Parti, a annoncé" is no incise
            t.pos_ in {"VERB", "AUX"} and finite(t)
            for t in self.tokens
            if t.idx < cue_start and not self.in_quote(t.idx) and fold(t.text) not in {"selon"}
        )
        # "X, qui a brûlé un Coran, a déclaré" / "X, la semaine dernière, avait reconnu que P":
        # a comma before the verb, but the verb looks forward to its content
        forward = QUE_AFTER.match(text[after:e])
        looks_ahead = forward is not None and "qui" not in fold(forward.group(1)).split()
        # "Shekau, que l'armée a dit avoir tué, revendique": the finite verb is in an aside
        aside = RELATIVE_ASIDE.search(before)
        # "P (a clause), qui …, a rapporté X": the aside hangs on a whole clause, X speaks
        clause = clause and (aside is None or self.finite_before(s + before.find(",")))
        # "La dette explose, affirme le ministre.": the model tags "explose" an adjective, but
        # the subject after the verb, to the end, makes it an incise all the same
        clause = clause or (before.endswith(",") and subject_to_the_end(self, before, after))
        incise = inverted or quoted or (before.endswith(",") and clause and not looks_ahead)
        if incise and not inverted and not quoted and apposition_before(self, s, cue_start):
            incise = False  # "son président, ami du candidat, avait déclaré X vainqueur"
        if incise and not gerund and not infinitive:
            speaker = incise_speaker(self, after, e, clitic is not None)
            if speaker is None:
                return
            quote = next((q for q in reversed(self.sent.quotes) if q.end <= cue_start), None)
            if (
                quote is not None
                and text[quote.end : cue_start].strip(' ,»”"') == ""
                # 'X a lancé la tactique de la "terre brûlée", a déclaré Y': the quote ends
                # the clause Y reports, it is not all of it
                and not re.search(r"\w", text[s : quote.start].rsplit(":", 1)[-1])
            ):
                said, direct = Span(quote.start, quote.end), True
            else:
                said, direct = mid_incise(self, Span(s, s + len(before)), after), False
            self.add_frame(said, cue_start, after, cue, verb, kind, direct, speaker, "incise")
            if self.frames and self.frames[-1].speaker is speaker:
                cited_by_incise(self, self.frames[-1])
            return
        # 2. forward: X a déclaré que P / X accuse Y de P / X a dit : « P »
        rest = text[after:e]
        m_que = QUE_AFTER.match(rest)
        que_at = after + m_que.start(2) if m_que else after
        between = [t for t in self.tokens if after <= t.idx < que_at]
        words = [t.text for t in between]
        if m_que and any(
            (
                self.lex.verb_of(t.text)
                or (fold(t.text) in self.lex.phrases and self.lex.phrase_at(words[n : n + 6]))
            )
            and (n == 0 or between[n - 1].pos_ != "DET")
            for n, t in enumerate(between)
        ):
            m_que = None  # "affirme ne pas avoir pleuré et ajoute que P": P is the second verb's
        quote = next((q for q in self.sent.quotes if q.start >= after), None)
        colon = re.match(r"\s*:", rest)
        content: Span | None = None
        direct = False
        lead = text[after : quote.start - 1] if quote is not None else ""
        # "a condamné cette attaque : « P »": the colon hands the verb its quote
        if quote is not None and (
            colon or lead.strip(" :,") == "" or COLON_LEAD.fullmatch(lead) is not None
        ):
            content, direct = Span(quote.start, quote.end), True
        elif m_que and not self.in_quote(after + m_que.start(2)):
            content = Span(after + m_que.end(), self.clause_end(after + m_que.end()))
        elif (
            verb in WEAK
            and quote is not None
            and quote_soon(self, after, quote)
            and (self.speechlike(quote) or verb in {"qualifier", "juger"})
        ):  # "a qualifié cet incident de « honteux »": the word is the judgement
            # "a informé Reuters de la présence de « P »": the quote a few words on
            content, direct = Span(quote.start, quote.end), True
        elif (called := _called_to(self, verb, after)) is not None:
            content = Span(called, self.clause_end(called))  # "a appelé Téhéran à revenir"
        elif (
            verb not in WEAK
            or CONVINCED.match(rest)
            or self.infinitive(i)
            or denies(verb, rest)
            or in_medium(text, after, e)  # "a déclaré dans une lettre la disposition de X à"
        ):
            opens = self.infinitive_at(i) if clitic is None else None
            start = opens if opens is not None and opens >= after else after
            if (convinced := CONVINCED.match(rest)) and convinced.group(1):
                start = after + convinced.end()  # "s'est déclarée convaincue de P"
            start = past_adverb(self.tokens, text, start, e)  # "a démenti catégoriquement P"
            start = _past_medium(self, start)  # "a annoncé dans une vidéo diffusée par Y, P"
            content = object_said(self, cue, start)
        if content is None:
            return
        # "la chose que l'ETA aurait dû annoncer c'est P" (not "X, que Y a dit avoir tué")
        in_relative = not direct and m_que is None and not self.infinitive(i)
        if in_relative and object_relative(self, cue_start):
            return
        if not direct and RELATIVE_OPEN.search(before):
            # "Shekau, que l'armée a affirmé avoir tué, revendique": the aside's comma ends it
            comma = text.find(",", content.start, content.end)
            content = Span(content.start, comma) if comma > 0 else content
        if quote is not None and content.start <= quote.start and quote.end <= content.end:
            outside = text[content.start : content.end].replace(text[quote.start : quote.end], "")
            if len(outside.strip(' «»“”":,.')) < 4:
                content, direct = Span(quote.start, quote.end), True
        apposed = _apposed_gerund(self, cue_start, content) if gerund else None
        if apposed is not None:  # "Les Libanais, estimant que P, ont ouvert le feu"
            content, speaker = apposed
        else:
            speaker = subject(self, i, cue_start, clitic is not None, gerund or infinitive)
        if speaker is None:
            return
        self.add_frame(
            content, cue_start, after, cue, verb, kind, direct, speaker, "reporting verb"
        )
        # "Izvestia, citant une source, a annoncé P": the one cited speaks, Izvestia relays
        if (
            self.frames
            and self.frames[-1].speaker is speaker
            and CITING_SUBJECT.search(speaker.text)
        ):
            citing(self, self.frames[-1])
        elif self.frames and self.frames[-1].speaker is speaker:
            cited = cited_after(self, self.frames[-1])
            if cited is not None:
                self.skip.append(cited)

    def add_frame(
        self,
        content: Span,
        cs: int,
        ce: int,
        cue: str,
        verb: str,
        kind: str,
        direct: bool,
        speaker: Mention,
        how: str,
    ) -> None:
        start, end = clean_content(self.text, content.start, content.end)
        if end - start < 3 and not self.text[start:end].isdigit():  # "en dénombre 15"
            return
        if fold(self.text[start:end]) in {"pourquoi", "comment", "quoi", "lesquels"}:
            return  # "elle devra expliquer pourquoi": nothing said yet
        frame = Frame(
            Span(start, end),
            Span(cs, ce),
            cue.strip(),
            verb,
            kind,
            direct,
            speaker,
            why=f"{how} « {cue.strip()} » ({verb})",
            sentence=self.index,
        )
        self.frames.append(frame)


def _called_to(ctx: SentenceFrames, verb: str | None, after: int) -> int | None:
    """Where the claim of a call starts: at the one called ("a appelé Téhéran à revenir")
    or at "à" ("a demandé à ses citoyens de rester"); None when the verb calls no one
    to do anything ("a appelé la police", "a invité le ministre à notre ambassade")."""
    pattern = CALLED if verb in CALLS else ASKED if verb in ASKS else None
    m = pattern.match(ctx.text, after, ctx.sent.end) if pattern is not None else None
    if m is None:
        return None
    inf = next((t for t in ctx.tokens if t.idx == m.start("inf")), None)
    form = inf.morph.get("VerbForm", []) if inf is not None else []
    if inf is None or not ("Inf" in form or (inf.pos_ == "VERB" and "Fin" not in form)):
        return None  # "au chef de gare", "à quatre reprises": no verb to do
    return m.start(1)


def _apposed_gerund(
    ctx: SentenceFrames, cue_start: int, content: Span
) -> tuple[Span, Mention] | None:
    """ "Les Libanais, estimant qu'un arbre était sur leur territoire, ont ouvert le feu":
    the gerund stands between its subject and the main verb; what it says ends at the
    comma before that verb."""
    lead = re.fullmatch(r"\s*([^,;:«»]{2,80}?),\s*", ctx.text[ctx.sent.start : cue_start])
    if lead is None or len(lead.group(1).split()) > 8:
        return None
    before = [t for t in ctx.tokens if ctx.sent.start <= t.idx < cue_start]
    if any(t.pos_ in {"VERB", "AUX"} for t in before):
        return None  # "Il a refusé, affirmant que P": a clause, not a subject
    for t in ctx.tokens:
        if content.start < t.idx < content.end and t.pos_ in {"VERB", "AUX"} and finite(t):
            comma = ctx.text.rfind(",", content.start, t.idx)
            if comma > content.start and not ctx.text[comma + 1 : t.idx].strip():
                start = ctx.sent.start + lead.start(1)
                return Span(content.start, comma), mention(
                    ctx.text, start, start + len(lead.group(1))
                )
    return None


def _past_medium(ctx: SentenceFrames, start: int) -> int:
    """Where the content starts after the medium of speech that may come first: "a annoncé
    dans une vidéo diffusée par la radio, mercredi, un cessez-le-feu". The comma that ends
    a medium may instead open an incise ("a déclaré dans une lettre à Y la disposition de
    X à P, écrit le New York Times"): then the medium ends at the first article."""
    text, e = ctx.text, ctx.sent.end
    for medium in (r.match(text, start, e) for r in MEDIUM_FIRST):
        if medium is None or medium.end() >= e - 3:
            continue
        word = re.match(r"\s*([\w’'-]+)", text[medium.end() : e])
        if word and text[medium.end() - 1] == "," and ctx.lex.verb_of(word.group(1)):
            continue
        return medium.end()
    return start


def _denial_answers(
    ctx: SentenceFrames, denied: Frame, cue_span: Span, cue: str, verb: str, clitic: bool
) -> None:
    """The frame of Y in "X a démenti que P, contrairement à ce qu'avait annoncé Y": P,
    asserted by Y."""
    speaker = incise_speaker(ctx, cue_span.end, ctx.sent.end, clitic)
    if speaker is None:
        return
    cs, ce = cue_span.start, cue_span.end
    how = "the claim a denial answers"
    ctx.add_frame(denied.content, cs, ce, cue, verb, "assertion", False, speaker, how)


def _speaker_comes_later(frames: list[Frame], sent_start: int) -> None:
    """ "Précisant que P, le ministre a estimé que Q": the speaker comes later."""
    named = [f for f in frames if f.speaker is not None and not f.speaker.carry]
    for f in frames:
        if f.speaker is not None and f.speaker.carry and f.cue_span.start - sent_start < 3:
            later = [g for g in named if g.cue_span.start > f.cue_span.start]
            if later:
                f.speaker = later[0].speaker


#: verbs that deny only what someone said: "a rejeté ces accusations", "s'est élevé contre
#: ces propos"; "rejeter un projet", "s'élever contre la fermeture" deny no claim
DENYING_WHAT_WAS_SAID = frozenset(["rejeter", "douter", "élever contre", "inscrire en faux contre"])


def denies(verb: str | None, rest: str) -> bool:
    """ "a rejeté ces accusations": a weak verb before what someone said is a denial."""
    return verb in DENYING_WHAT_WAS_SAID and DENIED_OBJECT.match(rest) is not None


def past_adverb(tokens: Sequence[Token], text: str, start: int, end: int) -> int:
    """Where the content starts once an adverb of manner after the verb is left to it
    ("a démenti catégoriquement les accusations"); a quote after it keeps the adverb."""
    first = next((t for t in tokens if t.idx >= start), None)
    if first is None or not re.fullmatch(r"[a-zà-ÿ]+(?:ement|ément|amment|emment)", first.text):
        return start
    after = first.idx + len(first.text)
    return start if re.match(r"\s*[«“\"]", text[after:end]) else after


def no_speech(ctx: SentenceContext, i: int, verb: str) -> bool:
    """Whether the reporting verb at token i says nothing here: a noun, an intention, a
    negation, an adjective, a purpose."""
    toks = ctx.tokens
    tok = toks[i]
    prev = toks[i - 1].text.lower() if i > 0 else ""
    if prev in {"le", "la", "les", "un", "une", "des", "du", "ce", "cette"}:
        return True  # a noun ("le constat", "la déclaration")
    if verb == "compter" and ctx.infinitive(i):
        return True  # "il compte mettre en avant un candidat": an intention, no count
    if prev in {"s'", "s’", "se"} and (
        verb == "douter" or (verb == "expliquer" and not looks_ahead(ctx, i))
    ):
        return True  # "devrait s'expliquer le 5 décembre", "se doutait que": no one says
    if tok.pos_ == "NOUN" and i > 0 and toks[i - 1].pos_ == "DET":
        return True  # "plusieurs véhicules", "ses déclarations"
    if bare_participle(ctx, i):
        return True  # "en tant qu'accusé", "la décision jugée illégale": no one speaks
    if prev == "pour" and ctx.infinitive(i):
        return negated(ctx, i)  # "a appelé la police pour annoncer avoir surpris…"
    if prev in {"pour", "ayant"} and not looks_ahead(ctx, i):
        return True  # "pour protester contre X", "des pays ayant reconnu X": no speech
    return negated(ctx, i)  # "l'ISAF n'a ni précisé ... ni", "n'a pas confirmé": nothing said
