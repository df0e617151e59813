"""A document made from ClaimReview markup never replaces one annotated by hand.

A review page becomes a document keyed by its URL's host and path
(:func:`~provenance.ingest.claimreview_fields.document_key`), so a key a person chose can
come out of markup too. Replacing that document would delete its text, claims, chains and
relations without a word, so an annotation made from markup may replace a stored document
only if markup made that one too, from the same page: the same URL, no relay, no relation
declared in it, every claim reviewed in it and its text exactly its quotes, one paragraph
each. That is a genuine re-import (a page that gained or lost a review).
"""

from __future__ import annotations

from provenance.ingest.claimreview_in import MARKUP, PARAGRAPH
from provenance.ingest.problems import Problems
from provenance.ingest.resolved import ResolvedDocument
from provenance.ingest.stored import StoredData, StoredDocument

__all__ = ["MARKUP", "check_markup_replacement", "made_from_markup"]


def made_from_markup(stored: StoredDocument, url: str | None) -> bool:
    """Whether the stored document is what markup of the page at ``url`` would make."""
    return (
        stored.url == url
        and stored.relay_hops == 0
        and stored.relations == 0
        and stored.unreviewed_claims == 0
        and stored.text == PARAGRAPH.join(stored.quotes)
    )


def check_markup_replacement(
    problems: Problems, stored: StoredData, label: str, where: str, doc: ResolvedDocument
) -> None:
    """A problem if ``doc``, made from markup, would replace a document it did not make."""
    existing = stored.document_contents(doc.key)
    if existing is None or made_from_markup(existing, doc.url):
        return
    lost = [f"its text ({len(existing.text):,} characters)", _count(len(existing.quotes), "claim")]
    lost += [_count(existing.relay_hops, "relay hop"), _count(existing.relations, "relation")]
    message = (
        f"this review page makes document '{doc.key}', which is already stored and was not "
        f"made from this page's ClaimReview; importing it would replace {', '.join(lost)}: "
        "give the stored document another key, or leave this review out"
    )
    problems.add(label, where, message)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
