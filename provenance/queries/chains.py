"""One claim's lookup and chain tree, in SQL text that every runner takes.

``provenance chain REF`` is a handful of index lookups (milliseconds at any size). The
statements take any :data:`Run`: a :class:`~provenance.store.reader.Reader` (sqlite3 or
psycopg, no SQLAlchemy to import), or the web plugin's own sqlite3 connection.

A REF names a claim by key (``KEY``, unique across documents, or ``DOCUMENT/KEY``) or by
id. A key match wins over an id: ``1`` is the claim whose key is ``1`` when there is one,
else the claim with id 1; ``#1`` is always the id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from provenance.queries.rows import ChainTree, Hop, actor_ref, chain_tree, hop, publisher

#: Runs one statement with ``:name`` parameters and returns its rows.
Run = Callable[[str, Mapping[str, Any]], Iterable[Sequence[Any]]]

#: ids are INTEGER columns: 32 bits on PostgreSQL, and SQLite assigns them in order
MAX_ID = 2**31 - 1

_BY_KEY = """
SELECT c.id, d.key FROM claims c JOIN documents d ON d.id = c.document_id
WHERE c.key = :key"""

_BY_ID = """
SELECT c.id, d.key FROM claims c JOIN documents d ON d.id = c.document_id
WHERE c.id = :id"""

_CLAIM = """
SELECT c.id, c.key, d.key, c.quote, c.cue, o.key, o.name, o.kind, d.title, p.key, p.name
FROM claims c
JOIN documents d ON d.id = c.document_id
JOIN actors o ON o.id = c.originator_id
LEFT JOIN actors p ON p.id = d.publisher_id
WHERE c.id = :claim_id"""

# each chain from its first hop, then the hop at the next position: index probes only
# (tests/test_query_plans.py holds the plan to that)
_CHAINS = """
WITH RECURSIVE hop(chain_no, position, actor_id, cue) AS (
  SELECT chain_no, position, actor_id, cue FROM relays
  WHERE claim_id = :claim_id AND position = 1
  UNION ALL
  SELECT r.chain_no, r.position, r.actor_id, r.cue
  FROM relays r JOIN hop h
    ON r.claim_id = :claim_id AND r.chain_no = h.chain_no AND r.position = h.position + 1
)
SELECT hop.chain_no, hop.cue, a.key, a.name, a.kind
FROM hop JOIN actors a ON a.id = hop.actor_id
ORDER BY hop.chain_no, hop.position"""


def claims_named(run: Run, ref: str) -> list[tuple[int, str]]:
    """The (id, document key) of each claim ``ref`` names, by document key."""
    ref = ref.strip()
    if not ref.startswith("#"):
        doc, _, key = ref.rpartition("/")
        sql, params = _BY_KEY, {"key": key}
        if doc:
            sql, params = sql + " AND d.key = :doc", {"key": key, "doc": doc}
        found = [(int(i), str(d)) for i, d in run(sql + " ORDER BY d.key LIMIT 100", params)]
        if found:
            return found
    digits = ref.removeprefix("#")
    if digits.isascii() and digits.isdigit() and int(digits) <= MAX_ID:
        return [(int(i), str(d)) for i, d in run(_BY_ID, {"id": int(digits)})]
    return []


def chain_tree_of(run: Run, claim_id: int) -> ChainTree:
    """The tree ``provenance chain`` prints: the originator at the root, hops outward."""
    row = next(iter(run(_CLAIM, {"claim_id": claim_id})))
    claim = {
        "id": row[0],
        "key": row[1],
        "document": row[2],
        "quote": row[3],
        "cue": row[4],
        "originator": actor_ref(row[5], row[6], row[7]),
        "chains": chains_of_claim(run, claim_id),
    }
    return chain_tree(claim, publisher(row[9], row[10]), row[8])


def chains_of_claim(run: Run, claim_id: int) -> list[list[Hop]]:
    chains: dict[int, list[Hop]] = {}
    for chain_no, cue, key, name, kind in run(_CHAINS, {"claim_id": claim_id}):
        chains.setdefault(chain_no, []).append(hop(key, name, kind, cue))
    return [chains[n] for n in sorted(chains)]
