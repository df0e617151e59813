"""Validated annotations -> rows, in one transaction: all files or none.

The hot path uses Core bulk statements (executemany / insertmanyvalues), never the ORM
unit of work, so a corpus of 100k claims loads in seconds. Actors are merged with the
database's upsert so two concurrent imports never create the same actor twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    bindparam,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from provenance.errors import DatabaseUnavailable, ImportConflict
from provenance.ingest.checker import (
    ACTOR_FIELDS,
    Batch,
    Checker,
    DeferredRef,
    ResolvedDocument,
    ResolvedRelation,
    collect_files,
    validate_files,
)
from provenance.ingest.format import ActorIn
from provenance.store.engine import connect
from provenance.store.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Document,
    DocumentSource,
    Relay,
)
from provenance.store.search import search_text

CHUNK = 500

# Where references between documents of one run wait for the end of the run (temporary:
# gone with the connection on SQLite, with the transaction on PostgreSQL).
_SPILL_TABLES = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS import_refs (seq INTEGER PRIMARY KEY, "
    "label TEXT NOT NULL, place TEXT NOT NULL, doc TEXT NOT NULL, ckey TEXT NOT NULL)",
    "CREATE TEMPORARY TABLE IF NOT EXISTS import_relations (seq INTEGER PRIMARY KEY, "
    "declared_in INTEGER NOT NULL, from_doc TEXT NOT NULL, from_key TEXT NOT NULL, "
    "type TEXT NOT NULL, to_doc TEXT NOT NULL, to_key TEXT NOT NULL, note TEXT)",
)


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
    replaced: list[str] = field(default_factory=list)

    def line(self) -> str:
        docs = (
            f"documents: {self.documents_added} added, {self.documents_replaced} replaced, "
            f"{self.documents_unchanged} unchanged"
        )
        claims = f"claims: {self.claims_added} added"
        if self.claims_updated or self.claims_removed:
            claims += f", {self.claims_updated} updated, {self.claims_removed} removed"
        return (
            f"Imported {self.files} file{'s' if self.files != 1 else ''}; {docs}; {claims}; "
            f"relays: {self.relays_written} written; relations: {self.relations_written} written; "
            f"actors: {self.actors_added} added, {self.actors_updated} updated"
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class DatabaseKnown:
    """Read-only answers about what an existing database holds, for validation."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def actors(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        aff = Actor.__table__.alias("aff")
        a = Actor.__table__
        for chunk in _chunks(sorted(set(keys))):
            rows = self.conn.execute(
                select(
                    a.c.key,
                    a.c.name,
                    a.c.kind,
                    a.c.country,
                    a.c.state_affiliated,
                    aff.c.key.label("affiliation"),
                    a.c.role,
                    a.c.description,
                )
                .select_from(a.outerjoin(aff, aff.c.id == a.c.affiliation_id))
                .where(a.c.key.in_(chunk))
            )
            for row in rows.mappings():
                found[row["key"]] = dict(row)
        return found

    def actor_keys_like(self, key: str) -> list[str]:
        rows = self.conn.execute(select(Actor.key).order_by(Actor.key).limit(50_000))
        keys = [r[0] for r in rows]
        alias = self.conn.execute(
            select(Actor.key)
            .join(ActorAlias, ActorAlias.actor_id == Actor.id)
            .where(ActorAlias.alias_folded == key.casefold())
        ).first()
        return [alias[0], *keys] if alias else keys

    def claim_exists(self, document: str, key: str) -> bool:
        row = self.conn.execute(
            select(Claim.id)
            .join(Document, Document.id == Claim.document_id)
            .where(Document.key == document, Claim.key == key)
        ).first()
        return row is not None

    def claim_keys_of(self, document: str) -> list[str]:
        rows = self.conn.execute(
            select(Claim.key)
            .join(Document, Document.id == Claim.document_id)
            .where(Document.key == document)
        )
        return [r[0] for r in rows]

    def document_exists(self, document: str) -> bool:
        return (
            self.conn.execute(select(Document.id).where(Document.key == document)).first()
            is not None
        )


def validate(engine: Engine | None, paths: Sequence[str | Path]) -> Batch:
    """The import's checks, writing nothing (an absent database counts as empty)."""
    files = collect_files(paths)
    if engine is None:
        from provenance.ingest.checker import NothingKnown

        return validate_files(files, NothingKnown())
    with connect(engine) as conn, conn.begin():
        return validate_files(files, DatabaseKnown(conn))


def import_paths(engine: Engine, paths: Sequence[str | Path]) -> ImportSummary:
    """Validate and load files and folders in one transaction; on any problem, load nothing.

    Documents are checked and written one at a time (see :class:`Checker`), so memory
    follows the largest document, not the corpus; a problem anywhere rolls everything back.
    """
    files = collect_files(paths)
    try:
        with connect(engine) as conn, conn.begin():
            summary = _import(conn, files)
    except OperationalError as exc:
        if "locked" in str(exc.orig) or "busy" in str(exc.orig):
            raise DatabaseUnavailable(
                "the database is busy (another import holds the write lock); try again"
            ) from None
        raise
    except IntegrityError as exc:
        # Only reachable through a concurrent writer racing us past validation.
        raise ImportConflict(
            f"another import changed the same rows at the same time; nothing was imported, "
            f"run the import again ({str(exc.orig).splitlines()[0]})"
        ) from None
    summary.files = len(files)
    return summary


def _import(conn: Connection, files: Sequence[str]) -> ImportSummary:
    checker = Checker(files, DatabaseKnown(conn), keep_claim_keys=False)
    checker.survey()
    writer = _Writer(conn)
    if not checker.problems:
        writer.actors(checker.actors)
    for doc in checker.documents():
        if not checker.problems:  # after the first problem, keep checking but stop writing
            writer.add(doc, checker.take_deferred())
    if checker.problems:
        checker.finish(set)  # raises with every problem found (nothing written to look up)
    writer.flush()
    checker.report_unknown(writer.unknown_refs())
    writer.write_deferred_relations()
    writer.index_new_claims()
    return writer.summary


class _Writer:
    """Writes checked documents in batches with ids assigned here, so every INSERT is a plain
    executemany (no RETURNING round trip per row)."""

    FLUSH_DOCUMENTS = 200

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        self.summary = ImportSummary()
        self.actor_ids: dict[str, int] = {}
        self.pending: list[ResolvedDocument] = []
        self.pending_refs: list[DeferredRef] = []
        self.deferred: list[tuple[int, ResolvedRelation]] = []
        self._spilled = 0  # rows in the temporary tables (their next sequence number)
        self._next_ids: dict[str, int] = {}
        self._fts_trigger: str | None = None  # the SQL to recreate it, while it is dropped
        self._fts_from = 0

    # -- full-text index (SQLite) ---------------------------------------------------

    def _suspend_fts_trigger(self) -> None:
        """Index new claims in one statement at the end rather than row by row.

        FTS5's insert trigger costs about a quarter of a large import when it fires per
        row; one ``INSERT ... SELECT`` over the new ids builds the same index in a fraction
        of that. The trigger is dropped inside this transaction, so a failed or killed
        import gets it back with the rollback. Updates and deletes keep their triggers:
        they touch claims that were indexed before this import.
        """
        if self.dialect != "sqlite" or self._fts_trigger is not None:
            return
        row = self.conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
            {"n": "claims_fts_insert"},
        ).first()
        if row is None:
            return
        self._fts_from = int(
            self.conn.execute(text("SELECT coalesce(max(id), 0) + 1 FROM claims")).scalar_one()
        )
        # new claims take ids from here on, even where a replaced document's deleted claims
        # freed the highest ids: the final fill indexes exactly the ids >= _fts_from
        self._next_ids["claims"] = self._fts_from
        self.conn.execute(text("DROP TRIGGER claims_fts_insert"))
        self._fts_trigger = str(row[0])

    def index_new_claims(self) -> None:
        if self._fts_trigger is None:
            return
        self.conn.execute(
            text(
                "INSERT INTO claims_fts(rowid, search_text) "
                "SELECT id, search_text FROM claims WHERE id >= :first"
            ),
            {"first": self._fts_from},
        )
        self.conn.execute(text(self._fts_trigger))
        self._fts_trigger = None

    def _insert(self, table: Any) -> Any:
        if self.dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    def _new_ids(self, table: str, n: int) -> list[int]:
        """Ids for n new rows: from the sequence on PostgreSQL (safe with concurrent
        imports); on SQLite, after the current maximum (we hold the write lock)."""
        if n == 0:
            return []
        if self.dialect == "postgresql":
            rows = self.conn.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": table, "n": n},
            )
            return [int(r[0]) for r in rows]
        if table not in self._next_ids:
            top = self.conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar()
            self._next_ids[table] = int(top or 0) + 1
        first = self._next_ids[table]
        self._next_ids[table] = first + n
        return list(range(first, first + n))

    # -- actors -----------------------------------------------------------------

    def actors(self, actors: dict[str, ActorIn]) -> None:
        needed = set(actors) | {a.affiliation for a in actors.values() if a.affiliation}
        existing = self._stored_actors(needed)
        new_rows = [_actor_row(a) for key, a in actors.items() if key not in existing]
        if new_rows:
            stmt = (
                self._insert(Actor.__table__)
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(Actor.__table__.c.id)
            )
            for chunk in _chunks(new_rows):
                # rows a concurrent import inserted first are not returned, so not counted
                self.summary.actors_added += len(self.conn.execute(stmt, list(chunk)).all())
        stored = self._stored_actors(needed)
        self.actor_ids.update({k: v["id"] for k, v in stored.items()})
        for key, actor in actors.items():
            row = stored[key]
            # a concurrent import may have won the race with a different definition
            clash = [
                f
                for f in ACTOR_FIELDS
                if f != "affiliation"
                and row.get(f) is not None
                and getattr(actor, f) is not None
                and row[f] != getattr(actor, f)
            ]
            if clash:
                raise ImportConflict(
                    f"actor '{key}' was defined differently by another import meanwhile "
                    f"({', '.join(clash)}); nothing was imported"
                )
            fill = {
                f: getattr(actor, f)
                for f in ACTOR_FIELDS
                if f != "affiliation" and row.get(f) is None and getattr(actor, f) is not None
            }
            if actor.affiliation and row["affiliation_id"] is None:
                fill["affiliation_id"] = self.actor_ids[actor.affiliation]
            if fill:
                self.conn.execute(update(Actor).where(Actor.id == row["id"]).values(**fill))
                if key in existing:
                    self.summary.actors_updated += 1
        alias_rows = [
            {"actor_id": self.actor_ids[key], "alias": alias, "alias_folded": alias.casefold()}
            for key, actor in actors.items()
            for alias in dict.fromkeys([actor.name, *actor.aliases])
        ]
        if alias_rows:
            stmt = self._insert(ActorAlias.__table__).on_conflict_do_nothing(
                index_elements=["actor_id", "alias"]
            )
            for chunk in _chunks(alias_rows):
                self.conn.execute(stmt, list(chunk))

    def _stored_actors(self, keys: set[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        t = Actor.__table__
        for chunk in _chunks(sorted(keys)):
            for row in self.conn.execute(select(t).where(t.c.key.in_(chunk))).mappings():
                out[row["key"]] = dict(row)
        return out

    def _ensure_actor_ids(self, docs: list[ResolvedDocument]) -> None:
        """Ids of actors the documents use that the run did not define (already stored)."""
        keys: set[str] = set()
        for doc in docs:
            if doc.publisher:
                keys.add(doc.publisher)
            keys.update(doc.listed_sources)
            for c in doc.claims:
                keys.add(c.originator)
                keys.update(h.actor for chain in c.chains for h in chain)
        missing = keys - set(self.actor_ids)
        for chunk in _chunks(sorted(missing)):
            for key, actor_id in self.conn.execute(
                select(Actor.key, Actor.id).where(Actor.key.in_(list(chunk)))
            ):
                self.actor_ids[key] = int(actor_id)

    # -- documents ------------------------------------------------------------------

    def add(self, doc: ResolvedDocument, refs: Sequence[DeferredRef] = ()) -> None:
        """Queue a document, and the checker's references to other documents of the run."""
        self.pending.append(doc)
        self.pending_refs.extend(refs)
        if len(self.pending) >= self.FLUSH_DOCUMENTS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        docs, self.pending = self.pending, []
        self._suspend_fts_trigger()
        self._ensure_actor_ids(docs)
        written = self._documents(docs)
        claim_ids: dict[tuple[str, str], int] = {}
        self._claims(written, claim_ids)
        pairs = [(doc_id, doc) for doc_id, doc, _ in written]
        self._relays(pairs, claim_ids)
        self._relations(pairs, claim_ids)
        self._sources(pairs)
        self._spill()

    def _documents(
        self, documents: list[ResolvedDocument]
    ) -> list[tuple[int, ResolvedDocument, bool]]:
        """Insert new documents in one statement, replace edited ones, skip unchanged ones.

        Returns (id, document, is_new) for every document whose rows must be written.
        """
        existing: dict[str, tuple[int, str]] = {}
        for chunk in _chunks([d.key for d in documents]):
            for doc_id, key, digest in self.conn.execute(
                select(Document.id, Document.key, Document.content_sha256).where(
                    Document.key.in_(list(chunk))
                )
            ):
                existing[key] = (int(doc_id), digest)
        new = [d for d in documents if d.key not in existing]
        out: list[tuple[int, ResolvedDocument, bool]] = []
        if new:
            ids = self._new_ids("documents", len(new))
            rows = [{"id": i, **self._document_row(d)} for i, d in zip(ids, new, strict=True)]
            self.conn.execute(insert(Document), rows)
            out.extend((i, d, True) for i, d in zip(ids, new, strict=True))
            self.summary.documents_added += len(new)
        for doc in documents:
            if doc.key not in existing:
                continue
            doc_id, digest = existing[doc.key]
            if digest == doc.content_sha256:
                self.summary.documents_unchanged += 1
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
        self.conn.execute(update(Document).where(Document.id == doc_id).values(**values))
        claim_ids = select(Claim.id).where(Claim.document_id == doc_id).scalar_subquery()
        self.conn.execute(delete(Relay).where(Relay.claim_id.in_(claim_ids)))
        self.conn.execute(delete(ClaimRelation).where(ClaimRelation.declared_in_id == doc_id))
        self.conn.execute(delete(DocumentSource).where(DocumentSource.document_id == doc_id))

    def _claims(
        self,
        docs: list[tuple[int, ResolvedDocument, bool]],
        claim_ids: dict[tuple[str, str], int],
    ) -> None:
        rows: list[dict[str, Any]] = []
        idents: list[tuple[str, str]] = []
        for doc_id, doc, is_new in docs:
            current: dict[str, int] = {}
            if not is_new:
                current = {
                    key: cid
                    for cid, key in self.conn.execute(
                        select(Claim.id, Claim.key).where(Claim.document_id == doc_id)
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
                    update(Claim)
                    .where(Claim.id == bindparam("b_id"))
                    .values({k: bindparam(k) for k in updates[0] if k != "b_id"})
                )
                self.conn.execute(changes, updates)
                self.summary.claims_updated += len(updates)
            removed = set(current) - {c.key for c in doc.claims}
            if removed:
                self.conn.execute(
                    delete(Claim).where(Claim.document_id == doc_id, Claim.key.in_(removed))
                )
                self.summary.claims_removed += len(removed)
        if rows:
            ids = self._new_ids("claims", len(rows))
            for row, claim_id in zip(rows, ids, strict=True):
                row["id"] = claim_id
            self._bulk_insert(Claim.__table__, rows)
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
            self._bulk_insert(Relay.__table__, rows)
        self.summary.relays_written += len(rows)

    def _bulk_insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        """Many rows of plain values (ints, strings, booleans, dates, None) at once.

        On SQLite they go straight to the driver's executemany as tuples: SQLAlchemy's
        per-row parameter processing would cost a third of the insert. The values are
        already what SQLAlchemy would bind (sqlite3 stores dates and booleans alike).
        """
        if self.dialect != "sqlite":
            self.conn.execute(insert(table), rows)
            return
        names = list(rows[0])
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        cursor = self.conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(
                f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})',
                [tuple(_plain(row[n]) for n in names) for row in rows],
            )
        finally:
            cursor.close()

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
                    self.deferred.append((doc_id, r))
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
        self._insert_relations(rows)

    # -- what waits for the end of the run, on disk --------------------------------

    def _spill(self) -> None:
        """Move references to other documents of the run to temporary tables.

        They can only be resolved once every document is written, and a corpus can hold
        millions: kept in memory they would make the import's memory grow with the corpus.
        """
        if not self.pending_refs and not self.deferred:
            return
        if self._spilled == 0:
            for statement in _SPILL_TABLES:
                suffix = " ON COMMIT DROP" if self.dialect == "postgresql" else ""
                self.conn.execute(text(statement + suffix))
            for table in ("import_refs", "import_relations"):  # a pooled connection's last run
                self.conn.execute(text(f"DELETE FROM {table}"))
        first = self._spilled
        refs = [
            {"seq": first + i, "label": r.label, "place": r.where, "doc": r.document, "ckey": r.key}
            for i, r in enumerate(self.pending_refs)
        ]
        first += len(refs)
        relations = [
            {
                "seq": first + i,
                "declared_in": doc_id,
                "from_doc": r.from_doc,
                "from_key": r.from_key,
                "type": r.type,
                "to_doc": r.to_doc,
                "to_key": r.to_key,
                "note": r.note,
            }
            for i, (doc_id, r) in enumerate(self.deferred)
        ]
        self._spilled = first + len(relations)
        if refs:
            self.conn.execute(
                text("INSERT INTO import_refs VALUES (:seq, :label, :place, :doc, :ckey)"), refs
            )
        if relations:
            self.conn.execute(
                text(
                    "INSERT INTO import_relations VALUES (:seq, :declared_in, :from_doc, "
                    ":from_key, :type, :to_doc, :to_key, :note)"
                ),
                relations,
            )
        self.pending_refs, self.deferred = [], []

    def unknown_refs(self) -> list[tuple[str, str, str, str]]:
        """The spilled references naming no stored claim: (label, where, document, key)."""
        if self._spilled == 0:
            return []
        rows = self.conn.execute(
            text(
                "SELECT r.label, r.place, r.doc, r.ckey FROM import_refs r WHERE NOT EXISTS ("
                "SELECT 1 FROM documents d JOIN claims c ON c.document_id = d.id "
                "WHERE d.key = r.doc AND c.key = r.ckey) ORDER BY r.seq"
            )
        )
        return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]

    def write_deferred_relations(self) -> None:
        """Relations between documents of the run, resolved to claim ids in one statement."""
        if self._spilled == 0:
            return
        resolved = (
            "FROM import_relations r "
            "JOIN documents fd ON fd.key = r.from_doc "
            "JOIN claims fc ON fc.document_id = fd.id AND fc.key = r.from_key "
            "JOIN documents td ON td.key = r.to_doc "
            "JOIN claims tc ON tc.document_id = td.id AND tc.key = r.to_key"
        )
        waiting = self.conn.execute(text("SELECT count(*) FROM import_relations")).scalar_one()
        found = self.conn.execute(text(f"SELECT count(*) {resolved}")).scalar_one()
        if found != waiting:  # checked just before: only a concurrent writer gets here
            raise ImportConflict(
                "another import removed claims this one relates to; nothing was imported, "
                "run the import again"
            )
        self.conn.execute(
            text(
                "INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id, "
                f"note) SELECT fc.id, r.type, tc.id, r.declared_in, r.note {resolved} "
                "WHERE true ORDER BY r.seq "
                "ON CONFLICT (from_claim_id, type, to_claim_id) DO NOTHING"
            )
        )
        self.summary.relations_written += int(waiting)

    def _insert_relations(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            stmt = self._insert(ClaimRelation.__table__).on_conflict_do_nothing(
                index_elements=["from_claim_id", "type", "to_claim_id"]
            )
            self.conn.execute(stmt, rows)
        self.summary.relations_written += len(rows)

    def _sources(self, docs: list[tuple[int, ResolvedDocument]]) -> None:
        rows = [
            {"document_id": doc_id, "position": i, "actor_id": self.actor_ids[key]}
            for doc_id, doc in docs
            for i, key in enumerate(doc.listed_sources, start=1)
        ]
        if rows:
            self.conn.execute(insert(DocumentSource), rows)


def _plain(value: Any) -> Any:
    """What SQLAlchemy's SQLite types store: ISO dates, 0/1 booleans."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _actor_row(actor: ActorIn) -> dict[str, Any]:
    return {
        "key": actor.key,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "state_affiliated": actor.state_affiliated,
        "role": actor.role,
        "description": actor.description,
    }
