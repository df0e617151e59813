"""Decomposed text (NFD, as copied on macOS) read as composed, offsets kept to the file.

The model and the cue lexicon know "déclaré" as one character per letter; written as "e"
plus a combining accent, the seed drafted 13 claims of 24. The extraction reads the NFC
text; every offset it finds is mapped back to the text as written, which the importer
checks quotes against.
"""

from __future__ import annotations

import unicodedata


def composed(text: str) -> tuple[str, list[int]] | None:
    """The NFC text and, for each of its positions (and its end), the position in ``text``;
    None when ``text`` is already composed, or when composition is not local to each
    character and its combining marks (then the text is read as it is)."""
    if unicodedata.is_normalized("NFC", text):
        return None
    pieces: list[str] = []
    where: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        piece = unicodedata.normalize("NFC", text[start:i])
        pieces.append(piece)
        where += [start] * len(piece)
        start = i
    joined = "".join(pieces)
    if joined != unicodedata.normalize("NFC", text):
        return None
    where.append(len(text))
    return joined, where
