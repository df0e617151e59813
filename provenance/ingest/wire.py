"""Checked documents as plain tuples, to cross from the checking process to the writing one.

Why not pickle the dataclasses as they are: pickle rebuilds each frozen dataclass through
``copyreg`` and ``__setstate__``, which at 100k claims took 1.9 s to load (0.7 s to dump),
more than the writes it was meant to overlap. Plain tuples of strings, numbers and dates
load in about a sixth of that, and the dataclasses are rebuilt here with their own
constructors. The field order is the dataclasses' own; a test round-trips every field.
"""

from __future__ import annotations

import pickle
from typing import Any

from provenance.ingest.resolved import (
    Hop,
    ResolvedClaim,
    ResolvedDocument,
    ResolvedRelation,
    ResolvedReview,
)


def _claim(c: ResolvedClaim) -> tuple[Any, ...]:
    chains = tuple(tuple((h.actor, h.cue) for h in chain) for chain in c.chains)
    return (
        c.key,
        c.start,
        c.end,
        c.quote,
        c.statement,
        c.kind,
        c.direct_quote,
        c.cue,
        c.made_on,
        c.originator,
        chains,
    )


def _relation(r: ResolvedRelation) -> tuple[Any, ...]:
    return (r.from_doc, r.from_key, r.type, r.to_doc, r.to_key, r.note)


def _review(r: ResolvedReview) -> tuple[Any, ...]:
    return (
        r.claim_doc,
        r.claim_key,
        r.by,
        r.rating,
        r.rating_value,
        r.best,
        r.worst,
        r.url,
        r.reviewed_on,
    )


def _document(d: ResolvedDocument) -> tuple[Any, ...]:
    return (
        d.key,
        d.title,
        d.publisher,
        d.published,
        d.language,
        d.url,
        d.text,
        d.text_sha256,
        d.content_sha256,
        d.listed_sources,
        [_claim(c) for c in d.claims],
        [_relation(r) for r in d.relations],
        d.source_path,
        [_review(r) for r in d.reviews],
    )


def encode(documents: list[ResolvedDocument]) -> bytes:
    """The documents as one message."""
    return pickle.dumps([_document(d) for d in documents], protocol=pickle.HIGHEST_PROTOCOL)


def _hops(chains: tuple[tuple[tuple[str, str | None], ...], ...]) -> tuple[tuple[Hop, ...], ...]:
    return tuple(tuple(Hop(actor, cue) for actor, cue in chain) for chain in chains)


def _claims(rows: list[tuple[Any, ...]]) -> list[ResolvedClaim]:
    out = []
    for key, start, end, quote, statement, kind, direct, cue, made_on, originator, chains in rows:
        hops = _hops(chains)
        out.append(
            ResolvedClaim(
                key, start, end, quote, statement, kind, direct, cue, made_on, originator, hops
            )
        )
    return out


def decode(message: bytes) -> list[ResolvedDocument]:
    """The documents :func:`encode` was given, equal field for field."""
    out: list[ResolvedDocument] = []
    for d in pickle.loads(message):
        key, title, publisher, published, language, url, text, text_sha, content_sha = d[:9]
        out.append(
            ResolvedDocument(
                key,
                title,
                publisher,
                published,
                language,
                url,
                text,
                text_sha,
                content_sha,
                d[9],
                _claims(d[10]),
                [ResolvedRelation(*r) for r in d[11]],
                d[12],
                [ResolvedReview(*r) for r in d[13]],
            )
        )
    return out
