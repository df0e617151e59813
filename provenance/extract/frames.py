"""Find who said what in each sentence: reporting-verb frames, "selon X" and incises.

A frame is a span of attributed content, the cue that attributes it, the words naming the
speaker and the relays between speaker and reader. No single signal decides: the lexicon
names the cues (spaCy's small model tags « accuse » as an adverb), the dependency parse
proposes a subject, and punctuation (incises, guillemets, commas) settles the span.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.extract.frame_types import Frame, Mention, clean_content, mention
from provenance.extract.lexicon import Lexicon, fold
from provenance.extract.segment import Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

# verbs that report speech only with a clause, a quote or "de + infinitive" after them
WEAK = frozenset(
    [
        "lancer",
        "compter",
        "appeler",
        "observer",
        "noter",
        "rappeler",
        "avancer",
        "communiquer",
        "rejeter",
        "juger",
        "considérer",
        "prévoir",
        "demander",
        "réclamer",
        "exiger",
        "souhaiter",
        "insister",
        "revendiquer",
        "craindre",
        "condamner",
        "répéter",
        "assurer",
        "indiquer",
        "signaler",
        "informer",
        "estimer",
    ]
)
AUX = frozenset(
    [
        "a",
        "ont",
        "avait",
        "avaient",
        "aurait",
        "auraient",
        "aura",
        "auront",
        "est",
        "sont",
        "était",
        "étaient",
        "va",
        "vont",
        "vient",
        "viennent",
        "venait",
    ]
)
FILLERS = frozenset(
    [
        "dans",
        "le",
        "même",
        "temps",
        "quant",
        "à",
        "lui",
        "elle",
        "eux",
        "pour",
        "sa",
        "part",
        "leur",
        "également",
        "aussi",
        "encore",
        "déjà",
        "ainsi",
        "pourtant",
        "par",
        "ailleurs",
        "notamment",
        "en",
        "outre",
        "toutefois",
        "cependant",
        "enfin",
        "de",
        "son",
        "côté",
        "alors",
        "ensuite",
        "de",
        "d'",
        "d’",
        "n'",
        "ne",
        "pas",
        "plus",
    ]
)
CLITIC = re.compile(r"^\s*-t?-(il|elle|ils|elles|on)\b", re.IGNORECASE)
CLITIC_IN = re.compile(r"-t?-(il|elle|ils|elles|on)\b", re.IGNORECASE)
PRONOUNS = frozenset(
    [
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "celui-ci",
        "celle-ci",
        "ce",
        "dernier",
        "cette",
        "dernière",
    ]
)
RELATIVE_AFTER_SELON = re.compile(r"^\s*(lequel|laquelle|lesquels|lesquelles|que\b|qu['’])", re.I)
CONTRARY = re.compile(r"(contrairement a|a l'inverse de) ce qu'\s*(a|avait|ont|avaient)?$")
ASIDE = re.compile(r",\s*(?:qui|dont|que|lequel|laquelle)\b[^,]*,$")
# "a démenti dans une vidéo mise en ligne vendredi que P": at most nine words before "que"
QUE_AFTER = re.compile(r"\s*((?:[\w’'-]+[\s,]+){0,9}?)(que\b|qu['’])", re.IGNORECASE)
WORD = re.compile(r"\w[\w’'-]*")


class SentenceFrames:
    """The frames of one sentence, built from its tokens and its punctuation."""

    def __init__(
        self, text: str, sent: Sentence, tokens: list[Token], lex: Lexicon, index: int
    ) -> None:
        self.text = text
        self.sent = sent
        self.lex = lex
        self.index = index
        self.tokens = tokens  # the sentence's tokens, spaces left out
        self.frames: list[Frame] = []

    def in_quote(self, pos: int) -> bool:
        return any(q.start <= pos < q.end for q in self.sent.quotes)

    def run(self) -> list[Frame]:
        self._markers()
        self._verbs()
        named = [f for f in self.frames if f.speaker is not None and not f.speaker.carry]
        for f in self.frames:
            # "Précisant que P, le ministre a estimé que Q": the speaker comes later
            if f.speaker is not None and f.speaker.carry and f.cue_span.start - self.sent.start < 3:
                later = [g for g in named if g.cue_span.start > f.cue_span.start]
                if later:
                    f.speaker = later[0].speaker
        self._nest()
        return self.frames

    # --- "selon X" ---------------------------------------------------------------------
    def _markers(self) -> None:
        s, e = self.sent.start, self.sent.end
        low = fold(self.text[s:e])
        for marker in self.lex.markers:
            for m in re.finditer(r"\b" + re.escape(fold(marker)) + r"\b", low):
                pos = s + m.start()
                after = s + m.end()
                if self.in_quote(pos) or RELATIVE_AFTER_SELON.match(self.text[after:e]):
                    continue
                before = self.text[s:pos].strip(" ,")
                lead = (
                    not before
                    or fold(before) in {"or", "mais", "et", "ainsi", "enfin"}
                    or before.endswith(":")  # "Afghanistan, attentat : selon l'OTAN, P"
                )
                quote_after = next((q for q in self.sent.quotes if q.start > after), None)
                if lead:
                    comma = self._comma_after(after, e)
                    if re.match(r",\s*(citant|reprenant)\s", self.text[comma:e]):
                        comma = self._comma_after(comma + 1, e)  # "Selon Y, citant X, P"
                    stop = comma
                    if quote_after is not None and quote_after.start - 1 < stop:
                        stop = quote_after.start - 1
                    who = mention(self.text, after, stop)
                    if quote_after is not None and quote_after.start - 1 <= comma + 2:
                        content, direct = Span(quote_after.start, quote_after.end), True
                    else:
                        content, direct = Span(comma, e), False
                else:
                    who_end = self._comma_after(after, e, relative_only=True)
                    who = mention(self.text, after, who_end)
                    content, direct = Span(s, pos), False
                cs, ce = clean_content(self.text, content.start, content.end)
                if ce - cs < 3 or not who.text:
                    continue
                cue = self.text[pos : pos + len(marker)]
                frame = Frame(
                    Span(cs, ce),
                    Span(pos, after),
                    cue,
                    None,
                    "assertion",
                    direct,
                    who,
                    why=f"attribution marker « {cue} »",
                    sentence=self.index,
                )
                self._citing(frame)
                self.frames.append(frame)

    def _comma_after(self, start: int, end: int, relative_only: bool = False) -> int:
        depth = 0
        for i in range(start, end):
            ch = self.text[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif ch == "," and depth == 0:
                if relative_only:
                    nxt = fold(self.text[i + 1 : i + 12]).strip()
                    if not re.match(r"(qui|dont|lequel|laquelle|a |ont |selon)", nxt):
                        continue
                return i
        return end

    def _citing(self, frame: Frame) -> None:
        """ "selon Y citant X": X said it, Y is the first relay."""
        assert frame.speaker is not None
        who = frame.speaker
        low = fold(who.text)
        for word in self.lex.citing:
            m = re.search(r"\b" + word + r"\b", low)
            if m:
                relay = mention(self.text, who.start, who.start + m.start())
                src_start = who.start + m.end()
                inner = mention(self.text, src_start, who.end)
                frame.hops.append((relay, self.text[frame.cue_span.start : src_start].strip(), 1))
                frame.speaker = inner
                frame.why += f", relayed (« {word} »)"
                return

    # --- reporting verbs -----------------------------------------------------------------
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
            speaker = self._incise_speaker(after, e, clitic is not None)
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
            speaker = self._incise_speaker(after, e, clitic is not None)
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
            content = Span(after + m_que.end(), self._clause_end(after + m_que.end()))
        elif verb not in WEAK or re.match(r"\s*(de|d['’])\s", rest) or self._infinitive(i):
            content = Span(after, self._clause_end(after))
        if content is None:
            return
        if quote is not None and content.start <= quote.start and quote.end <= content.end:
            outside = text[content.start : content.end].replace(text[quote.start : quote.end], "")
            if len(outside.strip(' «»“”":,.')) < 4:
                content, direct = Span(quote.start, quote.end), True
        speaker = self._subject(i, cue_start, clitic is not None, gerund or infinitive)
        if speaker is None:
            return
        self._add(content, cue_start, after, cue, verb, kind, direct, speaker, "reporting verb")

    def _infinitive(self, i: int) -> bool:
        """ "a indiqué réserver sa décision": an infinitive right after the verb."""
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        return nxt is not None and "Inf" in nxt.morph.get("VerbForm", [])

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

    def _clause_end(self, start: int) -> int:
        """Where a reported clause stops: sentence end, or a trailing incise or marker."""
        text, e = self.text, self.sent.end
        tail = re.search(
            r",\s*(selon|d['’]après|contrairement|à l['’]inverse|a-t-(il|elle)|ont-ils|"
            r"rapporte|a rapporté|a indiqué|"
            r"indique|précise|a précisé|a ajouté|ajoute|ajoutant|assurant|affirmant|"
            r"soulignant|estimant|expliquant|déclarant)\b",
            text[start:e],
            re.IGNORECASE,
        )
        end = start + tail.start() if tail else e
        m = re.search(r"\s(et|puis)\s+(a|ont|avait)\s+\w+", text[start:end])
        if m and self.lex.verb_of(
            text[start:end][m.end(0) - len(m.group(0).split()[-1]) : m.end(0)]
        ):
            end = start + m.start()
        return end

    def _incise_speaker(self, start: int, end: int, clitic: bool) -> Mention | None:
        if clitic:
            return Mention(start, start, "il", carry=True)
        m = re.match(r"\s*([^,.;:!?«»]+)", self.text[start:end])
        if not m or not m.group(1).strip():
            return None
        stop = start + m.end(1)
        name = re.match(r",\s*((?:[A-Z][\w’'-]+\s*){2,4})(?=[,.]|$)", self.text[stop:end])
        if name:  # "..., a déclaré le vice-ministre de la Santé, Madamine Karataïev."
            stop += name.end(1)
        lead = re.match(
            r"\s*(?:à|au|aux|auprès d[eu]|pour)\s+(?:l['’]|la |le |les )?\S+"
            r"(?:\s+[A-Z][\w'’-]*)*\s+(?=(?:le|la|les|l['’]|un|une|M\.|[A-Z]))",
            self.text[start:stop],
        )
        begin = start + m.start(1)
        if lead:  # "a déclaré à l'AFP le porte-parole": the relay comes first
            begin = start + lead.end()
        # "X à l'AFP", "X pour l'agence Y": the relay is not part of the speaker's name
        r = re.search(r"\s(à|au|aux|pour|auprès d[eu]|dans)\s", self.text[start:stop])
        if r and start + r.start() > begin:
            stop = start + r.start()
        return mention(self.text, begin, stop)

    def _subject(self, i: int, cue_start: int, carried: bool, dependent: bool) -> Mention | None:
        text, s = self.text, self.sent.start
        if carried or dependent:
            prior = [f for f in self.frames if f.cue_span.start < cue_start and f.speaker]
            if dependent and prior and prior[-1].speaker is not None:
                return prior[-1].speaker
            return Mention(cue_start, cue_start, "il", carry=True)
        tok = self.tokens[i]
        prior = [f for f in self.frames if f.cue_span.start < cue_start and f.speaker]
        if prior and re.search(r"\s(et|puis|mais)\s*$", text[s:cue_start]):
            return prior[-1].speaker  # "X a répliqué ... et a menacé de ..."
        subj = [c for c in tok.children if c.dep_.startswith("nsubj") and c.idx < cue_start]
        if not subj and tok.dep_ in {"xcomp", "ccomp"}:
            subj = [
                c for c in tok.head.children if c.dep_.startswith("nsubj") and c.idx < cue_start
            ]
        if subj:
            left = min(t.idx for t in subj[0].subtree)
            right = max(t.idx + len(t.text) for t in subj[0].subtree)
            found = mention(text, max(left, s), min(right, cue_start))
            if fold(found.text) in PRONOUNS:
                found.carry = True
            chunk = self._chunk_before(cue_start)
            if chunk is not None and chunk.start <= found.start and not found.carry:
                return chunk
            if found.text and not self.in_quote(found.start):
                return found
        return self._chunk_before(cue_start)

    def _chunk_before(self, cue_start: int) -> Mention | None:
        """The words between the last clause boundary and the cue: a subject, usually."""
        text, s = self.text, self.sent.start
        chunk = text[s:cue_start].rstrip()
        # "X, qui a brûlé un Coran le 20 mars, a déclaré": the subject is before the aside
        aside = re.search(
            r",\s*(?:qui|dont|que|lequel|laquelle|lui-même|elle-même)\b[^,]*,$", chunk
        )
        if aside:
            chunk = chunk[: aside.start()]
        cut = max(chunk.rfind(", "), chunk.rfind(": "), chunk.rfind("» "))
        piece_start = s + cut + 2 if cut >= 0 else s
        piece = text[piece_start : s + len(chunk)].strip(" ,")
        if not piece or len(piece.split()) > 14 or self.in_quote(piece_start):
            return None
        inside = [t for t in self.tokens if piece_start <= t.idx < piece_start + len(piece)]
        if not inside or inside[0].pos_ in {"ADP", "ADV", "SCONJ", "VERB"}:
            return None  # "Contrairement à ce qu'", "Après avoir ...": not a subject
        if any(t.text.lower() in {"ayant", "étant", "avoir", "être"} for t in inside):
            return None
        if any(self.lex.verb_of(t.text) for t in inside[1:]):
            return None  # a subject never holds a reporting verb of its own
        return mention(text, piece_start, s + len(chunk), carry=fold(piece) in PRONOUNS)

    # --- nesting: "Selon Y, X a déclaré que P" / "..., rapporte Y" -----------------------
    def _nest(self) -> None:
        frames = sorted(self.frames, key=lambda f: f.cue_span.start)
        kept: list[Frame] = []
        for outer in frames:
            inner = [
                f
                for f in frames
                if f is not outer and outer.content.start <= f.cue_span.start < outer.content.end
            ]
            shared = [
                f
                for f in inner
                if f.speaker is outer.speaker
                or (outer.verb is not None and f.speaker is not None and f.speaker.carry)
            ]
            for f in shared:  # "X a expliqué que P, et qu'il estimait que Q": X says Q too
                f.speaker = outer.speaker
            if shared:
                end = min(f.cue_span.start for f in shared)
                outer.content = Span(*clean_content(self.text, outer.content.start, end))
                inner = [f for f in inner if f not in shared]
            if inner and outer.speaker is not None and not outer.speaker.carry:
                for f in inner:
                    f.hops.append(
                        (
                            outer.speaker,
                            outer.cue + " " + outer.speaker.text,
                            2,
                        )
                    )
                    f.why += f", relayed by the outer cue « {outer.cue} »"
                continue
            kept.append(outer)
        # two frames on the same content (verb inside a "selon" clause): keep the verb frame
        result: list[Frame] = []
        for f in kept:
            dup = next((g for g in result if g.content == f.content), None)
            if dup is None or (dup.verb is not None and f.verb is not None):
                result.append(f)
        self.frames = result
