"""The relays table, one row per hop: ``export csv --table relays`` and ``chain --format csv``.

Written once as SQL text: ``chain`` runs it through a :class:`~provenance.store.reader.Reader`
(no SQLAlchemy to import for one claim's few hops), the export wraps it as a SQLAlchemy
statement to stream a whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from provenance.queries.claims import Db, claim_ids_sql
from provenance.queries.filters import ClaimFilters
from provenance.store.reader import as_reader

#: columns: :data:`provenance.queries.columns.RELAY_COLUMNS`
RELAY_TABLE = """
SELECT d.key AS document, c.key AS claim, r.chain_no AS chain, r.position AS position,
  a.key AS actor, a.name AS actor_name, r.cue AS cue
FROM relays r
JOIN claims c ON c.id = r.claim_id
JOIN documents d ON d.id = c.document_id
JOIN actors a ON a.id = r.actor_id"""


def relay_table_sql(db: Db, filters: ClaimFilters | None) -> tuple[str, dict[str, Any]]:
    """:data:`RELAY_TABLE` for the claims passing ``filters`` (all if None), in claim,
    chain and hop order, with its parameters."""
    sql, params = RELAY_TABLE, dict[str, Any]()
    if filters is not None:
        ids, params = claim_ids_sql(db, filters)
        sql += f"\nWHERE r.claim_id IN ({ids})"
    return sql + "\nORDER BY r.claim_id, r.chain_no, r.position", params


def relay_table(db: Db, filters: ClaimFilters | None) -> Iterator[tuple[Any, ...]]:
    """The rows of :func:`relay_table_sql`, streamed."""
    r = as_reader(db)
    sql, params = relay_table_sql(r, filters)
    for batch in r.batches(sql, params):
        yield from batch
