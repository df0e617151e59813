"""Fact-checkers' reviews of claims: read for ``claim REF``, the filters and the exports.

One shape for every reader (:func:`reviews_of`), so the claim JSON, its table and the
ClaimReview export say the same thing about a verdict; one statement (:data:`REVIEWS`)
behind both the claim JSON and the ``reviews`` CSV table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from provenance.queries.columns import REVIEW_CLAIM, REVIEW_VERDICT
from provenance.queries.rows import actor_ref
from provenance.store.reader import Reader, as_reader, day, in_list

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

_CHUNK = 500  # ids per IN (...) list

#: Every review with its claim, fact-checker and declaring document (columns named as the
#: ``reviews`` table's, plus claim_id, by_name, by_kind and review_id).
REVIEWS = """
SELECT r.claim_id AS claim_id, claim_doc.key AS "document", c.key AS "claim",
       a.key AS "by", a.name AS by_name, a.kind AS by_kind, r.rating AS rating,
       r.rating_value AS rating_value, r.best AS best, r.worst AS worst, r.url AS url,
       r.reviewed_on AS "date", declared.key AS declared_in, r.id AS review_id
FROM claim_reviews r
JOIN claims c ON c.id = r.claim_id
JOIN documents claim_doc ON claim_doc.id = c.document_id
JOIN actors a ON a.id = r.author_id
JOIN documents declared ON declared.id = r.declared_in_id"""

#: The column names of :data:`REVIEWS`, in order.
REVIEW_FIELDS = ("claim_id", *REVIEW_CLAIM, "by_name", "by_kind", *REVIEW_VERDICT, "review_id")


def reviews_of(
    db: Reader | Connection, claim_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """Each claim's reviews, oldest first (undated last), as the claim JSON holds them."""
    r = as_reader(db)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = list(claim_ids)
    for start in range(0, len(ids), _CHUNK):
        listed, params = in_list("claim", ids[start : start + _CHUNK])
        sql = (
            f"{REVIEWS}\nWHERE r.claim_id IN {listed}\n"
            "ORDER BY r.claim_id, r.reviewed_on IS NULL, r.reviewed_on, r.id"
        )
        for values in r(sql, params):
            row = dict(zip(REVIEW_FIELDS, values, strict=True))
            out[row["claim_id"]].append(
                {
                    "by": actor_ref(row["by"], row["by_name"], row["by_kind"]),
                    **{k: row[k] for k in ("rating", "rating_value", "best", "worst", "url")},
                    "date": day(row["date"]),
                    "declared_in": row["declared_in"],
                }
            )
    return dict(out)
