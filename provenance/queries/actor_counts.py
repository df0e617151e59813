"""The listing of every actor with its counts (``provenance actors``).

A module of its own: the listing needs none of what one actor's record and a trace
import (resolving references, chains, relations, cards), and that was a tenth of the
listing's own time. SQL text run by a :class:`~provenance.store.reader.Reader`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from provenance.queries.columns import ACTOR_COUNTS, ACTOR_IDENTITY
from provenance.store.reader import as_reader, flag

if TYPE_CHECKING:
    from provenance.queries.claims import Db

# each count in one pass over its table, joined to the actors once
_COUNTS = """
WITH originated AS (
  SELECT originator_id AS actor_id, count(*) AS n FROM claims GROUP BY originator_id
), relayed AS (
  SELECT actor_id, count(DISTINCT claim_id) AS n FROM relays GROUP BY actor_id
), contradiction AS (
  SELECT src.originator_id AS src_id, dst.originator_id AS dst_id
  FROM claim_relations rel
  JOIN claims src ON src.id = rel.from_claim_id
  JOIN claims dst ON dst.id = rel.to_claim_id
  WHERE rel.type = 'contradicts' AND src.originator_id <> dst.originator_id
), contradicted AS (
  SELECT dst_id AS actor_id, count(*) AS n FROM contradiction GROUP BY dst_id
), contradicting AS (
  SELECT src_id AS actor_id, count(*) AS n FROM contradiction GROUP BY src_id
), published AS (
  SELECT d.publisher_id AS actor_id, count(*) AS n
  FROM documents d JOIN claims ON claims.document_id = d.id GROUP BY d.publisher_id
)
SELECT a.key, a.name, a.kind, a.country, a.state_affiliated, aff.key,
       coalesce(originated.n, 0), coalesce(relayed.n, 0), coalesce(contradicted.n, 0),
       coalesce(contradicting.n, 0), coalesce(published.n, 0)
FROM actors a
LEFT JOIN actors aff ON aff.id = a.affiliation_id
LEFT JOIN originated ON originated.actor_id = a.id
LEFT JOIN relayed ON relayed.actor_id = a.id
LEFT JOIN contradicted ON contradicted.actor_id = a.id
LEFT JOIN contradicting ON contradicting.actor_id = a.id
LEFT JOIN published ON published.actor_id = a.id
{where}
ORDER BY a.key"""

_COUNT_FIELDS = (*ACTOR_IDENTITY, *ACTOR_COUNTS, "published")


def actor_counts(db: Db, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """Every actor with how much it originated, relayed, and contradicted / was contradicted."""
    r = as_reader(db)
    sql = _COUNTS.format(where="WHERE a.kind = :kind" if kind else "")
    for values in r(sql, {"kind": kind} if kind else {}):
        row = dict(zip(_COUNT_FIELDS, values, strict=True))
        row["state_affiliated"] = flag(row["state_affiliated"])
        yield row
