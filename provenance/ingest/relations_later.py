"""Relations to claims of documents not written yet: they wait on disk for the end of the run.

A document may relate its claims to those of a document later in the run, so such
relations wait in a temporary table (memory stays flat) and are written in one statement
once every document is: :class:`RelationsLater`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import table, text

from provenance.errors import ImportConflict
from provenance.ingest.bulk import BulkWriter, insert_rows
from provenance.ingest.references import create_temporary_table
from provenance.ingest.resolved import ResolvedRelation

if TYPE_CHECKING:
    from provenance.ingest.co_declarers import Declarations
    from provenance.ingest.writer import ImportSummary

_WAITING = table("import_relations")
_ORDER = table("import_order")

#: The relations that waited, each once (the first to wait), in the order they waited. One
#: that a later file of the run wrote first (both its ends were in that file's batch) is
#: taken over by this earlier declarer: a relation two files declare belongs to the first,
#: however the run was cut into batches.
_WRITE_WAITING = """
INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id,
  declared_in_set_id, note)
SELECT fc.id, r.type, tc.id, r.declared_in, r.declared_set, r.note {resolved}
WHERE r.seq IN (SELECT min(seq) FROM import_relations
  GROUP BY from_doc, from_key, type, to_doc, to_key)
ORDER BY r.seq
ON CONFLICT (from_claim_id, type, to_claim_id) DO UPDATE SET
  declared_in_id = excluded.declared_in_id,
  declared_in_set_id = excluded.declared_in_set_id,
  note = excluded.note
WHERE (SELECT min(position) FROM import_order WHERE id = claim_relations.declared_in_id)
  > (SELECT min(position) FROM import_order WHERE id = excluded.declared_in_id)"""


class RelationsLater:
    """Relations to claims of documents not written yet: on disk until the end of the run."""

    BATCH = 5000

    def __init__(
        self, bulk: BulkWriter, summary: ImportSummary, declared: Declarations | None = None
    ) -> None:
        self.conn = bulk.conn
        self.summary = summary
        self.declared = declared
        self._waiting: list[dict[str, Any]] = []
        self._seq = 0
        self._created = False
        # (document id, place in the run) of the documents written: who declared first
        self._order: list[dict[str, Any]] = []
        self._order_created = False

    def add(
        self, r: ResolvedRelation, *, document: int | None = None, relation_set: int | None = None
    ) -> None:
        """A relation declared in a document, or (``relation_set``) in a relations-only file."""
        declared = {"declared_in": document, "declared_set": relation_set}
        self._waiting.append({"seq": self._seq, **declared, **asdict(r)})
        self._seq += 1
        if len(self._waiting) >= self.BATCH:
            self.spill()

    def note_order(self, placed: list[tuple[int, int]]) -> None:
        """Where each written document (id, place) stands in the run's files."""
        self._order.extend({"id": i, "position": p} for i, p in placed)

    def _spill_order(self) -> None:
        if not self._order:
            return
        if not self._order_created:
            create_temporary_table(
                self.conn, "id INTEGER NOT NULL, position INTEGER NOT NULL", "import_order"
            )
            self._order_created = True
        insert_rows(self.conn, _ORDER, self._order)
        self._order = []

    def spill(self) -> None:
        if len(self._order) >= self.BATCH:
            self._spill_order()
        if not self._waiting:
            return
        if not self._created:
            create_temporary_table(
                self.conn,
                "seq INTEGER PRIMARY KEY, declared_in INTEGER, declared_set INTEGER, "
                "from_doc TEXT NOT NULL, "
                "from_key TEXT NOT NULL, type TEXT NOT NULL, to_doc TEXT NOT NULL, "
                "to_key TEXT NOT NULL, note TEXT",
                "import_relations",
            )
            self._created = True
        insert_rows(self.conn, _WAITING, self._waiting)
        self._waiting = []

    def write(self) -> None:
        """Relations between documents of the run, resolved to claim ids in one statement."""
        self.spill()
        if not self._created:
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
        self._spill_order()
        if not self._order_created:  # no document written: no earlier declarer to yield to
            create_temporary_table(
                self.conn, "id INTEGER NOT NULL, position INTEGER NOT NULL", "import_order"
            )
            self._order_created = True
        self.conn.execute(text(_WRITE_WAITING.format(resolved=resolved)))
        if self.declared is not None:
            self.declared.add_resolved(resolved)
        self.summary.relations_written += int(waiting)
