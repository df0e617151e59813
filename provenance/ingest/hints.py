"""The "did you mean" search, bounded: a typo is compared with a short list, never with all.

``difflib`` compares a word with every candidate (tens of microseconds each), so a file of
2,000 mistyped references against 2,000 actors took minutes. Here the candidates are
indexed once by their trigrams; a lookup counts the trigrams a candidate shares with the
word, through the posting lists of the word's rarer trigrams only, and lets difflib choose
among the best :data:`SHORTLIST`. Up to :data:`SMALL` candidates, difflib sees them all,
so small corpora get exactly the hints they always had.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterable

SMALL = 200  # up to this many candidates, compare with every one
SHORTLIST = 40  # candidates difflib compares with, past SMALL
COMMON = 500  # a trigram in more candidates than this says little: skipped if others exist
CUTOFF = 0.6


def _trigrams(word: str) -> set[str]:
    padded = f"  {word.casefold()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class CandidateIndex:
    """Candidates indexed by trigram, built once and asked many times."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = sorted(set(candidates))
        self._postings: dict[str, list[int]] | None = None

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for i, candidate in enumerate(self.candidates):
                for gram in _trigrams(candidate):
                    postings.setdefault(gram, []).append(i)
            self._postings = postings
        return self._postings

    def shortlist(self, word: str) -> list[str]:
        """The candidates sharing the most trigrams with ``word`` (all of them, if few)."""
        if len(self.candidates) <= SMALL:
            return self.candidates
        postings = self._index()
        lists = sorted((postings[g] for g in _trigrams(word) if g in postings), key=len)
        rare = [p for p in lists if len(p) <= COMMON] or lists[:3]
        shared: Counter[int] = Counter()
        for posting in rare:
            shared.update(posting)
        best = heapq.nsmallest(SHORTLIST, shared.items(), key=lambda item: (-item[1], item[0]))
        return [self.candidates[i] for i, _ in best]

    def closest(self, word: str) -> str | None:
        """The candidate a typo most likely meant, if one is close enough to suggest."""
        matches = difflib.get_close_matches(word, self.shortlist(word), n=1, cutoff=CUTOFF)
        return matches[0] if matches else None
