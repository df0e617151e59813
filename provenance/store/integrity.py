"""Integrity checks over a whole database: what an import guarantees, verified after the fact.

An import only ever writes consistent data, but a database outlives the code that wrote
it: someone edits a row by hand, a disk or a copy goes wrong, a bug slips through. These
checks re-derive each guarantee from the rows alone, so ``provenance db check`` can say
whether every stored quote is still exactly the span of its document that it claims to be.

Each problem is one line naming the record (``claim DOCUMENT/KEY``, ``document KEY``,
``relays id 7``) and what is wrong. Read only; one transaction, so the answer is about
one consistent state even while an import runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, case, exists, func, inspect, literal, select
from sqlalchemy.engine import Connection

from provenance.store import tables as schema
from provenance.store.affiliations import affiliation_cycles
from provenance.store.migrate import current_revision, known_revisions
from provenance.store.review_checks import review_scales
from provenance.store.revision import SCHEMA_HEAD
from provenance.store.stale import stale_documents
from provenance.store.vocabulary import ACTOR_KINDS, CLAIM_KINDS, RELATION_TYPES
from provenance.visible import excerpt

VIEWS = ("claim_table",)
FTS_TRIGGERS = ("claims_fts_insert", "claims_fts_delete", "claims_fts_update")
TEXT_BATCH = 16
LABEL_BATCH = 500


def check_database(conn: Connection) -> list[str]:
    """Every integrity problem found, one line each; an empty list means the database is sound.

    The schema is checked first: the other checks read the tables as this version of
    provenance defines them, so on another revision they are skipped rather than misread.
    """
    problems = _storage(conn)
    unreadable = _schema(conn)
    if unreadable:
        return problems + unreadable
    for check in (
        _foreign_keys,
        _enumerations,
        _spans,
        _text_hashes,
        _relay_order,
        _relay_loops,
        _relations,
        affiliation_cycles,
        stale_documents,
        review_scales,
        _search_index,
    ):
        problems.extend(check(conn))
    return problems


def counts(conn: Connection) -> dict[str, int]:
    """How much was checked, for the "OK: ..." line."""
    tables = {
        "documents": schema.documents,
        "claims": schema.claims,
        "relays": schema.relays,
        "relations": schema.claim_relations,
        "actors": schema.actors,
    }
    return {
        name: int(conn.execute(select(func.count()).select_from(model)).scalar_one())
        for name, model in tables.items()
    }


# -- storage and schema --------------------------------------------------------------


def _storage(conn: Connection) -> list[str]:
    """SQLite's own check of the file: pages, b-trees, indexes against their tables.

    A damaged file can answer queries and still be wrong (an index missing rows). A file
    too damaged to read at all raises instead, and the caller reports that.
    """
    if conn.dialect.name != "sqlite":
        return []  # PostgreSQL checksums pages itself (and amcheck needs an extension)
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
    # CHECK constraints are re-checked below, by name and on both backends alike
    return [f"sqlite integrity: {row}" for row in rows if row != "ok" and "CHECK" not in row]


# -- schema -------------------------------------------------------------------------


def _schema(conn: Connection) -> list[str]:
    revision = current_revision(conn)
    if revision is None:
        return ["schema: no provenance schema revision (an empty database, or not provenance's)"]
    if revision != SCHEMA_HEAD:
        if revision in known_revisions():
            return [
                f"schema: at revision {revision}, this version of provenance needs "
                f"{SCHEMA_HEAD} (run `provenance db upgrade`); other checks skipped"
            ]
        return [
            f"schema: at revision {revision}, unknown to this version of provenance "
            "(written by a newer version?); other checks skipped"
        ]
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    views = set(inspector.get_view_names())
    missing = [f"schema: table '{t}' is missing" for t in schema.metadata.tables if t not in tables]
    missing += [f"schema: view '{v}' is missing" for v in VIEWS if v not in views]
    return missing


# -- foreign keys -------------------------------------------------------------------


def _foreign_keys(conn: Connection) -> list[str]:
    """Rows pointing at rows that do not exist.

    SQLite enforces foreign keys only on connections that ask for it, so a row written
    with them off can dangle: ``PRAGMA foreign_key_check`` finds those. PostgreSQL always
    enforces them, unless triggers were disabled (``session_replication_role``), so there
    the same question is asked with anti-joins. Both report the same lines.
    """
    sqlite = conn.dialect.name == "sqlite"
    found = _sqlite_dangling(conn) if sqlite else _anti_join_dangling(conn)
    return [
        f"foreign key: {table} {ident}: {column} {value} refers to no {parent} row"
        # stable sort: within a table and column, rows stay in primary-key order
        for table, ident, column, value, parent in sorted(found, key=lambda f: (f[0], f[2]))
    ]


_Dangling = tuple[str, str, str, Any, str]


def _ident(table: str, row: Any) -> str:
    pk = schema.metadata.tables[table].primary_key.columns
    if [c.name for c in pk] == ["id"]:
        return f"id {row['id']}"
    return "(" + ", ".join(f"{c.name} {row[c.name]}" for c in pk) + ")"


def _sqlite_dangling(conn: Connection) -> list[_Dangling]:
    out: list[_Dangling] = []
    for table, rowid, parent, fkid in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
        if table not in schema.metadata.tables:
            continue
        fks = conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').mappings().all()
        column = next(fk["from"] for fk in fks if fk["id"] == fkid)
        pk = [c.name for c in schema.metadata.tables[table].primary_key.columns]
        cols = ", ".join(f'"{c}"' for c in dict.fromkeys([*pk, column]))
        row = (
            conn.exec_driver_sql(f'SELECT {cols} FROM "{table}" WHERE rowid = ?', (rowid,))
            .mappings()
            .one()
        )
        out.append((table, _ident(table, row), column, row[column], parent))
    return out


def _anti_join_dangling(conn: Connection) -> list[_Dangling]:
    out: list[_Dangling] = []
    for table in schema.metadata.sorted_tables:
        for fk in table.foreign_keys:
            child = fk.parent
            parent = fk.column.table.alias("parent")  # aliased: actors refers to actors
            pk = list(table.primary_key.columns)
            query = select(*dict.fromkeys([*pk, child])).where(
                child.isnot(None), ~exists().where(parent.c[fk.column.name] == child)
            )
            for row in conn.execute(query.order_by(*pk)).mappings():
                value = row[child.name]
                out.append(
                    (table.name, _ident(table.name, row), child.name, value, fk.column.table.name)
                )
    return out


# -- enumerations -----------------------------------------------------------------------


def _enumerations(conn: Connection) -> list[str]:
    """Kinds and relation types outside their lists (what the CHECK constraints promise)."""
    a, c, d, r = schema.actors, schema.claims, schema.documents, schema.claim_relations
    out: list[str] = []
    actors = conn.execute(
        select(a.c.key, a.c.kind).where(a.c.kind.not_in(ACTOR_KINDS)).order_by(a.c.key)
    )
    out += [
        f"actor {key}: kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}" for key, kind in actors
    ]
    claims = conn.execute(
        select(c.c.id, d.c.key, c.c.key, c.c.kind)
        .outerjoin(d, d.c.id == c.c.document_id)
        .where(c.c.kind.not_in(CLAIM_KINDS))
        .order_by(c.c.id)
    )
    out += [
        f"{_claim_label(dkey, ckey, cid)}: kind {kind!r} is not one of {', '.join(CLAIM_KINDS)}"
        for cid, dkey, ckey, kind in claims
    ]
    relations = conn.execute(
        select(r.c.id, r.c.type).where(r.c.type.not_in(RELATION_TYPES)).order_by(r.c.id)
    )
    out += [
        f"claim_relations id {rid}: type {rtype!r} is not one of {', '.join(RELATION_TYPES)}"
        for rid, rtype in relations
    ]
    return out


# -- claims against their documents -------------------------------------------------


def _claim_label(doc_key: str | None, claim_key: str | None, claim_id: int) -> str:
    if doc_key is None or claim_key is None:
        return f"claim id {claim_id}"
    return f"claim {doc_key}/{claim_key}"


def _spans(conn: Connection) -> list[str]:
    """Every claim's quote must be exactly ``text[start:end]`` of its document.

    SQL narrows the claims down (``substr`` counts characters, 1-based, on both backends),
    then Python, which indexes text exactly as the importer did, has the last word and
    writes the message.
    """
    c, d = schema.claims, schema.documents
    width = c.c.span_end - c.c.span_start
    stored = case(
        (
            and_(c.c.span_start >= 0, width > 0),
            func.substr(d.c.text, c.c.span_start + 1, width),
        ),
        else_=literal(None),
    )
    suspects = conn.execute(
        select(c.c.id, c.c.document_id, d.c.key, c.c.key, c.c.span_start, c.c.span_end, c.c.quote)
        .join(d, d.c.id == c.c.document_id)
        .where(stored.is_distinct_from(c.c.quote) | (c.c.span_end > func.length(d.c.text)))
        .order_by(d.c.key, c.c.key)
    ).all()
    out: list[str] = []
    texts: dict[int, str] = {}
    for claim_id, doc_id, doc_key, key, start, end, quote in suspects:
        if doc_id not in texts:
            texts[doc_id] = conn.execute(select(d.c.text).where(d.c.id == doc_id)).scalar_one()
        doc_text = texts[doc_id]
        label = _claim_label(doc_key, key, claim_id)
        if start < 0 or end <= start:
            out.append(f"{label}: span {start}-{end} is empty or reversed")
        elif end > len(doc_text):
            out.append(
                f"{label}: span {start}-{end} is past the end of the document text "
                f"({len(doc_text)} characters)"
            )
        elif doc_text[start:end] != quote:
            out.append(
                f"{label}: span {start}-{end} of the document text holds "
                f"{excerpt(doc_text[start:end])}, not the stored quote {excerpt(quote)}"
            )
    return out


def _text_hashes(conn: Connection) -> list[str]:
    """Each document's text against the SHA-256 recorded when it was imported."""
    d = schema.documents
    out: list[str] = []
    rows = conn.execution_options(stream_results=True, yield_per=TEXT_BATCH).execute(
        select(d.c.key, d.c.text_sha256, d.c.text).order_by(d.c.key)
    )
    for key, digest, body in rows:
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != digest:
            out.append(
                f"document {key}: text does not match its stored SHA-256 "
                "(the text was changed after import)"
            )
    return out


# -- relay chains ---------------------------------------------------------------------


def _claim_labels(conn: Connection, claim_ids: Iterable[int]) -> dict[int, str]:
    """``claim DOC/KEY`` for each id (``claim id N`` if it is gone), in bounded IN lists."""
    c, d = schema.claims, schema.documents
    ids = sorted(set(claim_ids))
    found: dict[int, str] = {}
    for i in range(0, len(ids), LABEL_BATCH):
        rows = conn.execute(
            select(c.c.id, d.c.key, c.c.key)
            .join(d, d.c.id == c.c.document_id)
            .where(c.c.id.in_(ids[i : i + LABEL_BATCH]))
        )
        found.update({cid: _claim_label(dkey, ckey, cid) for cid, dkey, ckey in rows})
    return {cid: found.get(cid, f"claim id {cid}") for cid in ids}


def _relay_order(conn: Connection) -> list[str]:
    """Hops at positions 1..n and chains numbered 1..k, as the chain queries walk them.

    A chain whose position 1 is missing, or with a gap, loses its later hops silently:
    the recursive chain query starts at position 1 and follows position + 1.
    """
    r = schema.relays
    broken_chains = conn.execute(
        select(r.c.claim_id, r.c.chain_no)
        .group_by(r.c.claim_id, r.c.chain_no)
        .having((func.min(r.c.position) != 1) | (func.max(r.c.position) != func.count(r.c.id)))
        .order_by(r.c.claim_id, r.c.chain_no)
    ).all()
    numbering = conn.execute(
        select(r.c.claim_id)
        .group_by(r.c.claim_id)
        .having(
            (func.min(r.c.chain_no) != 1)
            | (func.max(r.c.chain_no) != func.count(func.distinct(r.c.chain_no)))
        )
        .order_by(r.c.claim_id)
    ).all()
    labels = _claim_labels(conn, [row[0] for row in [*broken_chains, *numbering]])
    out: list[str] = []
    for claim_id, chain_no in broken_chains:
        positions = conn.execute(
            select(r.c.position)
            .where(r.c.claim_id == claim_id, r.c.chain_no == chain_no)
            .order_by(r.c.position)
        ).scalars()
        listed = [int(p) for p in positions]
        out.append(
            f"{labels[claim_id]}: chain {chain_no} has hops at positions "
            f"{', '.join(map(str, listed))} (expected 1..{len(listed)})"
        )
    for (claim_id,) in numbering:
        numbers = conn.execute(
            select(r.c.chain_no).where(r.c.claim_id == claim_id).distinct().order_by(r.c.chain_no)
        ).scalars()
        listed = [int(n) for n in numbers]
        out.append(
            f"{labels[claim_id]}: chains are numbered {', '.join(map(str, listed))} "
            f"(expected 1..{len(listed)})"
        )
    return out


def _relay_loops(conn: Connection) -> list[str]:
    """No actor twice in one chain, and never the originator relaying its own claim."""
    a, c, r = schema.actors, schema.claims, schema.relays
    first = schema.relays.alias("first")
    again = schema.relays.alias("again")
    actor = schema.actors.alias("actor")
    repeats = conn.execute(
        select(first.c.claim_id, first.c.chain_no, actor.c.key, first.c.position, again.c.position)
        .join(
            again,
            and_(
                again.c.claim_id == first.c.claim_id,
                again.c.chain_no == first.c.chain_no,
                again.c.actor_id == first.c.actor_id,
                again.c.position > first.c.position,
            ),
        )
        .outerjoin(actor, actor.c.id == first.c.actor_id)
        .order_by(first.c.claim_id, first.c.chain_no, first.c.position, again.c.position)
    ).all()
    originators = conn.execute(
        select(r.c.claim_id, r.c.chain_no, a.c.key, r.c.position)
        .join(c, c.c.id == r.c.claim_id)
        .outerjoin(a, a.c.id == r.c.actor_id)
        .where(r.c.actor_id == c.c.originator_id)
        .order_by(r.c.claim_id, r.c.chain_no, r.c.position)
    ).all()
    labels = _claim_labels(conn, [row[0] for row in [*repeats, *originators]])
    out = [
        f"{labels[cid]}: chain {chain_no} loops: '{key}' relays it at positions {p1} and {p2}"
        for cid, chain_no, key, p1, p2 in repeats
    ]
    out += [
        f"{labels[cid]}: chain {chain_no} loops back to the claim's originator '{key}' "
        f"at position {pos}"
        for cid, chain_no, key, pos in originators
    ]
    return out


# -- relations ------------------------------------------------------------------------


def _relations(conn: Connection) -> list[str]:
    """A claim related to itself (the CHECK constraint forbids it, unless it was bypassed)."""
    r = schema.claim_relations
    rows = conn.execute(
        select(r.c.id, r.c.from_claim_id, r.c.type)
        .where(r.c.from_claim_id == r.c.to_claim_id)
        .order_by(r.c.id)
    ).all()
    labels = _claim_labels(conn, [row[1] for row in rows])
    return [
        f"claim_relations id {rid}: {labels[cid]} is related to itself ({rtype})"
        for rid, cid, rtype in rows
    ]


# -- full-text search -----------------------------------------------------------------


def _search_index(conn: Connection) -> list[str]:
    """Every claim in the search index and nothing else, and the means to keep it so.

    ``claims --search`` answers from the index, not the table: a claim missing from it is
    silently never found. On SQLite, FTS5 keeps one ``claims_fts_docsize`` row per indexed
    claim, so the comparison is two anti-joins (read only; FTS5's own integrity-check is a
    write statement). PostgreSQL maintains its GIN index itself: only its presence is checked.
    """
    if conn.dialect.name != "sqlite":
        names = {ix["name"] for ix in inspect(conn).get_indexes("claims")}
        if "ix_claims_search" in names:
            return []
        return ["search index: index 'ix_claims_search' is missing"]
    present = {
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = 'claims_fts_docsize' OR type = 'trigger'"
        )
    }
    if "claims_fts_docsize" not in present:
        return ["search index: table 'claims_fts' is missing"]
    problems = [
        f"search index: trigger '{t}' is missing (changed claims would not be found)"
        for t in FTS_TRIGGERS
        if t not in present
    ]
    unindexed = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT id FROM claims WHERE id NOT IN (SELECT id FROM claims_fts_docsize)"
        )
    ]
    for label in _claim_labels(conn, unindexed).values():
        problems.append(f"{label}: not in the search index (`claims --search` misses it)")
    stale = conn.exec_driver_sql(
        "SELECT count(*) FROM claims_fts_docsize WHERE id NOT IN (SELECT id FROM claims)"
    ).scalar_one()
    if stale:
        problems.append(f"search index: {stale} entries for claims that no longer exist")
    return problems
