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

from provenance.queries.reviews import reviews_of
from provenance.store import tables as schema

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
        c = schema.claims
        query = select(c.c.id)
        if document is not None:
            query = query.where(c.c.document_id == resolve_document(conn, document))
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
    d = schema.documents
    rows = conn.execute(select(d.c.key, d.c.url).where(d.c.key.in_(sorted(keys))))
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
    r, source, target = schema.claim_relations, schema.claims.alias(), schema.claims.alias()
    edges = conn.execute(
        select(r.c.from_claim_id, r.c.to_claim_id)
        .join(source, source.c.id == r.c.from_claim_id)
        .join(target, target.c.id == r.c.to_claim_id)
        .where(r.c.type == "repeats", source.c.document_id != target.c.document_id)
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
    c, d, originator = schema.claims, schema.documents, schema.actors
    publisher = schema.actors.alias()
    agent_columns = ("key", "name", "kind")
    for chunk in _chunks(claim_ids):
        rows = conn.execute(
            select(
                *schema.columns_of(c, "id", "key", "quote", "statement", "made_on"),
                *schema.columns_of(originator, *agent_columns),
                *schema.columns_of(d, "key", "title", "url", "published", "language"),
                *schema.columns_of(publisher, *agent_columns),
            )
            .join(d, d.c.id == c.c.document_id)
            .join(originator, originator.c.id == c.c.originator_id)
            .outerjoin(publisher, publisher.c.id == d.c.publisher_id)
            .where(c.c.id.in_(chunk))
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
