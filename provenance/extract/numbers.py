"""Counts as news prose writes them: "3 969", "19", "deux mille", "quatre-vingt-dix".

Tolls are compared across sources, so "2 000 morts" and "deux mille morts" must read as
one number: a misread word-number drafts a contradiction between two sources that agree.
"""

from __future__ import annotations

import re

from provenance.extract.lexicon import fold

UNITS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}  # fmt: skip
_SCALES = {"cent": 100, "cents": 100, "mille": 1000, "million": 10**6, "millions": 10**6}

_WORD = "(?:" + "|".join(sorted([*UNITS, *_SCALES], key=len, reverse=True)) + r")(?!\w)"
# "deux mille", "quatre-vingt-dix", "vingt et un": words joined by spaces, hyphens or "et"
_SPELLED = _WORD + r"(?:(?:\s+et\s+|[\s-]+)" + _WORD + r")*"
# a count in digits ("3 969", "1.200") or in words; one capturing group
NUMBER = r"(\d[\d\s.]{0,12}\d|\d|" + _SPELLED + r")"


def count(said: str) -> int | None:
    """The value of a count matched by :data:`NUMBER`, or None when it cannot be read."""
    folded = fold(said).strip()
    digits = re.sub(r"[\s.]", "", folded)
    if digits.isdigit():
        # no toll runs to a trillion (and int() refuses 4,300 digits)
        return int(digits) if len(digits) <= 12 else None
    return _spelled(folded)


def _spelled(folded: str) -> int | None:
    total = current = 0
    for word in re.split(r"[\s-]+", folded):
        if word == "et":
            continue
        if word in ("vingt", "vingts") and current % 100 == 4:
            current += 76  # "quatre-vingt": four twenties
        elif word in UNITS:
            current += UNITS[word]
        elif word in ("cent", "cents"):
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current
