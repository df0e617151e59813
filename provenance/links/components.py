"""Claims joined by confirmed ``repeats`` relations: one story told in several places.

Union-find over the relations (either direction, transitively), so a story is found in
one pass over the ``repeats`` rows whatever its length and whatever loops it holds.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Connection

from provenance.store import tables as schema


class Stories:
    """Which claims are the same story by confirmed ``repeats`` relations."""

    def __init__(self, pairs: list[tuple[int, int]]) -> None:
        self._parent: dict[int, int] = {}
        for a, b in pairs:
            self._parent.setdefault(a, a)
            self._parent.setdefault(b, b)
            self._union(a, b)

    def _find(self, x: int) -> int:
        parent = self._parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def same(self, a: int, b: int) -> bool:
        return self._find(a) == self._find(b)

    def members(self, claim_id: int) -> set[int]:
        root = self._find(claim_id)
        return {x for x in self._parent if self._find(x) == root} | {claim_id}

    def groups(self) -> list[list[int]]:
        """Every story of two claims or more, each sorted, in order of its first claim."""
        out: dict[int, list[int]] = defaultdict(list)
        for x in list(self._parent):
            out[self._find(x)].append(x)
        return sorted((sorted(v) for v in out.values() if len(v) > 1), key=lambda g: g[0])


def confirmed_stories(conn: Connection) -> Stories:
    rel = schema.claim_relations
    rows = conn.execute(
        select(rel.c.from_claim_id, rel.c.to_claim_id).where(rel.c.type == "repeats")
    )
    return Stories([(int(a), int(b)) for a, b in rows])
