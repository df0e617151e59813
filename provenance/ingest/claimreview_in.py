"""ClaimReview markup in: fact-checkers' verdicts become provenance/v1 annotations.

Three shapes are read: a page's JSON-LD (one ClaimReview, or a ``@graph`` holding some),
a JSON array of ClaimReview objects (what ``provenance export claimreview`` writes, as a
``@graph``, reads too), and the ``claims`` of the Google Fact Check Tools search API. Each
review page becomes one document whose text is the texts of the claims it reviews (so the
spans hold), the claimant the claim's originator, the fact-checker an actor, and the
verdict a review. The result is the very data a YAML file would give, so every check of
an import applies to it; problems in the markup itself are located by their JSON path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.ingest.claimreview_fields import Agent, Fields, at, document_key, is_key
from provenance.ingest.files import FileProblem
from provenance.ingest.format import FORMAT, Verdict
from provenance.store.rating_scale import scale_fault, scale_text

SUFFIX = ".jsonld"
UNKNOWN_CLAIMANT = Agent("unknown-claimant", "Unknown claimant", "anonymous_source")
#: the kind of a fact-checker that is not a Person: fact-checks are published on a site
CHECKER_KIND = "website"
CLAIMANT_KIND = "other"
PARAGRAPH = "\n\n"
#: where an annotation made from markup lists its actors: their kinds are guesses, so the
#: survey uses the actors the run or the database already has under these keys instead
GUESSED_ACTORS = "guessed_actors"
#: where an annotation made from markup says so: the JSON path of its page's first review
#: URL, where a problem with the page as a whole is located
MARKUP = "claimreview_markup"


class MarkupProblems(FileProblem):
    """Problems of a ClaimReview file, each ``(JSON path, message)``."""

    def __init__(self, located: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{w}: {m}" if w else m for w, m in located))
        self.located = located


def is_claimreview(path: Path, data: Any) -> bool:
    """Whether a file is ClaimReview markup rather than a provenance/v1 annotation: a
    ``.jsonld`` file, or JSON with JSON-LD objects or the Fact Check Tools ``claims``."""
    suffix = path.suffix.lower()
    if suffix == SUFFIX:
        return True
    if suffix != ".json":
        return False
    if isinstance(data, list):
        return any(isinstance(node, dict) and "@type" in node for node in data)
    if not isinstance(data, dict) or "format" in data:
        return False
    if any(marker in data for marker in ("@type", "@graph", "@context")):
        return True
    claims = data.get("claims")
    return isinstance(claims, list) and any(
        isinstance(c, dict) and "claimReview" in c for c in claims
    )


@dataclass(frozen=True)
class _Review:
    where: str
    url: str
    title: str | None
    language: str | None
    date: str | None
    author: Agent
    claim_key: str
    claim_text: str
    claimant: Agent
    claim_date: str | None
    verdict: Verdict
    statement: str | None = None


def markup_annotations(data: Any) -> list[dict[str, Any]]:
    """The annotations (one per review page) of a ClaimReview file; all or nothing."""
    fields = Fields()
    reviews = list(_fact_check_tools(data, fields) if _is_api(data) else _jsonld(data, fields))
    if not reviews and not fields.problems:
        fields.problem("", "no ClaimReview found (expected @type ClaimReview, or claims[])")
    out = _documents(reviews, fields) if not fields.problems else []
    if fields.problems:
        raise MarkupProblems(fields.problems)
    return out


def _is_api(data: Any) -> bool:
    return isinstance(data, dict) and "claims" in data and "@type" not in data


# -- the shapes ---------------------------------------------------------------------


def _jsonld(data: Any, fields: Fields) -> Iterator[_Review]:
    if isinstance(data, list):
        nodes = _objects(data, "", fields)
    elif isinstance(data, dict) and "@graph" in data:
        graph = data["@graph"]
        if not isinstance(graph, list):
            fields.problem("@graph", "expected a list")
            return
        nodes = _objects(graph, "@graph", fields)
    else:
        nodes = iter([("", data)])
    for where, node in nodes:
        types = node.get("@type")
        if types == "ClaimReview" or (isinstance(types, list) and "ClaimReview" in types):
            review = _claimreview(node, where, fields)
            if review is not None:
                yield review


def _claimreview(node: dict[str, Any], where: str, fields: Fields) -> _Review | None:
    before = len(fields.problems)
    url = fields.url(node, "url", where)
    if "url" not in node:
        fields.problem(at(where, "url"), "required field missing (the review's page)")
    author = _required_agent(node, "author", where, fields, CHECKER_KIND)
    item = fields.mapping(node, "itemReviewed", where) or {}
    item_where = at(where, "itemReviewed")
    text = fields.text(item, "text", item_where) or fields.text(node, "claimReviewed", where)
    if text is None and "claimReviewed" not in node:
        fields.problem(at(where, "claimReviewed"), "required field missing (the claim's text)")
    claimant: Agent | None = UNKNOWN_CLAIMANT
    if item.get("author") is not None:
        claimant = fields.agent(item["author"], at(item_where, "author"), CLAIMANT_KIND)
    claim_date = fields.date(item, "datePublished", item_where)
    statement = fields.text(item, "description", item_where)
    verdict = _verdict(node, where, fields)
    title = fields.text(node, "name", where) or fields.text(node, "headline", where)
    language = fields.language(node, "inLanguage", where)
    if url is not None and (title is None or language is None):
        page_title, page_language = _review_page(item, url, item_where, fields)
        title, language = title or page_title, language or page_language
    date = fields.date(node, "datePublished", where)
    if len(fields.problems) != before or None in (url, author, text, claimant, verdict):
        return None
    assert url and author and text and claimant and verdict is not None
    key = _claim_key(item.get("identifier"), text)
    return _Review(
        where,
        url,
        title,
        language,
        date,
        author,
        key,
        text,
        claimant,
        claim_date,
        verdict,
        statement,
    )


def _review_page(
    item: dict[str, Any], url: str, where: str, fields: Fields
) -> tuple[str | None, str | None]:
    """The headline and language of the review page where the claim appears, if the markup
    lists it: ``export claimreview`` writes a document made from markup as the claim's
    appearance (``headline``, ``inLanguage``), not on the review, so a round trip keeps them."""
    page = url.partition("#")[0]
    found: tuple[str | None, str | None] = (None, None)
    articles = item.get("appearance")
    listed = articles if isinstance(articles, list) else [articles]
    places = [(f"{where}.appearance[{i}]", a) for i, a in enumerate(listed)]
    places.append((f"{where}.firstAppearance", item.get("firstAppearance")))
    for here, article in places:
        if not isinstance(article, dict) or article.get("url") != page:
            continue
        title = fields.text(article, "headline", here) or fields.text(article, "name", here)
        found = (found[0] or title, found[1] or fields.language(article, "inLanguage", here))
    return found


def _verdict(node: dict[str, Any], where: str, fields: Fields) -> Verdict | None:
    rating = fields.mapping(node, "reviewRating", where)
    here = at(where, "reviewRating")
    if rating is None:
        if "reviewRating" not in node:
            fields.problem(here, "required field missing (the verdict)")
        return None
    words = fields.text(rating, "alternateName", here)
    value = fields.number(rating, "ratingValue", here)
    best = fields.number(rating, "bestRating", here)
    worst = fields.number(rating, "worstRating", here)
    if words is None and value is None:
        fields.problem(here, "needs an alternateName (the verdict) or a ratingValue")
        return None
    fault = scale_fault(value, best, worst)
    if fault == "order":
        fields.problem(at(here, "worstRating"), f"{worst} must be lower than bestRating ({best})")
        return None
    if fault == "range":
        scale = scale_text(best, worst)
        fields.problem(
            at(here, "ratingValue"), f"{value} is outside worstRating..bestRating ({scale})"
        )
        return None
    return Verdict(rating=words, rating_value=value, best=best, worst=worst)


def _fact_check_tools(data: dict[str, Any], fields: Fields) -> Iterator[_Review]:
    """The Fact Check Tools API's ``claims``: each claim with the reviews of it."""
    claims = data["claims"]
    if not isinstance(claims, list):
        fields.problem("claims", "expected a list")
        return
    for where, claim in _objects(claims, "claims", fields):
        before = len(fields.problems)
        text = fields.required_text(claim, "text", where)
        claimant: Agent | None = UNKNOWN_CLAIMANT
        if claim.get("claimant") is not None:
            claimant = fields.agent(claim["claimant"], at(where, "claimant"), CLAIMANT_KIND)
        claim_date = fields.date(claim, "claimDate", where)
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            fields.problem(at(where, "claimReview"), "expected a list of reviews")
            continue
        for here, review in _objects(reviews, f"{where}.claimReview", fields):
            url = fields.required_text(review, "url", here)
            url = fields.url(review, "url", here) if url else None
            author = _required_agent(review, "publisher", here, fields, CHECKER_KIND)
            rating = fields.required_text(review, "textualRating", here)
            title = fields.text(review, "title", here)
            language = fields.language(review, "languageCode", here)
            date = fields.date(review, "reviewDate", here)
            if len(fields.problems) != before or None in (text, claimant, url, author, rating):
                continue
            assert text and claimant and url and author
            verdict = Verdict(rating=rating)
            key = _claim_key(None, text)
            yield _Review(
                here, url, title, language, date, author, key, text, claimant, claim_date, verdict
            )


def _objects(items: list[Any], where: str, fields: Fields) -> Iterator[tuple[str, dict[str, Any]]]:
    """The objects of a JSON list with their paths; anything else is a problem."""
    for i, item in enumerate(items):
        if isinstance(item, dict):
            yield f"{where}[{i}]", item
        else:
            fields.problem(f"{where}[{i}]", "expected an object")


def _required_agent(
    node: dict[str, Any], name: str, where: str, fields: Fields, kind: str
) -> Agent | None:
    if node.get(name) is None:
        fields.problem(at(where, name), "required field missing (the fact-checker)")
        return None
    return fields.agent(node[name], at(where, name), kind)


def _claim_key(identifier: Any, text: str) -> str:
    """The claim's key from our own export's ``document/key`` identifier, else from its text."""
    if isinstance(identifier, str):
        key = identifier.rpartition("/")[2]
        if is_key(key):
            return key
    return "claim-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# -- the annotations ----------------------------------------------------------------


def _documents(reviews: list[_Review], fields: Fields) -> list[dict[str, Any]]:
    """One annotation per review page, in the order the pages first appear."""
    actors: dict[str, dict[str, Any]] = {}
    for review in reviews:
        for agent in (review.author, review.claimant):
            known = actors.setdefault(
                agent.key, {"key": agent.key, "name": agent.name, "kind": agent.kind}
            )
            if agent.name != known["name"] and agent.name not in known.setdefault("aliases", []):
                known["aliases"].append(agent.name)
    pages: dict[str, list[_Review]] = {}  # by document key: a #fragment is the same page
    for review in reviews:
        pages.setdefault(document_key(review.url), []).append(review)
    return [_annotation(key, page, actors, fields) for key, page in pages.items()]


def _annotation(
    key: str, page: list[_Review], actors: dict[str, dict[str, Any]], fields: Fields
) -> dict[str, Any]:
    texts: dict[str, str] = {}
    claims: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    reviewed: set[tuple[str, str]] = set()
    offset = 0
    for r in page:
        if r.claim_key not in texts:
            texts[r.claim_key] = r.claim_text
            claim = {"key": r.claim_key, "start": offset, "end": offset + len(r.claim_text)}
            extra = {"originator": r.claimant.key, "date": r.claim_date, "statement": r.statement}
            claim.update({k: v for k, v in extra.items() if v})
            claims.append(claim)
            offset += len(r.claim_text) + len(PARAGRAPH)
        elif texts[r.claim_key] != r.claim_text:
            fields.problem(r.where, f"claim '{r.claim_key}' is given two different texts")
        if (r.claim_key, r.author.key) in reviewed:
            fields.problem(r.where, f"this page reviews the claim twice by '{r.author.name}'")
        reviewed.add((r.claim_key, r.author.key))
        review = {"claim": r.claim_key, "by": r.author.key, "url": r.url, "date": r.date}
        reviews.append(
            {k: v for k, v in {**review, **r.verdict.model_dump()}.items() if v is not None}
        )
    first = page[0]
    document = {
        "key": key,
        "title": next((r.title for r in page if r.title), None),
        "text": PARAGRAPH.join(texts.values()),
        "language": next((r.language for r in page if r.language), None),
        "url": first.url.partition("#")[0],
        "publisher": first.author.key,
    }
    used = {first.author.key} | {r.author.key for r in page} | {r.claimant.key for r in page}
    return {
        "format": FORMAT,
        "document": {k: v for k, v in document.items() if v is not None},
        GUESSED_ACTORS: [actors[key] for key in sorted(used)],
        MARKUP: at(first.where, "url"),
        "claims": claims,
        "reviews": reviews,
    }
