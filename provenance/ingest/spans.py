"""Where a claim's quote lies in its document's text, or why it cannot be placed.

Quotes are copied by hand from articles, so a miss says what nearly matched (typographic
apostrophes, spaces, case) and an ambiguous quote says how to pick one occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.ingest.format import ClaimIn
from provenance.visible import excerpt

Span = tuple[int, int]


@dataclass(frozen=True)
class Miss:
    """Why a claim has no span: the field at fault and the message."""

    field: str
    message: str


def locate(claim: ClaimIn, text: str, source: str) -> Span | Miss:
    """The claim's span in ``text``, or the field and message saying why it has none."""
    if claim.start is not None and claim.end is not None:
        return _at_offsets(claim, claim.start, claim.end, text)
    quote = claim.quote
    assert quote is not None
    positions = _find_all(text, quote)
    if not positions:
        return Miss(
            "quote", f"quote {excerpt(quote)} not found in {source}{_near_miss(text, quote)}"
        )
    if claim.occurrence is None:
        if len(positions) > 1:
            return Miss(
                "quote",
                f"quote {excerpt(quote)} occurs {len(positions)} times in {source}; "
                f"add occurrence: 1..{len(positions)} (or start/end)",
            )
        return positions[0], positions[0] + len(quote)
    if claim.occurrence > len(positions):
        return Miss(
            "occurrence",
            f"occurrence {claim.occurrence} asked, but the quote occurs "
            f"{len(positions)} time(s) in {source}",
        )
    start = positions[claim.occurrence - 1]
    return start, start + len(quote)


def _at_offsets(claim: ClaimIn, start: int, end: int, text: str) -> Span | Miss:
    if end > len(text):
        return Miss("end", f"offset {end} is past the end of the text ({len(text)} characters)")
    found = text[start:end]
    if claim.quote is not None and found != claim.quote:
        return Miss(
            "start",
            f"offsets {start}-{end} hold {excerpt(found)}, not the quote {excerpt(claim.quote)}",
        )
    return start, end


def _find_all(text: str, quote: str) -> list[int]:
    positions = []
    i = text.find(quote)
    while i != -1:
        positions.append(i)
        i = text.find(quote, i + 1)
    return positions


_LOOKALIKES = str.maketrans(
    {"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"', "\u00a0": " ", "\u202f": " "}
)


def _near_miss(text: str, quote: str) -> str:
    """Say why a quote almost matched: typographic apostrophes, spaces, case."""

    def fold(s: str) -> str:
        return " ".join(s.translate(_LOOKALIKES).split())

    if fold(quote) in fold(text):
        return (
            " (it matches if apostrophes, guillemets or spaces are ignored: copy the text exactly)"
        )
    if fold(quote).casefold() in fold(text).casefold():
        return " (it matches ignoring case: copy the text exactly)"
    return ""
