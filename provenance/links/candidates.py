"""Candidate pairs from the full-text index: never all pairs, and a bounded cost per claim.

For each claim, its most telling tokens (numbers, then names, then the rarest words) go
to the index as "any two of these" (FTS5 ``MATCH`` on SQLite, a ``tsquery`` on the GIN
index on PostgreSQL), ranked by the backend's own relevance (bm25 / ts_rank) and cut at
``PER_CLAIM``; the score itself is computed afterwards, the same way on both backends.

The cost of one query is the number of index rows it ranks. So only tokens found in at
most ``COMMON`` claims are sent (how often a token occurs is itself asked of the index,
with a ``LIMIT`` so the count is bounded too, and remembered for the run). A claim made
only of common words is looked up among the ``WINDOW`` claims imported around it (a
rowid range the index seeks to), which keeps a whole-corpus run linear in its size.
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
#: A token in more claims than this finds too much to be worth ranking.
COMMON = 1000
#: Ids either side of a claim searched when all its tokens are common.
WINDOW = 5_000

#: The stored vector (migration 0008): ranking reads it instead of parsing each text again.
_TSV = "claims.search_vector"
_SQL = {
    # the claim's own document is left out by the ids of its claims (one list, read once
    # through the document index), not by a join to claims for every row the index ranks
    "sqlite": (
        "SELECT rowid FROM claims_fts "
        "WHERE claims_fts MATCH :q AND rowid BETWEEN :lo AND :hi "
        "AND rowid NOT IN (SELECT id FROM claims WHERE document_id = :doc) "
        "ORDER BY bm25(claims_fts), rowid LIMIT :k"
    ),
    "postgresql": (
        f"SELECT claims.id FROM claims WHERE {_TSV} @@ to_tsquery('simple', :q) "
        "AND claims.id BETWEEN :lo AND :hi AND claims.document_id <> :doc "
        f"ORDER BY ts_rank({_TSV}, to_tsquery('simple', :q)) DESC, claims.id LIMIT :k"
    ),
}
_COUNT = {
    "sqlite": "SELECT count(*) FROM (SELECT rowid FROM claims_fts "
    "WHERE claims_fts MATCH :q LIMIT :cap)",
    "postgresql": f"SELECT count(*) FROM (SELECT 1 FROM claims WHERE {_TSV} "
    "@@ to_tsquery('simple', :q) LIMIT :cap) AS hits",
}
_MAX_ID = 2**62


def _match(dialect: str, words: list[str]) -> str:
    if dialect == "postgresql":
        if len(words) == 1:
            return words[0]
        return " | ".join(f"({a} & {b})" for a, b in combinations(words, 2))
    if len(words) == 1:
        return f'"{words[0]}"'
    return " OR ".join(f'("{a}" AND "{b}")' for a, b in combinations(words, 2))


class Candidates:
    """The index lookups of one run, with the token counts it has already asked for."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = "postgresql" if conn.dialect.name == "postgresql" else "sqlite"
        self._counts: dict[str, int] = {}
        if self.dialect == "postgresql" and (conn.dialect.server_version_info or (0,)) >= (12,):
            # psycopg prepares a statement run five times, and the server then plans it
            # once for any parameters: blind to the query's words and to the LIMIT, that
            # generic plan scans the whole table (58 ms a count at 10k claims, where the
            # index takes 3 ms; links --document took 11.2 s instead of 1.0 s). This read
            # transaction plans each statement for its own parameters.
            conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))

    def count(self, token: str) -> int:
        """Claims holding the token, counted up to ``COMMON + 1``."""
        known = self._counts.get(token)
        if known is None:
            q = _match(self.dialect, [token])
            known = int(
                self.conn.execute(
                    text(_COUNT[self.dialect]), {"q": q, "cap": COMMON + 1}
                ).scalar_one()
            )
            self._counts[token] = known
        return known

    def query_tokens(self, profile: Profile) -> tuple[list[str], bool]:
        """The tokens to send, and whether they are all common (then the window applies)."""
        counted = [(t, self.count(t)) for t in profile.content()]
        ranked = sorted(
            counted,
            key=lambda tc: (
                tc[0] not in profile.numbers,
                tc[0] not in profile.places,
                tc[1],
                tc[0],
            ),
        )
        rare = [t for t, n in ranked if 1 < n <= COMMON]
        if rare:
            return rare[:QUERY_TOKENS], False
        return [t for t, n in ranked if n > 1][:QUERY_TOKENS], True

    def of(self, profile: Profile, per_claim: int = PER_CLAIM) -> list[int]:
        """Ids of claims of other documents sharing telling tokens with this one, best first."""
        words, common = self.query_tokens(profile)
        if not words:
            return []
        lo, hi = (profile.id - WINDOW, profile.id + WINDOW) if common else (0, _MAX_ID)
        params = {"q": _match(self.dialect, words), "doc": profile.document_id}
        rows = self.conn.execute(
            text(_SQL[self.dialect]), {**params, "lo": lo, "hi": hi, "k": per_claim}
        )
        return [int(r[0]) for r in rows]
