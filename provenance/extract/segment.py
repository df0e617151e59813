"""Cut a raw article into lines, sentences and quotes, keeping exact character offsets.

Offsets are into the text exactly as read (a byte-order mark and CR characters included),
because the importer checks every quote against the stored text. Page chrome (photo
credits, "Lire aussi", share buttons, dates) and headings are set aside here so that no
later rule can turn them into claims; a "Sources :" line is parsed into names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from provenance.extract.lexicon import Lexicon

OPENERS = {"«": "»", "“": "”", '"': '"', "„": "“"}
_ABBREV = re.compile(r"(?:\b[A-Z]|\bM|\bMM|\bMme|\bMgr|\bDr|\bSt|\bav|\bapr|\bJ\.-C|\betc)\.$")
_END = ".!?…"
_SPACES = " \t\u00a0\u202f\r\n"  # a hard-wrapped paragraph holds line breaks


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int
    quotes: list[Span] = field(default_factory=list)  # content inside the quote marks
    paragraph: int = 0


@dataclass
class Layout:
    sentences: list[Sentence]
    chrome: list[Span]
    headings: list[Span]
    sources: list[str]
    sources_span: Span | None
    title: str | None


def _trim(text: str, start: int, end: int, lead: str, trail: str) -> tuple[int, int]:
    """Offsets moved past the given characters at each end, so spans stay exact."""
    while start < end and text[start] in lead:
        start += 1
    while end > start and text[end - 1] in trail:
        end -= 1
    return start, end


def _lines(text: str) -> list[Span]:
    """Paragraphs: one per line, or, in a hard-wrapped text, one per run of lines between
    blank lines (a text cut at 72 columns gave 1 claim of the seed's 24: every line break
    ended a paragraph, and sentences with it)."""
    spans = []
    for m in re.finditer(r"[^\r\n]+", text):
        start, end = _trim(text, m.start(), m.end(), " \t\ufeff", " \t")
        if end > start:
            spans.append(Span(start, end))
    return _unwrapped(text, spans) if _hard_wrapped(text, spans) else spans


def _follows(text: str, a: Span, b: Span) -> bool:
    """b is the line right after a, no blank line between."""
    return text.count("\n", a.end, b.start) == 1 and not text[a.end : b.start].strip()


def _hard_wrapped(text: str, lines: list[Span]) -> bool:
    """Most lines followed by another end mid-sentence, and none is long: a text cut to a
    width, not one paragraph a line (whose lines end with a full stop)."""
    inner = [a for a, b in pairwise(lines) if _follows(text, a, b)]
    if len(inner) < 3 or max(ln.end - ln.start for ln in lines) > 120:
        return False
    open_ended = sum(1 for a in inner if text[a.end - 1] not in '.!?…»”":;')
    return open_ended * 2 >= len(inner)


def _unwrapped(text: str, lines: list[Span]) -> list[Span]:
    """Lines run together into paragraphs; a short line before another stays apart (a
    title above its paragraph, not a line cut at the width)."""
    width = sorted(ln.end - ln.start for ln in lines)[len(lines) * 3 // 4]
    merged = [lines[0]]
    previous = lines[0]
    for line in lines[1:]:
        last = merged[-1]
        if _follows(text, previous, line) and (previous.end - previous.start) * 2 > width:
            merged[-1] = Span(last.start, line.end)
        else:
            merged.append(line)
        previous = line
    return merged


def is_heading(line: str) -> bool:
    """A short line without final punctuation: a title or section heading, never a claim."""
    stripped = line.strip()
    if stripped[-1:] in '.!»”"…:;':
        return False
    return len(stripped.split()) <= 16 and "«" not in stripped


def quote_spans(text: str, start: int, end: int) -> list[Span]:
    """Balanced quotes between start and end; an unmatched opener is no quote at all.

    Each closer is looked up, not scanned for: a line of 45 kB of unmatched « took 14 s
    when every opener rescanned the rest of the line."""
    spans: list[Span] = []
    nested = _guillemet_pairs(text, start, end)
    after: dict[str, list[int]] = {}
    i = start
    while i < end:
        ch = text[i]
        closer = OPENERS.get(ch)
        if closer is None or (ch == '"' and i + 1 < end and text[i + 1] == " " and i > start):
            i += 1
            continue
        if ch == "«":
            j = nested.get(i, -1)  # nested « » inside a quote: the matching closer
        else:
            found = after.get(closer)
            if found is None:
                found = after[closer] = [k for k in range(start, end) if text[k] == closer]
            n = bisect_right(found, i)
            j = found[n] if n < len(found) else -1
        if j == -1:
            i += 1
            continue
        s, e = _trim(text, i + 1, j, " \u00a0\u202f", " \u00a0\u202f,")
        if e > s:
            spans.append(Span(s, e))
        i = j + 1
    return spans


def _guillemet_pairs(text: str, start: int, end: int) -> dict[int, int]:
    """Each « with the » that closes it, nesting counted, in one pass."""
    pairs: dict[int, int] = {}
    open_at: list[int] = []
    for k in range(start, end):
        if text[k] == "«":
            open_at.append(k)
        elif text[k] == "»" and open_at:
            pairs[open_at.pop()] = k
    return pairs


def sentence_bounds(text: str, start: int, end: int, quotes: list[Span]) -> list[Span]:
    """Sentences of one line; never split inside a quote."""
    inside = [(q.start - 1, q.end + 1) for q in quotes]
    out: list[Span] = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch in _END and not any(a <= i < b for a, b in inside):
            j = i + 1
            while j < end and text[j] in _END + '»”")]':
                j += 1
            if j >= end:
                break
            k = j
            while k < end and text[k] in _SPACES:  # "fin.  Selon": two spaces, as typed
                k += 1
            if k > j and k < end:
                nxt = text[k]
                if (nxt.isupper() or nxt in '«“"' or nxt.isdigit()) and not _ABBREV.search(
                    text[max(start, i - 6) : i + 1]
                ):
                    out.append(Span(s, j))
                    s = k
                    i = k
                    continue
            i = j
            continue
        i += 1
    if s < end:
        out.append(Span(s, end))
    return out


def split_quote(text: str, span: Span) -> list[Span]:
    """A long direct quote as its sentences, the unit a reviewer checks."""
    parts = sentence_bounds(text, span.start, span.end, [])
    result: list[Span] = []
    short_first = False  # the quote opened with a sentence too short to stand alone
    for p in parts:
        e = p.end
        while e > p.start and text[e - 1] in " .,;":
            e -= 1
        short = len(text[p.start : e].split()) < _ALONE
        if result and (short or short_first):
            result[-1] = Span(result[-1].start, e)  # too short to stand alone
            short_first = False
        elif e - p.start >= 3:
            result.append(Span(p.start, e))
            short_first = short
    return result or [span]


#: words a sentence of a quote needs to be a claim of its own; a shorter one ("Les Russes
#: veulent encore une guerre.") goes with its neighbour, as annotators quote it
_ALONE = 8


def _is_title(line: str, rest: str) -> bool:
    """The first line, followed by the article: a headline may quote someone (« P », dit X)
    and run longer than a section heading, but never ends as a sentence does."""
    stripped = line.strip()
    return (
        bool(rest.strip()) and stripped[-1:] not in ".!?…:;," and 2 <= len(stripped.split()) <= 30
    )


# the source of one item of a news digest, after it on the same line: "P. – Source : X –"
_SOURCE_TRAILER = re.compile(r"(?<=[.!?»”\"])\s*[–—-]\s*Sources?\s*:\s*(.*)$", re.IGNORECASE)


def _trailer_names(listed: str) -> list[str]:
    """ "BBC (en) : {{{n1}}} | Washington Post (en) : {{{n2}}}", "AP / yahoo.com (fr) : –"."""
    names = []
    for part in re.split(r"[|;,/]", listed):
        name = re.sub(r"\([^()]*\)|\{\{\{[^}]*\}\}\}", "", part.split(" : ")[0])
        name = name.strip(" :–—-.")
        if name and len(name) <= 60:
            names.append(name)
    return names


def layout(text: str, lex: Lexicon) -> Layout:
    sentences: list[Sentence] = []
    chrome: list[Span] = []
    headings: list[Span] = []
    sources: list[str] = []
    sources_span: Span | None = None
    title: str | None = None
    for n, line in enumerate(_lines(text)):
        raw = text[line.start : line.end]
        m = lex.sources_line.match(raw)
        if m:
            sources_span = line
            sources += [
                s.strip(" .") for s in re.split(r"[,;/]|\bet\b", m.group(1)) if s.strip(" .")
            ]
            continue
        trailer = _SOURCE_TRAILER.search(raw)
        if trailer is not None:  # "P. – Source : AFP (publié par Yahoo.fr) (fr) : –"
            chrome.append(Span(line.start + trailer.start(), line.end))
            sources += _trailer_names(trailer.group(1))
            line = Span(line.start, line.start + trailer.start())
            raw = text[line.start : line.end]
        if any(p.search(raw) for p in lex.chrome) and len(raw.split()) <= 25:
            chrome.append(line)
            continue
        if is_heading(raw) or (n == 0 and _is_title(raw, text[line.end :])):
            headings.append(line)
            if title is None and n == 0:
                title = raw.strip()
            continue
        quotes = quote_spans(text, line.start, line.end)
        for b in sentence_bounds(text, line.start, line.end, quotes):
            inner = [q for q in quotes if b.start <= q.start and q.end <= b.end]
            sentences.append(Sentence(b.start, b.end, inner, n))
    return Layout(sentences, chrome, headings, sources, sources_span, title)
