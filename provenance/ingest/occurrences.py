"""Every occurrence of a quote in a document's text, without rescanning the text per claim.

A quote is placed by counting its occurrences (overlapping ones included: "aa" occurs
twice in "aaa"), so a naive search costs a pass over the whole text per claim (a document
of 100k claims took minutes) and, for a quote that overlaps itself, a comparison of the
whole quote per occurrence (an 80,000-character quote of "a" took 13 s). Here:

* a quote is searched once per document, however many claims quote it;
* a quote with a word boundary inside is looked up through an index of the text's words
  (built once per document): only the places where that word stands are compared;
* otherwise, or when that word is common, the text is scanned once with ``str.find``,
  and a run of overlapping occurrences is measured with slice comparisons by the
  quote's period instead of one search per occurrence.

The cost of a quote is at most one pass over the text, and usually a few comparisons.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+")
_BLOCK = 65536  # characters counted at once for a quote that cannot overlap itself
_PREFIX_WORDS = 16  # a quote ending in a prefix of more words than this is scanned for
#: Quotes of one text searched by a plain scan before its word index is built. An article
#: has a few dozen claims, each scan a pass at memchr speed: the index (a regex pass and a
#: dict of every word) would cost more than it saves. A text with thousands of quotes gets
#: the index after these, so it stays linear in its quotes.
_SCANS_BEFORE_INDEX = 64


@dataclass
class Found:
    """The occurrences of one quote: runs of overlapping occurrences, ``step`` apart."""

    step: int
    starts: list[int] = field(default_factory=list)  # first occurrence of each run
    upto: list[int] = field(default_factory=list)  # occurrences up to the end of each run

    @property
    def count(self) -> int:
        return self.upto[-1] if self.upto else 0

    def add(self, start: int, count: int = 1) -> None:
        self.starts.append(start)
        self.upto.append(self.count + count)

    def nth(self, k: int) -> int:
        """The start of occurrence ``k`` (0-based)."""
        run = bisect.bisect_right(self.upto, k)
        before = self.upto[run - 1] if run else 0
        return self.starts[run] + (k - before) * self.step


class Once:
    """A quote that occurs once: the common case, kept as small as it is."""

    __slots__ = ("start",)
    count = 1

    def __init__(self, start: int) -> None:
        self.start = start

    def nth(self, k: int) -> int:
        return self.start


class Disjoint:
    """The occurrences of a quote that cannot overlap itself, counted block by block in C
    (``str.count``); a block's positions are listed only when an occurrence in it is asked."""

    def __init__(self, text: str, quote: str) -> None:
        self.text, self.quote = text, quote
        m = len(quote)
        self.block = max(_BLOCK, m)
        self.upto: list[int] = []  # occurrences starting before the end of each block
        total = 0
        for start in range(0, len(text), self.block):
            # those starting in the block; none overlaps another, so counting from its
            # start finds them all
            total += text.count(quote, start, start + self.block + m - 1)
            self.upto.append(total)
        self._listed: dict[int, list[int]] = {}

    @property
    def count(self) -> int:
        return self.upto[-1] if self.upto else 0

    def nth(self, k: int) -> int:
        block = bisect.bisect_right(self.upto, k)
        listed = self._listed.get(block)
        if listed is None:
            listed = []
            start = block * self.block
            i = self.text.find(self.quote, start, start + self.block + len(self.quote) - 1)
            while i != -1:
                listed.append(i)
                i = self.text.find(
                    self.quote, i + len(self.quote), start + self.block + len(self.quote) - 1
                )
            self._listed[block] = listed
        return listed[k - (self.upto[block - 1] if block else 0)]


def period(quote: str) -> int:
    """The smallest p with quote[p:] == quote[:-p] (len(quote) if none): two occurrences
    closer than this cannot overlap."""
    m = len(quote)
    if m <= 64:  # a few short comparisons in C beat the loop below
        return next((p for p in range(1, m) if quote.startswith(quote[p:])), m)
    border = [0] * m  # the prefix function
    k = 0
    for i in range(1, m):
        while k and quote[i] != quote[k]:
            k = border[k - 1]
        if quote[i] == quote[k]:
            k += 1
        border[i] = k
    return m - border[-1]


def _periodic_until(text: str, at: int, p: int) -> int:
    """The first position from ``at`` where text stops repeating with period ``p``."""
    n = len(text)
    size = 64
    lo = at
    while lo < n:  # gallop: compare ever larger blocks with the block p earlier
        hi = min(n, lo + size)
        if text[lo:hi] != text[lo - p : hi - p]:
            while hi - lo > 1:  # the mismatch is in [lo, hi): halve
                mid = (lo + hi) // 2
                if text[lo:mid] == text[lo - p : mid - p]:
                    lo = mid
                else:
                    hi = mid
            return lo
        lo = hi
        size *= 2
    return n


class QuoteFinder:
    """The occurrences of quotes in one text, each quote searched once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, Found | Disjoint | Once] = {}
        self._words: dict[str, list[int]] | None = None
        self._vocabulary: list[str] = []
        self.misses = 0  # quotes not found so far (their hints are capped)
        self._scans_left = _SCANS_BEFORE_INDEX

    def find(self, quote: str) -> Found | Disjoint | Once:
        found = self._found.get(quote)
        if found is None:
            if self._scans_left > 0:
                self._scans_left -= 1
                found = self._scan(quote)
            else:
                indexed = self._through_words(quote)
                found = self._scan(quote) if indexed is None else indexed
            self._found[quote] = found
        return found

    def _scan(self, quote: str) -> Found | Disjoint | Once:
        text, m = self.text, len(quote)
        i = text.find(quote)
        if i == -1:
            return Found(step=m)
        if text.find(quote, i + 1) == -1:
            # the common case, a quote found once: its period (a Python loop over a long
            # quote, 1.5 s of CPU over 100k claims) is not needed
            return Once(i)
        p = period(quote)
        if p == m:
            return Disjoint(text, quote)
        found = Found(step=p)
        while i != -1:
            end = _periodic_until(text, i + m, p)  # occurrences at i, i+p, ... while it repeats
            count = (end - m - i) // p + 1
            found.add(i, count)
            i = text.find(quote, i + (count - 1) * p + 1)
        return found

    def _through_words(self, quote: str) -> Found | None:
        """Occurrences found through the places of a word of the quote that follows a
        non-word character (so starts a word of the text), or None to scan instead."""
        anchors = [w for w in _WORD.finditer(quote) if w.start() > 0]
        if not anchors:
            return None
        words = self._index()
        best: list[int] | None = None
        offset = 0
        for anchor in anchors:
            places = self._places(anchor.group(), anchor.end() < len(quote), words)
            if places is not None and (best is None or len(places) < len(best)):
                best, offset = places, anchor.start()
                if len(best) <= 1:
                    break  # no word does better
        if best is None or len(best) * len(quote) > len(self.text):
            return None  # only common words: one scan is cheaper
        found = Found(step=1)
        text = self.text
        for place in best:
            start = place - offset
            if start >= 0 and text.startswith(quote, start):
                found.add(start)
        return found

    def _places(self, word: str, complete: bool, words: dict[str, list[int]]) -> list[int] | None:
        """Where the text has this word (or, if the quote may end inside it, a word that
        begins with it), in order; None if too many words begin with it."""
        if complete:
            return words.get(word, [])
        vocabulary = self._vocabulary
        first = bisect.bisect_left(vocabulary, word)
        last = bisect.bisect_left(vocabulary, word + "\U0010ffff", first)
        if last - first > _PREFIX_WORDS:
            return None
        return sorted(p for w in vocabulary[first:last] for p in words[w])

    def _index(self) -> dict[str, list[int]]:
        if self._words is None:
            words: dict[str, list[int]] = {}
            for match in _WORD.finditer(self.text):
                words.setdefault(match.group(), []).append(match.start())
            self._words = words
            self._vocabulary = sorted(words)
        return self._words
