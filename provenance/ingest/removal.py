"""``remove``: taking documents and relation sets out of the database, all or nothing.

An annotation imported by mistake, or a document withdrawn by its publisher, had no way
out but a new database. Removal follows the import's rules for what goes with a claim:
a relation or review that another stored annotation declares on a removed claim is never
dropped silently. It is refused, one line each, unless the user asks to drop them
(``--drop-dependent-relations``), and then their declarers are marked stale, so importing
those files again writes back whatever still holds. A relation the removed annotation
owns but another one co-declares passes to that one when both its claims stay. Actors
stay: they are shared by the corpus (``actors`` lists those no claim uses any more).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, Table, delete, func, select
from sqlalchemy.engine import Connection

from provenance.errors import NotFound, ValidationFailed
from provenance.ingest.co_declarers import hand_over
from provenance.ingest.dependents import stale_declarers
from provenance.ingest.stored import DatabaseReader, StoredRelation
from provenance.ingest.writer import mark_stale
from provenance.store import tables as schema
from provenance.store.engine import connect

WAY_OUT = "remove its declarer too, or pass --drop-dependent-relations to drop it"


@dataclass
class Removed:
    """One annotation taken out, with what went with it."""

    key: str
    is_set: bool = False
    claims: int = 0
    relations: int = 0  # declared in its annotation
    reviews: int = 0  # declared in its annotation

    def __str__(self) -> str:
        relations = _counted_noun(self.relations, "relation")
        if self.is_set:
            return f"relation set {self.key} ({relations})"
        claims, reviews = _counted_noun(self.claims, "claim"), _counted_noun(self.reviews, "review")
        return f"document {self.key} ({claims}, {relations}, {reviews})"


def _counted_noun(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass
class Removal:
    removed: list[Removed] = field(default_factory=list)
    dropped: list[StoredRelation] = field(default_factory=list)


def remove(
    engine: Engine,
    documents: Sequence[str],
    relation_sets: Sequence[str] = (),
    *,
    drop_dependent: bool = False,
    dry_run: bool = False,
) -> Removal:
    """Remove the documents and relation sets named, in one transaction; ``dry_run``
    checks and counts the same and writes nothing."""
    with connect(engine) as conn, conn.begin():
        return _remove(conn, documents, relation_sets, drop_dependent, dry_run)


def _remove(
    conn: Connection,
    documents: Sequence[str],
    relation_sets: Sequence[str],
    drop: bool,
    dry_run: bool,
) -> Removal:
    docs = _ids(conn, schema.documents, "document", documents)
    sets = _ids(conn, schema.relation_sets, "relation set", relation_sets)
    removal = Removal()
    dependent = _dependent(conn, docs, sets)
    if dependent and not drop:
        raise ValidationFailed(
            [
                f"removing {relation.from_doc if relation.from_doc in docs else relation.to_doc} "
                f"would drop {relation.noun} {relation}, declared in {relation.declarer}: "
                f"{WAY_OUT}"
                for relation in dependent
            ]
        )
    removal.dropped = dependent
    for key, doc_id in docs.items():
        removal.removed.append(_counted(conn, key, doc_id))
    for key, set_id in sets.items():
        removal.removed.append(_counted_set(conn, key, set_id))
    if dry_run:
        return removal
    for doc_id in docs.values():
        hand_over(conn, document=doc_id)
    for set_id in sets.values():
        hand_over(conn, relation_set=set_id)
    # claims, relays, relations and reviews go by cascade (and SQLite's full-text rows by
    # the claims' delete trigger)
    for doc_id in docs.values():
        conn.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))
    for set_id in sets.values():
        conn.execute(delete(schema.relation_sets).where(schema.relation_sets.c.id == set_id))
    mark_stale(conn, schema.documents, stale_declarers(dependent, sets=False))
    mark_stale(conn, schema.relation_sets, stale_declarers(dependent, sets=True))
    return removal


def _ids(conn: Connection, t: Table, noun: str, keys: Sequence[str]) -> dict[str, int]:
    """Each key's id, in the order given; an unknown key is refused with the one likely
    meant (nothing is removed)."""
    found: dict[str, int] = {}
    missing: list[str] = []
    for key in dict.fromkeys(keys):
        row = conn.execute(select(t.c.id).where(t.c.key == key)).first()
        if row is None:
            missing.append(key)
        else:
            found[key] = int(row[0])
    if missing:
        stored = [r[0] for r in conn.execute(select(t.c.key))]
        lines = []
        for key in missing:
            hint = difflib.get_close_matches(key, stored, n=1, cutoff=0.6)
            lines.append(
                f"unknown {noun} '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
            )
        raise NotFound("; ".join(lines))
    return found


def _dependent(
    conn: Connection, docs: dict[str, int], sets: dict[str, int]
) -> list[StoredRelation]:
    """Relations and reviews on the removed documents' claims that an annotation staying
    in the database declares: each once, in the database's order."""
    going_docs, going_sets = set(docs), set(sets)
    found = DatabaseReader(conn).relations_declared_elsewhere(list(docs))
    out: dict[tuple[object, ...], StoredRelation] = {}
    for relations in found.values():
        for r in relations:
            if r.declared_in in (going_sets if r.in_set else going_docs):
                continue
            ident = (r.from_doc, r.from_key, r.type, r.to_doc, r.to_key, r.declared_in, r.in_set)
            out.setdefault((*ident, r.review_by), r)
    return list(out.values())


def _count(conn: Connection, t: Table, column: str, owner: int) -> int:
    query = select(func.count()).select_from(t).where(t.c[column] == owner)
    return int(conn.execute(query).scalar_one())


def _counted(conn: Connection, key: str, doc_id: int) -> Removed:
    return Removed(
        key,
        claims=_count(conn, schema.claims, "document_id", doc_id),
        relations=_count(conn, schema.claim_relations, "declared_in_id", doc_id),
        reviews=_count(conn, schema.claim_reviews, "declared_in_id", doc_id),
    )


def _counted_set(conn: Connection, key: str, set_id: int) -> Removed:
    relations = _count(conn, schema.claim_relations, "declared_in_set_id", set_id)
    return Removed(key, is_set=True, relations=relations)
