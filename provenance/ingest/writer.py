"""Writing checked documents: their rows, claims, relays, relations and sources, in batches.

Documents arrive one at a time from the checker and are written FLUSH_DOCUMENTS at a time.
A relation to a claim of a document not written yet waits in a temporary table until the
end of the run (:mod:`provenance.ingest.relations_later`), so memory does not grow with the
corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection

from provenance.ingest.bulk import BulkWriter, insert_rows
from provenance.ingest.co_declarers import Declarations, hand_over
from provenance.ingest.relations_later import RelationsLater
from provenance.ingest.resolved import ActorUpdate, ResolvedDocument, ResolvedRelation
from provenance.ingest.review_writer import ReviewWriter
from provenance.ingest.stored import StoredRelation, chunks
from provenance.store import tables as schema
from provenance.store.search import search_text
from provenance.store.stale import STALE


@dataclass
class ImportSummary:
    files: int = 0
    documents_added: int = 0
    documents_replaced: int = 0
    documents_unchanged: int = 0
    claims_added: int = 0
    claims_updated: int = 0
    claims_removed: int = 0
    relays_written: int = 0
    relations_written: int = 0
    actors_added: int = 0
    actors_updated: int = 0
    relation_sets_added: int = 0
    relation_sets_replaced: int = 0
    relation_sets_unchanged: int = 0
    reviews_written: int = 0
    replaced: list[str] = field(default_factory=list)
    dropped: list[StoredRelation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    actor_updates: list[ActorUpdate] = field(default_factory=list)  # --update-actors
    actors_kept: list[ActorUpdate] = field(default_factory=list)  # --keep-stored-actors

    def line(self) -> str:
        docs = (
            f"documents: {self.documents_added} added, {self.documents_replaced} replaced, "
            f"{self.documents_unchanged} unchanged"
        )
        claims = f"claims: {self.claims_added} added"
        # said only when there are some: the line reads as before for corpora without reviews
        reviews = f"; reviews: {self.reviews_written} written" if self.reviews_written else ""
        if self.claims_updated or self.claims_removed:
            claims += f", {self.claims_updated} updated, {self.claims_removed} removed"
        sets = (self.relation_sets_added, self.relation_sets_replaced, self.relation_sets_unchanged)
        also = (
            f"; relation sets: {sets[0]} added, {sets[1]} replaced, {sets[2]} unchanged"
            if any(sets)
            else ""
        )
        return (
            f"Imported {self.files} file{'s' if self.files != 1 else ''}; {docs}; {claims}; "
            f"relays: {self.relays_written} written; relations: {self.relations_written} written; "
            f"actors: {self.actors_added} added, {self.actors_updated} updated{reviews}{also}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def mark_stale(conn: Connection, table: Any, keys: list[str]) -> None:
    """Documents (or relation sets) whose relations were dropped: their next import
    rewrites them."""
    for chunk in chunks(keys):
        conn.execute(update(table).where(table.c.key.in_(list(chunk))).values(content_sha256=STALE))


def _missing_declared(
    conn: Connection, documents: list[ResolvedDocument], existing: dict[str, tuple[int, str]]
) -> tuple[set[int], set[int]]:
    """Stored documents holding fewer relations or reviews than their file declares; and
    those whose missing relations are all stored, held by another declarer.

    "Unchanged" must mean the database holds everything the file says: a relation or a
    review may have gone with a claim of another document (by an older version, or by hand).
    One held elsewhere is the file's co-declaration, noted even though it is not written.
    """
    known = [(existing[d.key][0], d) for d in documents if d.key in existing]
    relations = {i: len(d.relations) for i, d in known}
    reviews = {i: len(d.reviews) for i, d in known}
    declared = dict(known)
    held_elsewhere: set[int] = set()
    short: set[int] = set()
    for i in _short(conn, schema.claim_relations.c.declared_in_id, relations):
        (held_elsewhere if all_stored(conn, declared[i].relations) else short).add(i)
    return short | _short(conn, schema.claim_reviews.c.declared_in_id, reviews), held_elsewhere


def all_stored(conn: Connection, relations: list[ResolvedRelation]) -> bool:
    """Every one of the relations is stored, whichever file declared it.

    A relation is stored once, under the first file that declared it (a later declarer's
    row is an ON CONFLICT DO NOTHING): counted by declarer alone, that later file would
    look short of a relation, and be "replaced" at every import of an unchanged corpus.
    Asked only of files that the count finds short, so a plain re-import pays nothing.
    """
    wanted = {(r.from_doc, r.from_key, r.type, r.to_doc, r.to_key) for r in relations}
    rel, claims, documents = schema.claim_relations, schema.claims, schema.documents
    src, dst = claims.alias("src"), claims.alias("dst")
    src_doc, dst_doc = documents.alias("src_doc"), documents.alias("dst_doc")
    stored = (
        select(src_doc.c.key, src.c.key, rel.c.type, dst_doc.c.key, dst.c.key)
        .join_from(rel, src, src.c.id == rel.c.from_claim_id)
        .join(src_doc, src_doc.c.id == src.c.document_id)
        .join(dst, dst.c.id == rel.c.to_claim_id)
        .join(dst_doc, dst_doc.c.id == dst.c.document_id)
    )
    found: set[tuple[str, ...]] = set()
    for chunk in chunks(sorted({r.from_doc for r in relations})):
        rows = conn.execute(stored.where(src_doc.c.key.in_(list(chunk))))
        found.update(tuple(row) for row in rows)
    return wanted <= found


def _short(conn: Connection, declarer: Any, declared: dict[int, int]) -> set[int]:
    """The documents whose rows under ``declarer`` are fewer than they declare."""
    stored: dict[int, int] = {}
    for chunk in chunks([i for i, n in declared.items() if n]):
        rows = conn.execute(
            select(declarer, func.count()).where(declarer.in_(list(chunk))).group_by(declarer)
        )
        stored.update((int(i or 0), int(n)) for i, n in rows)
    return {i for i, n in declared.items() if stored.get(i, 0) < n}


def add_stored_actor_ids(
    conn: Connection, docs: list[ResolvedDocument], actor_ids: dict[str, int]
) -> None:
    """Ids of actors the documents use that the run did not define (already stored)."""
    keys: set[str] = set()
    for doc in docs:
        if doc.publisher:
            keys.add(doc.publisher)
        keys.update(doc.listed_sources)
        for c in doc.claims:
            keys.add(c.originator)
            keys.update(h.actor for chain in c.chains for h in chain)
        keys.update(r.by for r in doc.reviews)
    missing = keys - set(actor_ids)
    for chunk in chunks(sorted(missing)):
        for key, actor_id in conn.execute(
            select(schema.actors.c.key, schema.actors.c.id).where(
                schema.actors.c.key.in_(list(chunk))
            )
        ):
            actor_ids[key] = int(actor_id)


class DocumentWriter:
    """Writes checked documents in batches with ids assigned here."""

    FLUSH_DOCUMENTS = 200

    def __init__(self, bulk: BulkWriter, summary: ImportSummary, actor_ids: dict[str, int]) -> None:
        self.conn = bulk.conn
        self.bulk = bulk
        self.summary = summary
        self.actor_ids = actor_ids
        self.declared = Declarations(bulk.conn)
        self.later = RelationsLater(bulk, summary, self.declared)
        self.reviews = ReviewWriter(bulk.conn, actor_ids)
        self.pending: list[ResolvedDocument] = []
        self.added = 0

    def add(self, doc: ResolvedDocument) -> None:
        self.pending.append(doc)
        self.added += 1
        if len(self.pending) >= self.FLUSH_DOCUMENTS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        docs, self.pending = self.pending, []
        self.bulk.suspend_search_index()
        add_stored_actor_ids(self.conn, docs, self.actor_ids)
        written = self._documents(docs)
        claim_ids: dict[tuple[str, str], int] = {}
        self._claims(written, claim_ids)
        pairs = [(doc_id, doc) for doc_id, doc, _ in written]
        place = {d.key: self.added - len(docs) + i for i, d in enumerate(docs)}
        self.later.note_order([(doc_id, place[doc.key]) for doc_id, doc in pairs])
        self._relays(pairs, claim_ids)
        self._relations(pairs, claim_ids)
        self._sources(pairs)
        self.reviews.add(pairs, claim_ids)
        self.later.spill()

    def idle(self) -> None:
        """While documents are late: index the claims written so far (less to do at the
        end, when nothing else can go on at the same time)."""
        self.bulk.index_written_claims()

    def finish(self) -> None:
        """What waited for the whole run: relations and reviews across documents."""
        self.flush()
        self.later.write()
        self.declared.record()
        self.reviews.finish()
        self.summary.reviews_written = self.reviews.written

    def _documents(
        self, documents: list[ResolvedDocument]
    ) -> list[tuple[int, ResolvedDocument, bool]]:
        """Insert new documents in one statement, replace edited ones, skip unchanged ones.

        Returns (id, document, is_new) for every document whose rows must be written.
        """
        existing: dict[str, tuple[int, str]] = {}
        for chunk in chunks([d.key for d in documents]):
            for doc_id, key, digest in self.conn.execute(
                select(*schema.columns_of(schema.documents, "id", "key", "content_sha256")).where(
                    schema.documents.c.key.in_(list(chunk))
                )
            ):
                existing[key] = (int(doc_id), digest)
        new = [d for d in documents if d.key not in existing]
        out: list[tuple[int, ResolvedDocument, bool]] = []
        if new:
            ids = self.bulk.new_ids("documents", len(new))
            rows = [{"id": i, **self._document_row(d)} for i, d in zip(ids, new, strict=True)]
            insert_rows(self.conn, schema.documents, rows)
            out.extend((i, d, True) for i, d in zip(ids, new, strict=True))
            self.summary.documents_added += len(new)
        short, held_elsewhere = _missing_declared(self.conn, documents, existing)
        for doc in documents:
            if doc.key not in existing:
                continue
            doc_id, digest = existing[doc.key]
            if digest == doc.content_sha256 and doc_id not in short:
                self.summary.documents_unchanged += 1
                if doc_id in held_elsewhere:
                    self.declared.add_unchanged(doc.relations, document=doc_id)
                continue
            self._clear_for_replacement(doc_id, doc)
            out.append((doc_id, doc, False))
        return out

    def _document_row(self, doc: ResolvedDocument) -> dict[str, Any]:
        return {
            "key": doc.key,
            "title": doc.title,
            "publisher_id": self.actor_ids[doc.publisher] if doc.publisher else None,
            "published": doc.published,
            "language": doc.language,
            "url": doc.url,
            "text": doc.text,
            "text_sha256": doc.text_sha256,
            "content_sha256": doc.content_sha256,
            "source_path": doc.source_path,
        }

    def _clear_for_replacement(self, doc_id: int, doc: ResolvedDocument) -> None:
        """An edited document: new values, and its relays, relations and sources re-written.

        Claims are matched by key afterwards (updated in place, so their ids and relations
        pointing at them from other documents survive).
        """
        self.summary.documents_replaced += 1
        self.summary.replaced.append(doc.key)
        values = self._document_row(doc)
        self.conn.execute(
            update(schema.documents).where(schema.documents.c.id == doc_id).values(**values)
        )
        claims = schema.claims
        claim_ids = select(claims.c.id).where(claims.c.document_id == doc_id).scalar_subquery()
        self.conn.execute(delete(schema.relays).where(schema.relays.c.claim_id.in_(claim_ids)))
        self.declared.record_new()  # the run's declarations so far take part
        hand_over(self.conn, document=doc_id)  # what another annotation declares stays
        for child, column in (
            (schema.claim_relations, "declared_in_id"),
            (schema.document_sources, "document_id"),
            (schema.claim_reviews, "declared_in_id"),
        ):
            self.conn.execute(delete(child).where(child.c[column] == doc_id))

    def _claims(
        self,
        docs: list[tuple[int, ResolvedDocument, bool]],
        claim_ids: dict[tuple[str, str], int],
    ) -> None:
        claims = schema.claims
        rows: list[dict[str, Any]] = []
        idents: list[tuple[str, str]] = []
        for doc_id, doc, is_new in docs:
            current: dict[str, int] = {}
            if not is_new:
                current = {
                    key: cid
                    for cid, key in self.conn.execute(
                        select(claims.c.id, claims.c.key).where(claims.c.document_id == doc_id)
                    )
                }
            updates: list[dict[str, Any]] = []
            for c in doc.claims:
                values = {
                    "document_id": doc_id,
                    "key": c.key,
                    "span_start": c.start,
                    "span_end": c.end,
                    "quote": c.quote,
                    "statement": c.statement,
                    "kind": c.kind,
                    "direct_quote": c.direct_quote,
                    "cue": c.cue,
                    "made_on": c.made_on,
                    "search_text": search_text(c.quote, c.statement),
                    "originator_id": self.actor_ids[c.originator],
                }
                if c.key in current:
                    claim_ids[(doc.key, c.key)] = current[c.key]
                    updates.append({"b_id": current[c.key], **values})
                else:
                    rows.append(values)
                    idents.append((doc.key, c.key))
            if updates:
                changes = (
                    update(claims)
                    .where(claims.c.id == bindparam("b_id"))
                    .values({k: bindparam(k) for k in updates[0] if k != "b_id"})
                )
                self.conn.execute(changes, updates)
                self.summary.claims_updated += len(updates)
            removed = set(current) - {c.key for c in doc.claims}
            if removed:
                self.conn.execute(
                    delete(claims).where(claims.c.document_id == doc_id, claims.c.key.in_(removed))
                )
                self.summary.claims_removed += len(removed)
        if rows:
            ids = self.bulk.new_ids("claims", len(rows))
            for row, claim_id in zip(rows, ids, strict=True):
                row["id"] = claim_id
            insert_rows(self.conn, claims, rows)
            claim_ids.update(zip(idents, ids, strict=True))
            self.summary.claims_added += len(rows)

    def _relays(
        self, docs: list[tuple[int, ResolvedDocument]], claim_ids: dict[tuple[str, str], int]
    ) -> None:
        rows = [
            {
                "claim_id": claim_ids[(doc.key, c.key)],
                "chain_no": n,
                "position": pos,
                "actor_id": self.actor_ids[hop.actor],
                "cue": hop.cue,
            }
            for _, doc in docs
            for c in doc.claims
            for n, chain in enumerate(c.chains, start=1)
            for pos, hop in enumerate(chain, start=1)
        ]
        if rows:
            insert_rows(self.conn, schema.relays, rows)
        self.summary.relays_written += len(rows)

    def _relations(
        self, docs: list[tuple[int, ResolvedDocument]], claim_ids: dict[tuple[str, str], int]
    ) -> None:
        """Relations whose ends are both in this batch now; the others once all are written."""
        rows = []
        for doc_id, doc in docs:
            for r in doc.relations:
                src = claim_ids.get((r.from_doc, r.from_key))
                dst = claim_ids.get((r.to_doc, r.to_key))
                if src is None or dst is None:
                    self.later.add(r, document=doc_id)
                    continue
                rows.append(
                    {
                        "from_claim_id": src,
                        "type": r.type,
                        "to_claim_id": dst,
                        "declared_in_id": doc_id,
                        "note": r.note,
                    }
                )
        self.declared.add(rows)
        self._insert_relations(rows)

    def _insert_relations(self, rows: list[dict[str, Any]]) -> None:
        conflict = ["from_claim_id", "type", "to_claim_id"]
        self.bulk.add_new(schema.claim_relations, rows, conflict)
        self.summary.relations_written += len(rows)

    def _sources(self, docs: list[tuple[int, ResolvedDocument]]) -> None:
        rows = [
            {"document_id": doc_id, "position": i, "actor_id": self.actor_ids[key]}
            for doc_id, doc in docs
            for i, key in enumerate(doc.listed_sources, start=1)
        ]
        if rows:
            insert_rows(self.conn, schema.document_sources, rows)
