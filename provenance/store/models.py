"""ORM classes mapped onto the Core tables of :mod:`provenance.store.tables`.

The schema is defined once, there; these classes give the writer and the integrity check
attribute access (``Claim.id``) with types. Read paths use the tables directly and never
import this module, which costs the ORM's import time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import DeclarativeBase, Mapped

from provenance.store import tables
from provenance.store.revision import (
    SCHEMA_HEAD as SCHEMA_HEAD,  # re-exported for migrate and db check
)
from provenance.store.tables import (
    KEY_LENGTH as KEY_LENGTH,
)
from provenance.store.tables import (
    NAMING_CONVENTION as NAMING_CONVENTION,
)
from provenance.store.vocabulary import (
    ACTOR_KINDS as ACTOR_KINDS,
)
from provenance.store.vocabulary import (
    CLAIM_KINDS as CLAIM_KINDS,
)
from provenance.store.vocabulary import (
    RELATION_TYPES as RELATION_TYPES,
)


class Base(DeclarativeBase):
    metadata = tables.metadata


class Actor(Base):
    __table__ = tables.actors

    id: Mapped[int]
    key: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    country: Mapped[str | None]
    state_affiliated: Mapped[bool | None]
    affiliation_id: Mapped[int | None]
    role: Mapped[str | None]
    description: Mapped[str | None]


class ActorAlias(Base):
    __table__ = tables.actor_aliases

    id: Mapped[int]
    actor_id: Mapped[int]
    alias: Mapped[str]
    alias_folded: Mapped[str]


class Document(Base):
    __table__ = tables.documents

    id: Mapped[int]
    key: Mapped[str]
    title: Mapped[str | None]
    publisher_id: Mapped[int | None]
    published: Mapped[dt.date | None]
    language: Mapped[str | None]
    url: Mapped[str | None]
    text: Mapped[str]
    text_sha256: Mapped[str]
    content_sha256: Mapped[str]
    source_path: Mapped[str | None]
    imported_at: Mapped[dt.datetime]


class DocumentSource(Base):
    __table__ = tables.document_sources

    document_id: Mapped[int]
    position: Mapped[int]
    actor_id: Mapped[int]


class Claim(Base):
    __table__ = tables.claims

    id: Mapped[int]
    document_id: Mapped[int]
    key: Mapped[str]
    span_start: Mapped[int]
    span_end: Mapped[int]
    quote: Mapped[str]
    statement: Mapped[str | None]
    kind: Mapped[str]
    direct_quote: Mapped[bool]
    cue: Mapped[str | None]
    made_on: Mapped[dt.date | None]
    originator_id: Mapped[int]
    search_text: Mapped[str | None]


class Relay(Base):
    __table__ = tables.relays

    id: Mapped[int]
    claim_id: Mapped[int]
    chain_no: Mapped[int]
    position: Mapped[int]
    actor_id: Mapped[int]
    cue: Mapped[str | None]


class ClaimRelation(Base):
    __table__ = tables.claim_relations

    id: Mapped[int]
    from_claim_id: Mapped[int]
    type: Mapped[str]
    to_claim_id: Mapped[int]
    declared_in_id: Mapped[int]
    note: Mapped[str | None]


class ClaimReview(Base):
    __table__ = tables.claim_reviews

    id: Mapped[int]
    claim_id: Mapped[int]
    author_id: Mapped[int]
    declared_in_id: Mapped[int]
    rating: Mapped[str | None]
    rating_value: Mapped[int | None]
    best: Mapped[int | None]
    worst: Mapped[int | None]
    url: Mapped[str | None]
    reviewed_on: Mapped[dt.date | None]
