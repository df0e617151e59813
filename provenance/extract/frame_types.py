"""What a frame is: attributed content, its cue, its speaker's words and its relays.

Shared by the sentence rules (:mod:`.frames`) and the pipeline; the trimming helpers here
decide where a span starts and stops, so every rule trims the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from provenance.extract.segment import Span, split_quote


@dataclass
class Mention:
    """Words naming an actor, or a pointer back to the previous speaker."""

    start: int
    end: int
    text: str
    carry: bool = False  # "il", "la même source": the previous speaker


@dataclass
class Frame:
    content: Span
    cue_span: Span
    cue: str
    verb: str | None
    kind: str
    direct: bool
    speaker: Mention | None
    hops: list[tuple[Mention, str, int]] = field(default_factory=list)  # mention, cue, rank
    why: str = ""
    sentence: int = 0

    def names(self, q: Span) -> bool:
        """The quote lies in the words naming the speaker or a relay ("citant une « source
        proche du dossier »"): a name, not words of the speaker's own."""
        named = [self.speaker, *(h[0] for h in self.hops)]
        return any(m is not None and m.start <= q.start < m.end for m in named)


def mention(text: str, start: int, end: int, carry: bool = False) -> Mention:
    """The words between start and end, without surrounding spaces and commas."""
    while start < end and text[start] in " ,\u00a0":
        start += 1
    while end > start and text[end - 1] in " ,.\u00a0":
        end -= 1
    return Mention(start, end, text[start:end], carry)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in ' ,;:.\u00a0\u202f-–—«»“”"(':
        start += 1
    while end > start and text[end - 1] in ' ,;:.\u00a0\u202f-–—«»“”"':
        end -= 1
    if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1
    return start, _closed(text, start, end)


def _closed(text: str, start: int, end: int) -> int:
    """The end past the closing guillemet of one the words opened ("le mot « virus »"),
    which the strip above took off: a quote is never cut inside its own marks."""
    for opening, closing in (("«", "»"), ("“", "”"), ('"', '"')):
        opened = text.count(opening, start, end)
        unclosed = opened % 2 if opening == closing else opened - text.count(closing, start, end)
        if unclosed > 0:
            after = end
            while after < len(text) and text[after] in " \u00a0\u202f":
                after += 1
            if after < len(text) and text[after] == closing:
                end = after + 1
    return end


# a news brief's footer: "P. – Source : AFP / yahoo.com (fr)"
_FOOTER = re.compile(r"\.?\s+[–—-]\s*Sources?\s*:", re.IGNORECASE)


def clean_content(text: str, start: int, end: int) -> tuple[int, int]:
    footer = _FOOTER.search(text, start, end)
    if footer:
        end = footer.start()
    start, end = _strip(text, start, end)
    m = re.match(r"(que\b|qu['’])\s*", text[start:end], re.IGNORECASE)
    if m:
        start += m.end()
    start, end = _strip(text, start, end)
    tail = re.search(r"\s+(et|puis|mais|ou)$", text[start:end])  # "P et ajoute que Q"
    return (start, start + tail.start()) if tail else (start, end)


# "X a déclaré que P, et que Q", "que P mais qu'il Q": two reported clauses, two claims
AND_THAT = re.compile(r"[,»”\"]?\s+(?:et|mais|puis)\s+qu(?:e\s+|['’]\s*)", re.IGNORECASE)
LISTED_THAT = re.compile(r",\s*qu(?:e\s+|['’]\s*)", re.IGNORECASE)


def direct_claims(text: str, frame: Frame) -> list[Span]:
    """One claim per sentence of a direct quote, and per coordinated que-clause."""
    spans = split_quote(text, frame.content) if frame.direct else [frame.content]
    out: list[Span] = []
    for span in spans:
        start = span.start
        if LISTED_THAT.search(text, span.start, span.end):
            out.append(span)  # "que A, que B et que C": one list, as the speaker gave it
            continue
        for m in AND_THAT.finditer(text, span.start, span.end):
            end = _strip(text, start, m.start())
            if _sizable(text, *end):
                out.append(Span(*end))
            start = m.end()
        rest = _strip(text, start, span.end)
        if _sizable(text, *rest):
            out.append(Span(*rest))
    return out


def _sizable(text: str, start: int, end: int) -> bool:
    """Three characters at least, or a number ("en dénombre 15")."""
    return end - start >= 3 or text[start:end].isdigit()
