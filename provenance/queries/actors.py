"""Reads about actors: counts per actor, one actor's record, and tracing through an actor.

Upstream and downstream walks are recursive queries over relay hops (position n-1 or
n+1 of the same chain), so an actor's neighbourhood costs one statement whatever the
length of the chains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, exists, func, literal, select
from sqlalchemy.engine import Connection

from provenance.queries.claims import actor_summary, affiliation_tree, resolve_actor
from provenance.queries.rows import claim_label
from provenance.store import tables as schema


def _count_by(column: Any, *where: Any, distinct: Any = None) -> Any:
    counted = func.count(func.distinct(distinct)) if distinct is not None else func.count()
    return select(column.label("actor_id"), counted.label("n")).where(*where).group_by(column)


def actor_counts(conn: Connection, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """Every actor with how much it originated, relayed, and contradicted / was contradicted."""
    src = schema.claims.alias("src")
    dst = schema.claims.alias("dst")
    rel = schema.claim_relations
    contradiction = rel.join(src, src.c.id == rel.c.from_claim_id).join(
        dst, dst.c.id == rel.c.to_claim_id
    )
    against_others = and_(rel.c.type == "contradicts", src.c.originator_id != dst.c.originator_id)
    originated = _count_by(schema.claims.c.originator_id).subquery()
    relayed = _count_by(schema.relays.c.actor_id, distinct=schema.relays.c.claim_id).subquery()
    contradicted, contradicting = (
        select(side.c.originator_id.label("actor_id"), func.count().label("n"))
        .select_from(contradiction)
        .where(against_others)
        .group_by(side.c.originator_id)
        .subquery()
        for side in (dst, src)
    )
    d = schema.documents
    published = (
        select(d.c.publisher_id.label("actor_id"), func.count().label("n"))
        .join(schema.claims, schema.claims.c.document_id == d.c.id)
        .group_by(d.c.publisher_id)
        .subquery()
    )
    aff = schema.actors.alias("aff")
    a = schema.actors
    q = (
        select(
            *schema.columns_of(a, "key", "name", "kind", "country", "state_affiliated"),
            aff.c.key.label("affiliation"),
            func.coalesce(originated.c.n, 0).label("originated"),
            func.coalesce(relayed.c.n, 0).label("relayed"),
            func.coalesce(contradicted.c.n, 0).label("contradicted_by_others"),
            func.coalesce(contradicting.c.n, 0).label("contradicting_others"),
            func.coalesce(published.c.n, 0).label("published"),
        )
        .select_from(a)
        .outerjoin(aff, aff.c.id == a.c.affiliation_id)
        .outerjoin(originated, originated.c.actor_id == a.c.id)
        .outerjoin(relayed, relayed.c.actor_id == a.c.id)
        .outerjoin(contradicted, contradicted.c.actor_id == a.c.id)
        .outerjoin(contradicting, contradicting.c.actor_id == a.c.id)
        .outerjoin(published, published.c.actor_id == a.c.id)
        .order_by(a.c.key)
    )
    if kind:
        q = q.where(a.c.kind == kind)
    for row in conn.execute(q).mappings():
        yield dict(row)


def _hop_of(hop: Any, other: Any, offset: int) -> Any:
    """``hop`` is in the same chain as ``other``, ``offset`` positions further out."""
    return and_(
        hop.c.claim_id == other.c.claim_id,
        hop.c.chain_no == other.c.chain_no,
        hop.c.position == (other.c.position + offset if offset else other.c.position),
    )


def _upstream_hops(conn: Connection, actor_ids: list[int]) -> list[dict[str, Any]]:
    """For each hop by the actor: the claim and the actor it got it from (the previous hop,
    or the originator at position 1)."""
    prev = schema.relays.alias("prev")
    r = schema.relays
    up_actor = schema.actors.alias("up_actor")
    q = (
        select(
            schema.claims.c.id,
            schema.claims.c.key,
            schema.documents.c.key.label("document"),
            up_actor.c.key.label("from_key"),
            up_actor.c.name.label("from_name"),
            r.c.cue,
        )
        .select_from(r)
        .join(schema.claims, schema.claims.c.id == r.c.claim_id)
        .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
        .outerjoin(
            prev,
            _hop_of(prev, r, -1),
        )
        .join(
            up_actor, up_actor.c.id == func.coalesce(prev.c.actor_id, schema.claims.c.originator_id)
        )
        .where(r.c.actor_id.in_(actor_ids))
        .order_by(schema.documents.c.key, schema.claims.c.id)
    )
    return [dict(row) for row in conn.execute(q).mappings()]


def actor_record(conn: Connection, ref: str, *, with_affiliates: bool = False) -> dict[str, Any]:
    """What an actor originated, relayed (and from whom), and the contradictions either way.

    With ``with_affiliates``, what its affiliates said counts for it too (each such claim
    then names its speaker under ``by``); ``published`` lists the documents it published.
    """
    actor_id = resolve_actor(conn, ref)
    a = schema.actors
    key = conn.execute(select(a.c.key).where(a.c.id == actor_id)).scalar_one()
    ids = affiliates_of(conn, actor_id) if with_affiliates else [actor_id]
    record = actor_summary(conn, key)
    c, d = schema.claims, schema.documents
    originated = conn.execute(
        select(c.c.key, d.c.key, c.c.kind, c.c.quote, a.c.key)
        .join(d, d.c.id == c.c.document_id)
        .join(a, a.c.id == c.c.originator_id)
        .where(c.c.originator_id.in_(ids))
        .order_by(d.c.key, c.c.id)
    ).all()
    record["originated"] = [
        {"claim": claim_label(doc, k), "kind": kind, "quote": quote}
        | ({"by": by} if with_affiliates else {})
        for k, doc, kind, quote, by in originated
    ]
    relayed = _upstream_hops(conn, ids)
    record["relayed"] = [
        {"claim": claim_label(h["document"], h["key"]), "from": h["from_key"], "cue": h["cue"]}
        for h in relayed
    ]
    upstream: dict[str, int] = defaultdict(int)
    for h in relayed:
        upstream[h["from_key"]] += 1
    record["upstream"] = [{"actor": k, "claims": n} for k, n in sorted(upstream.items())]
    record["contradicts"], record["contradicted_by"] = _contradictions_of(conn, ids)
    record["published"] = published_by(conn, actor_id)
    if with_affiliates:
        names = conn.execute(select(a.c.key).where(a.c.id.in_(ids)).order_by(a.c.key))
        record["affiliates"] = [k for (k,) in names if k != key]
    return record


# -- the publisher is the last hand, and affiliates speak for their organisation ---------


def published_by(conn: Connection, actor_id: int) -> list[dict[str, Any]]:
    """The documents an actor published, each with its date, title and claim count."""
    c, d = schema.claims, schema.documents
    q = (
        select(d.c.key, d.c.published, d.c.title, func.count(c.c.id))
        .outerjoin(c, c.c.document_id == d.c.id)
        .where(d.c.publisher_id == actor_id)
        .group_by(d.c.id, d.c.key, d.c.published, d.c.title)
        .order_by(d.c.key)
    )
    return [
        {"document": k, "date": day.isoformat() if day else None, "title": t, "claims": int(n)}
        for k, day, t, n in conn.execute(q)
    ]


def affiliates_of(conn: Connection, actor_id: int) -> list[int]:
    """The actor and everyone affiliated with it, directly or through others.

    A recursive query over ``affiliation_id``; UNION (not UNION ALL) drops rows already
    found, so even a cycle of affiliations written into the database ends.
    """
    tree = affiliation_tree(actor_id)
    return sorted(int(i) for (i,) in conn.execute(select(tree.c.id)))


def _contradictions_of(
    conn: Connection, actor_ids: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from provenance.queries.overview import relations_query

    q = relations_query(["contradicts"])
    c = q.selected_columns
    q = q.order_by(c.from_document, c.from_claim, c.to_document, c.to_claim)
    mine = [
        {
            "claim": claim_label(r["from_document"], r["from_claim"]),
            "against": claim_label(r["to_document"], r["to_claim"]),
            "actor": r["to_actor"],
        }
        for r in conn.execute(q.where(c.from_actor_id.in_(actor_ids))).mappings()
    ]
    theirs = [
        {
            "claim": claim_label(r["to_document"], r["to_claim"]),
            "by": claim_label(r["from_document"], r["from_claim"]),
            "actor": r["from_actor"],
        }
        for r in conn.execute(q.where(c.to_actor_id.in_(actor_ids))).mappings()
    ]
    return mine, theirs


def trace(
    conn: Connection, ref: str, *, downstream: bool = False, with_affiliates: bool = False
) -> dict[str, Any]:
    """Everything that reached readers through an actor, grouped by original source.

    Upstream (default): for each hop by the actor, the recursive walk back to position 1
    gives the path from the originator; the claims of documents the actor published end
    their paths with it (the publisher is the last hand). Downstream: the walk forward
    from the actor's hop (or from the originator, for its own claims) gives who passed it
    on. ``with_affiliates`` walks from the actor's affiliates as well.
    """
    actor_id = resolve_actor(conn, ref)
    key = conn.execute(
        select(schema.actors.c.key).where(schema.actors.c.id == actor_id)
    ).scalar_one()
    ids = affiliates_of(conn, actor_id) if with_affiliates else [actor_id]
    if downstream:
        walk = [w for i in ids for w in _walk_down(conn, i)]
    else:
        walk = _walk_up(conn, ids) + _published_paths(conn, ids)
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    names = {k: n for k, n in conn.execute(select(schema.actors.c.key, schema.actors.c.name))}
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


def _published_paths(conn: Connection, actor_ids: list[int]) -> list[tuple[tuple[str, ...], str]]:
    """For claims of documents these actors published: originator, hops, then the publisher.

    A claim the publisher also relays already has its path from :func:`_walk_up`.
    """
    from provenance.queries.claims import chains_of

    c, d = schema.claims, schema.documents
    pub = schema.actors.alias("pub")
    org = schema.actors.alias("org")
    rows = conn.execute(
        select(c.c.id, c.c.key, d.c.key, org.c.key, pub.c.key)
        .join(d, d.c.id == c.c.document_id)
        .join(pub, pub.c.id == d.c.publisher_id)
        .join(org, org.c.id == c.c.originator_id)
        .where(d.c.publisher_id.in_(actor_ids))
        .order_by(c.c.id)
    ).all()
    chains = chains_of(conn, [r[0] for r in rows])
    out = []
    for claim_id, key, document, originator, publisher in rows:
        label = claim_label(document, key)
        for chain in chains.get(claim_id) or [[]]:
            hops = [h["key"] for h in chain]
            if publisher in hops or publisher == originator:
                continue
            out.append(((originator, *hops, publisher), label))
    return out


def _walk_up(conn: Connection, actor_ids: list[int]) -> list[tuple[tuple[str, ...], str]]:
    r = schema.relays
    start = (
        select(
            *schema.columns_of(r, "claim_id", "chain_no", "position", "actor_id"),
            literal(0).label("depth"),
        )
        .where(r.c.actor_id.in_(actor_ids))
        .cte("up", recursive=True)
    )
    prev = schema.relays.alias("prev")
    step = select(
        prev.c.claim_id, prev.c.chain_no, prev.c.position, prev.c.actor_id, start.c.depth + 1
    ).join(
        start,
        _hop_of(prev, start, -1),
    )
    up = start.union_all(step)
    # each row is one hop upstream of (claim, chain); group them into paths in Python
    q = (
        select(
            up.c.claim_id,
            up.c.chain_no,
            up.c.position,
            schema.actors.c.key,
            schema.claims.c.key.label("claim_key"),
            schema.documents.c.key.label("document"),
        )
        .join(schema.actors, schema.actors.c.id == up.c.actor_id)
        .join(schema.claims, schema.claims.c.id == up.c.claim_id)
        .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
        .order_by(up.c.claim_id, up.c.chain_no, up.c.position)
    )
    originators = {
        claim_id: key
        for claim_id, key in conn.execute(
            select(schema.claims.c.id, schema.actors.c.key)
            .join(schema.actors, schema.actors.c.id == schema.claims.c.originator_id)
            .where(schema.claims.c.id.in_(select(r.c.claim_id).where(r.c.actor_id.in_(actor_ids))))
        )
    }
    paths: dict[tuple[int, int], list[str]] = defaultdict(list)
    labels: dict[tuple[int, int], str] = {}
    for row in conn.execute(q).mappings():
        ident = (row["claim_id"], row["chain_no"])
        hops = paths[ident]
        if not hops or hops[-1] != row["key"]:
            hops.append(row["key"])
        labels[ident] = claim_label(row["document"], row["claim_key"])
    out = []
    for (claim_id, chain_no), hops in paths.items():
        out.append(((originators[claim_id], *hops), labels[(claim_id, chain_no)]))
    return out


def _walk_down(conn: Connection, actor_id: int) -> list[tuple[tuple[str, ...], str]]:
    r = schema.relays
    # anchors: the actor's own claims (position 0 of each chain, or of no chain at all) and
    # every hop where it relays something
    own_chains = (
        select(r.c.claim_id, r.c.chain_no, literal(0).label("position"))
        .join(schema.claims, schema.claims.c.id == r.c.claim_id)
        .where(schema.claims.c.originator_id == actor_id, r.c.position == 1)
    )
    own_direct = select(
        schema.claims.c.id.label("claim_id"),
        literal(0).label("chain_no"),
        literal(0).label("position"),
    ).where(
        schema.claims.c.originator_id == actor_id,
        ~exists().where(r.c.claim_id == schema.claims.c.id),
    )
    relays = select(r.c.claim_id, r.c.chain_no, r.c.position).where(r.c.actor_id == actor_id)
    anchor = own_chains.union_all(own_direct, relays).subquery("anchor")
    start = select(anchor.c.claim_id, anchor.c.chain_no, anchor.c.position).cte(
        "down", recursive=True
    )
    nxt = schema.relays.alias("nxt")
    step = select(nxt.c.claim_id, nxt.c.chain_no, nxt.c.position).join(
        start,
        _hop_of(nxt, start, 1),
    )
    down = start.union_all(step)
    here = schema.relays.alias("here")
    hop_actor = schema.actors.alias("hop_actor")
    q = (
        select(
            down.c.claim_id,
            down.c.chain_no,
            down.c.position,
            hop_actor.c.key.label("actor"),
            schema.claims.c.key.label("claim_key"),
            schema.documents.c.key.label("document"),
        )
        .join(schema.claims, schema.claims.c.id == down.c.claim_id)
        .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
        .outerjoin(
            here,
            _hop_of(here, down, 0),
        )
        .outerjoin(hop_actor, hop_actor.c.id == here.c.actor_id)
        .order_by(down.c.claim_id, down.c.chain_no, down.c.position)
    )
    key = conn.execute(
        select(schema.actors.c.key).where(schema.actors.c.id == actor_id)
    ).scalar_one()
    paths: dict[tuple[int, int, int], list[str]] = {}
    labels: dict[tuple[int, int, int], str] = {}
    current: dict[tuple[int, int], tuple[int, int, int]] = {}
    for row in conn.execute(q).mappings():
        chain = (row["claim_id"], row["chain_no"])
        if row["position"] == 0 or row["actor"] == key:
            ident = (row["claim_id"], row["chain_no"], row["position"])
            current[chain] = ident
            paths[ident] = [key]
            labels[ident] = claim_label(row["document"], row["claim_key"])
        elif chain in current:
            paths[current[chain]].append(row["actor"])
    return [(tuple(hops), labels[ident]) for ident, hops in paths.items()]
