"""The relational schema: documents, actors, claims, relay hops and claim relations.

Enumerations are strings guarded by CHECK constraints rather than native enum types so
that adding a kind is a one-line migration on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from provenance.store.revision import (
    SCHEMA_HEAD as SCHEMA_HEAD,  # re-exported for migrate and db check
)

ACTOR_KINDS = (
    "person",
    "news_agency",
    "broadcaster",
    "newspaper",
    "website",
    "government_body",
    "military",
    "armed_group",
    "ngo",
    "anonymous_source",
    "other",
)
CLAIM_KINDS = (
    "assertion",
    "accusation",
    "denial",
    "prediction",
    "observation",
    "retraction",
    "attribution",
    "other",
)
RELATION_TYPES = ("contradicts", "supports", "repeats", "retracts", "updates")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY_LENGTH = 200

IntPK = Annotated[int, mapped_column(Integer, primary_key=True)]
Key = Annotated[str, mapped_column(String(KEY_LENGTH))]


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Actor(Base):
    """Anyone who says or passes on a claim; shared by every document."""

    __tablename__ = "actors"
    __table_args__ = (CheckConstraint(_one_of("kind", ACTOR_KINDS), name="kind"),)

    id: Mapped[IntPK]
    key: Mapped[Key] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(2))
    state_affiliated: Mapped[bool | None] = mapped_column(Boolean)
    affiliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)

    affiliation: Mapped[Actor | None] = relationship(remote_side="Actor.id")
    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", cascade="all, delete-orphan"
    )


class ActorAlias(Base):
    """Another spelling of an actor's name (Konachinkov / Konashenkov, OSDH / SOHR)."""

    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[IntPK]
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(500))
    # casefolded copy so that look-ups by alias are an index probe on both backends
    alias_folded: Mapped[str] = mapped_column(String(500), index=True)

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class Document(Base):
    """One published article, its text kept verbatim so spans can be checked forever."""

    __tablename__ = "documents"

    id: Mapped[IntPK]
    key: Mapped[Key] = mapped_column(unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    publisher_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(35))
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))
    # hash of the whole validated annotation: re-importing an identical file is a no-op
    content_sha256: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    publisher: Mapped[Actor | None] = relationship()


class DocumentSource(Base):
    """A source the document itself lists ("Sources: Press TV, AFP, ...")."""

    __tablename__ = "document_sources"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"), index=True)


class Claim(Base):
    """A span of a document in which someone asserts something."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("document_id", "key"),
        CheckConstraint(_one_of("kind", CLAIM_KINDS), name="kind"),
        CheckConstraint("span_start >= 0 AND span_end > span_start", name="span"),
    )

    id: Mapped[IntPK]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    key: Mapped[Key] = mapped_column(index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    statement: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    direct_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    cue: Mapped[str | None] = mapped_column(Text)
    made_on: Mapped[dt.date | None] = mapped_column(Date)
    originator_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    # normalised words of quote + statement (provenance.store.search); indexed by FTS5 / GIN
    search_text: Mapped[str | None] = mapped_column(Text)


class Relay(Base):
    """One hop of a relay chain: ``position`` 1 is the actor nearest the originator."""

    __tablename__ = "relays"
    __table_args__ = (
        UniqueConstraint("claim_id", "chain_no", "position"),
        CheckConstraint("chain_no >= 1 AND position >= 1", name="order"),
        Index("ix_relays_actor_claim", "actor_id", "claim_id"),
    )

    id: Mapped[IntPK]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    chain_no: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="RESTRICT"))
    cue: Mapped[str | None] = mapped_column(Text)


class ClaimRelation(Base):
    """A typed link between two claims, possibly in different documents."""

    __tablename__ = "claim_relations"
    __table_args__ = (
        UniqueConstraint("from_claim_id", "type", "to_claim_id"),
        CheckConstraint(_one_of("type", RELATION_TYPES), name="type"),
        CheckConstraint("from_claim_id <> to_claim_id", name="not_self"),
    )

    id: Mapped[IntPK]
    from_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(32))
    to_claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    # the document whose annotation declared it: re-importing that file replaces it
    declared_in_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
