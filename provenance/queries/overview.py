"""Corpus-wide reads: contradictions, the overview a researcher reads first, listed sources."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from provenance.queries.claims import chains_of, claim_ids_query, resolve_document
from provenance.queries.filters import ClaimFilters
from provenance.store import tables as schema


def relations_query(types: Sequence[str] | None = None) -> Any:
    """Relations (of the given types, else all), each side with its claim, document and
    originator: the one join behind contradictions, an actor's record and the exports.

    Columns: relation_id, type, note, then for each side (``from_``, ``to_``): claim_id,
    document, claim, quote, actor (key), actor_name, actor_id. Callers narrow it with
    ``.where`` on those columns and pick theirs with ``.with_only_columns``.
    """
    rel = schema.claim_relations
    columns: list[Any] = [rel.c.id.label("relation_id"), rel.c.type, rel.c.note]
    joins: Any = rel
    for side, claim_id in (("from", rel.c.from_claim_id), ("to", rel.c.to_claim_id)):
        claim = schema.claims.alias(f"{side}_c")
        doc = schema.documents.alias(f"{side}_d")
        actor = schema.actors.alias(f"{side}_a")
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


def involving(conn: Connection, q: Any, filters: ClaimFilters | None) -> Any:
    """Narrow a :func:`relations_query` to relations either of whose claims passes the
    claim filters (``--originator X --with-affiliates``: the same recursive query)."""
    if filters is None:
        return q
    c = q.selected_columns
    ids = claim_ids_query(conn, filters)
    return q.where(or_(c.from_claim_id.in_(ids), c.to_claim_id.in_(ids)))


def contradictions(
    conn: Connection,
    types: Sequence[str] = ("contradicts",),
    filters: ClaimFilters | None = None,
) -> Iterator[dict[str, Any]]:
    """Each relation of the given types as: claim A (by X) <type> claim B (by Y).

    ``filters``: only relations one of whose claims passes them (who contradicts what the
    OSDH, or anyone speaking for it, said; and what they contradicted).
    """
    q = involving(conn, relations_query(types), filters)
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

    claims = scalar(select(func.count()).select_from(schema.claims))
    relays = scalar(select(func.count()).select_from(schema.relays))
    by_type = {
        t: n
        for t, n in conn.execute(
            select(schema.claim_relations.c.type, func.count()).group_by(
                schema.claim_relations.c.type
            )
        )
    }
    direct = scalar(
        select(func.count())
        .select_from(schema.claims)
        .where(
            ~select(schema.relays.c.id)
            .where(schema.relays.c.claim_id == schema.claims.c.id)
            .exists()
        )
    )
    anonymous = scalar(
        select(func.count())
        .select_from(schema.claims)
        .join(schema.actors, schema.actors.c.id == schema.claims.c.originator_id)
        .where(schema.actors.c.kind == "anonymous_source")
    )
    state_relays = scalar(
        select(func.count())
        .select_from(schema.relays)
        .join(schema.actors, schema.actors.c.id == schema.relays.c.actor_id)
        .where(schema.actors.c.state_affiliated.is_(True))
    )
    contradicted = scalar(
        select(func.count(func.distinct(schema.claim_relations.c.to_claim_id))).where(
            schema.claim_relations.c.type == "contradicts"
        )
    )
    longest = conn.execute(
        select(
            schema.relays.c.claim_id,
            schema.relays.c.chain_no,
            func.max(schema.relays.c.position).label("hops"),
        )
        .group_by(schema.relays.c.claim_id, schema.relays.c.chain_no)
        .order_by(
            func.max(schema.relays.c.position).desc(),
            schema.relays.c.claim_id,
            schema.relays.c.chain_no,
        )
        .limit(1)
    ).first()
    longest_chain = None
    if longest is not None:
        claim_id, chain_no, hops = longest
        key, doc, origin = conn.execute(
            select(schema.claims.c.key, schema.documents.c.key, schema.actors.c.name)
            .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
            .join(schema.actors, schema.actors.c.id == schema.claims.c.originator_id)
            .where(schema.claims.c.id == claim_id)
        ).one()
        chain = chains_of(conn, [claim_id])[claim_id][chain_no - 1]
        longest_chain = {
            "claim": f"{doc}/{key}",
            "hops": int(hops),
            "path": [origin, *(h["name"] for h in chain)],
        }
    return {
        "documents": scalar(select(func.count()).select_from(schema.documents)),
        "claims": claims,
        "actors": scalar(select(func.count()).select_from(schema.actors)),
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
    """Actors by the number of distinct claims they originated, relayed or published."""
    d = schema.documents
    published = (
        select(d.c.publisher_id, schema.claims.c.id)
        .join(schema.claims, schema.claims.c.document_id == d.c.id)
        .where(d.c.publisher_id.is_not(None))
    )
    touched = (
        select(
            schema.claims.c.originator_id.label("actor_id"), schema.claims.c.id.label("claim_id")
        )
        .union(select(schema.relays.c.actor_id, schema.relays.c.claim_id), published)
        .subquery()
    )
    q = (
        select(schema.actors.c.key, schema.actors.c.name, func.count().label("claims"))
        .join(touched, touched.c.actor_id == schema.actors.c.id)
        .group_by(schema.actors.c.key, schema.actors.c.name)
        .order_by(func.count().desc(), schema.actors.c.key)
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
        select(schema.documents.c.publisher_id).where(schema.documents.c.id == doc_id)
    ).scalar_one()
    listed = {
        actor_id: pos
        for actor_id, pos in conn.execute(
            select(schema.document_sources.c.actor_id, schema.document_sources.c.position).where(
                schema.document_sources.c.document_id == doc_id
            )
        )
    }
    originated = dict(
        (a, int(n))
        for a, n in conn.execute(
            select(schema.claims.c.originator_id, func.count())
            .where(schema.claims.c.document_id == doc_id)
            .group_by(schema.claims.c.originator_id)
        )
    )
    relayed = dict(
        (a, int(n))
        for a, n in conn.execute(
            select(schema.relays.c.actor_id, func.count(func.distinct(schema.relays.c.claim_id)))
            .join(
                schema.claims,
                and_(
                    schema.claims.c.id == schema.relays.c.claim_id,
                    schema.claims.c.document_id == doc_id,
                ),
            )
            .group_by(schema.relays.c.actor_id)
        )
    )
    ids = set(listed) | set(originated) | set(relayed)
    actors = {
        i: (k, n)
        for i, k, n in conn.execute(
            select(schema.actors.c.id, schema.actors.c.key, schema.actors.c.name).where(
                schema.actors.c.id.in_(list(ids))
            )
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
