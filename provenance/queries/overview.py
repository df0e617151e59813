"""Corpus-wide reads: contradictions, the overview a researcher reads first, listed sources."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from provenance.queries.claims import chains_of, resolve_document
from provenance.store.models import Actor, Claim, ClaimRelation, Document, DocumentSource, Relay


def relations_query(types: Sequence[str] | None = None) -> Any:
    """Relations (of the given types, else all), each side with its claim, document and
    originator: the one join behind contradictions, an actor's record and the exports.

    Columns: relation_id, type, note, then for each side (``from_``, ``to_``): claim_id,
    document, claim, quote, actor (key), actor_name, actor_id. Callers narrow it with
    ``.where`` on those columns and pick theirs with ``.with_only_columns``.
    """
    rel = ClaimRelation.__table__
    columns: list[Any] = [rel.c.id.label("relation_id"), rel.c.type, rel.c.note]
    joins = rel
    for side, claim_id in (("from", rel.c.from_claim_id), ("to", rel.c.to_claim_id)):
        claim = Claim.__table__.alias(f"{side}_c")
        doc = Document.__table__.alias(f"{side}_d")
        actor = Actor.__table__.alias(f"{side}_a")
        joins = (
            joins.join(claim, claim.c.id == claim_id)
            .join(doc, doc.c.id == claim.c.document_id)
            .join(actor, actor.c.id == claim.c.originator_id)
        )
        columns += [
            claim_id.label(f"{side}_claim_id"),
            doc.c.key.label(f"{side}_document"),
            claim.c.key.label(f"{side}_claim"),
            claim.c.quote.label(f"{side}_quote"),
            actor.c.key.label(f"{side}_actor"),
            actor.c.name.label(f"{side}_actor_name"),
            claim.c.originator_id.label(f"{side}_actor_id"),
        ]
    query = select(*columns).select_from(joins)
    return query if types is None else query.where(rel.c.type.in_(list(types)))


def contradictions(
    conn: Connection, types: Sequence[str] = ("contradicts",)
) -> Iterator[dict[str, Any]]:
    """Each relation of the given types as: claim A (by X) <type> claim B (by Y)."""
    q = relations_query(types)
    c = q.selected_columns
    q = q.order_by(c.to_document, c.to_claim, c.from_document, c.from_claim, c.type)
    for row in conn.execute(q).mappings():
        yield {
            "type": row["type"],
            "claim": {
                "document": row["from_document"],
                "key": row["from_claim"],
                "quote": row["from_quote"],
            },
            "by": {"key": row["from_actor"], "name": row["from_actor_name"]},
            "against": {
                "document": row["to_document"],
                "key": row["to_claim"],
                "quote": row["to_quote"],
            },
            "against_actor": {"key": row["to_actor"], "name": row["to_actor_name"]},
            "note": row["note"],
        }


def stats(conn: Connection) -> dict[str, Any]:
    """Counts, the longest chain, actors by reach, anonymous and state-affiliated shares."""

    def scalar(q: Any) -> int:
        return int(conn.execute(q).scalar_one() or 0)

    claims = scalar(select(func.count()).select_from(Claim))
    relays = scalar(select(func.count()).select_from(Relay))
    by_type = {
        t: n
        for t, n in conn.execute(
            select(ClaimRelation.type, func.count()).group_by(ClaimRelation.type)
        )
    }
    direct = scalar(
        select(func.count())
        .select_from(Claim)
        .where(~select(Relay.id).where(Relay.claim_id == Claim.id).exists())
    )
    anonymous = scalar(
        select(func.count())
        .select_from(Claim)
        .join(Actor, Actor.id == Claim.originator_id)
        .where(Actor.kind == "anonymous_source")
    )
    state_relays = scalar(
        select(func.count())
        .select_from(Relay)
        .join(Actor, Actor.id == Relay.actor_id)
        .where(Actor.state_affiliated.is_(True))
    )
    contradicted = scalar(
        select(func.count(func.distinct(ClaimRelation.to_claim_id))).where(
            ClaimRelation.type == "contradicts"
        )
    )
    longest = conn.execute(
        select(Relay.claim_id, Relay.chain_no, func.max(Relay.position).label("hops"))
        .group_by(Relay.claim_id, Relay.chain_no)
        .order_by(func.max(Relay.position).desc(), Relay.claim_id, Relay.chain_no)
        .limit(1)
    ).first()
    longest_chain = None
    if longest is not None:
        claim_id, chain_no, hops = longest
        key, doc, origin = conn.execute(
            select(Claim.key, Document.key, Actor.name)
            .join(Document, Document.id == Claim.document_id)
            .join(Actor, Actor.id == Claim.originator_id)
            .where(Claim.id == claim_id)
        ).one()
        chain = chains_of(conn, [claim_id])[claim_id][chain_no - 1]
        longest_chain = {
            "claim": f"{doc}/{key}",
            "hops": int(hops),
            "path": [origin, *(h["name"] for h in chain)],
        }
    return {
        "documents": scalar(select(func.count()).select_from(Document)),
        "claims": claims,
        "actors": scalar(select(func.count()).select_from(Actor)),
        "relays": relays,
        "relations": {t: by_type.get(t, 0) for t in sorted(by_type)},
        "claims_without_relay": direct,
        "contradicted_claims": contradicted,
        "anonymous_source_share": _share(anonymous, claims),
        "state_affiliated_relay_share": _share(state_relays, relays),
        "longest_chain": longest_chain,
        "top_actors_by_reach": reach(conn, limit=10),
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def reach(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """Actors by the number of distinct claims they originated or relayed."""
    touched = (
        select(Claim.originator_id.label("actor_id"), Claim.id.label("claim_id"))
        .union(select(Relay.actor_id, Relay.claim_id))
        .subquery()
    )
    q = (
        select(Actor.key, Actor.name, func.count().label("claims"))
        .join(touched, touched.c.actor_id == Actor.id)
        .group_by(Actor.key, Actor.name)
        .order_by(func.count().desc(), Actor.key)
        .limit(limit)
    )
    return [{"key": k, "name": n, "claims": int(c)} for k, n, c in conn.execute(q)]


def listed_sources(conn: Connection, document: str) -> list[dict[str, Any]]:
    """Sources a document lists vs the actors its claims are attributed to, with flags.

    ``listed_unused``: listed, yet no claim comes from or through it (the seed's "Média de
    guerre"). ``unlisted``: a relay (or originator other than the publisher) not listed.
    """
    doc_id = resolve_document(conn, document)
    publisher_id = conn.execute(
        select(Document.publisher_id).where(Document.id == doc_id)
    ).scalar_one()
    listed = {
        actor_id: pos
        for actor_id, pos in conn.execute(
            select(DocumentSource.actor_id, DocumentSource.position).where(
                DocumentSource.document_id == doc_id
            )
        )
    }
    originated = dict(
        (a, int(n))
        for a, n in conn.execute(
            select(Claim.originator_id, func.count())
            .where(Claim.document_id == doc_id)
            .group_by(Claim.originator_id)
        )
    )
    relayed = dict(
        (a, int(n))
        for a, n in conn.execute(
            select(Relay.actor_id, func.count(func.distinct(Relay.claim_id)))
            .join(Claim, and_(Claim.id == Relay.claim_id, Claim.document_id == doc_id))
            .group_by(Relay.actor_id)
        )
    )
    ids = set(listed) | set(originated) | set(relayed)
    actors = {
        i: (k, n)
        for i, k, n in conn.execute(
            select(Actor.id, Actor.key, Actor.name).where(Actor.id.in_(list(ids)))
        )
    }
    rows = []
    for actor_id in ids:
        is_listed = actor_id in listed
        attributed = originated.get(actor_id, 0) + relayed.get(actor_id, 0)
        if is_listed and not attributed:
            flag = "listed_unused"
        elif not is_listed and relayed.get(actor_id, 0):
            flag = "unlisted_relay"
        elif not is_listed and actor_id != publisher_id:
            flag = "unlisted_originator"
        else:
            flag = ""
        key, name = actors[actor_id]
        rows.append(
            {
                "actor": key,
                "name": name,
                "listed": is_listed,
                "position": listed.get(actor_id),
                "originated": originated.get(actor_id, 0),
                "relayed": relayed.get(actor_id, 0),
                "flag": flag,
            }
        )
    rows.sort(key=lambda r: (r["position"] is None, r["position"] or 0, r["actor"]))
    return rows
