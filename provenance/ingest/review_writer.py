"""Writing the reviews of checked documents.

A review may name a claim of a document written in a later batch of the run (or already
stored), so reviews whose claim is not among the ids the writer just assigned wait here
and are resolved by key once every document of the run is written. Reviews are few (a
handful per fact-check), so they wait in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.engine import Connection

from provenance.errors import ImportConflict
from provenance.ingest.resolved import ResolvedDocument, ResolvedReview
from provenance.ingest.stored import chunks
from provenance.store import tables as schema


class ReviewWriter:
    """Inserts the reviews of written documents; those naming unwritten claims at the end."""

    def __init__(self, conn: Connection, actor_ids: dict[str, int]) -> None:
        self.conn = conn
        self.actor_ids = actor_ids
        self.written = 0
        self._waiting: list[tuple[int, ResolvedReview]] = []

    def add(
        self, docs: Iterable[tuple[int, ResolvedDocument]], claim_ids: dict[tuple[str, str], int]
    ) -> None:
        rows: list[dict[str, Any]] = []
        for doc_id, doc in docs:
            for review in doc.reviews:
                claim_id = claim_ids.get((review.claim_doc, review.claim_key))
                if claim_id is None:
                    self._waiting.append((doc_id, review))
                else:
                    rows.append(self._row(doc_id, claim_id, review))
        self._insert(rows)

    def finish(self) -> None:
        """The waiting reviews, their claims looked up by (document, key)."""
        if not self._waiting:
            return
        wanted = sorted({(r.claim_doc, r.claim_key) for _, r in self._waiting})
        found: dict[tuple[str, str], int] = {}
        for chunk in chunks(wanted):
            query = (
                select(schema.documents.c.key, schema.claims.c.key, schema.claims.c.id)
                .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
                .where(tuple_(schema.documents.c.key, schema.claims.c.key).in_(list(chunk)))
            )
            found.update({(d, k): int(i) for d, k, i in self.conn.execute(query)})
        if len(found) != len(wanted):  # checked just before: only a concurrent writer gets here
            raise ImportConflict(
                "another import removed claims this one reviews; nothing was imported, "
                "run the import again"
            )
        self._insert(
            [self._row(doc_id, found[(r.claim_doc, r.claim_key)], r) for doc_id, r in self._waiting]
        )
        self._waiting = []

    def _row(self, doc_id: int, claim_id: int, review: ResolvedReview) -> dict[str, Any]:
        return {
            "claim_id": claim_id,
            "author_id": self.actor_ids[review.by],
            "declared_in_id": doc_id,
            "rating": review.rating,
            "rating_value": review.rating_value,
            "best": review.best,
            "worst": review.worst,
            "url": review.url,
            "reviewed_on": review.reviewed_on,
        }

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(schema.claim_reviews), rows)
        self.written += len(rows)
