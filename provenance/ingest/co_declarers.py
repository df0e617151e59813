"""A relation two annotations declare: one owns it, the others are its co-declarers.

``claim_relations`` files a relation under one declarer (a document or a relation set):
re-importing that annotation replaces its relations. Another annotation declaring the same
relation used to leave no trace, so when the owner dropped it the relation went although
a stored annotation still declared it. Every declaration of a run is now noted (a
temporary table), and those that are not the owner's are kept in ``relation_co_declarers``;
an owner re-imported hands each relation another still declares to the first of them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, table, text
from sqlalchemy.engine import Connection

from provenance.ingest.bulk import insert_rows
from provenance.ingest.references import create_temporary_table
from provenance.ingest.resolved import ResolvedRelation
from provenance.ingest.stored import chunks
from provenance.store.tables import relation_co_declarers as co_declarers

_DECLARED = table("import_declared")
_COLUMNS = (
    "from_claim_id INTEGER NOT NULL, type TEXT NOT NULL, to_claim_id INTEGER NOT NULL, "
    "declared_in INTEGER, declared_set INTEGER, note TEXT, batch INTEGER NOT NULL"
)
# declarations of files left unchanged (stored before 0007, or co-declared): by keys
_KEYS = table("import_declared_keys")
_KEY_COLUMNS = (
    "from_doc TEXT NOT NULL, from_key TEXT NOT NULL, type TEXT NOT NULL, to_doc TEXT NOT NULL, "
    "to_key TEXT NOT NULL, declared_in INTEGER, declared_set INTEGER, note TEXT"
)

# the same declarer: a document, or a relation set (ids never 0)
_SAME = (
    "coalesce({a}.declared_in_id, 0) = coalesce({b}, 0) "
    "AND coalesce({a}.declared_in_set_id, 0) = coalesce({c}, 0)"
)

_RECORD = f"""
INSERT INTO relation_co_declarers (relation_id, declared_in_id, declared_in_set_id, note)
SELECT cr.id, d.declared_in, d.declared_set, max(d.note)
FROM import_declared d
JOIN claim_relations cr ON cr.from_claim_id = d.from_claim_id AND cr.type = d.type
  AND cr.to_claim_id = d.to_claim_id
WHERE d.batch >= :since
  AND NOT ({_SAME.format(a="cr", b="d.declared_in", c="d.declared_set")})
  AND NOT EXISTS (SELECT 1 FROM relation_co_declarers x WHERE x.relation_id = cr.id
    AND {_SAME.format(a="x", b="d.declared_in", c="d.declared_set")})
GROUP BY cr.id, d.declared_in, d.declared_set"""

# a co-declarer that has become the owner (the run's first declarer takes a relation over)
_IS_OWNER = _SAME.format(
    a="cr", b="relation_co_declarers.declared_in_id", c="relation_co_declarers.declared_in_set_id"
)
_OWNERS_OUT = f"""
DELETE FROM relation_co_declarers WHERE EXISTS (
  SELECT 1 FROM claim_relations cr WHERE cr.id = relation_co_declarers.relation_id
  AND {_IS_OWNER})"""

_FIRST = (
    "(SELECT co.{column} FROM relation_co_declarers co "
    "WHERE co.relation_id = claim_relations.id ORDER BY co.id LIMIT 1)"
)
_HAND_OVER = f"""
UPDATE claim_relations SET declared_in_id = {_FIRST.format(column="declared_in_id")},
  declared_in_set_id = {_FIRST.format(column="declared_in_set_id")},
  note = {_FIRST.format(column="note")}
WHERE {{owner}} = :owner
  AND EXISTS (SELECT 1 FROM relation_co_declarers co WHERE co.relation_id = claim_relations.id)"""


class Declarations:
    """Every relation the run's annotations declare, resolved to claim ids.

    Recorded in two steps: those noted since the last step before any annotation hands its
    relations over (a relation its owner gave away in an earlier batch of the run may be
    declared again by that owner), then all of them at the end, once the relations that
    waited for the end are written and a run's first declarer has taken each over.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._created = False
        self._keys = False
        self._batch = 0  # the batch the next rows belong to
        self._since = 0  # the first batch not yet recorded
        self._noted = False  # rows noted since then

    def _table(self) -> None:
        if not self._created:
            create_temporary_table(self.conn, _COLUMNS, "import_declared")
            self.conn.execute(
                text("CREATE INDEX IF NOT EXISTS import_declared_batch ON import_declared (batch)")
            )
            self._created = True

    def add(self, rows: list[dict[str, Any]]) -> None:
        """Relations of a document whose ends were written with it (claim_relations rows)."""
        if not rows:
            return
        self._table()
        insert_rows(
            self.conn,
            _DECLARED,
            [
                {
                    "from_claim_id": r["from_claim_id"],
                    "type": r["type"],
                    "to_claim_id": r["to_claim_id"],
                    "declared_in": r.get("declared_in_id"),
                    "declared_set": r.get("declared_in_set_id"),
                    "note": r["note"],
                    "batch": self._batch,
                }
                for r in rows
            ],
        )
        self._noted = True

    def add_unchanged(
        self,
        relations: list[ResolvedRelation],
        *,
        document: int | None = None,
        relation_set: int | None = None,
    ) -> None:
        """The relations of a file left unchanged that are held by another declarer: its
        co-declarations are noted even though nothing of it is written again."""
        if not relations:
            return
        if not self._keys:
            create_temporary_table(self.conn, _KEY_COLUMNS, "import_declared_keys")
            self._keys = True
        rows = [
            {
                "from_doc": r.from_doc,
                "from_key": r.from_key,
                "type": r.type,
                "to_doc": r.to_doc,
                "to_key": r.to_key,
                "declared_in": document,
                "declared_set": relation_set,
                "note": r.note,
            }
            for r in relations
        ]
        insert_rows(self.conn, _KEYS, rows)

    def add_resolved(self, resolved: str) -> None:
        """The relations that waited for the run's end, every declaration of each."""
        self._table()
        self.conn.execute(
            text(
                "INSERT INTO import_declared (from_claim_id, type, to_claim_id, declared_in, "
                "declared_set, note, batch) SELECT fc.id, r.type, tc.id, r.declared_in, "
                f"r.declared_set, r.note, :batch {resolved}"
            ),
            {"batch": self._batch},
        )
        self._noted = True

    def record_new(self) -> None:
        """Record what was noted since the last time (before an annotation hands over)."""
        if not self._noted:
            return
        self.conn.execute(text(_RECORD), {"since": self._since})
        self._noted = False
        self._batch += 1
        self._since = self._batch

    def record(self) -> None:
        """At the end: every declaration of the run, the owners as they now stand."""
        if self._keys:
            self._table()
            self.conn.execute(
                text(
                    "INSERT INTO import_declared (from_claim_id, type, to_claim_id, "
                    "declared_in, declared_set, note, batch) "
                    "SELECT fc.id, k.type, tc.id, k.declared_in, k.declared_set, k.note, 0 "
                    "FROM import_declared_keys k "
                    "JOIN documents fd ON fd.key = k.from_doc "
                    "JOIN claims fc ON fc.document_id = fd.id AND fc.key = k.from_key "
                    "JOIN documents td ON td.key = k.to_doc "
                    "JOIN claims tc ON tc.document_id = td.id AND tc.key = k.to_key"
                )
            )
        if not self._created:
            return
        self.conn.execute(text(_RECORD), {"since": 0})
        self.conn.execute(text(_OWNERS_OUT))


def hand_over(
    conn: Connection, *, document: int | None = None, relation_set: int | None = None
) -> None:
    """Before an annotation's relations are replaced: its own co-declarations go, and each
    relation it owns that another stored annotation declares passes to the first of those
    (the caller then deletes the relations it still owns). Indexed on the owner: a run
    replacing thousands of documents pays a few lookups for each."""
    column = "declared_in_id" if document is not None else "declared_in_set_id"
    params = {"owner": document if document is not None else relation_set}
    conn.execute(text(f"DELETE FROM relation_co_declarers WHERE {column} = :owner"), params)
    if conn.dialect.name == "postgresql":
        # a concurrent import adding a co-declarer holds its relation's key-share lock
        # until it commits: wait for it, so that its row is seen below (and handed over to)
        # instead of being deleted by the cascade unseen
        conn.execute(
            text(f"SELECT id FROM claim_relations WHERE {column} = :owner FOR UPDATE"), params
        )
    firsts = [
        int(row[0])
        for row in conn.execute(
            text(
                "SELECT min(co.id) FROM relation_co_declarers co JOIN claim_relations cr "
                f"ON cr.id = co.relation_id WHERE cr.{column} = :owner GROUP BY co.relation_id"
            ),
            params,
        )
    ]
    if not firsts:
        return
    conn.execute(text(_HAND_OVER.format(owner=column)), params)
    for chunk in chunks(firsts):
        conn.execute(delete(co_declarers).where(co_declarers.c.id.in_(list(chunk))))
