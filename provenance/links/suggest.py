"""``provenance links``: suggested relations between claims of different documents."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator, Sequence
from itertools import islice
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
#: Profiles kept from one batch to the next, the most recently used: a claim is the
#: candidate of claims of many batches, and loading it again costs more than comparing.
KEPT = 10000


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
    # a pair turns up from both sides; it is kept under its later-processed claim only
    # until that claim's turn, so the memory is the pairs still ahead, not all pairs
    ahead: dict[int, set[int]] = {}
    is_source = set(sources)
    cache: dict[int, Profile] = {}
    for start in range(0, len(sources), BATCH):
        batch = sources[start : start + BATCH]
        _fill(conn, cache, batch)
        found = {cid: index.of(cache[cid]) for cid in batch if cid in cache}
        _fill(conn, cache, {c for ids in found.values() for c in ids})
        for cid, others in found.items():
            done = ahead.pop(cid, set())
            for other in others:
                if other in done or other not in cache:
                    continue
                if frozenset((cid, other)) in related or stories.same(cid, other):
                    continue
                if other in is_source and other > cid:
                    ahead.setdefault(other, set()).add(cid)
                link = compare(cache[cid], cache[other])
                if link is not None and link.score >= min_score:
                    yield link
        # only the most recently used profiles are kept: memory stays flat over a whole
        # corpus (a profile is a few kB; 100k of them would not be)
        _keep_recent(cache, [*batch, *(c for ids in found.values() for c in ids)])


def _fill(conn: Connection, cache: dict[int, Profile], ids: Any) -> None:
    missing = [i for i in ids if i not in cache]
    if missing:
        cache.update(load_profiles(conn, missing))


def _keep_recent(cache: dict[int, Profile], used: list[int]) -> None:
    """Mark these profiles as the latest used, then drop the oldest beyond ``KEPT``."""
    for cid in used:
        profile = cache.pop(cid, None)
        if profile is not None:
            cache[cid] = profile
    for cid in list(islice(cache, max(0, len(cache) - KEPT))):
        del cache[cid]


def suggest_links(
    conn: Connection,
    *,
    document: str | None = None,
    types: Sequence[str] | None = None,
    min_score: float = 0.0,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Suggested relations, best first (score, then from and to for a stable order).

    Without a limit every suggestion must be seen before the best can be printed, so they
    are held as compact JSON strings (a few hundred bytes each, not a dict of lists) and
    decoded one by one on the way out. With a limit only the best ``limit`` are held
    (``heapq.nsmallest`` gives exactly ``sorted(...)[:limit]``, ties included), so the
    memory does not grow with the corpus.
    """
    wanted = set(types or LINK_TYPES)
    keyed = (
        (-row["score"], row["from"], row["to"], json.dumps(row, ensure_ascii=False))
        for row in (
            link.row()
            for link in iter_links(conn, document=document, min_score=min_score)
            if link.type in wanted
        )
    )
    held = sorted(keyed) if limit is None else heapq.nsmallest(limit, keyed)
    for *_, text in held:
        yield json.loads(text)
