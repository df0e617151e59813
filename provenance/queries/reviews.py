"""Fact-checkers' reviews of claims: read for ``claim REF``, the filters and the exports.

One shape for every reader (:func:`reviews_of`), so the claim JSON, its table and the
ClaimReview export say the same thing about a verdict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.engine import Connection

from provenance.queries.rows import actor_ref
from provenance.store import tables as schema

_CHUNK = 500  # ids per IN (...) list


def review_query() -> Any:
    """Every review with its claim, fact-checker and declaring document, by claim then id;
    the claim JSON and the ``reviews`` CSV table both select from it."""
    r, c, a = schema.claim_reviews, schema.claims, schema.actors
    claim_doc, declared = schema.documents.alias("claim_doc"), schema.documents.alias("declared")
    return (
        select(
            r.c.claim_id,
            claim_doc.c.key.label("document"),
            c.c.key.label("claim"),
            a.c.key.label("by"),
            a.c.name.label("by_name"),
            a.c.kind.label("by_kind"),
            *schema.columns_of(r, "rating", "rating_value", "best", "worst", "url"),
            r.c.reviewed_on.label("date"),
            declared.c.key.label("declared_in"),
        )
        .select_from(r)
        .join(c, c.c.id == r.c.claim_id)
        .join(claim_doc, claim_doc.c.id == c.c.document_id)
        .join(a, a.c.id == r.c.author_id)
        .join(declared, declared.c.id == r.c.declared_in_id)
    )


def reviews_of(conn: Connection, claim_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Each claim's reviews, oldest first (undated last), as the claim JSON holds them."""
    r = schema.claim_reviews
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = list(claim_ids)
    for start in range(0, len(ids), _CHUNK):
        rows = conn.execute(
            review_query()
            .where(r.c.claim_id.in_(ids[start : start + _CHUNK]))
            .order_by(r.c.claim_id, r.c.reviewed_on.is_(None), r.c.reviewed_on, r.c.id)
        ).mappings()
        for row in rows:
            out[row["claim_id"]].append(
                {
                    "by": actor_ref(row["by"], row["by_name"], row["by_kind"]),
                    **{k: row[k] for k in ("rating", "rating_value", "best", "worst", "url")},
                    "date": row["date"].isoformat() if row["date"] else None,
                    "declared_in": row["declared_in"],
                }
            )
    return dict(out)


def review_condition(reviewed: bool | None, rating: str | None) -> Any:
    """The ``--reviewed/--unreviewed`` and ``--rating`` filters as one condition on claims
    (None when neither is given). The rating is matched exactly, as the checker wrote it:
    case folding beyond ASCII differs between SQLite and PostgreSQL."""
    r = schema.claim_reviews
    condition: Any = None
    if rating is not None:
        condition = exists().where(r.c.claim_id == schema.claims.c.id, r.c.rating == rating)
    if reviewed is not None:
        any_review = exists().where(r.c.claim_id == schema.claims.c.id)
        has = any_review if reviewed else ~any_review
        condition = has if condition is None else condition & has
    return condition
