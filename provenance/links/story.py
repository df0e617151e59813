"""``provenance story``: one claim through every document that carries it, in date order.

Each appearance is compared with the one it came from: the claim it confirmedly
``repeats`` (or, for a suggestion, the claim it was found against), else the appearance
just before it. The differences a researcher looks for are named: another originator,
a dropped hop, other numbers, other hedging.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from provenance.links.candidates import Candidates
from provenance.links.components import confirmed_stories
from provenance.links.profile import Profile, load_profiles
from provenance.links.scoring import compare, number_change
from provenance.queries.claims import resolve_claim
from provenance.store import tables as schema

#: --suggested takes repeats scored at least this (the links default view starts lower).
SUGGESTED_MIN_SCORE = 0.6


def printed_chain(p: Profile) -> list[str]:
    """Actor keys as the document prints them: originator, hops, then the publisher."""
    hops = p.chains[0] if p.chains else []
    tail = [p.publisher] if p.publisher and p.publisher not in hops else []
    return [p.originator, *hops, *tail]


def _printed_names(p: Profile) -> str:
    hops = p.chain_names[0] if p.chain_names else []
    names = [p.originator_name, *hops]
    if p.publisher and p.publisher not in (p.chains[0] if p.chains else []):
        names.append(str(p.publisher_name))
    return " > ".join(names)


def _repeated(conn: Connection, ids: set[int]) -> dict[int, set[int]]:
    """For each claim, the claims it says it ``repeats`` (where it came from)."""
    rel = schema.claim_relations
    rows = conn.execute(
        select(rel.c.from_claim_id, rel.c.to_claim_id).where(
            rel.c.type == "repeats", rel.c.from_claim_id.in_(list(ids))
        )
    )
    out: dict[int, set[int]] = {i: set() for i in ids}
    for a, b in rows:
        if b in ids:
            out[a].add(b)
    return out


def _date(p: Profile) -> str:
    return p.date.isoformat() if p.date else "9999"


def _in_order(members: dict[int, Profile], sources: dict[int, set[int]]) -> list[Profile]:
    """Date order; on one day, a copy after what it repeats (depth along ``repeats``)."""
    depth = dict.fromkeys(members, 0)
    for _ in range(len(members)):  # relaxation, bounded: loops cannot make it spin
        changed = False
        for x, ys in sources.items():
            for y in ys:
                if _date(members[y]) <= _date(members[x]) and depth[x] <= depth[y]:
                    depth[x], changed = depth[y] + 1, True
        if not changed:
            break
    return sorted(members.values(), key=lambda p: (_date(p), depth[p.id], p.document, p.key))


def _suggested(
    conn: Connection, members: dict[int, Profile], min_score: float
) -> dict[int, tuple[int, float]]:
    """Claims suggested as repeats of a confirmed member: id -> (best member, its score).

    Members are visited in id order and the best score wins (ties: the first member), so
    the answer does not depend on the order rows come back from the database.
    """
    confirmed = set(members)
    index = Candidates(conn)
    found: dict[int, tuple[int, float]] = {}
    for member_id in sorted(confirmed):
        member = members[member_id]
        others = [c for c in index.of(member) if c not in confirmed]
        for other in load_profiles(conn, others).values():
            link = compare(member, other)
            if link is None or link.type != "repeats" or link.score < min_score:
                continue
            if other.id not in found or found[other.id][1] < link.score:
                found[other.id] = (member.id, link.score)
                members.setdefault(other.id, other)
    return found


def changes(before: Profile, after: Profile) -> list[dict[str, str]]:
    """What changed from one appearance to the next, in the four respects that matter."""
    out = []
    if before.originator != after.originator:
        anonymous = {before.originator_kind, after.originator_kind} & {"anonymous_source"}
        kind = "originator"
        if anonymous and before.originator_kind != after.originator_kind:
            kind = (
                "anonymous source named"
                if before.originator_kind == "anonymous_source"
                else "named source made anonymous"
            )
        detail = f"{before.originator_name} → {after.originator_name}"
        out.append({"change": kind, "detail": detail})
    kept = set(printed_chain(after))
    dropped = [a for a in printed_chain(before)[1:] if a not in kept]
    if dropped:
        out.append({"change": "hop dropped", "detail": ", ".join(dropped) + " no longer credited"})
    numbers = number_change(before, after)
    if numbers:
        out.append({"change": "numbers", "detail": numbers})
    if before.hedged != after.hedged:
        detail = "conditional → indicative" if before.hedged else "indicative → conditional"
        out.append({"change": "hedging", "detail": detail})
    return out


def story(
    conn: Connection,
    ref: str,
    *,
    suggested: bool = False,
    min_score: float = SUGGESTED_MIN_SCORE,
) -> dict[str, Any]:
    """The claim's appearances in date order, what changed between them, who amplified it."""
    claim_id = resolve_claim(conn, ref)
    ids = confirmed_stories(conn).members(claim_id)
    members = load_profiles(conn, ids)
    found = _suggested(conn, members, min_score) if suggested else {}
    if found:  # a suggested claim brings its own confirmed story along
        stories = confirmed_stories(conn)
        extra = set().union(*(stories.members(i) for i in found)) - set(members)
        members.update(load_profiles(conn, extra))
    sources = _repeated(conn, set(members))
    ordered = _in_order(members, sources)
    position = {p.id: i for i, p in enumerate(ordered)}
    appearances = []
    for i, p in enumerate(ordered):
        earlier = [s for s in sources.get(p.id, set()) if position.get(s, i) < i]
        if p.id in found and position[found[p.id][0]] < i:
            earlier.append(found[p.id][0])
        parent = max(earlier, key=lambda s: position[s]) if earlier else None
        if parent is None and i > 0:
            parent = ordered[i - 1].id
        appearances.append(_appearance(p, members.get(parent) if parent else None, found))
    return {
        "claim": members[claim_id].ref,
        "first": appearances[0]["claim"],
        "appearances": appearances,
        "amplifiers": _amplifiers(ordered),
    }


def _appearance(
    p: Profile, parent: Profile | None, found: dict[int, tuple[int, float]]
) -> dict[str, Any]:
    return {
        "claim": p.ref,
        "document": p.document,
        "date": p.date.isoformat() if p.date else None,
        "publisher": {"key": p.publisher, "name": p.publisher_name} if p.publisher else None,
        "originator": {"key": p.originator, "name": p.originator_name, "kind": p.originator_kind},
        "chain": _printed_names(p),
        "quote": p.quote,
        "link": "suggested" if p.id in found else "confirmed",
        "score": found[p.id][1] if p.id in found else None,
        "after": parent.ref if parent else None,
        "changes": changes(parent, p) if parent else [],
    }


def _amplifiers(ordered: list[Profile]) -> list[dict[str, Any]]:
    """Every hand after the first appearance's publisher: relays and publishers, by count."""
    first = ordered[0]
    count: Counter[str] = Counter()
    for p in ordered:
        hands = {a for chain in p.chains for a in chain}
        if p is not first and p.publisher:
            hands.add(p.publisher)
        count.update(hands - {p.originator, first.publisher})
    return [{"actor": a, "appearances": n} for a, n in sorted(count.items(), key=_by_count)]


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])
