"""Reads about actors: one actor's record, and tracing through an actor (the counts of
every actor: :mod:`provenance.queries.actor_counts`).

Upstream and downstream walks are recursive queries over relay hops (position n-1 or
n+1 of the same chain), so an actor's neighbourhood costs one statement whatever the
length of the chains. SQL text run by a :class:`~provenance.store.reader.Reader` (see
:mod:`provenance.queries.claims`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from provenance.queries.card import actor_summary
from provenance.queries.claims import AFFILIATES, Db, chains_of, resolve_actor
from provenance.queries.overview import relations
from provenance.queries.rows import claim_label
from provenance.store.reader import Reader, as_reader, day, in_list

_UPSTREAM = """
SELECT claims.id, claims.key, documents.key, up_actor.key, up_actor.name, r.cue
FROM relays r
JOIN claims ON claims.id = r.claim_id
JOIN documents ON documents.id = claims.document_id
LEFT JOIN relays prev
  ON prev.claim_id = r.claim_id AND prev.chain_no = r.chain_no AND prev.position = r.position - 1
JOIN actors up_actor ON up_actor.id = coalesce(prev.actor_id, claims.originator_id)
WHERE r.actor_id IN {ids}
ORDER BY documents.key, claims.id"""


def _upstream_hops(r: Reader, actor_ids: list[int]) -> list[dict[str, Any]]:
    """For each hop by the actor: the claim and the actor it got it from (the previous hop,
    or the originator at position 1)."""
    listed, params = in_list("actor", actor_ids)
    names = ("id", "key", "document", "from_key", "from_name", "cue")
    return [dict(zip(names, row, strict=True)) for row in r(_UPSTREAM.format(ids=listed), params)]


def actor_record(db: Db, ref: str, *, with_affiliates: bool = False) -> dict[str, Any]:
    """What an actor originated, relayed (and from whom), and the contradictions either way.

    With ``with_affiliates``, what its affiliates said counts for it too (each such claim
    then names its speaker under ``by``); ``published`` lists the documents it published.
    """
    r = as_reader(db)
    actor_id = resolve_actor(r, ref)
    key = r.scalar("SELECT key FROM actors WHERE id = :id", {"id": actor_id})
    ids = affiliates_of(r, actor_id) if with_affiliates else [actor_id]
    record = actor_summary(r, key)
    listed, params = in_list("actor", ids)
    originated = r(
        "SELECT c.key, d.key, c.kind, c.quote, a.key FROM claims c "
        "JOIN documents d ON d.id = c.document_id JOIN actors a ON a.id = c.originator_id "
        f"WHERE c.originator_id IN {listed} ORDER BY d.key, c.id",
        params,
    )
    record["originated"] = [
        {"claim": claim_label(doc, k), "kind": kind, "quote": quote}
        | ({"by": by} if with_affiliates else {})
        for k, doc, kind, quote, by in originated
    ]
    relayed = _upstream_hops(r, ids)
    record["relayed"] = [
        {"claim": claim_label(h["document"], h["key"]), "from": h["from_key"], "cue": h["cue"]}
        for h in relayed
    ]
    upstream: dict[str, int] = defaultdict(int)
    for h in relayed:
        upstream[h["from_key"]] += 1
    record["upstream"] = [{"actor": k, "claims": n} for k, n in sorted(upstream.items())]
    record["contradicts"], record["contradicted_by"] = _contradictions_of(r, ids)
    record["published"] = published_by(r, actor_id)
    if with_affiliates:
        names = r(f"SELECT key FROM actors WHERE id IN {listed} ORDER BY key", params)
        record["affiliates"] = [k for (k,) in names if k != key]
    return record


# -- the publisher is the last hand, and affiliates speak for their organisation ---------


def published_by(db: Db, actor_id: int) -> list[dict[str, Any]]:
    """The documents an actor published, each with its date, title and claim count."""
    rows = as_reader(db)(
        "SELECT d.key, d.published, d.title, count(c.id) FROM documents d "
        "LEFT JOIN claims c ON c.document_id = d.id WHERE d.publisher_id = :actor_id "
        "GROUP BY d.id, d.key, d.published, d.title ORDER BY d.key",
        {"actor_id": actor_id},
    )
    return [{"document": k, "date": day(p), "title": t, "claims": int(n)} for k, p, t, n in rows]


def affiliates_of(db: Db, actor_id: int) -> list[int]:
    """The actor and everyone affiliated with it, directly or through others (a recursive
    query over ``affiliation_id`` that ends even on a cycle: see :data:`AFFILIATES`)."""
    return sorted(int(i) for (i,) in as_reader(db)(AFFILIATES, {"actor_id": actor_id}))


def _contradictions_of(
    r: Reader, actor_ids: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    listed, params = in_list("actor", actor_ids)
    order = "from_document, from_claim, to_document, to_claim"
    kind = "rel.type = 'contradicts'"
    mine = [
        {
            "claim": claim_label(row["from_document"], row["from_claim"]),
            "against": claim_label(row["to_document"], row["to_claim"]),
            "actor": row["to_actor"],
        }
        for row in relations(r, [kind, f"from_c.originator_id IN {listed}"], params, order)
    ]
    theirs = [
        {
            "claim": claim_label(row["to_document"], row["to_claim"]),
            "by": claim_label(row["from_document"], row["from_claim"]),
            "actor": row["from_actor"],
        }
        for row in relations(r, [kind, f"to_c.originator_id IN {listed}"], params, order)
    ]
    return mine, theirs


def trace(
    db: Db, ref: str, *, downstream: bool = False, with_affiliates: bool = False
) -> dict[str, Any]:
    """Everything that reached readers through an actor, grouped by original source.

    Upstream (default): for each hop by the actor, the recursive walk back to position 1
    gives the path from the originator; the claims of documents the actor published end
    their paths with it (the publisher is the last hand). Downstream: the walk forward
    from the actor's hop (or from the originator, for its own claims) gives who passed it
    on. ``with_affiliates`` walks from the actor's affiliates as well.
    """
    r = as_reader(db)
    actor_id = resolve_actor(r, ref)
    key = r.scalar("SELECT key FROM actors WHERE id = :id", {"id": actor_id})
    ids = affiliates_of(r, actor_id) if with_affiliates else [actor_id]
    if downstream:
        walk = [w for i in ids for w in _walk_down(r, i)]
    else:
        walk = _walk_up(r, ids) + _published_paths(r, ids)
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    names: dict[str, str] = dict(r("SELECT key, name FROM actors"))
    for path, claim in walk:
        groups[path].append(claim)
    rows = []
    for path, claims in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        unique = sorted(set(claims))
        rows.append(
            {
                "source": path[0],
                "path": list(path),
                "path_names": [names.get(p, p) for p in path],
                "documents": sorted({c.rsplit("/", 1)[0] for c in unique}),
                "claims": unique,
                "count": len(unique),
            }
        )
    return {"actor": key, "direction": "downstream" if downstream else "upstream", "paths": rows}


def _published_paths(r: Reader, actor_ids: list[int]) -> list[tuple[tuple[str, ...], str]]:
    """For claims of documents these actors published: originator, hops, then the publisher.

    A claim the publisher also relays already has its path from :func:`_walk_up`.
    """
    listed, params = in_list("actor", actor_ids)
    rows = r(
        "SELECT c.id, c.key, d.key, org.key, pub.key FROM claims c "
        "JOIN documents d ON d.id = c.document_id JOIN actors pub ON pub.id = d.publisher_id "
        "JOIN actors org ON org.id = c.originator_id "
        f"WHERE d.publisher_id IN {listed} ORDER BY c.id",
        params,
    )
    chains = chains_of(r, [row[0] for row in rows])
    out = []
    for claim_id, key, document, originator, publisher in rows:
        label = claim_label(document, key)
        for chain in chains.get(claim_id) or [[]]:
            hops = [h["key"] for h in chain]
            if publisher in hops or publisher == originator:
                continue
            out.append(((originator, *hops, publisher), label))
    return out


_UP = """
WITH RECURSIVE up(claim_id, chain_no, position, actor_id, depth) AS (
  SELECT claim_id, chain_no, position, actor_id, 0 FROM relays WHERE actor_id IN {ids}
  UNION ALL
  SELECT prev.claim_id, prev.chain_no, prev.position, prev.actor_id, up.depth + 1
  FROM relays prev JOIN up
    ON prev.claim_id = up.claim_id AND prev.chain_no = up.chain_no
   AND prev.position = up.position - 1
)
SELECT up.claim_id, up.chain_no, up.position, actors.key, claims.key, documents.key
FROM up
JOIN actors ON actors.id = up.actor_id
JOIN claims ON claims.id = up.claim_id
JOIN documents ON documents.id = claims.document_id
ORDER BY up.claim_id, up.chain_no, up.position"""


def _walk_up(r: Reader, actor_ids: list[int]) -> list[tuple[tuple[str, ...], str]]:
    listed, params = in_list("actor", actor_ids)
    originators: dict[int, str] = dict(
        r(
            "SELECT claims.id, actors.key FROM claims "
            "JOIN actors ON actors.id = claims.originator_id "
            f"WHERE claims.id IN (SELECT claim_id FROM relays WHERE actor_id IN {listed})",
            params,
        )
    )
    # each row is one hop upstream of (claim, chain); group them into paths in Python
    paths: dict[tuple[int, int], list[str]] = defaultdict(list)
    labels: dict[tuple[int, int], str] = {}
    for claim_id, chain_no, _position, key, claim_key, document in r(
        _UP.format(ids=listed), params
    ):
        ident = (claim_id, chain_no)
        hops = paths[ident]
        if not hops or hops[-1] != key:
            hops.append(key)
        labels[ident] = claim_label(document, claim_key)
    return [
        ((originators[claim_id], *hops), labels[(claim_id, chain_no)])
        for (claim_id, chain_no), hops in paths.items()
    ]


# anchors: the actor's own claims (position 0 of each chain, or of no chain at all) and
# every hop where it relays something
_DOWN = """
WITH RECURSIVE down(claim_id, chain_no, position) AS (
  SELECT claim_id, chain_no, position FROM (
    SELECT r.claim_id, r.chain_no, 0 AS position
    FROM relays r JOIN claims ON claims.id = r.claim_id
    WHERE claims.originator_id = :actor_id AND r.position = 1
    UNION ALL
    SELECT claims.id, 0, 0 FROM claims
    WHERE claims.originator_id = :actor_id
      AND NOT EXISTS (SELECT 1 FROM relays r WHERE r.claim_id = claims.id)
    UNION ALL
    SELECT r.claim_id, r.chain_no, r.position FROM relays r WHERE r.actor_id = :actor_id
  ) anchor
  UNION ALL
  SELECT nxt.claim_id, nxt.chain_no, nxt.position
  FROM relays nxt JOIN down
    ON nxt.claim_id = down.claim_id AND nxt.chain_no = down.chain_no
   AND nxt.position = down.position + 1
)
SELECT down.claim_id, down.chain_no, down.position, hop_actor.key, claims.key, documents.key
FROM down
JOIN claims ON claims.id = down.claim_id
JOIN documents ON documents.id = claims.document_id
LEFT JOIN relays here
  ON here.claim_id = down.claim_id AND here.chain_no = down.chain_no
 AND here.position = down.position
LEFT JOIN actors hop_actor ON hop_actor.id = here.actor_id
ORDER BY down.claim_id, down.chain_no, down.position"""


def _walk_down(r: Reader, actor_id: int) -> list[tuple[tuple[str, ...], str]]:
    key = r.scalar("SELECT key FROM actors WHERE id = :id", {"id": actor_id})
    paths: dict[tuple[int, int, int], list[str]] = {}
    labels: dict[tuple[int, int, int], str] = {}
    current: dict[tuple[int, int], tuple[int, int, int]] = {}
    for claim_id, chain_no, position, actor, claim_key, document in r(
        _DOWN, {"actor_id": actor_id}
    ):
        chain = (claim_id, chain_no)
        if position == 0 or actor == key:
            ident = (claim_id, chain_no, position)
            current[chain] = ident
            paths[ident] = [key]
            labels[ident] = claim_label(document, claim_key)
        elif chain in current:
            paths[current[chain]].append(actor)
    return [(tuple(hops), labels[ident]) for ident, hops in paths.items()]
