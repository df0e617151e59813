"""Where a claim's quote lies in its document's text, or why it cannot be placed.

Quotes are copied by hand from articles, so a miss says what nearly matched (typographic
apostrophes, spaces, case) and an ambiguous quote says how to pick one occurrence.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from provenance.ingest.format import ClaimIn
from provenance.ingest.occurrences import QuoteFinder
from provenance.ingest.problems import MAX_HINTED
from provenance.visible import excerpt

Span = tuple[int, int]


@dataclass(frozen=True)
class Miss:
    """Why a claim has no span: the field at fault and the message."""

    field: str
    message: str


def locate(claim: ClaimIn, quotes: QuoteFinder, source: str) -> Span | Miss:
    """The claim's span in the finder's text, or the field and message saying why it has
    none. One finder serves a whole document: each quote is searched once."""
    text = quotes.text
    if claim.start is not None and claim.end is not None:
        return _at_offsets(claim, claim.start, claim.end, text)
    quote = claim.quote
    assert quote is not None
    found = quotes.find(quote)
    count = found.count
    if not count:
        quotes.misses += 1
        # the near-miss hint is a pass over the text: for the first misses of a document
        near = _near_miss(text, quote) if quotes.misses <= MAX_HINTED else ""
        return Miss("quote", f"quote {excerpt(quote)} not found in {source}{near}")
    if claim.occurrence is None:
        if count > 1:
            return Miss(
                "quote",
                f"quote {excerpt(quote)} occurs {count} times in {source}; "
                f"add occurrence: 1..{count} (or start/end)",
            )
        return found.nth(0), found.nth(0) + len(quote)
    if claim.occurrence > count:
        return Miss(
            "occurrence",
            f"occurrence {claim.occurrence} asked, but the quote occurs "
            f"{count} time(s) in {source}",
        )
    start = found.nth(claim.occurrence - 1)
    return start, start + len(quote)


def _at_offsets(claim: ClaimIn, start: int, end: int, text: str) -> Span | Miss:
    if end > len(text):
        return Miss("end", f"offset {end} is past the end of the text ({len(text)} characters)")
    found = text[start:end]
    if claim.quote is not None and found != claim.quote:
        same = unicodedata.normalize("NFC", found) == unicodedata.normalize("NFC", claim.quote)
        hint = _NORMAL_FORMS if same else ""
        return Miss(
            "start",
            f"offsets {start}-{end} hold {excerpt(found)}, not the quote "
            f"{excerpt(claim.quote)}{hint}",
        )
    return start, end


_LOOKALIKES = str.maketrans(
    {"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"', "\u00a0": " ", "\u202f": " "}
)


def _fold(s: str) -> str:
    return " ".join(s.translate(_LOOKALIKES).split())


@functools.lru_cache(maxsize=2)
def _folded(text: str) -> tuple[str, str]:
    """A document's text folded once, however many of its quotes miss."""
    folded = _fold(text)
    return folded, folded.casefold()


_NORMAL_FORMS = (
    " (the quote and the text use different Unicode normal forms; normalise both to NFC)"
)


@functools.lru_cache(maxsize=1)
def _nfc(value: str) -> str:
    """NFC, kept for the last text: every missed quote of a document asks of the same text."""
    if unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def _near_miss(text: str, quote: str) -> str:
    """Say why a quote almost matched: Unicode normal forms, typographic apostrophes,
    spaces, case."""
    nfc_quote, nfc_text = unicodedata.normalize("NFC", quote), _nfc(text)
    if (nfc_quote != quote or nfc_text is not text) and nfc_quote in nfc_text:
        return _NORMAL_FORMS
    if not quote.strip():  # "  " matched everything once spaces were ignored
        return " (it holds only spaces: copy the words of the text)"
    folded, caseless = _folded(text)
    if _fold(quote) in folded:
        return (
            " (it matches if apostrophes, guillemets or spaces are ignored: copy the text exactly)"
        )
    if _fold(quote).casefold() in caseless:
        return " (it matches ignoring case: copy the text exactly)"
    return ""
