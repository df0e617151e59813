"""Affiliation cycles: actors who are, through their affiliations, affiliated to themselves.

An import checks the affiliations it declares, but a cycle can be closed across two
imports (``a`` affiliated to ``b`` in one file, ``b`` to ``a`` in a later one), so
``db check`` looks for cycles in what is stored. Its own module: it reads only actors.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from provenance.store.models import Actor


def affiliation_cycles(conn: Connection) -> list[str]:
    """One line per cycle, starting at its smallest key, in key order.

    Each actor has at most one affiliation, so following them from every actor is
    linear: a walk stops at an actor already seen, and only a walk that meets its own
    path has found a new cycle.
    """
    rows = conn.execute(
        select(Actor.id, Actor.key, Actor.affiliation_id).where(Actor.affiliation_id.is_not(None))
    ).all()
    parent = {actor_id: affiliation for actor_id, _key, affiliation in rows}
    keys = {actor_id: key for actor_id, key, _affiliation in rows}
    done: set[int] = set()
    cycles: list[list[str]] = []
    for start in parent:
        path: dict[int, int] = {}
        node: int | None = start
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = parent.get(node)
        if node is not None and node in path:
            loop = [keys[n] for n in list(path)[path[node] :]]
            first = loop.index(min(loop))
            cycles.append(loop[first:] + loop[:first])
        done.update(path)
    return [
        f"actor {loop[0]}: affiliation cycle: {' -> '.join([*loop, loop[0]])}"
        for loop in sorted(cycles)
    ]
