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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, Table, delete, func, select
from sqlalchemy.engine import Connection

from provenance.errors import NotFound, ValidationFailed
from provenance.ingest.co_declarers import hand_over
from provenance.ingest.dependents import stale_declarers
from provenance.ingest.problems import did_you_mean
from provenance.ingest.stored import DatabaseReader, StoredRelation, chunks
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
    relations: int = 0  # declared in its annotation (owned)
    reviews: int = 0  # declared in its annotation
    kept: int = 0  # of its relations, those another annotation staying declares too

    def __str__(self) -> str:
        relations = _counted_noun(self.relations, "relation")
        kept = (
            f"; {_counted_noun(self.kept, 'relation')} kept: declared elsewhere too"
            if self.kept
            else ""
        )
        if self.is_set:
            return f"relation set {self.key} ({relations}{kept})"
        claims, reviews = _counted_noun(self.claims, "claim"), _counted_noun(self.reviews, "review")
        return f"document {self.key} ({claims}, {relations}, {reviews}{kept})"


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
    if not dry_run:
        _lock(conn, docs, sets)
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
        removal.removed[-1].kept = _kept(conn, "declared_in_id", doc_id, docs, sets)
    for key, set_id in sets.items():
        removal.removed.append(_counted_set(conn, key, set_id))
        removal.removed[-1].kept = _kept(conn, "declared_in_set_id", set_id, docs, sets)
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


def _lock(conn: Connection, docs: dict[str, int], sets: dict[str, int]) -> None:
    """On PostgreSQL, wait for the imports writing on these documents' claims, before the
    dependents are looked for.

    An import that has written a relation to one of the claims, not yet committed, holds
    a key-share lock on that claim: taking the claims' row locks waits for it, and the
    look-up then sees its relation (refused, or dropped and named). An import starting
    after this waits for the removal and fails on the missing claim, writing nothing.
    SQLite needs none of this: the write transaction holds the whole database.
    """
    if conn.dialect.name != "postgresql":
        return
    c = schema.claims
    for chunk in chunks(sorted(docs.values())):
        conn.execute(select(c.c.id).where(c.c.document_id.in_(chunk)).with_for_update())
    d, r = schema.documents, schema.relation_sets
    for table, ids in ((d, docs), (r, sets)):
        for chunk in chunks(sorted(ids.values())):
            conn.execute(select(table.c.id).where(table.c.id.in_(chunk)).with_for_update())


def _ids(conn: Connection, t: Table, noun: str, keys: Sequence[str]) -> dict[str, int]:
    """Each key's id, in the order given; an unknown key is refused with the one likely
    meant (nothing is removed). A key typed decomposed (NFD, as macOS copies it) is the
    composed one stored; a relation set is also found by its file's name ("links.yaml")."""
    found: dict[str, int] = {}
    missing: list[str] = []
    for given in dict.fromkeys(keys):
        row = None
        for key in _spellings(given, relation_set=t is schema.relation_sets):
            row = conn.execute(select(t.c.id).where(t.c.key == key)).first()
            if row is not None:
                found[key] = int(row[0])
                break
        if row is None:
            missing.append(given)
    if missing:
        stored = [r[0] for r in conn.execute(select(t.c.key))]
        lines = []
        for key in missing:
            hint = difflib.get_close_matches(unicodedata.normalize("NFC", key), stored, n=1)
            lines.append(f"unknown {noun} '{key}'" + did_you_mean(hint[0] if hint else None))
        if len(lines) == 1:
            raise NotFound(lines[0])
        raise ValidationFailed(lines)  # one line each
    return found


def _spellings(key: str, *, relation_set: bool) -> list[str]:
    composed = unicodedata.normalize("NFC", key)
    out = list(dict.fromkeys([key, composed]))
    if relation_set:
        stem, dot, suffix = composed.rpartition(".")
        if dot and stem and suffix.lower() in ("yaml", "yml", "json", "jsonld"):
            out.append(stem.rsplit("/", 1)[-1])  # a set without key: is named after its file
    return out


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


def _kept(
    conn: Connection, column: str, owner: int, docs: dict[str, int], sets: dict[str, int]
) -> int:
    """The relations ``owner`` declares that an annotation staying declares too: they pass
    to it (or, if one of their claims goes, are dependents, reported on their own)."""
    r, co = schema.claim_relations, schema.relation_co_declarers
    going = func.coalesce(co.c.declared_in_id.in_(list(docs.values())), False) | func.coalesce(
        co.c.declared_in_set_id.in_(list(sets.values())), False
    )
    query = (
        select(func.count(func.distinct(r.c.id)))
        .select_from(r.join(co, co.c.relation_id == r.c.id))
        .where(r.c[column] == owner, ~going)
    )
    return int(conn.execute(query).scalar_one())


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
