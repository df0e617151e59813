"""Full-text search over quotes and statements with the same answers on SQLite and PostgreSQL.

Both backends index the same pre-normalised token string (``claims.search_text``), made
here in Python: lower case, accents and French elisions removed (l’, d’, qu’ ...), a light
French stemmer (plural and feminine endings, after Savoy); letters of every script count.
SQLite indexes it with FTS5, PostgreSQL with a GIN index on the stored column
``search_vector`` (``to_tsvector('simple', search_text)``, generated); since the tokens
are already normalised, both tokenizers see the same words and return the same claims. A
query is normalised the same way; its words must all match (AND); ``word*`` matches a
prefix.
"""

from __future__ import annotations

from provenance.errors import BadQuery
from provenance.store.words import search_text as search_text  # the writer's import path
from provenance.store.words import tokens as tokens

#: Words of one query at most: a tsquery or MATCH of thousands of terms is refused or
#: slow on the servers, and no person types that many.
MAX_QUERY_WORDS = 64


def search_sql(dialect: str, query: str) -> tuple[str, dict[str, str]]:
    """A WHERE condition (SQL text over ``claims``) for claims whose quote or statement has
    every word, and its parameters."""
    words = tokens(query)
    if len(words) > MAX_QUERY_WORDS:
        raise BadQuery(f"--search: {len(words)} words; at most {MAX_QUERY_WORDS} are searched")
    if not words:
        return "1 = 0", {}  # punctuation only (%, _, quotes): nothing can match
    if dialect == "postgresql":
        terms = " & ".join(f"{w[:-1]}:*" if w.endswith("*") else w for w in words)
        return (
            "claims.search_vector @@ to_tsquery('simple', :fts_query)",
            {"fts_query": terms},
        )
    return (
        "claims.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :fts_query)",
        {"fts_query": fts5_match(words)},
    )


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression for claims_fts: every word (``word*``: a prefix) must match."""
    return " ".join(f'"{w[:-1]}"*' if w.endswith("*") else f'"{w}"' for w in words)
