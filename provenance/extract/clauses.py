"""One sentence being read for frames: its text, tokens and quotes, and where clauses stop.

The frame rules (markers, reporting verbs, speakers, nesting) all read the same sentence
and add to the same list of frames; this is the state they share.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.extract.frame_types import Frame
from provenance.extract.lexicon import Lexicon, fold
from provenance.extract.segment import Sentence, Span

if TYPE_CHECKING:
    from spacy.tokens import Token


# what may stand between a reporting verb and its infinitive: the outlet spoken to, then a
# negation
_BEFORE_INFINITIVE = re.compile(
    r"\s*(?:(?:à|au|aux|auprès d[eu])\s+(?:l['’]|la |le |les )?[\w.-]+(?:\s+[A-Z][\w'’-]*)*"
    r"\s+)?(\s*)(?:ne\s+(?:pas|plus|jamais|rien)\s+|n['’](?=avoir|être))?\s*"
)


def speechlike(tokens: list[Token], quote: Span) -> bool:
    """Words someone said rather than a name or a term in quotes: a verb, or five words.
    "a lancé l'opération « Bouclier du Nord »" quotes a name, not speech."""
    inside = [t for t in tokens if quote.start <= t.idx < quote.end and t.is_alpha]
    return len(inside) >= 5 or any(t.pos_ in {"VERB", "AUX"} for t in inside)


# ", a annoncé X", ", avait déclaré X", ", annonce X": a verb right after a comma
_COMMA_VERB = re.compile(
    r",\s*(?:(?:a|ont|avait|avaient)\s+)?(?P<verb>[^\W\d_]{4,})\b(?!-)"
    # then its subject, after a few words of time or place: "a annoncé samedi à Tbilissi
    # l'agence X"; not "P, accusé de corruption, Q"
    r"(?=\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|soir|matin|encore|"
    r"également|aussi|ensuite|enfin|notamment)\s+)*(?:(?:à|au|depuis|de)\s+[A-ZÀ-Ý][\w-]*\s+)?"
    r"(?:(?:le|la|les|un|une|des|son|sa|ses|leurs?)\s|l['’]|[A-ZÀ-Ý]))"
)
_QUE_NEXT = re.compile(r"\s+(?:que\b|qu['’])", re.IGNORECASE)


class SentenceContext:
    """A sentence of the article with the frames found in it so far."""

    def __init__(
        self,
        text: str,
        sent: Sentence,
        tokens: list[Token],
        lex: Lexicon,
        index: int,
        previous: Sentence | None = None,
    ) -> None:
        self.text = text
        self.sent = sent
        self.previous = previous  # the sentence before, in the same paragraph
        self.lex = lex
        self.index = index
        self.tokens = tokens  # the sentence's tokens, spaces left out
        self.frames: list[Frame] = []
        self.skip: list[Span] = []  # words already read as part of a frame ("…, citant X")

    def in_quote(self, pos: int) -> bool:
        return any(q.start <= pos < q.end for q in self.sent.quotes)

    def speechlike(self, quote: Span) -> bool:
        return speechlike(self.tokens, quote)

    def finite_before(self, pos: int) -> bool:
        """A finite verb outside quotes between the sentence start and ``pos``."""
        return any(
            "Fin" in t.morph.get("VerbForm", []) and not self.in_quote(t.idx)
            for t in self.tokens
            if t.idx < pos
        )

    def comma_after(self, start: int, end: int, relative_only: bool = False) -> int:
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
                    piece = fold(self.text[i + 1 : end].split(",")[0])
                    # "selon l'AFP, près de 1 million selon les organisateurs": another source
                    other = re.search(r"\b(?:selon|d'apres)\b", piece)
                    if not re.match(r"(qui|dont|lequel|laquelle|a |ont |selon)", nxt) and not other:
                        continue
                return i
        return end

    def infinitive(self, i: int) -> bool:
        return self.infinitive_at(i) is not None

    def infinitive_at(self, i: int) -> int | None:
        """Where the reported words start in "a indiqué réserver sa décision" (an infinitive
        right after the verb), or after the outlet spoken to ("a déclaré à l'AFP ne pas
        avoir été prévenu": at "ne"); None when no infinitive follows."""
        tok = self.tokens[i]
        end = tok.idx + len(tok.text)
        m = _BEFORE_INFINITIVE.match(self.text, end, self.sent.end)
        at = m.end() if m else end
        nxt = next((t for t in self.tokens[i + 1 :] if t.idx >= at), None)
        if nxt is None or nxt.idx != at or "Inf" not in nxt.morph.get("VerbForm", []):
            return None
        return m.start(1) if m else end

    def _trailing_cue(self, start: int, end: int) -> int:
        """Where any verb of speech after a comma opens the reporting clause: "P, a annoncé
        l'agence Interfax", "P, déclare le ministre" (the words above name the common ones;
        the lexicon knows them all). Not "P, a annoncé que Q": that is a clause of its own."""
        for m in _COMMA_VERB.finditer(self.text, start, end):
            if self.in_quote(m.start()) or _QUE_NEXT.match(self.text, m.end()):
                continue
            if self.lex.verb_of(m.group("verb")) is not None:
                return m.start()
        return end

    def clause_end(self, start: int) -> int:
        """Where a reported clause stops: sentence end, or a trailing incise or marker."""
        text, e = self.text, self.sent.end
        tail = re.search(
            # "P, les qualifiant de mensongères": a clitic may come before the participle
            r",\s*(?:(?:les|le|la|l['’]|se|s['’]|en|y)\s*(?=\w+ant\b))?"
            r"(selon|d['’]après|contrairement|à l['’]inverse|a-t-(il|elle)|ont-ils|"
            r"rapporte|a rapporté|a indiqué|"
            r"indique|précise|a précisé|a ajouté|ajoute|ajoutant|assurant|affirmant|"
            r"soulignant|estimant|expliquant|déclarant|citant|qualifiant|jugeant|dénonçant|"
            r"rappelant|niant|démentant|accusant|évoquant|promettant|annonçant|insistant|"
            r"martelant|déplorant|regrettant|saluant|réclamant|exigeant|reconnaissant|"
            # a gerund belongs to the reporting clause: "P, en évoquant une source"
            r"en\s+(?!tant\b)\w{2,}ant|"
            # the main clause after a fronted one: "Après avoir indiqué que P, il a reproché"
            r"(?:il|elle|ils|elles)\s+(?:a|ont|avait|avaient|n['’]a|s['’]est)\s+\w+é|"
            # a new clause, not the reported one: "P, ce qu'il n'a pas fait même si Y dit que Q"
            r"ce qu['’]|ce que|même si|tandis qu['’]?e?|alors qu['’]?e?|"
            # what someone else makes of it: "P, une affirmation mise en doute par Y"
            r"(?:une?|cette|des|ces)\s+(?:\w+\s+)?(?:affirmations?|informations?|"
            r"versions?|annonces?|déclarations?|thèses?|accusations?|allégations?)"
            r"\s+(?:\w+\s+){0,3}?par)\b",
            text[start:e],
            re.IGNORECASE,
        )
        end = start + tail.start() if tail else e
        end = self._trailing_cue(start, end)
        m = re.search(r"\s(et|puis)\s+(a|ont|avait)\s+\w+", text[start:end])
        if m and self.lex.verb_of(
            text[start:end][m.end(0) - len(m.group(0).split()[-1]) : m.end(0)]
        ):
            end = start + m.start()
        return end
