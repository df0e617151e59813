"""Corpus-wide reads: contradictions, the overview a researcher reads first, listed sources.

SQL text run by a :class:`~provenance.store.reader.Reader` (see :mod:`provenance.queries.claims`);
:data:`RELATIONS` is also what the exports select from, through :func:`relations_query`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from provenance.queries.claims import Db, chains_of, claim_ids_sql, resolve_document
from provenance.queries.filters import ClaimFilters
from provenance.queries.json_text import Shape, shaper, sql_object
from provenance.store.reader import Reader, as_reader, in_list

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def _side(side: str, claim_id: str) -> tuple[dict[str, str], str]:
    c, d, a = f"{side}_c", f"{side}_d", f"{side}_a"
    fields = {
        f"{side}_claim_id": claim_id,
        f"{side}_document": f"{d}.key",
        f"{side}_claim": f"{c}.key",
        f"{side}_quote": f"{c}.quote",
        f"{side}_actor": f"{a}.key",
        f"{side}_actor_name": f"{a}.name",
        f"{side}_actor_id": f"{c}.originator_id",
    }
    joins = (
        f"JOIN claims {c} ON {c}.id = {claim_id}\n"
        f"JOIN documents {d} ON {d}.id = {c}.document_id\n"
        f"JOIN actors {a} ON {a}.id = {c}.originator_id"
    )
    return fields, joins


_FROM, _FROM_JOINS = _side("from", "rel.from_claim_id")
_TO, _TO_JOINS = _side("to", "rel.to_claim_id")

#: Each column of :data:`RELATIONS` and the SQL that gives it.
RELATION_SQL = {"relation_id": "rel.id", "type": "rel.type", "note": "rel.note", **_FROM, **_TO}
RELATION_FIELDS = tuple(RELATION_SQL)
_COLUMNS = ",\n  ".join(f"{sql} AS {name}" for name, sql in RELATION_SQL.items())

#: Relations, each side with its claim, document and originator: the one join behind
#: contradictions, an actor's record and the exports. Columns: relation_id, type, note,
#: then for each side (``from_``, ``to_``): claim_id, document, claim, quote, actor (key),
#: actor_name, actor_id. Narrow it with conditions on ``rel``, ``from_c`` and ``to_c``.
_FROM_RELATIONS = f"""
FROM claim_relations rel
{_FROM_JOINS}
{_TO_JOINS}"""
RELATIONS = f"\nSELECT {_COLUMNS}{_FROM_RELATIONS}"

#: :data:`RELATIONS` walked from the target claims in key order (SQLite's ``CROSS JOIN``
#: keeps the order written): the first few of a listing sorted by the target's document
#: and claim keys come without sorting every relation. Same columns.
_FROM_TARGETS = f"""
FROM documents to_d
CROSS JOIN claims to_c ON to_c.document_id = to_d.id
CROSS JOIN claim_relations rel ON rel.to_claim_id = to_c.id
JOIN actors to_a ON to_a.id = to_c.originator_id
{_FROM_JOINS}"""


def relation_rows(
    r: Reader,
    where: Sequence[str],
    params: dict[str, Any],
    order: str,
    limit: int | None = None,
    *,
    walk: bool = False,
    columns: str = _COLUMNS,
) -> Iterator[Sequence[Any]]:
    """The rows of :data:`RELATIONS` meeting every condition of ``where``, in ``order``
    (the first ``limit`` of them if given), as tuples in :data:`RELATION_FIELDS` order, or
    of the ``columns`` given instead (SQL on the tables of :data:`RELATION_SQL`).

    ``walk``: the order starts with the target's document and claim keys and few rows are
    asked of many; on SQLite the rows are then found walking the targets in that order."""
    joined = _FROM_TARGETS if walk and r.dialect == "sqlite" else _FROM_RELATIONS
    sql = (
        f"\nSELECT {columns}"
        + joined
        + ("\nWHERE " + " AND ".join(where) if where else "")
        + "\nORDER BY "
        + order
    )
    if limit is not None:
        sql += "\nLIMIT :relations_limit"
        params = {**params, "relations_limit": limit}
    return iter(r(sql, params))


def relations(
    r: Reader, where: Sequence[str], params: dict[str, Any], order: str, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """:func:`relation_rows` as dicts keyed by :data:`RELATION_FIELDS`."""
    for values in relation_rows(r, where, params, order, limit):
        yield dict(zip(RELATION_FIELDS, values, strict=True))


def relations_query() -> Any:
    """:data:`RELATIONS` as a SQLAlchemy statement, for the exports: they narrow it with
    ``.where`` on its columns and pick theirs with ``.with_only_columns``."""
    from sqlalchemy import column, select, text

    relation = text(RELATIONS).columns(*map(column, RELATION_FIELDS)).subquery("relation")
    return select(*relation.c).select_from(relation)


def involving(conn: Connection, q: Any, filters: ClaimFilters | None) -> Any:
    """Narrow a :func:`relations_query` to relations either of whose claims passes the
    claim filters (``--originator X --with-affiliates``: the same recursive query)."""
    if filters is None:
        return q
    from sqlalchemy import Integer, column, text

    sql, params = claim_ids_sql(conn, filters)
    involved = text(_INVOLVED.format(ids=sql)).bindparams(**params)
    return q.where(q.selected_columns.relation_id.in_(involved.columns(column("id", Integer))))


#: the relations either of whose claims is among ``ids`` (a SELECT of claim ids): one
#: indexed look-up per side, not an OR of two IN lists, which PostgreSQL priced at a
#: quarter of the relations and answered by reading the whole claims table (0.3 s at 1M)
_INVOLVED = (
    "SELECT id FROM claim_relations WHERE from_claim_id IN ({ids}) "
    "UNION ALL SELECT id FROM claim_relations WHERE to_claim_id IN ({ids})"
)


def relation_table(
    db: Db,
    types: Sequence[str],
    filters: ClaimFilters | None = None,
    *,
    limit: int | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``export csv --table relations`` (:data:`RELATION_COLUMNS` of
    :mod:`provenance.queries.columns`) for ``contradictions --format csv``: in the export's
    order, or with ``limit`` the first of :func:`contradictions`' order, the same relations
    its table and JSON give."""
    r = as_reader(db)
    where, params, walk = _relation_conditions(r, types, filters, limit)
    order = _LISTED if limit is not None else "from_claim_id, relation_id"
    yield from map(_TABLE_CELLS, relation_rows(r, where, params, order, limit, walk=walk))


#: the cells of :data:`RELATIONS` a row of the relations table keeps, in its column order
_TABLE_FIELDS = ("from_document", "from_claim", "type", "to_document", "to_claim")
_TABLE_CELLS = itemgetter(
    *map(RELATION_FIELDS.index, (*_TABLE_FIELDS, "from_actor", "to_actor", "note"))
)


#: the order of the contradictions listing: by what is contradicted, then by whom
_LISTED = ", ".join(
    RELATION_SQL[f] for f in ("to_document", "to_claim", "from_document", "from_claim", "type")
)

#: One relation of the contradictions listing, in JSON (``contradictions --format json``)
#: and behind its table: claim A (by X) <type> claim B (by Y).
CONTRADICTION: Shape = (
    ("type", "type"),
    ("claim", (("document", "from_document"), ("key", "from_claim"), ("quote", "from_quote"))),
    ("by", (("key", "from_actor"), ("name", "from_actor_name"))),
    ("against", (("document", "to_document"), ("key", "to_claim"), ("quote", "to_quote"))),
    ("against_actor", (("key", "to_actor"), ("name", "to_actor_name"))),
    ("note", "note"),
)


def _relation_conditions(
    r: Reader, types: Sequence[str], filters: ClaimFilters | None, limit: int | None
) -> tuple[list[str], dict[str, Any], bool]:
    """The WHERE conditions of a relation listing, their parameters, and whether SQLite
    should walk the targets in order (:func:`_dense`)."""
    listed, params = in_list("type", list(types))
    where = [f"rel.type IN {listed}"]
    if filters is not None:
        ids, id_params = claim_ids_sql(r, filters)
        where.append(f"rel.id IN ({_INVOLVED.format(ids=ids)})")
        params.update(id_params)
    walk = filters is None and limit is not None and _dense(r, listed, params, limit)
    return where, params, walk


def contradictions(
    db: Db,
    types: Sequence[str] = ("contradicts",),
    filters: ClaimFilters | None = None,
    *,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Each relation of the given types as: claim A (by X) <type> claim B (by Y).

    ``filters``: only relations one of whose claims passes them (who contradicts what the
    OSDH, or anyone speaking for it, said; and what they contradicted). ``limit``: the
    first so many, which the servers find through the indexes on the sort's keys (a
    million-claim corpus holds tens of thousands of contradictions).
    """
    r = as_reader(db)
    where, params, walk = _relation_conditions(r, types, filters, limit)
    yield from map(
        shaper(CONTRADICTION, RELATION_FIELDS),
        relation_rows(r, where, params, _LISTED, limit, walk=walk),
    )


def contradiction_json(
    db: Db,
    types: Sequence[str] = ("contradicts",),
    filters: ClaimFilters | None = None,
    *,
    limit: int | None = None,
) -> Iterator[bytes]:
    """:func:`contradictions` as UTF-8 JSON, each object written by the database
    (:mod:`provenance.queries.json_text`): byte for byte what ``json.dumps`` would give."""
    r = as_reader(db)
    where, params, walk = _relation_conditions(r, types, filters, limit)
    columns = sql_object(CONTRADICTION, RELATION_SQL, r.dialect)
    if r.dialect == "sqlite" and r.scalar("PRAGMA encoding") == "UTF-8":
        columns = f"CAST({columns} AS BLOB)"  # the stored bytes as they are: no decoding
    for (item,) in relation_rows(r, where, params, _LISTED, limit, walk=walk, columns=columns):
        yield item if isinstance(item, bytes) else item.encode()


def _dense(r: Reader, listed: str, params: dict[str, Any], limit: int) -> bool:
    """Whether walking the claims in key order meets ``limit`` relations of these types
    sooner than reading them all: about limit × claims / matches claims are walked, against
    the matches read and sorted. A million-claim corpus with 48,000 contradictions walks a
    few hundred claims for the first 20 (0.3 s -> 2 ms); one with none reads no claim."""
    if r.dialect != "sqlite":
        return False  # the server's planner finds the ordered walk by itself
    matches = int(
        r.scalar(f"SELECT count(*) FROM claim_relations WHERE type IN {listed}", params) or 0
    )
    claims = int(r.scalar("SELECT max(id) FROM claims") or 0)
    return matches > 0 and limit * claims < matches * matches


_LONGEST = """
SELECT claim_id, chain_no, max(position) AS hops FROM relays
GROUP BY claim_id, chain_no
ORDER BY max(position) DESC, claim_id, chain_no
LIMIT 1"""


def stats(db: Db) -> dict[str, Any]:
    """Counts, the longest chain, actors by reach, anonymous and state-affiliated shares."""
    r = as_reader(db)

    def count(sql: str, **params: Any) -> int:
        return int(r.scalar(sql, params) or 0)

    claims = count("SELECT count(*) FROM claims")
    relays = count("SELECT count(*) FROM relays")
    by_type: dict[str, int] = dict(r("SELECT type, count(*) FROM claim_relations GROUP BY type"))
    direct = count(
        "SELECT count(*) FROM claims "
        "WHERE NOT EXISTS (SELECT relays.id FROM relays WHERE relays.claim_id = claims.id)"
    )
    anonymous = count(
        "SELECT count(*) FROM claims JOIN actors ON actors.id = claims.originator_id "
        "WHERE actors.kind = 'anonymous_source'"
    )
    state_relays = count(
        "SELECT count(*) FROM relays JOIN actors ON actors.id = relays.actor_id "
        "WHERE actors.state_affiliated = :yes",
        yes=True,
    )
    contradicted = count(
        "SELECT count(DISTINCT to_claim_id) FROM claim_relations WHERE type = 'contradicts'"
    )
    longest = r.one(_LONGEST)
    longest_chain = None
    if longest is not None:
        claim_id, chain_no, hops = longest
        row = r.one(
            "SELECT claims.key, documents.key, actors.name FROM claims "
            "JOIN documents ON documents.id = claims.document_id "
            "JOIN actors ON actors.id = claims.originator_id WHERE claims.id = :claim_id",
            {"claim_id": claim_id},
        )
        assert row is not None
        key, doc, origin = row
        chain = chains_of(r, [claim_id])[claim_id][chain_no - 1]
        longest_chain = {
            "claim": f"{doc}/{key}",
            "hops": int(hops),
            "path": [origin, *(h["name"] for h in chain)],
        }
    return {
        "documents": count("SELECT count(*) FROM documents"),
        "claims": claims,
        "actors": count("SELECT count(*) FROM actors"),
        "relays": relays,
        "relations": {t: by_type.get(t, 0) for t in sorted(by_type)},
        "claims_without_relay": direct,
        "contradicted_claims": contradicted,
        "anonymous_source_share": _share(anonymous, claims),
        "state_affiliated_relay_share": _share(state_relays, relays),
        "longest_chain": longest_chain,
        "top_actors_by_reach": reach(r, limit=10),
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


# distinct (actor, claim) pairs counted per actor id first, then the top ones named: the
# joined to the actors once per actor, not once per pair
_REACH = """
SELECT actors.key, actors.name, touched.n AS claims
FROM (
  SELECT actor_id, count(*) AS n FROM (
    SELECT originator_id AS actor_id, id AS claim_id FROM claims
    UNION SELECT actor_id, claim_id FROM relays
    UNION SELECT d.publisher_id, claims.id FROM documents d
          JOIN claims ON claims.document_id = d.id WHERE d.publisher_id IS NOT NULL
  ) pairs GROUP BY actor_id
) touched JOIN actors ON actors.id = touched.actor_id
ORDER BY touched.n DESC, actors.key
LIMIT :limit"""


def reach(db: Db, limit: int = 10) -> list[dict[str, Any]]:
    """Actors by the number of distinct claims they originated, relayed or published."""
    rows = as_reader(db)(_REACH, {"limit": limit})
    return [{"key": k, "name": n, "claims": int(c)} for k, n, c in rows]


def listed_sources(db: Db, document: str) -> list[dict[str, Any]]:
    """Sources a document lists vs the actors its claims are attributed to, with flags.

    ``listed_unused``: listed, yet no claim comes from or through it (the seed's "Média de
    guerre"). ``unlisted``: a relay (or originator other than the publisher) not listed.
    """
    r = as_reader(db)
    doc = {"doc_id": resolve_document(r, document)}
    publisher_id = r.scalar("SELECT publisher_id FROM documents WHERE id = :doc_id", doc)
    listed: dict[int, int] = dict(
        r("SELECT actor_id, position FROM document_sources WHERE document_id = :doc_id", doc)
    )
    originated = {
        a: int(n)
        for a, n in r(
            "SELECT originator_id, count(*) FROM claims WHERE document_id = :doc_id "
            "GROUP BY originator_id",
            doc,
        )
    }
    relayed = {
        a: int(n)
        for a, n in r(
            "SELECT relays.actor_id, count(DISTINCT relays.claim_id) FROM relays "
            "JOIN claims ON claims.id = relays.claim_id AND claims.document_id = :doc_id "
            "GROUP BY relays.actor_id",
            doc,
        )
    }
    ids = set(listed) | set(originated) | set(relayed)
    in_ids, params = in_list("actor", list(ids))
    actors = {
        i: (k, n) for i, k, n in r(f"SELECT id, key, name FROM actors WHERE id IN {in_ids}", params)
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
