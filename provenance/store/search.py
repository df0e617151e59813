"""Full-text search over quotes and statements with the same answers on SQLite and PostgreSQL.

Both backends index the same pre-normalised token string (``claims.search_text``), made
here in Python: lower case, accents and French elisions removed (l’, d’, qu’ ...), a light
French stemmer (plural and feminine endings, after Savoy); letters of every script count.
SQLite indexes it with FTS5, PostgreSQL with a GIN index on
``to_tsvector('simple', search_text)``; since the tokens are already normalised, both
tokenizers see the same words and return the same claims. A query is normalised the same
way; its words must all match (AND); ``word*`` matches a prefix.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import false, text
from sqlalchemy.engine import Connection

from provenance.errors import BadQuery

_ELISION = re.compile(r"\b(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# Han ideographs and kana are written without spaces: each character is a word, and a
# query's characters must all occur (so 攻撃 finds 攻撃). Other scripts: runs of letters
# and digits. The same words go to FTS5 (unicode61) and to PostgreSQL's 'simple' parser.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+\\*?")
#: Words of one query at most: a tsquery or MATCH of thousands of terms is refused or
#: slow on the servers, and no person types that many.
MAX_QUERY_WORDS = 64


def _strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


_STEMS: dict[str, str] = {}


def tokens(value: str) -> list[str]:
    folded = _fold(_ELISION.sub(" ", value))
    out = []
    stems = _STEMS
    if len(stems) > 500_000:  # a corpus's vocabulary; bounded all the same
        stems.clear()
    for match in _WORD.findall(folded):
        known = stems.get(match)
        if known is not None:
            out.append(known)
            continue
        if match.endswith("*"):
            word = match[:-1].rstrip("e") + "*" if len(match) > 4 else match
        else:
            word = stem(match)
        stems[match] = word
        out.append(word)
    return out


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


def search_condition(conn: Connection, query: str) -> Any:
    """A WHERE condition on ``claims.id`` for claims whose quote or statement has every word."""
    words = tokens(query)
    if len(words) > MAX_QUERY_WORDS:
        raise BadQuery(f"--search: {len(words)} words; at most {MAX_QUERY_WORDS} are searched")
    if not words:
        return false()  # punctuation only (%, _, quotes): nothing can match
    if conn.dialect.name == "postgresql":
        terms = " & ".join(f"{w[:-1]}:*" if w.endswith("*") else w for w in words)
        return text(
            "to_tsvector('simple', coalesce(claims.search_text, '')) "
            "@@ to_tsquery('simple', :fts_query)"
        ).bindparams(fts_query=terms)
    return text(
        "claims.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :fts_query)"
    ).bindparams(fts_query=fts5_match(words))


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression for claims_fts: every word (``word*``: a prefix) must match."""
    return " ".join(f'"{w[:-1]}"*' if w.endswith("*") else f'"{w}"' for w in words)
