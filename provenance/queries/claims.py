"""Every read the CLI makes. Returns plain dicts and lists; never prints.

Chains are walked by one recursive query per batch of claims (hop n joins hop n+1 through
the unique (claim_id, chain_no, position) index), so listing or exporting a million
claims costs a constant number of statements per thousand claims.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, exists, select, text
from sqlalchemy.engine import Connection

from provenance.errors import Ambiguous, NotFound
from provenance.queries.chains import Run, chain_tree_of, claims_named
from provenance.queries.filters import ClaimFilters
from provenance.queries.reviews import review_condition, reviews_of
from provenance.queries.rows import (
    ChainTree,
    Hop,
    Publisher,
    actor_ref,
    claim_label,
    hop,
    publisher,
)
from provenance.queries.rows import chain_tree as rows_chain_tree
from provenance.store import tables as schema

BATCH = 1000


# -- references -------------------------------------------------------------------


def resolve_actor(conn: Connection, ref: str) -> int:
    """An actor id from its key or one of its aliases (case-insensitive)."""
    row = conn.execute(select(schema.actors.c.id).where(schema.actors.c.key == ref)).first()
    if row:
        return int(row[0])
    rows = conn.execute(
        select(schema.actors.c.id, schema.actors.c.key)
        .join(schema.actor_aliases, schema.actor_aliases.c.actor_id == schema.actors.c.id)
        .where(schema.actor_aliases.c.alias_folded == ref.casefold())
        .distinct()
    ).all()
    if len(rows) == 1:
        return int(rows[0][0])
    if len(rows) > 1:
        listed = ", ".join(sorted(r[1] for r in rows))
        raise Ambiguous(f"'{ref}' is an alias of several actors: {listed}; use a key")
    keys = [r[0] for r in conn.execute(select(schema.actors.c.key))]
    names = {
        r[0]: r[1]
        for r in conn.execute(
            select(schema.actor_aliases.c.alias_folded, schema.actors.c.key).join(schema.actors)
        )
    }
    hint = difflib.get_close_matches(ref, keys, n=1, cutoff=0.6)
    if not hint:
        near = difflib.get_close_matches(ref.casefold(), list(names), n=1, cutoff=0.7)
        hint = [names[near[0]]] if near else []
    suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
    raise NotFound(f"unknown actor '{ref}'{suffix}")


def affiliation_tree(actor_id: int) -> Any:
    """A recursive CTE (column ``id``): the actor and everyone affiliated with it, transitively.

    UNION (not UNION ALL) drops rows already found, so even a cycle of affiliations written
    into the database by another tool ends.
    """
    a = schema.actors
    start = select(a.c.id).where(a.c.id == actor_id).cte("members", recursive=True)
    member = a.alias("member")
    return start.union(select(member.c.id).join(start, member.c.affiliation_id == start.c.id))


def resolve_document(conn: Connection, ref: str) -> int:
    row = conn.execute(select(schema.documents.c.id).where(schema.documents.c.key == ref)).first()
    if row:
        return int(row[0])
    keys = [r[0] for r in conn.execute(select(schema.documents.c.key))]
    hint = difflib.get_close_matches(ref, keys, n=1, cutoff=0.6)
    suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
    raise NotFound(f"unknown document '{ref}'{suffix}")


def resolve_claim(conn: Connection, ref: str) -> int:
    """A claim id from a REF (see :mod:`provenance.queries.chains` for the rule)."""
    named = claims_named(sql_runner(conn), ref)
    if len(named) == 1:
        return named[0][0]
    if len(named) > 1:
        key = ref.strip().rpartition("/")[2]
        options = ", ".join(f"{d}/{key}" for _, d in named)
        raise Ambiguous(f"claim '{ref}' is in {len(named)} documents: {options}")
    digits = ref.strip().removeprefix("#")
    if digits.isascii() and digits.isdigit():
        raise NotFound(f"no claim with id {digits}")
    doc = ref.strip().rpartition("/")[0]
    candidates_q = select(schema.claims.c.key, schema.documents.c.key).join(
        schema.documents, schema.documents.c.id == schema.claims.c.document_id
    )
    if doc:
        candidates_q = candidates_q.where(schema.documents.c.key == doc)
    candidates = {
        (f"{d}/{k}" if doc else k): None for k, d in conn.execute(candidates_q.limit(200_000))
    }
    hints = difflib.get_close_matches(ref, list(candidates), n=3, cutoff=0.6)
    suffix = f" (did you mean {', '.join(repr(h) for h in hints)}?)" if hints else ""
    raise NotFound(f"unknown claim '{ref}'{suffix}")


def sql_runner(conn: Connection) -> Run:
    """Runs the SQL text of :mod:`provenance.queries.chains` on a SQLAlchemy connection."""
    return lambda sql, params: conn.execute(text(sql), dict(params))


# -- claims -----------------------------------------------------------------------


def _claim_select() -> Any:
    return (
        select(
            schema.claims.c.id,
            schema.claims.c.key,
            schema.documents.c.key.label("document"),
            schema.claims.c.document_id,
            schema.claims.c.quote,
            schema.claims.c.span_start,
            schema.claims.c.span_end,
            schema.claims.c.statement,
            schema.claims.c.kind,
            schema.claims.c.cue,
            schema.claims.c.direct_quote,
            schema.claims.c.made_on,
            schema.actors.c.key.label("originator_key"),
            schema.actors.c.name.label("originator_name"),
            schema.actors.c.kind.label("originator_kind"),
        )
        .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
        .join(schema.actors, schema.actors.c.id == schema.claims.c.originator_id)
    )


def _filtered(conn: Connection, f: ClaimFilters) -> Any:
    return apply_filters(conn, _claim_select(), f)


def claim_ids_query(conn: Connection, f: ClaimFilters) -> Any:
    """``SELECT claims.id`` for the claims matching the filters, ordered by id.

    Exports use it as ``WHERE id IN (...)`` against the ``claim_table`` view.
    """
    return apply_filters(conn, select(schema.claims.c.id), f)


def apply_filters(conn: Connection, q: Any, f: ClaimFilters) -> Any:
    """Add the ``claims`` command's filters to a query over ``claims``; values are bound."""
    if f.claim_id is not None:
        q = q.where(schema.claims.c.id == f.claim_id)
    if f.document:
        q = q.where(schema.claims.c.document_id == resolve_document(conn, f.document))
    if f.originator:
        actor_id = resolve_actor(conn, f.originator)
        if f.with_affiliates:
            tree = affiliation_tree(actor_id)
            q = q.where(schema.claims.c.originator_id.in_(select(tree.c.id)))
        else:
            q = q.where(schema.claims.c.originator_id == actor_id)
    if f.relayed_by:
        actor_id = resolve_actor(conn, f.relayed_by)
        q = q.where(
            exists().where(
                and_(
                    schema.relays.c.claim_id == schema.claims.c.id,
                    schema.relays.c.actor_id == actor_id,
                )
            )
        )
    if f.kind:
        q = q.where(schema.claims.c.kind == f.kind)
    if f.contradicted is not None:
        contradicted = exists().where(
            and_(
                schema.claim_relations.c.to_claim_id == schema.claims.c.id,
                schema.claim_relations.c.type == "contradicts",
            )
        )
        q = q.where(contradicted if f.contradicted else ~contradicted)
    if f.reviewed is not None or f.rating is not None:
        q = q.where(review_condition(f.reviewed, f.rating))
    if f.search:
        from provenance.store.search import search_condition

        q = q.where(search_condition(conn, f.search))
    q = q.order_by(schema.claims.c.id)
    if f.limit is not None:
        q = q.limit(f.limit)
    return q


def iter_claims(
    conn: Connection, filters: ClaimFilters = ClaimFilters()
) -> Iterator[dict[str, Any]]:
    """Claims in the JSON shape of PRODUCT.md, streamed in batches.

    The filters are resolved now, not at the first ``next()``: an unknown actor must fail
    before a renderer has written anything.
    """
    return _stream_claims(conn, _filtered(conn, filters))


def _stream_claims(conn: Connection, query: Any) -> Iterator[dict[str, Any]]:
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    for part in result.partitions(BATCH):
        rows = [r._mapping for r in part]
        ids = [r["id"] for r in rows]
        chains = chains_of(conn, ids)
        relations = relations_of(conn, ids)
        for r in rows:
            yield _claim_dict(r, chains, relations)


def _claim_dict(
    r: Any,
    chains: dict[int, list[list[Hop]]],
    relations: dict[int, dict[str, list[str]]],
) -> dict[str, Any]:
    rel = relations.get(r["id"], {})
    return {
        "id": r["id"],
        "key": r["key"],
        "document": r["document"],
        "quote": r["quote"],
        "start": r["span_start"],
        "end": r["span_end"],
        "statement": r["statement"],
        "kind": r["kind"],
        "cue": r["cue"],
        "direct_quote": bool(r["direct_quote"]),
        "date": r["made_on"].isoformat() if r["made_on"] else None,
        "originator": actor_ref(r["originator_key"], r["originator_name"], r["originator_kind"]),
        "chains": chains.get(r["id"], []),
        "contradicts": rel.get("contradicts", []),
        "contradicted_by": rel.get("contradicted_by", []),
    }


def chains_of(conn: Connection, claim_ids: Sequence[int]) -> dict[int, list[list[Hop]]]:
    """Every relay chain of these claims, hops ordered from the originator outward.

    One recursive query: the anchor takes each chain's first hop, the recursive step the
    hop at the next position.
    """
    if not claim_ids:
        return {}
    hop_columns = schema.columns_of(
        schema.relays, "claim_id", "chain_no", "position", "actor_id", "cue"
    )
    first = (
        select(*hop_columns)
        .where(schema.relays.c.claim_id.in_(list(claim_ids)), schema.relays.c.position == 1)
        .cte("hop", recursive=True)
    )
    nxt = select(*hop_columns).join(
        first,
        and_(
            schema.relays.c.claim_id == first.c.claim_id,
            schema.relays.c.chain_no == first.c.chain_no,
            schema.relays.c.position == first.c.position + 1,
        ),
    )
    hops = first.union_all(nxt)
    rows = conn.execute(
        select(
            *schema.columns_of(hops, "claim_id", "chain_no", "cue"),
            *schema.columns_of(schema.actors, "key", "name", "kind"),
        )
        .join(schema.actors, schema.actors.c.id == hops.c.actor_id)
        .order_by(hops.c.claim_id, hops.c.chain_no, hops.c.position)
    )
    out: dict[int, dict[int, list[Hop]]] = defaultdict(dict)
    for claim_id, chain_no, cue, key, name, kind in rows:
        out[claim_id].setdefault(chain_no, []).append(hop(key, name, kind, cue))
    return {cid: [chains[n] for n in sorted(chains)] for cid, chains in out.items()}


def relations_of(conn: Connection, claim_ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    """For each claim: keys it contradicts and keys contradicting it (``doc/key`` if elsewhere)."""
    if not claim_ids:
        return {}
    other = schema.claims.alias("other")
    other_doc = schema.documents.alias("other_doc")
    home_doc = schema.documents.alias("home_doc")
    home = schema.claims.alias("home")
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    ids = list(claim_ids)
    for direction, mine, theirs in (
        (
            "contradicts",
            schema.claim_relations.c.from_claim_id,
            schema.claim_relations.c.to_claim_id,
        ),
        (
            "contradicted_by",
            schema.claim_relations.c.to_claim_id,
            schema.claim_relations.c.from_claim_id,
        ),
    ):
        rows = conn.execute(
            select(mine, other.c.key, other_doc.c.key, home_doc.c.key)
            .join(other, other.c.id == theirs)
            .join(other_doc, other_doc.c.id == other.c.document_id)
            .join(home, home.c.id == mine)
            .join(home_doc, home_doc.c.id == home.c.document_id)
            .where(mine.in_(ids), schema.claim_relations.c.type == "contradicts")
        )
        for claim_id, key, doc, home_key in rows:
            out[claim_id][direction].append(claim_label(doc, key, home_key))
    return {cid: {k: sorted(v) for k, v in d.items()} for cid, d in out.items()}


def claim_card(conn: Connection, claim_id: int) -> dict[str, Any]:
    """One claim with its context sentence, originator's affiliation and every relation."""
    base = next(iter_claims_by_ids(conn, [claim_id]))
    row = conn.execute(
        select(
            schema.documents.c.text,
            schema.documents.c.title,
            schema.actors.c.key,
            schema.actors.c.name,
        )
        .join(schema.claims, schema.claims.c.document_id == schema.documents.c.id)
        .outerjoin(schema.actors, schema.actors.c.id == schema.documents.c.publisher_id)
        .where(schema.claims.c.id == claim_id)
    ).one()
    text = row[0]
    base["context"] = sentence_around(text, base["start"], base["end"])
    base["document_title"] = row[1]
    base["publisher"] = publisher(row[2], row[3])
    base["originator"].update(actor_summary(conn, base["originator"]["key"]))
    base["relations"] = relation_details(conn, claim_id)
    base["reviews"] = reviews_of(conn, [claim_id]).get(claim_id, [])
    return base


def iter_claims_by_ids(conn: Connection, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    q = _claim_select().where(schema.claims.c.id.in_(list(ids))).order_by(schema.claims.c.id)
    rows = [r._mapping for r in conn.execute(q)]
    chains = chains_of(conn, ids)
    relations = relations_of(conn, ids)
    for r in rows:
        yield _claim_dict(r, chains, relations)


def actor_summary(conn: Connection, key: str) -> dict[str, Any]:
    """Actor fields plus a readable label: "Igor Konachinkov, spokesman of the Russian MoD"."""
    aff = schema.actors.alias("aff")
    a = schema.actors
    row = (
        conn.execute(
            select(a, aff.c.key.label("aff_key"), aff.c.name.label("aff_name"))
            .select_from(a.outerjoin(aff, aff.c.id == a.c.affiliation_id))
            .where(a.c.key == key)
        )
        .mappings()
        .one()
    )
    aliases = [
        r[0]
        for r in conn.execute(
            select(schema.actor_aliases.c.alias)
            .where(schema.actor_aliases.c.actor_id == row["id"])
            .order_by(schema.actor_aliases.c.id)
        )
        if r[0] != row["name"]
    ]
    label = row["name"]
    if row["role"]:
        label += f", {row['role']}"
    elif row["aff_name"]:
        label += f" ({row['aff_name']})"
    return {
        "key": row["key"],
        "name": row["name"],
        "kind": row["kind"],
        "label": label,
        "country": row["country"],
        "state_affiliated": row["state_affiliated"],
        "affiliation": (
            {"key": row["aff_key"], "name": row["aff_name"]} if row["aff_key"] else None
        ),
        "role": row["role"],
        "description": row["description"],
        "aliases": aliases,
    }


def relation_details(conn: Connection, claim_id: int) -> list[dict[str, Any]]:
    """Every relation touching a claim, from its point of view, with the other side's originator."""
    other = schema.claims.alias("other")
    other_doc = schema.documents.alias("other_doc")
    orig = schema.actors.alias("orig")
    out: list[dict[str, Any]] = []
    for direction, mine, theirs in (
        ("outgoing", schema.claim_relations.c.from_claim_id, schema.claim_relations.c.to_claim_id),
        ("incoming", schema.claim_relations.c.to_claim_id, schema.claim_relations.c.from_claim_id),
    ):
        rows = conn.execute(
            select(
                schema.claim_relations.c.type,
                other.c.id,
                other.c.key,
                other_doc.c.key,
                other.c.quote,
                orig.c.key,
                orig.c.name,
                schema.claim_relations.c.note,
            )
            .join(other, other.c.id == theirs)
            .join(other_doc, other_doc.c.id == other.c.document_id)
            .join(orig, orig.c.id == other.c.originator_id)
            .where(mine == claim_id)
            .order_by(schema.claim_relations.c.type, other_doc.c.key, other.c.key)
        )
        for rtype, oid, okey, odoc, oquote, akey, aname, note in rows:
            out.append(
                {
                    "direction": direction,
                    "type": rtype,
                    "claim": {"id": oid, "key": okey, "document": odoc, "quote": oquote},
                    "originator": {"key": akey, "name": aname},
                    "note": note,
                }
            )
    return out


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) containing a span, so a quote is read in its context."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "\n", "? ", "! "))
    left = 0 if left < 0 else left + 1
    rights = [i for i in (text.find(m, end) for m in (". ", "\n", "? ", "! ")) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def chain_tree(conn: Connection, claim_id: int) -> ChainTree:
    """A claim's chains as the tree ``provenance chain`` prints: originator at the root."""
    return chain_tree_of(sql_runner(conn), claim_id)


def iter_chain_trees(conn: Connection, filters: ClaimFilters) -> Iterator[ChainTree]:
    """The trees of every claim matching the filters, streamed."""
    publishers: dict[str, tuple[str | None, Publisher | None]] = {}
    for claim in iter_claims(conn, filters):
        doc = claim["document"]
        if doc not in publishers:
            row = conn.execute(
                select(schema.documents.c.title, schema.actors.c.key, schema.actors.c.name)
                .outerjoin(schema.actors, schema.actors.c.id == schema.documents.c.publisher_id)
                .where(schema.documents.c.key == doc)
            ).one()
            publishers[doc] = (row[0], publisher(row[1], row[2]))
        title, published_by = publishers[doc]
        yield rows_chain_tree(claim, published_by, title)
