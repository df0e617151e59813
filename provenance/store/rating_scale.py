"""The rule of a fact-checker's rating scale, written once for the three places that
apply it: the v1 format's reviews, imported ClaimReview markup and ``db check``.

Each of those words its own message (its field names differ: ``worst`` in a v1 file,
``worstRating`` in markup); the rule and the way a scale is shown are the same. Stdlib
only, so that ``validate`` pays nothing for it.
"""

from __future__ import annotations

from typing import Literal

Fault = Literal["order", "range"]


def scale_fault(value: int | None, best: int | None, worst: int | None) -> Fault | None:
    """``order`` when worst is not below best, ``range`` when the value lies off the scale
    (either end may be open), otherwise None."""
    if best is not None and worst is not None and worst >= best:
        return "order"
    if value is not None and (
        (best is not None and value > best) or (worst is not None and value < worst)
    ):
        return "range"
    return None


def scale_text(best: int | None, worst: int | None) -> str:
    """The scale as every message shows it: ``worst..best``, ``?`` for an open end."""
    return f"{'?' if worst is None else worst}..{'?' if best is None else best}"
