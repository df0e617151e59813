"""``provenance loops``: citation loops across documents and single-source amplification.

Both read the stories of confirmed ``repeats`` relations. In a story, the publisher of
each appearance credits the actors of its chain; a loop is a cycle of such credits
between outlets (Sputnik credits Press TV, whose copy credits Sputnik). A single-source
story is one whose every appearance names the same originator, however many outlets
carry it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.engine import Connection

from provenance.links.components import confirmed_stories
from provenance.links.profile import Profile, load_profiles

#: Longest cycle looked for (outlets in a loop); real loops are two or three outlets.
MAX_CYCLE = 6


def _credits(profiles: list[Profile]) -> dict[str, dict[str, list[str]]]:
    """publisher -> credited actor -> the claims where it does so."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in profiles:
        if not p.publisher:
            continue
        for actor in {a for chain in p.chains for a in chain} - {p.publisher}:
            graph[p.publisher][actor].append(p.ref)
    return graph


def _cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Simple cycles, each once, starting at its smallest key (depth-first, bounded)."""
    found: list[list[str]] = []

    def walk(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, {})):
            if nxt == start and len(path) > 1:
                found.append(list(path))
            elif nxt > start and nxt not in path and len(path) < MAX_CYCLE:
                walk(start, nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def _by_date(p: Profile) -> tuple[str, str, str]:
    return (p.date.isoformat() if p.date else "9999", p.document, p.key)


def loops(conn: Connection, *, min_outlets: int = 3) -> dict[str, list[dict[str, Any]]]:
    """Citation loops, and single-source stories carried by at least ``min_outlets`` outlets."""
    groups = confirmed_stories(conn).groups()
    profiles = load_profiles(conn, {i for g in groups for i in g})
    found_loops: list[dict[str, Any]] = []
    single: list[dict[str, Any]] = []
    for group in groups:
        members = sorted((profiles[i] for i in group if i in profiles), key=_by_date)
        if not members:
            continue
        graph = _credits(members)
        for cycle in _cycles(graph):
            steps = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
            found_loops.append(
                {
                    "story": members[0].ref,
                    "outlets": cycle,
                    "credits": [
                        {"outlet": a, "credits": b, "claims": sorted(graph[a][b])} for a, b in steps
                    ],
                }
            )
        originators = {p.originator for p in members}
        outlets = sorted({p.publisher for p in members if p.publisher})
        if len(originators) == 1 and len(outlets) >= min_outlets:
            first = members[0]
            single.append(
                {
                    "story": first.ref,
                    "originator": {
                        "key": first.originator,
                        "name": first.originator_name,
                        "kind": first.originator_kind,
                    },
                    "outlets": outlets,
                    "count": len(outlets),
                    "claims": [p.ref for p in members],
                }
            )
    single.sort(key=lambda r: (-r["count"], r["story"]))
    return {"loops": found_loops, "single_source": single}
