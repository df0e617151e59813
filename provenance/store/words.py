"""The words a claim is indexed under, and a query searched with: stdlib only.

Kept apart from :mod:`provenance.store.search` (which builds the SQL), so that the text rule
reads on its own and the import floor (benchmarks/floor_input.py) shares its stemmer
without paying for SQLAlchemy.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

_ELISION = re.compile(r"\b(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# Han ideographs and kana are written without spaces: each character is a word, and a
# query's characters must all occur (so 攻撃 finds 攻撃). Other scripts: runs of letters
# and digits. The same words go to FTS5 (unicode61) and to PostgreSQL's 'simple' parser.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+\\*?")


def _fold(value: str) -> str:
    """Case and accents folded: NFKD, then every combining mark dropped.

    The marks are found among the text's distinct characters (a few dozen), so the cost
    stays in C for long French texts full of é, ’ and «.
    """
    folded = value.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    marks = sorted(ch for ch in set(decomposed) if unicodedata.combining(ch))
    if not marks:
        return decomposed
    # the same few marks recur (French: acute, grave, circumflex, cedilla, diaeresis), so
    # re's own cache keeps this pattern compiled
    return re.sub("[" + "".join(marks) + "]", "", decomposed)


def stem(word: str) -> str:
    """A light French stemmer: enough to match attaque/attaques, accusé/accusée/accusés."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    while len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


#: The words of each whitespace-separated piece of text seen, stemmed: the same pieces
#: recur across a corpus, so most are folded and stemmed once. Folding is per character
#: (casefold, NFKD, marks dropped) and whitespace never folds into a word character, so
#: folding piece by piece gives the words folding the whole text gives. Bounded: short
#: pieces only (a text without spaces, Chinese say, is one long piece that seldom recurs),
#: cleared when full, so memory stays flat however large the corpus: about 4 MB when
#: full (some 200 bytes an entry; 200,000 entries held 39 MB, 50,000 were 10 MB of a
#: 1M-claim import). Frequent pieces are back in the cache soon after a clear, and they
#: are most of any text (the benchmark corpus's 100k claims have 5,177 distinct pieces).
_PIECES: dict[str, tuple[str, ...]] = {}
_MAX_PIECES = 20_000
_MAX_PIECE = 40


def _piece_words(piece: str) -> tuple[str, ...]:
    out = []
    # an elision (l', qu') never spans whitespace, and a piece starts where the text has
    # whitespace: it is found in the piece as in the whole text
    for match in _WORD.findall(_fold(_ELISION.sub(" ", piece))):
        if match.endswith("*"):
            out.append(match[:-1].rstrip("e") + "*" if len(match) > 4 else match)
        else:
            out.append(stem(match))
    return tuple(out)


def tokens(value: str) -> list[str]:
    pieces = _PIECES
    if len(pieces) > _MAX_PIECES:
        pieces.clear()
    split = value.split()
    found = list(map(pieces.get, split))
    if None in found:
        for i, words in enumerate(found):
            if words is None:
                piece = split[i]
                found[i] = words = _piece_words(piece)
                if len(piece) <= _MAX_PIECE:
                    pieces[piece] = words
    return list(itertools.chain.from_iterable(found))  # type: ignore[arg-type]


#: Characters of a claim's words that are indexed: the first words up to this length.
#: PostgreSQL refuses a tsvector over 1 MB (ProgramLimitExceeded); at most about 6 bytes
#: of tsvector per indexed character, this stays well under it, and SQLite indexes the
#: very same words so both backends find the same claims.
MAX_INDEXED_CHARS = 100_000
#: PostgreSQL skips a word of this many UTF-8 bytes or more ("word is too long to be
#: indexed"); it is left out for SQLite too.
_MAX_WORD_BYTES = 2047


def search_text(quote: str, statement: str | None) -> str:
    """The string both backends index for a claim: its words, capped identically."""
    words = tokens(f"{quote} {statement or ''}")
    joined = " ".join(words)
    if len(joined) <= MAX_INDEXED_CHARS and (
        not words or max(map(len, words)) * 4 < _MAX_WORD_BYTES
    ):
        return joined  # no word too long, nothing over the cap: every word kept
    kept: list[str] = []
    size = -1
    for word in words:
        if len(word) * 4 >= _MAX_WORD_BYTES and len(word.encode("utf-8")) >= _MAX_WORD_BYTES:
            continue
        size += len(word) + 1
        if size > MAX_INDEXED_CHARS:
            break
        kept.append(word)
    return " ".join(kept)
