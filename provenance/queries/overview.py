"""Corpus-wide reads: contradictions, the overview a researcher reads first, listed sources."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from provenance.queries.claims import chains_of, resolve_document
from provenance.store.models import Actor, Claim, ClaimRelation, Document, DocumentSource, Relay


def relations_query(types: Sequence[str]) -> Any:
    """Relations of the given types, each side with its claim, document and originator.

    Columns: type, from_/to_ document, claim, quote, actor (key), actor_name, actor_id;
    note. Callers narrow it (an actor's side) with ``.where`` on the ``*_actor_id`` columns.
    """
    src = Claim.__table__.alias("src")
    dst = Claim.__table__.alias("dst")
    sdoc = Document.__table__.alias("sdoc")
    ddoc = Document.__table__.alias("ddoc")
    sact = Actor.__table__.alias("sact")
    dact = Actor.__table__.alias("dact")
    rel = ClaimRelation.__table__
    return (
        select(
            rel.c.type,
            sdoc.c.key.label("from_document"),
            src.c.key.label("from_claim"),
            src.c.quote.label("from_quote"),
            sact.c.key.label("from_actor"),
            sact.c.name.label("from_actor_name"),
            src.c.originator_id.label("from_actor_id"),
            ddoc.c.key.label("to_document"),
            dst.c.key.label("to_claim"),
            dst.c.quote.label("to_quote"),
            dact.c.key.label("to_actor"),
            dact.c.name.label("to_actor_name"),
            dst.c.originator_id.label("to_actor_id"),
            rel.c.note,
        )
        .select_from(rel)
        .join(src, src.c.id == rel.c.from_claim_id)
        .join(dst, dst.c.id == rel.c.to_claim_id)
        .join(sdoc, sdoc.c.id == src.c.document_id)
        .join(ddoc, ddoc.c.id == dst.c.document_id)
        .join(sact, sact.c.id == src.c.originator_id)
        .join(dact, dact.c.id == dst.c.originator_id)
        .where(rel.c.type.in_(list(types)))
    )


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
