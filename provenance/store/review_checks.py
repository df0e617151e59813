"""``db check`` for reviews: each has a verdict, on a scale that makes sense.

The CHECK constraints of ``claim_reviews`` promise the same, but a database written by
another tool (or with its constraints off) may not keep them; ``db check`` re-derives
every guarantee of an import from the rows alone.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from provenance.store import tables as schema
from provenance.store.rating_scale import scale_fault, scale_text


def review_scales(conn: Connection) -> list[str]:
    """One line for each review without a verdict or off its own scale."""
    r, c, d, a = schema.claim_reviews, schema.claims, schema.documents, schema.actors
    value, best, worst = r.c.rating_value, r.c.best, r.c.worst
    wrong = or_(
        and_(r.c.rating.is_(None), value.is_(None)),
        and_(best.isnot(None), worst.isnot(None), worst >= best),
        and_(value.isnot(None), best.isnot(None), value > best),
        and_(value.isnot(None), worst.isnot(None), value < worst),
    )
    rows = conn.execute(
        select(r.c.id, d.c.key, c.c.key, a.c.key, r.c.rating, value, best, worst)
        .join(c, c.c.id == r.c.claim_id)
        .join(d, d.c.id == c.c.document_id)
        .join(a, a.c.id == r.c.author_id)
        .where(wrong)
        .order_by(r.c.id)
    )
    out: list[str] = []
    for rid, doc, key, by, rating, v, hi, lo in rows:
        where = f"claim_reviews id {rid} (claim {doc}/{key} by {by})"
        if rating is None and v is None:
            out.append(f"{where}: no rating and no rating_value")
        elif scale_fault(v, hi, lo) == "order":
            out.append(f"{where}: worst ({lo}) is not lower than best ({hi})")
        else:  # the value off its scale (the query selects no other row)
            scale = scale_text(hi, lo)
            out.append(f"{where}: rating_value {v} is outside worst..best ({scale})")
    return out
