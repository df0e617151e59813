"""``provenance links``: suggested relations between claims of different documents."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from provenance.links.candidates import Candidates
from provenance.links.components import confirmed_stories
from provenance.links.profile import Profile, load_profiles
from provenance.links.scoring import Link, compare
from provenance.queries.claims import resolve_document
from provenance.store import tables as schema

LINK_TYPES = ("repeats", "contradicts", "updates")
#: Claims whose candidates are fetched together (their profiles loaded in one go).
BATCH = 500


def _related_pairs(conn: Connection, ids: Sequence[int] | None) -> set[frozenset[int]]:
    """Pairs already joined by a relation of any type, in either direction."""
    rel = schema.claim_relations
    q = select(rel.c.from_claim_id, rel.c.to_claim_id)
    if ids is not None:
        q = q.where(or_(rel.c.from_claim_id.in_(list(ids)), rel.c.to_claim_id.in_(list(ids))))
    return {frozenset(pair) for pair in conn.execute(q)}


def _source_ids(conn: Connection, document: str | None) -> list[int]:
    q = select(schema.claims.c.id).order_by(schema.claims.c.id)
    if document is not None:
        q = q.where(schema.claims.c.document_id == resolve_document(conn, document))
    return [int(r[0]) for r in conn.execute(q)]


def iter_links(
    conn: Connection, *, document: str | None = None, min_score: float = 0.0
) -> Iterator[Link]:
    """Every suggestion touching the chosen claims, each pair once, in no particular order.

    Pairs already related (directly, or in one story through confirmed ``repeats``) are
    left out: a person has seen them.

    Claims are taken in batches: a batch's candidates come from the index, then the
    profiles of the batch and of its candidates are loaded together and compared.
    """
    sources = _source_ids(conn, document)
    related = _related_pairs(conn, sources if document is not None else None)
    stories = confirmed_stories(conn)
    index = Candidates(conn)
    seen: set[frozenset[int]] = set()
    cache: dict[int, Profile] = {}
    for start in range(0, len(sources), BATCH):
        batch = sources[start : start + BATCH]
        _fill(conn, cache, batch)
        found = {cid: index.of(cache[cid]) for cid in batch if cid in cache}
        _fill(conn, cache, {c for ids in found.values() for c in ids})
        for cid, others in found.items():
            for other in others:
                pair = frozenset((cid, other))
                if pair in seen or pair in related or other not in cache:
                    continue
                if stories.same(cid, other):
                    continue
                seen.add(pair)
                link = compare(cache[cid], cache[other])
                if link is not None and link.score >= min_score:
                    yield link
        if document is None:
            # a claim is compared with later batches only through its own candidates, so
            # earlier profiles can go (keeps memory flat over a whole corpus)
            for cid in batch:
                cache.pop(cid, None)


def _fill(conn: Connection, cache: dict[int, Profile], ids: Any) -> None:
    missing = [i for i in ids if i not in cache]
    if missing:
        cache.update(load_profiles(conn, missing))


def suggest_links(
    conn: Connection,
    *,
    document: str | None = None,
    types: Sequence[str] | None = None,
    min_score: float = 0.0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Suggested relations, best first (score, then from and to for a stable order)."""
    wanted = set(types or LINK_TYPES)
    links = [
        link
        for link in iter_links(conn, document=document, min_score=min_score)
        if link.type in wanted
    ]
    links.sort(key=lambda k: (-k.score, k.source.ref, k.target.ref))
    rows = [link.row() for link in links]
    return rows[:limit] if limit is not None else rows
