"""CSV tables of the database, streamed row by row from a server-side cursor.

The claims table is the ``claim_table`` view itself, so a spreadsheet and a SQL client
see the same rows. A million claims cost the memory of one batch, and the per-row Python
work is one pass over a few free-text cells: rows go from the cursor to ``csv.writer``
as tuples, and a row is copied only when one of its cells would be read as a formula.

Only free-text cells (quotes, statements, cues, names, notes, titles) are looked at for
formula characters: keys must start with a letter or digit to be imported
(:data:`provenance.ingest.format.KEY_PATTERN`), kinds and types are fixed words, and the
``chain`` cell starts with the originator's name, which is checked.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from sqlalchemy import (
    Boolean,
    Date,
    and_,
    case,
    column,
    distinct,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy import table as sql_table
from sqlalchemy.engine import Connection

from provenance.errors import ExportError
from provenance.output import neutralised
from provenance.queries.claims import claim_ids_query
from provenance.queries.columns import (
    ACTOR_COLUMNS,
    CLAIM_CELLS_SQL,
    CLAIM_TABLE_COLUMNS,
    CLAIM_TEXT_CELLS,
    DOCUMENT_COLUMNS,
    RELATION_COLUMNS,
    RELAY_COLUMNS,
    REVIEW_COLUMNS,
)
from provenance.queries.filters import ClaimFilters
from provenance.queries.overview import involving, relations_query
from provenance.queries.relay_table import relay_table_sql
from provenance.queries.reviews import REVIEW_FIELDS, REVIEWS
from provenance.store import tables as schema
from provenance.store.vocabulary import TABLES

#: Tables that the ``claims`` command's filters narrow (the others list every row).
FILTERABLE = ("claims", "relays", "relations", "reviews")
BATCH = 5000
SEPARATOR = "; "

_claim_table = sql_table(
    "claim_table",
    *(column(c, Boolean) if c == "direct_quote" else column(c) for c in CLAIM_TABLE_COLUMNS),
)


@dataclass(frozen=True)
class Narrowing:
    """What narrows a table beyond the claim filters: the listings that share its columns."""

    wide: bool = False
    actor_kind: str | None = None  # actors: ``actors --kind``


@dataclass(frozen=True)
class TableQuery:
    """A table to write: its header, the statement giving its rows, its free-text cells."""

    columns: tuple[str, ...]
    statement: Any
    text_cells: tuple[int, ...]


def write_table(
    conn: Connection,
    name: str,
    out: TextIO,
    *,
    filters: ClaimFilters | None = None,
    raw: bool = False,
    wide: bool = False,
    narrowing: Narrowing | None = None,
) -> int:
    """Write one table as RFC 4180 CSV (header first, CRLF); returns the number of rows."""
    narrowing = narrowing or Narrowing(wide=wide)
    query = table_query(conn, name, filters=filters, narrowing=narrowing)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(query.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query.statement)
    n = 0
    # a batch at a time: csv.writer loops over the rows in C, and Python sees each row
    # only for the formula check
    for batch in result.partitions():
        writer.writerows(batch if raw else neutralised(batch, query.text_cells))
        n += len(batch)
    return n


def table_query(
    conn: Connection,
    name: str,
    *,
    filters: ClaimFilters | None = None,
    narrowing: Narrowing = Narrowing(),
) -> TableQuery:
    if name not in TABLES:
        raise ExportError(f"unknown table '{name}' (one of {', '.join(TABLES)})")
    if filters is not None and filters == ClaimFilters():
        filters = None
    if filters is not None and name not in FILTERABLE:
        raise ExportError(
            f"claim filters apply to the {', '.join(FILTERABLE)} tables, not to '{name}'"
        )
    if narrowing.wide and name != "claims":
        raise ExportError("--wide applies to the claims table only")
    builders: dict[str, Callable[[Connection, ClaimFilters | None, Narrowing], TableQuery]] = {
        "claims": _claims,
        "relays": _relays,
        "actors": _actors,
        "relations": _relations,
        "documents": _documents,
        "reviews": _reviews,
    }
    return builders[name](conn, filters, narrowing)


# -- claims -----------------------------------------------------------------------


def _claims(conn: Connection, filters: ClaimFilters | None, narrowing: Narrowing) -> TableQuery:
    v = _claim_table.c
    cells: list[Any] = [literal_column(sql) for sql in CLAIM_CELLS_SQL]
    columns = list(CLAIM_TABLE_COLUMNS)
    text_cells = list(CLAIM_TEXT_CELLS)
    ids = claim_ids_query(conn, filters) if filters is not None else None
    if narrowing.wide:
        hops = longest_first_chain(conn, ids)
        for position in range(1, hops + 1):
            text_cells.append(len(columns))
            columns.append(f"hop_{position}")
            cells.append(_hop_name(position))
    statement = select(*cells).select_from(_claim_table)
    if ids is not None:
        statement = statement.where(v.id.in_(ids))
    return TableQuery(tuple(columns), statement.order_by(v.id), tuple(text_cells))


def longest_first_chain(conn: Connection, ids: Any | None = None) -> int:
    """The number of hops of the longest first chain among the exported claims."""
    query = select(func.max(schema.relays.c.position)).where(schema.relays.c.chain_no == 1)
    if ids is not None:
        query = query.where(schema.relays.c.claim_id.in_(ids))
    return int(conn.execute(query).scalar() or 0)


def _hop_name(position: int) -> Any:
    hop = schema.relays.alias(f"hop{position}")
    who = schema.actors.alias(f"hop{position}_actor")
    return (
        select(who.c.name)
        .select_from(hop.join(who, who.c.id == hop.c.actor_id))
        .where(
            hop.c.claim_id == _claim_table.c.id,
            hop.c.chain_no == 1,
            hop.c.position == position,
        )
        .scalar_subquery()
        .label(f"hop_{position}")
    )


# -- relays, relations ------------------------------------------------------------


def _relays(conn: Connection, filters: ClaimFilters | None, _: Narrowing) -> TableQuery:
    sql, params = relay_table_sql(conn, filters)
    return TableQuery(RELAY_COLUMNS, text(sql).bindparams(**params), (5, 6))


def _relations(conn: Connection, filters: ClaimFilters | None, narrowing: Narrowing) -> TableQuery:
    # a relation belongs to the export when either of its claims does
    q = involving(conn, relations_query(), filters)
    c = q.selected_columns
    statement = q.with_only_columns(
        c.from_document,
        c.from_claim,
        c.type,
        c.to_document,
        c.to_claim,
        c.from_actor,
        c.to_actor,
        c.note,
    )
    statement = statement.order_by(c.from_claim_id, c.relation_id)
    return TableQuery(RELATION_COLUMNS, statement, (7,))


def _reviews(conn: Connection, filters: ClaimFilters | None, _: Narrowing) -> TableQuery:
    fields = (column(c, Date) if c == "date" else column(c) for c in REVIEW_FIELDS)
    c = text(REVIEWS).columns(*fields).subquery("review").c
    statement = select(*(c[name] for name in REVIEW_COLUMNS)).order_by(c.claim_id, c.review_id)
    if filters is not None:  # a review belongs to the export when its claim does
        statement = statement.where(c.claim_id.in_(claim_ids_query(conn, filters)))
    return TableQuery(REVIEW_COLUMNS, statement, (REVIEW_COLUMNS.index("rating"),))


# -- actors, documents ------------------------------------------------------------


def _actors(conn: Connection, _filters: ClaimFilters | None, narrowing: Narrowing) -> TableQuery:
    a = schema.actors
    aff = a.alias("aff")
    src, dst = schema.claims.alias("src"), schema.claims.alias("dst")
    rel = schema.claim_relations

    def contradictions(mine: Any, theirs: Any) -> Any:
        # contradicts relations between one of this actor's claims and another actor's
        return (
            select(func.count())
            .select_from(rel)
            .join(src, src.c.id == rel.c.from_claim_id)
            .join(dst, dst.c.id == rel.c.to_claim_id)
            .where(rel.c.type == "contradicts", mine == a.c.id, theirs != a.c.id)
            .scalar_subquery()
        )

    aliases = ordered_join(
        conn,
        schema.actor_aliases.c.alias,
        order=schema.actor_aliases.c.id,
        from_=schema.actor_aliases,
        where=and_(
            schema.actor_aliases.c.actor_id == a.c.id, schema.actor_aliases.c.alias != a.c.name
        ),
        correlate=a,
    )
    statement = (
        select(
            *schema.columns_of(a, "key", "name", "kind", "country"),
            case((a.c.state_affiliated, "true"), (~a.c.state_affiliated, "false")),
            aff.c.key,
            a.c.role,
            aliases,
            select(func.count())
            .select_from(schema.claims)
            .where(schema.claims.c.originator_id == a.c.id)
            .scalar_subquery(),
            select(func.count(distinct(schema.relays.c.claim_id)))
            .where(schema.relays.c.actor_id == a.c.id)
            .scalar_subquery(),
            contradictions(dst.c.originator_id, src.c.originator_id),
            contradictions(src.c.originator_id, dst.c.originator_id),
            a.c.description,
        )
        .select_from(a.outerjoin(aff, aff.c.id == a.c.affiliation_id))
        .order_by(a.c.id)
    )
    if narrowing.actor_kind is not None:
        statement = statement.where(a.c.kind == narrowing.actor_kind)
    return TableQuery(ACTOR_COLUMNS, statement, (1, 6, 7, 12))


def _documents(conn: Connection, _filters: ClaimFilters | None, _: Narrowing) -> TableQuery:
    d = schema.documents
    publisher = schema.actors.alias("publisher")
    source = schema.actors.alias("source")
    listed = ordered_join(
        conn,
        source.c.key,
        order=schema.document_sources.c.position,
        from_=schema.document_sources.join(
            source, source.c.id == schema.document_sources.c.actor_id
        ),
        where=schema.document_sources.c.document_id == d.c.id,
        correlate=d,
    )
    statement = (
        select(
            d.c.key,
            d.c.title,
            publisher.c.key,
            *schema.columns_of(d, "published", "language", "url", "text_sha256"),
            select(func.count())
            .select_from(schema.claims)
            .where(schema.claims.c.document_id == d.c.id)
            .scalar_subquery(),
            listed,
        )
        .select_from(d.outerjoin(publisher, publisher.c.id == d.c.publisher_id))
        .order_by(d.c.id)
    )
    return TableQuery(DOCUMENT_COLUMNS, statement, (1, 5))


def ordered_join(
    conn: Connection, value: Any, *, order: Any, from_: Any, where: Any, correlate: Any
) -> Any:
    """``value`` of the matching rows joined by "; " in ``order``, as a scalar subquery.

    Spelled per dialect like the ``claim_table`` view: PostgreSQL orders inside
    ``string_agg``; SQLite's ``group_concat`` keeps the order of an ordered subquery.
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        separator: Any = literal_column(f"'{SEPARATOR}'")
        return (
            select(func.string_agg(value, aggregate_order_by(separator, order)))
            .select_from(from_)
            .where(where)
            .scalar_subquery()
        )
    inner = (
        select(value.label("value"))
        .select_from(from_)
        .where(where)
        .order_by(order)
        .correlate(correlate)
        .subquery()
    )
    return select(func.group_concat(inner.c.value, SEPARATOR)).scalar_subquery()
