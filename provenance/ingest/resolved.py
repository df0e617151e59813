"""What a checked document becomes: spans located, references resolved, ready to write.

The writer needs nothing else from the files, and :func:`content_hash` tells it whether a
stored document is unchanged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, field
from typing import Any, NamedTuple

from provenance.ingest.format import ActorIn
from provenance.ingest.stored import StoredRelation


@dataclass(frozen=True)
class Hop:
    actor: str
    cue: str | None


@dataclass(frozen=True)
class ResolvedClaim:
    key: str
    start: int
    end: int
    quote: str
    statement: str | None
    kind: str
    direct_quote: bool
    cue: str | None
    made_on: Any
    originator: str
    chains: tuple[tuple[Hop, ...], ...]


@dataclass(frozen=True)
class ResolvedRelation:
    from_doc: str
    from_key: str
    type: str
    to_doc: str
    to_key: str
    note: str | None


@dataclass(frozen=True)
class ResolvedReview:
    """A review of the claim ``claim_key`` of document ``claim_doc`` by the actor ``by``."""

    claim_doc: str
    claim_key: str
    by: str
    rating: str | None
    rating_value: int | None
    best: int | None
    worst: int | None
    url: str | None
    reviewed_on: Any


@dataclass
class ResolvedDocument:
    key: str
    title: str | None
    publisher: str | None
    published: Any
    language: str | None
    url: str | None
    text: str
    text_sha256: str
    content_sha256: str
    listed_sources: list[str]
    claims: list[ResolvedClaim]
    relations: list[ResolvedRelation]
    source_path: str
    reviews: list[ResolvedReview] = field(default_factory=list)


@dataclass
class ResolvedRelationSet:
    """A relations-only file, checked: its relations belong to it, not to a document."""

    key: str
    source_path: str
    relations: list[ResolvedRelation]
    content_sha256: str = ""

    def __post_init__(self) -> None:
        rows = [
            [r.from_doc, r.from_key, r.type, r.to_doc, r.to_key, r.note] for r in self.relations
        ]
        blob = json.dumps([self.key, rows], ensure_ascii=False, separators=(",", ":"))
        self.content_sha256 = hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ActorUpdate(NamedTuple):
    """One field of a stored actor that a run replaces (``--update-actors``)."""

    key: str
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"actor '{self.key}': {self.field} {self.old!r} -> {self.new!r}"

    def kept(self) -> str:
        """The same difference when the stored value stays (``--keep-stored-actors``)."""
        return f"stored actor '{self.key}': {self.field} {self.old!r} (the file says {self.new!r})"


@dataclass
class CheckedRun:
    """A run that passed every check, held in memory (``validate`` reports its counts)."""

    files: list[str] = field(default_factory=list)
    actors: dict[str, ActorIn] = field(default_factory=dict)
    documents: list[ResolvedDocument] = field(default_factory=list)
    relation_sets: list[ResolvedRelationSet] = field(default_factory=list)
    dropped: list[StoredRelation] = field(default_factory=list)  # --drop-dependent-relations
    warnings: list[str] = field(default_factory=list)
    actor_updates: list[ActorUpdate] = field(default_factory=list)  # --update-actors
    actors_kept: list[ActorUpdate] = field(default_factory=list)  # --keep-stored-actors

    @property
    def claim_count(self) -> int:
        return sum(len(d.claims) for d in self.documents)


def content_hash(doc: ResolvedDocument) -> str:
    """A digest of everything an import would write for this document (actors aside)."""
    payload: dict[str, Any] = {
        "key": doc.key,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": str(doc.published),
        "language": doc.language,
        "url": doc.url,
        "text": doc.text_sha256,
        "sources": doc.listed_sources,
        "claims": [
            [
                c.key,
                c.start,
                c.end,
                c.statement,
                c.kind,
                c.direct_quote,
                c.cue,
                str(c.made_on),
                c.originator,
                [[(h.actor, h.cue) for h in chain] for chain in c.chains],
            ]
            for c in doc.claims
        ],
        "relations": _relation_rows(doc.relations),
    }
    if doc.reviews:  # only when present: a document without reviews keeps its digest
        payload["reviews"] = [[*astuple(r)[:-1], str(r.reviewed_on)] for r in doc.reviews]
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _relation_rows(relations: list[ResolvedRelation]) -> list[list[str | None]]:
    return [[r.from_doc, r.from_key, r.type, r.to_doc, r.to_key, r.note] for r in relations]
