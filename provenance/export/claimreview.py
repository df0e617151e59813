"""``provenance export claimreview``: the claims as schema.org ``Claim`` objects in JSON-LD.

Fact-check aggregators and search engines read schema.org's ClaimReview markup, whose
``itemReviewed`` is a ``Claim``: who made it (``author``), and each article where it
appears (``appearance``), the earliest being its ``firstAppearance``. A claim quoted by
several articles is one Claim here: claims of different documents joined by ``repeats``
relations are grouped, and each document they appear in is one ``NewsArticle``.

A claim a fact-checker has reviewed is written as that ``ClaimReview`` (one per review),
its ``itemReviewed`` the Claim: what ``provenance import`` reads back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from provenance.queries.reviews import reviews_of
from provenance.store.models import Actor, Claim, ClaimRelation, Document

CONTEXT = "https://schema.org"
#: actor kinds schema.org calls a Person; every other kind is an Organization
PERSON_KINDS = frozenset({"person", "anonymous_source"})
_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class _Appearance:
    claim_id: int
    key: str
    quote: str
    statement: str | None
    made_on: dt.date | None
    originator: dict[str, Any]
    document: str
    published: dt.date | None
    article: dict[str, Any]

    @property
    def order(self) -> tuple[bool, dt.date, str, int]:
        """Earliest first; an undated article after the dated ones."""
        return (self.published is None, self.published or dt.date.min, self.document, self.claim_id)


def selected_claims(conn: Connection, document: str | None, refs: Sequence[str]) -> list[int]:
    """The claims of ``document`` and those ``refs`` name, in id order; neither: all."""
    from provenance.queries.claims import resolve_claim, resolve_document

    wanted = {resolve_claim(conn, ref) for ref in refs}
    if document is not None or not refs:
        query = select(Claim.id)
        if document is not None:
            query = query.where(Claim.document_id == resolve_document(conn, document))
        wanted.update(conn.execute(query).scalars())
    return sorted(wanted)


def claimreview_document(conn: Connection, claim_ids: Sequence[int]) -> dict[str, Any]:
    """The JSON-LD document: one ``Claim`` per group of claims repeating each other."""
    return {"@context": CONTEXT, "@graph": list(claims_jsonld(conn, claim_ids))}


def claims_jsonld(conn: Connection, claim_ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    groups = _groups(conn, claim_ids)
    members = sorted({m for group in groups for m in group})
    appearances = {a.claim_id: a for a in _appearances(conn, members)}
    reviews = reviews_of(conn, members)
    pages = _page_urls(conn, {r["declared_in"] for rs in reviews.values() for r in rs})
    for group in groups:
        claim = _claim(sorted((appearances[m] for m in group), key=lambda a: a.order))
        verdicts = [review for m in group for review in reviews.get(m, [])]
        if not verdicts:
            yield claim
        for review in verdicts:
            # a review without its own URL is on the page of the document declaring it
            yield claim_review(
                claim, {**review, "url": review["url"] or pages[review["declared_in"]]}
            )


def _page_urls(conn: Connection, keys: set[str]) -> dict[str, str | None]:
    rows = conn.execute(select(Document.key, Document.url).where(Document.key.in_(sorted(keys))))
    return {key: url for key, url in rows}


def claim_review(claim: dict[str, Any], review: dict[str, Any]) -> dict[str, Any]:
    """One review (in the claim JSON's shape) of a Claim, as schema.org's ClaimReview.

    Numbers are written as text, as in schema.org's and Google's examples.
    """
    rating: dict[str, Any] = {"@type": "Rating"}
    for name, value in (
        ("ratingValue", review["rating_value"]),
        ("bestRating", review["best"]),
        ("worstRating", review["worst"]),
        ("alternateName", review["rating"]),
    ):
        if value is not None:
            rating[name] = str(value)
    out: dict[str, Any] = {"@type": "ClaimReview"}
    if review["url"]:
        out["url"] = review["url"]
    if review["date"]:
        out["datePublished"] = review["date"]
    by = review["by"]
    out["author"] = agent(by["key"], by["name"], by["kind"])
    out["claimReviewed"] = claim["text"]
    out["reviewRating"] = rating
    out["itemReviewed"] = claim
    return out


def _claim(appearances: list[_Appearance]) -> dict[str, Any]:
    first = appearances[0]
    articles: list[dict[str, Any]] = []
    seen: set[str] = set()
    for appearance in appearances:
        if appearance.document not in seen:
            seen.add(appearance.document)
            articles.append(appearance.article)
    claim: dict[str, Any] = {
        "@type": "Claim",
        "identifier": f"{first.document}/{first.key}",
        "text": first.quote,
        "author": first.originator,
    }
    if first.statement:
        claim["description"] = first.statement
    if first.made_on is not None:
        claim["datePublished"] = first.made_on.isoformat()
    claim["appearance"] = articles
    claim["firstAppearance"] = articles[0]
    return claim


def _groups(conn: Connection, claim_ids: Sequence[int]) -> list[list[int]]:
    """The wanted claims, each with every claim of another document it repeats or that
    repeats it (transitively), in the order first wanted."""
    source, target = aliased(Claim), aliased(Claim)
    edges = conn.execute(
        select(ClaimRelation.from_claim_id, ClaimRelation.to_claim_id)
        .join(source, source.id == ClaimRelation.from_claim_id)
        .join(target, target.id == ClaimRelation.to_claim_id)
        .where(ClaimRelation.type == "repeats", source.document_id != target.document_id)
    ).all()
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        parent[root(a)] = root(b)
    members: dict[int, list[int]] = {}
    for node in list(parent):
        members.setdefault(root(node), []).append(node)
    groups: list[list[int]] = []
    done: set[int] = set()
    for claim_id in claim_ids:
        top = root(claim_id)
        if top not in done:
            done.add(top)
            groups.append(sorted(members.get(top, [claim_id])))
    return groups


def _appearances(conn: Connection, claim_ids: Sequence[int]) -> Iterator[_Appearance]:
    publisher = aliased(Actor)
    for chunk in _chunks(claim_ids):
        rows = conn.execute(
            select(
                Claim.id,
                Claim.key,
                Claim.quote,
                Claim.statement,
                Claim.made_on,
                Actor.key,
                Actor.name,
                Actor.kind,
                Document.key,
                Document.title,
                Document.url,
                Document.published,
                Document.language,
                publisher.key,
                publisher.name,
                publisher.kind,
            )
            .join(Document, Document.id == Claim.document_id)
            .join(Actor, Actor.id == Claim.originator_id)
            .outerjoin(publisher, publisher.id == Document.publisher_id)
            .where(Claim.id.in_(chunk))
        )
        for row in rows:
            yield _Appearance(
                claim_id=row[0],
                key=row[1],
                quote=row[2],
                statement=row[3],
                made_on=row[4],
                originator=agent(row[5], row[6], row[7]),
                document=row[8],
                published=row[11],
                article=news_article(row[8], row[9], row[10], row[11], row[12], row[13:16]),
            )


def agent(key: str, name: str, kind: str) -> dict[str, Any]:
    """An actor as schema.org's Person or Organization."""
    kind_name = "Person" if kind in PERSON_KINDS else "Organization"
    return {"@type": kind_name, "name": name, "identifier": key}


def news_article(
    key: str,
    title: str | None,
    url: str | None,
    published: dt.date | None,
    language: str | None,
    publisher: Sequence[Any],
) -> dict[str, Any]:
    """A document as schema.org's NewsArticle; absent fields are left out, not null."""
    article: dict[str, Any] = {"@type": "NewsArticle", "identifier": key}
    if url:
        article["url"] = url
    if title:
        article["headline"] = title
    if published is not None:
        article["datePublished"] = published.isoformat()
    if language:
        article["inLanguage"] = language
    if publisher[0] is not None:
        article["publisher"] = agent(*publisher)
    return article


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
