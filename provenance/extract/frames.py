"""Find who said what in each sentence: reporting-verb frames, "selon X" and incises.

A frame is a span of attributed content, the cue that attributes it, the words naming the
speaker and the relays between speaker and reader. No single signal decides: the lexicon
names the cues (spaCy's small model tags « accuse » as an adverb), the dependency parse
proposes a subject, and punctuation (incises, guillemets, commas) settles the span.
Markers ("selon X") live in markers.py, speakers in speakers.py, nesting in nesting.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import AUX, CLITIC, CLITIC_IN, CONTRARY, FILLERS, QUE_AFTER, WEAK
from provenance.extract.frame_types import Frame, Mention, clean_content
from provenance.extract.lexicon import fold
from provenance.extract.markers import marker_frames
from provenance.extract.nesting import nest
from provenance.extract.segment import Span
from provenance.extract.speakers import incise_speaker, subject

if TYPE_CHECKING:
    from spacy.tokens import Token


class SentenceFrames(SentenceContext):
    """The frames of one sentence, built from its tokens and its punctuation."""

    def run(self) -> list[Frame]:
        marker_frames(self)
        self._verbs()
        named = [f for f in self.frames if f.speaker is not None and not f.speaker.carry]
        for f in self.frames:
            # "Précisant que P, le ministre a estimé que Q": the speaker comes later
            if f.speaker is not None and f.speaker.carry and f.cue_span.start - self.sent.start < 3:
                later = [g for g in named if g.cue_span.start > f.cue_span.start]
                if later:
                    f.speaker = later[0].speaker
        self.frames = nest(self.text, self.frames)
        return self.frames

    def _verbs(self) -> None:
        toks = self.tokens
        for i, tok in enumerate(toks):
            if self.in_quote(tok.idx):
                continue
            verb = self.lex.verb_of(tok.text)
            if verb is None and tok.pos_ == "VERB" and tok.lemma_ in self.lex.verb_kind:
                verb = tok.lemma_
            if verb is None:
                continue
            nxt = toks[i + 1].text.lower() if i + 1 < len(toks) else ""
            if nxt == "par":  # "cité par", "rapportés par": a relay, not a speaker
                continue
            prev = toks[i - 1].text.lower() if i > 0 else ""
            if prev in {"le", "la", "les", "un", "une", "des", "du", "ce", "cette"}:
                continue  # a noun ("le constat", "la déclaration")
            self._verb_frame(i, tok, verb)

    def _cue_start(self, i: int) -> int:
        toks = self.tokens
        j = i - 1
        start = toks[i].idx
        while j >= 0 and i - j <= 6:
            word = toks[j].text.lower()
            if word in AUX or (toks[j].pos_ == "AUX"):
                start = toks[j].idx
                j -= 1
                continue
            if word in FILLERS or CLITIC.match(toks[j].text) or word in {"-t", "-il", "-elle"}:
                j -= 1
                continue
            break
        if start != toks[i].idx:
            return start
        return toks[i].idx

    def _verb_frame(self, i: int, tok: Token, verb: str) -> None:
        text, s, e = self.text, self.sent.start, self.sent.end
        kind = self.lex.verb_kind.get(verb, "assertion")
        cue_start = self._cue_start(i)
        verb_end = tok.idx + len(tok.text)
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
            speaker = incise_speaker(self, after, e, clitic is not None)
            if speaker is not None:
                self._add(
                    prior[-1].content,
                    cue_start,
                    after,
                    cue,
                    verb,
                    kind,
                    False,
                    speaker,
                    "the claim a denial answers",
                )
                self.frames[-1].kind = "assertion"
            return
        # 1. incise: « ... », a-t-il dit / P, déclare X.
        inverted = CLITIC.match(text[verb_end:e]) is not None
        quoted = before.rstrip(" ,").endswith(("»", "”", '"'))
        clause = any(
            t.pos_ in {"VERB", "AUX"}
            for t in self.tokens
            if t.idx < cue_start and not self.in_quote(t.idx) and fold(t.text) not in {"selon"}
        )
        incise = inverted or quoted or (before.endswith(",") and clause)
        if incise and not gerund and not infinitive:
            speaker = incise_speaker(self, after, e, clitic is not None)
            if speaker is None:
                return
            quote = next((q for q in reversed(self.sent.quotes) if q.end <= cue_start), None)
            if quote is not None and text[quote.end : cue_start].strip(' ,»”"') == "":
                said, direct = Span(quote.start, quote.end), True
            else:
                said, direct = Span(s, s + len(before)), False
            self._add(said, cue_start, after, cue, verb, kind, direct, speaker, "incise")
            return
        # 2. forward: X a déclaré que P / X accuse Y de P / X a dit : « P »
        rest = text[after:e]
        m_que = QUE_AFTER.match(rest)
        quote = next((q for q in self.sent.quotes if q.start >= after), None)
        colon = re.match(r"\s*:", rest)
        content: Span | None = None
        direct = False
        if quote is not None and (colon or text[after : quote.start - 1].strip(" :,") == ""):
            content, direct = Span(quote.start, quote.end), True
        elif m_que and not self.in_quote(after + m_que.start(2)):
            content = Span(after + m_que.end(), self.clause_end(after + m_que.end()))
        elif verb not in WEAK or re.match(r"\s*(de|d['’])\s", rest) or self.infinitive(i):
            content = Span(after, self.clause_end(after))
        if content is None:
            return
        if quote is not None and content.start <= quote.start and quote.end <= content.end:
            outside = text[content.start : content.end].replace(text[quote.start : quote.end], "")
            if len(outside.strip(' «»“”":,.')) < 4:
                content, direct = Span(quote.start, quote.end), True
        speaker = subject(self, i, cue_start, clitic is not None, gerund or infinitive)
        if speaker is None:
            return
        self._add(content, cue_start, after, cue, verb, kind, direct, speaker, "reporting verb")

    def _add(
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
        if end - start < 3:
            return
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
