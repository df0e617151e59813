"""The claim filters that ``claims``, ``chain`` and the exports share.

A light module (no SQLAlchemy): the CLI builds the filters before it knows whether a fast
path will answer without the general query machinery.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClaimFilters:
    document: str | None = None
    originator: str | None = None
    relayed_by: str | None = None
    kind: str | None = None
    contradicted: bool | None = None
    search: str | None = None
    limit: int | None = None
    claim_id: int | None = None  # one claim (``chain REF --format csv``)
    with_affiliates: bool = False  # --originator counts the actor's affiliates too
    reviewed: bool | None = None  # has (True) / has no (False) fact-checker's review
    rating: str | None = None  # has a review with this textual rating
