"""``provenance chain REF`` on an SQLite file in plain SQL: the tree without SQLAlchemy.

A chain is a handful of index lookups (milliseconds at any size); the rest of the command
is start-up, and SQLAlchemy with the ORM models is most of that. So for one claim named
unambiguously, these three statements build the very tree
:func:`provenance.queries.claims.chain_tree` builds (a test compares the two on every claim of
the test corpora). Anything else (no such claim, a key in several documents, --all) goes
to the general path, which owns the error messages and their hints.
"""

from __future__ import annotations

import sqlite3
from typing import Any

MAX_ID = 2**63 - 1  # the largest id either backend stores

_CLAIM = """
SELECT c.id, c.key, d.key, c.quote, c.cue, o.key, o.name, o.kind, d.title, p.key, p.name
FROM claims c
JOIN documents d ON d.id = c.document_id
JOIN actors o ON o.id = c.originator_id
LEFT JOIN actors p ON p.id = d.publisher_id
WHERE c.id = ?
"""

# as queries.chains_of: each chain from its first hop, then the hop at the next position
_CHAINS = """
WITH RECURSIVE hop(chain_no, position, actor_id, cue) AS (
  SELECT chain_no, position, actor_id, cue FROM relays WHERE claim_id = ?1 AND position = 1
  UNION ALL
  SELECT r.chain_no, r.position, r.actor_id, r.cue
  FROM relays r JOIN hop h
    ON r.claim_id = ?1 AND r.chain_no = h.chain_no AND r.position = h.position + 1
)
SELECT hop.chain_no, hop.cue, a.key, a.name, a.kind
FROM hop JOIN actors a ON a.id = hop.actor_id
ORDER BY hop.chain_no, hop.position
"""


def resolve(con: sqlite3.Connection, ref: str) -> int | None:
    """The id of the one claim ``ref`` names (as queries.resolve_claim), else None."""
    ref = ref.strip()
    if ref.isascii() and ref.isdigit():
        if int(ref) > MAX_ID:
            return None
        row = con.execute("SELECT id FROM claims WHERE id = ?", (int(ref),)).fetchone()
        return int(row[0]) if row else None
    doc, _, key = ref.rpartition("/")
    sql = "SELECT c.id FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.key = ?"
    params: tuple[str, ...] = (key,)
    if doc:
        sql, params = sql + " AND d.key = ?", (key, doc)
    rows = con.execute(sql + " LIMIT 2", params).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def chain_tree(con: sqlite3.Connection, claim_id: int) -> dict[str, Any]:
    row = con.execute(_CLAIM, (claim_id,)).fetchone()
    chains: dict[int, list[dict[str, Any]]] = {}
    for chain_no, cue, key, name, kind in con.execute(_CHAINS, (claim_id,)):
        chains.setdefault(chain_no, []).append({"key": key, "name": name, "kind": kind, "cue": cue})
    return {
        "id": row[0],
        "key": row[1],
        "document": row[2],
        "quote": row[3],
        "cue": row[4],
        "originator": {"key": row[5], "name": row[6], "kind": row[7]},
        "chains": [chains[n] for n in sorted(chains)],
        "published_by": {"key": row[9], "name": row[10]} if row[9] else None,
        "document_title": row[8],
    }


def tree_for(con: sqlite3.Connection, ref: str) -> dict[str, Any] | None:
    """The tree of the claim ``ref`` names, in one read transaction; None if not exactly one."""
    con.execute("BEGIN")
    try:
        claim_id = resolve(con, ref)
        return None if claim_id is None else chain_tree(con, claim_id)
    finally:
        con.execute("ROLLBACK")
