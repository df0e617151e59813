"""Every read of claims the CLI makes: references, the listing and its filters, chains,
relations. Returns plain dicts and lists; never prints.

Each query is SQL text run by a :class:`~provenance.store.reader.Reader` on either backend
(the plain driver, no SQLAlchemy to import). Functions take a reader or a SQLAlchemy
connection (exports and links hold one). Chains are walked by one recursive query per
batch of claims (hop n joins hop n+1 through the unique (claim_id, chain_no, position)
index), so listing or exporting a million claims costs a constant number of statements
per thousand claims.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union

from provenance.errors import Ambiguous, NotFound
from provenance.queries.chains import chain_tree_of, claims_named
from provenance.queries.filters import ClaimFilters
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
from provenance.store.reader import BATCH, Reader, as_reader, day, in_list

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

#: What every read takes: a reader, or a SQLAlchemy connection to make one of.
Db = Union[Reader, "Connection"]

# -- references -------------------------------------------------------------------


def resolve_actor(db: Db, ref: str) -> int:
    """An actor id from its key or one of its aliases (case-insensitive)."""
    r = as_reader(db)
    row = r.one("SELECT id FROM actors WHERE key = :key", {"key": ref})
    if row:
        return int(row[0])
    rows = r(
        "SELECT DISTINCT actors.id, actors.key FROM actors "
        "JOIN actor_aliases ON actor_aliases.actor_id = actors.id "
        "WHERE actor_aliases.alias_folded = :folded",
        {"folded": ref.casefold()},
    )
    if len(rows) == 1:
        return int(rows[0][0])
    if len(rows) > 1:
        listed = ", ".join(sorted(row[1] for row in rows))
        raise Ambiguous(f"'{ref}' is an alias of several actors: {listed}; use a key")
    keys = [row[0] for row in r("SELECT key FROM actors")]
    names = {
        row[0]: row[1]
        for row in r(
            "SELECT actor_aliases.alias_folded, actors.key FROM actor_aliases "
            "JOIN actors ON actors.id = actor_aliases.actor_id"
        )
    }
    hint = difflib.get_close_matches(ref, keys, n=1, cutoff=0.6)
    if not hint:
        near = difflib.get_close_matches(ref.casefold(), list(names), n=1, cutoff=0.7)
        hint = [names[near[0]]] if near else []
    suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
    raise NotFound(f"unknown actor '{ref}'{suffix}")


#: The actor ``:actor_id`` and everyone affiliated with it, transitively (column ``id``).
#: UNION (not UNION ALL) drops rows already found, so even a cycle of affiliations
#: written into the database by another tool ends.
AFFILIATES = """
WITH RECURSIVE members(id) AS (
  SELECT id FROM actors WHERE id = :actor_id
  UNION
  SELECT member.id FROM actors member JOIN members ON member.affiliation_id = members.id
)
SELECT id FROM members"""


def resolve_document(db: Db, ref: str) -> int:
    r = as_reader(db)
    row = r.one("SELECT id FROM documents WHERE key = :key", {"key": ref})
    if row:
        return int(row[0])
    keys = [row[0] for row in r("SELECT key FROM documents")]
    hint = difflib.get_close_matches(ref, keys, n=1, cutoff=0.6)
    suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
    raise NotFound(f"unknown document '{ref}'{suffix}")


def resolve_claim(db: Db, ref: str) -> int:
    """A claim id from a REF (see :mod:`provenance.queries.chains` for the rule)."""
    r = as_reader(db)
    named = claims_named(r, ref)
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
    sql = (
        "SELECT claims.key, documents.key FROM claims "
        "JOIN documents ON documents.id = claims.document_id"
    )
    if doc:
        sql += " WHERE documents.key = :doc"
    rows = r(sql + " LIMIT 200000", {"doc": doc} if doc else {})
    candidates = {(f"{d}/{k}" if doc else k): None for k, d in rows}
    hints = difflib.get_close_matches(ref, list(candidates), n=3, cutoff=0.6)
    suffix = f" (did you mean {', '.join(repr(h) for h in hints)}?)" if hints else ""
    raise NotFound(f"unknown claim '{ref}'{suffix}")


# -- the filters ------------------------------------------------------------------


def claim_conditions(db: Db, f: ClaimFilters) -> tuple[list[str], dict[str, Any]]:
    """The ``claims`` command's filters as WHERE conditions over ``claims``, and their
    parameters; references are resolved now (an unknown actor fails before any output)."""
    r = as_reader(db)
    where: list[str] = []
    params: dict[str, Any] = {}
    if f.claim_id is not None:
        where.append("claims.id = :f_claim_id")
        params["f_claim_id"] = f.claim_id
    if f.document:
        where.append("claims.document_id = :f_document_id")
        params["f_document_id"] = resolve_document(r, f.document)
    if f.originator:
        actor_id = resolve_actor(r, f.originator)
        if f.with_affiliates:
            affiliates = AFFILIATES.replace(":actor_id", ":f_originator_id")
            where.append(f"claims.originator_id IN ({affiliates})")
        else:
            where.append("claims.originator_id = :f_originator_id")
        params["f_originator_id"] = actor_id
    if f.relayed_by:
        where.append(
            "EXISTS (SELECT 1 FROM relays WHERE relays.claim_id = claims.id "
            "AND relays.actor_id = :f_relayed_by_id)"
        )
        params["f_relayed_by_id"] = resolve_actor(r, f.relayed_by)
    if f.kind:
        where.append("claims.kind = :f_kind")
        params["f_kind"] = f.kind
    if f.contradicted is not None:
        contradicted = (
            "EXISTS (SELECT 1 FROM claim_relations WHERE claim_relations.to_claim_id = claims.id "
            "AND claim_relations.type = 'contradicts')"
        )
        where.append(contradicted if f.contradicted else f"NOT {contradicted}")
    if f.rating is not None:
        where.append(
            "EXISTS (SELECT 1 FROM claim_reviews WHERE claim_reviews.claim_id = claims.id "
            "AND claim_reviews.rating = :f_rating)"
        )
        params["f_rating"] = f.rating
    if f.reviewed is not None:
        reviewed = "EXISTS (SELECT 1 FROM claim_reviews WHERE claim_reviews.claim_id = claims.id)"
        where.append(reviewed if f.reviewed else f"NOT {reviewed}")
    if f.search:
        from provenance.store.search import search_sql

        condition, search_params = search_sql(r.dialect, f.search)
        where.append(condition)
        params.update(search_params)
    return where, params


def claim_ids_sql(db: Db, f: ClaimFilters) -> tuple[str, dict[str, Any]]:
    """``SELECT claims.id`` for the claims matching the filters, ordered by id, with its
    parameters (exports use it as ``WHERE id IN (...)``)."""
    return filtered("SELECT claims.id FROM claims", db, f)


def claim_ids_query(conn: Connection, f: ClaimFilters) -> Any:
    """:func:`claim_ids_sql` as a SQLAlchemy statement, for exports that build theirs in Core."""
    from sqlalchemy import Integer, column, text

    sql, params = claim_ids_sql(conn, f)
    return text(sql).bindparams(**params).columns(column("id", Integer))


def filtered(select_from: str, db: Db, f: ClaimFilters) -> tuple[str, dict[str, Any]]:
    """``select_from`` (a SELECT over ``claims``) narrowed by the filters, by claim id."""
    where, params = claim_conditions(db, f)
    sql = select_from + ("\nWHERE " + "\n  AND ".join(where) if where else "")
    sql += "\nORDER BY claims.id"
    if f.limit is not None:
        sql += " LIMIT :f_limit"
        params["f_limit"] = f.limit
    return sql, params


# -- claims -----------------------------------------------------------------------

_CLAIM_SELECT = """
SELECT claims.id, claims.key, documents.key, claims.quote, claims.span_start,
       claims.span_end, claims.statement, claims.kind, claims.cue, claims.direct_quote,
       claims.made_on, actors.key, actors.name, actors.kind
FROM claims
JOIN documents ON documents.id = claims.document_id
JOIN actors ON actors.id = claims.originator_id"""


def iter_claims(db: Db, filters: ClaimFilters = ClaimFilters()) -> Iterator[dict[str, Any]]:
    """Claims in the JSON shape of PRODUCT.md, streamed in batches.

    The filters are resolved now, not at the first ``next()``: an unknown actor must fail
    before a renderer has written anything.
    """
    r = as_reader(db)
    sql, params = filtered(_CLAIM_SELECT, r, filters)
    return _stream_claims(r, sql, params)


def _stream_claims(r: Reader, sql: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for rows in r.batches(sql, params, BATCH):
        ids = [row[0] for row in rows]
        chains = chains_of(r, ids)
        relations = relations_of(r, ids)
        for row in rows:
            yield _claim_dict(row, chains, relations)


def _claim_dict(
    row: Sequence[Any],
    chains: dict[int, list[list[Hop]]],
    relations: dict[int, dict[str, list[str]]],
) -> dict[str, Any]:
    rel = relations.get(row[0], {})
    return {
        "id": row[0],
        "key": row[1],
        "document": row[2],
        "quote": row[3],
        "start": row[4],
        "end": row[5],
        "statement": row[6],
        "kind": row[7],
        "cue": row[8],
        "direct_quote": bool(row[9]),
        "date": day(row[10]),
        "originator": actor_ref(row[11], row[12], row[13]),
        "chains": chains.get(row[0], []),
        "contradicts": rel.get("contradicts", []),
        "contradicted_by": rel.get("contradicted_by", []),
    }


def iter_claims_by_ids(db: Db, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    r = as_reader(db)
    listed, params = in_list("id", list(ids))
    rows = r(f"{_CLAIM_SELECT}\nWHERE claims.id IN {listed}\nORDER BY claims.id", params)
    chains = chains_of(r, ids)
    relations = relations_of(r, ids)
    for row in rows:
        yield _claim_dict(row, chains, relations)


_HOPS = """
WITH RECURSIVE hop(claim_id, chain_no, position, actor_id, cue) AS (
  SELECT claim_id, chain_no, position, actor_id, cue FROM relays
  WHERE claim_id IN {ids} AND position = 1
  UNION ALL
  SELECT r.claim_id, r.chain_no, r.position, r.actor_id, r.cue
  FROM relays r JOIN hop h
    ON r.claim_id = h.claim_id AND r.chain_no = h.chain_no AND r.position = h.position + 1
)
SELECT hop.claim_id, hop.chain_no, hop.cue, a.key, a.name, a.kind
FROM hop JOIN actors a ON a.id = hop.actor_id
ORDER BY hop.claim_id, hop.chain_no, hop.position"""


def chains_of(db: Db, claim_ids: Sequence[int]) -> dict[int, list[list[Hop]]]:
    """Every relay chain of these claims, hops ordered from the originator outward.

    One recursive query: the anchor takes each chain's first hop, the recursive step the
    hop at the next position.
    """
    if not claim_ids:
        return {}
    listed, params = in_list("claim", list(claim_ids))
    out: dict[int, dict[int, list[Hop]]] = defaultdict(dict)
    for claim_id, chain_no, cue, key, name, kind in as_reader(db)(_HOPS.format(ids=listed), params):
        out[claim_id].setdefault(chain_no, []).append(hop(key, name, kind, cue))
    return {cid: [chains[n] for n in sorted(chains)] for cid, chains in out.items()}


_RELATED = """
SELECT cr.{mine}, other.key, other_doc.key, home_doc.key
FROM claim_relations cr
JOIN claims other ON other.id = cr.{theirs}
JOIN documents other_doc ON other_doc.id = other.document_id
JOIN claims home ON home.id = cr.{mine}
JOIN documents home_doc ON home_doc.id = home.document_id
WHERE cr.{mine} IN {ids} AND cr.type = 'contradicts'"""


def relations_of(db: Db, claim_ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    """For each claim: keys it contradicts and keys contradicting it (``doc/key`` if elsewhere)."""
    if not claim_ids:
        return {}
    r = as_reader(db)
    listed, params = in_list("claim", list(claim_ids))
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for direction, mine, theirs in (
        ("contradicts", "from_claim_id", "to_claim_id"),
        ("contradicted_by", "to_claim_id", "from_claim_id"),
    ):
        sql = _RELATED.format(mine=mine, theirs=theirs, ids=listed)
        for claim_id, key, doc, home_key in r(sql, params):
            out[claim_id][direction].append(claim_label(doc, key, home_key))
    return {cid: {k: sorted(v) for k, v in d.items()} for cid, d in out.items()}


# -- chains -----------------------------------------------------------------------


def chain_tree(db: Db, claim_id: int) -> ChainTree:
    """A claim's chains as the tree ``provenance chain`` prints: originator at the root."""
    return chain_tree_of(as_reader(db), claim_id)


def iter_chain_trees(db: Db, filters: ClaimFilters) -> Iterator[ChainTree]:
    """The trees of every claim matching the filters, streamed."""
    r = as_reader(db)
    publishers: dict[str, tuple[str | None, Publisher | None]] = {}
    for claim in iter_claims(r, filters):
        doc = claim["document"]
        if doc not in publishers:
            row = r.one(
                "SELECT documents.title, actors.key, actors.name FROM documents "
                "LEFT JOIN actors ON actors.id = documents.publisher_id "
                "WHERE documents.key = :doc",
                {"doc": doc},
            )
            assert row is not None
            publishers[doc] = (row[0], publisher(row[1], row[2]))
        title, published_by = publishers[doc]
        yield rows_chain_tree(claim, published_by, title)
