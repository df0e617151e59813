"""Affiliation cycles: actors who are, through their affiliations, affiliated to themselves.

An import checks the affiliations it declares, but a cycle can be closed across two
imports (``a`` affiliated to ``b`` in one file, ``b`` to ``a`` in a later one), so
``db check`` looks for cycles in what is stored. :func:`find_cycles` works on plain keys
so that an import can run the same search over the stored affiliations overlaid with
its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.engine import Connection

from provenance.store import tables as schema


def find_cycles(parent: Mapping[str, str]) -> list[list[str]]:
    """Each cycle of ``actor -> affiliation`` once, starting at its smallest key, sorted.

    Each actor has at most one affiliation, so following them from every actor is
    linear: a walk stops at an actor already seen, and only a walk that meets its own
    path has found a new cycle.
    """
    done: set[str] = set()
    cycles: list[list[str]] = []
    for start in parent:
        path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = parent.get(node)
        if node is not None and node in path:
            loop = list(path)[path[node] :]
            first = loop.index(min(loop))
            cycles.append(loop[first:] + loop[:first])
        done.update(path)
    return sorted(cycles)


def stored_cycles(conn: Connection) -> list[list[str]]:
    """The cycles among the stored affiliations (:func:`find_cycles`)."""
    actor = schema.actors
    parent = actor.alias("parent")
    rows = conn.execute(
        select(actor.c.key, parent.c.key).join(parent, parent.c.id == actor.c.affiliation_id)
    ).all()
    return find_cycles({key: affiliation for key, affiliation in rows})


def affiliation_cycles(conn: Connection) -> list[str]:
    """One ``db check`` line per stored cycle."""
    return [
        f"actor {loop[0]}: affiliation cycle: {' -> '.join([*loop, loop[0]])}"
        for loop in stored_cycles(conn)
    ]
