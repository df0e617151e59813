"""Candidate pairs from the full-text index: never all pairs.

For each claim, its most telling tokens (numbers, then names, then the longest words) go
to the index as "any two of these" (FTS5 ``MATCH`` on SQLite, a ``tsquery`` on the GIN
index on PostgreSQL), ranked by the backend's own relevance (bm25 / ts_rank) and cut at
``PER_CLAIM``. Requiring two shared tokens keeps the lists short on a large corpus; the
score itself is computed afterwards, the same way on both backends.
"""

from __future__ import annotations

from itertools import combinations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from provenance.links.profile import Profile

#: Candidates fetched per claim, best ranked first.
PER_CLAIM = 40
#: Tokens of a claim sent to the index (their pairs make the query).
QUERY_TOKENS = 5


def query_tokens(profile: Profile) -> list[str]:
    """Numbers first, then names, then the longest words (longer words are rarer)."""
    ranked = sorted(
        profile.content(),
        key=lambda t: (t not in profile.numbers, t not in profile.places, -len(t), t),
    )
    return ranked[:QUERY_TOKENS]


def _sqlite_query(words: list[str]) -> str:
    if len(words) == 1:
        return f'"{words[0]}"'
    return " OR ".join(f'("{a}" AND "{b}")' for a, b in combinations(words, 2))


def _postgres_query(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return " | ".join(f"({a} & {b})" for a, b in combinations(words, 2))


_SQLITE = text(
    "SELECT claims.id FROM claims_fts JOIN claims ON claims.id = claims_fts.rowid "
    "WHERE claims_fts MATCH :q AND claims.document_id <> :doc "
    "ORDER BY bm25(claims_fts), claims.id LIMIT :k"
)
_TSV = "to_tsvector('simple', coalesce(claims.search_text, ''))"
_POSTGRES = text(
    f"SELECT claims.id FROM claims WHERE {_TSV} @@ to_tsquery('simple', :q) "
    "AND claims.document_id <> :doc "
    f"ORDER BY ts_rank({_TSV}, to_tsquery('simple', :q)) DESC, claims.id LIMIT :k"
)


def candidates_of(conn: Connection, profile: Profile, per_claim: int = PER_CLAIM) -> list[int]:
    """Ids of claims of other documents that share at least two telling tokens with this one."""
    words = query_tokens(profile)
    if not words:
        return []
    if conn.dialect.name == "postgresql":
        q, statement = _postgres_query(words), _POSTGRES
    else:
        q, statement = _sqlite_query(words), _SQLITE
    rows = conn.execute(statement, {"q": q, "doc": profile.document_id, "k": per_claim})
    return [int(r[0]) for r in rows]
