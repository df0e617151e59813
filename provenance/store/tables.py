"""The relational schema as SQLAlchemy Core tables: documents, actors, claims, relay hops,
claim relations and fact-checkers' reviews of claims.

Every read and every write uses these tables alone (``claims.c.id``): the project maps
no ORM classes onto them, so no command pays for importing the ORM (about a quarter of a
second) and the columns are written here once. Enumerations are strings guarded by CHECK
constraints rather than native enum types, so that adding a kind is a one-line migration
on both SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from provenance.store.vocabulary import ACTOR_KINDS, CLAIM_KINDS, RELATION_TYPES

if TYPE_CHECKING:
    from sqlalchemy.sql import ColumnElement, FromClause

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY_LENGTH = 200
#: The longest alias (an actor's name is stored as one of its aliases too).
ALIAS_LENGTH = 500
#: The longest language tag (BCP 47 advises supporting 35 characters).
LANGUAGE_LENGTH = 35

metadata = MetaData(naming_convention=NAMING_CONVENTION)

ONE_DECLARER = "(declared_in_id IS NULL) <> (declared_in_set_id IS NULL)"


def columns_of(table: FromClause, *names: str) -> list[ColumnElement[Any]]:
    """Columns by name, so that a select list reads as the names it takes."""
    return [table.c[name] for name in names]


def role_columns(actor: FromClause, role: str, *fields: str) -> list[ColumnElement[Any]]:
    """An actor joined in a role, named as the rows name it: its key under the role's name,
    each other field as ``role_field`` (``publisher``, ``publisher_name``)."""
    return [actor.c.key.label(role), *(actor.c[f].label(f"{role}_{f}") for f in fields)]


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _key(*, unique: bool = False, index: bool = False) -> Column[str]:
    return Column("key", String(KEY_LENGTH), nullable=False, unique=unique, index=index)


def _ref(
    name: str,
    target: str,
    ondelete: str,
    *,
    nullable: bool = True,
    index: bool = False,
    primary_key: bool = False,
) -> Column[int]:
    return Column(
        name,
        ForeignKey(f"{target}.id", ondelete=ondelete),
        nullable=nullable and not primary_key,
        index=index,
        primary_key=primary_key,
    )


def _imported_file() -> list[Column[object]]:
    """What documents and relation sets record of the annotation file they came from."""
    return [
        # hash of the whole validated annotation: re-importing an identical file is a no-op
        Column("content_sha256", String(64), nullable=False),
        Column("source_path", Text),
        Column("imported_at", DateTime, nullable=False, server_default=func.now()),
    ]


#: Anyone who says or passes on a claim; shared by every document.
actors = Table(
    "actors",
    metadata,
    _id(),
    _key(unique=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", String(2)),
    Column("state_affiliated", Boolean),
    _ref("affiliation_id", "actors", "SET NULL", index=True),
    Column("role", Text),
    Column("description", Text),
    CheckConstraint(_one_of("kind", ACTOR_KINDS), name="kind"),
)

#: Another spelling of an actor's name (Konachinkov / Konashenkov, OSDH / SOHR).
actor_aliases = Table(
    "actor_aliases",
    metadata,
    _id(),
    _ref("actor_id", "actors", "CASCADE", nullable=False),
    Column("alias", String(ALIAS_LENGTH), nullable=False),
    # casefolded copy so that look-ups by alias are an index probe on both backends
    Column("alias_folded", String(ALIAS_LENGTH), nullable=False, index=True),
    UniqueConstraint("actor_id", "alias"),
)

#: One published article, its text kept verbatim so spans can be checked forever.
documents = Table(
    "documents",
    metadata,
    _id(),
    _key(unique=True),
    Column("title", Text),
    _ref("publisher_id", "actors", "RESTRICT", index=True),
    Column("published", Date),
    Column("language", String(LANGUAGE_LENGTH)),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("text_sha256", String(64), nullable=False),
    *_imported_file(),
)

#: A source the document itself lists ("Sources: Press TV, AFP, ...").
document_sources = Table(
    "document_sources",
    metadata,
    _ref("document_id", "documents", "CASCADE", primary_key=True),
    Column("position", Integer, primary_key=True),
    _ref("actor_id", "actors", "RESTRICT", nullable=False, index=True),
)

#: A span of a document in which someone asserts something.
claims = Table(
    "claims",
    metadata,
    _id(),
    _ref("document_id", "documents", "CASCADE", nullable=False),
    _key(index=True),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("statement", Text),
    Column("kind", String(32), nullable=False),
    Column("direct_quote", Boolean, nullable=False, default=False),
    Column("cue", Text),
    Column("made_on", Date),
    _ref("originator_id", "actors", "RESTRICT", nullable=False, index=True),
    # normalised words of quote + statement (provenance.store.search); indexed by FTS5 / GIN
    Column("search_text", Text),
    UniqueConstraint("document_id", "key"),
    CheckConstraint(_one_of("kind", CLAIM_KINDS), name="kind"),
    CheckConstraint("span_start >= 0 AND span_end > span_start", name="span"),
)

#: One hop of a relay chain: ``position`` 1 is the actor nearest the originator.
relays = Table(
    "relays",
    metadata,
    _id(),
    _ref("claim_id", "claims", "CASCADE", nullable=False),
    Column("chain_no", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    _ref("actor_id", "actors", "RESTRICT", nullable=False),
    Column("cue", Text),
    UniqueConstraint("claim_id", "chain_no", "position"),
    CheckConstraint("chain_no >= 1 AND position >= 1", name="order"),
    Index("ix_relays_actor_claim", "actor_id", "claim_id"),
)

#: A relations-only annotation file (``relations:`` and no ``document:``, as ``links
#: --format yaml`` writes): the relations it declares belong to it, not to a document.
relation_sets = Table(
    "relation_sets",
    metadata,
    _id(),
    _key(unique=True),
    *_imported_file(),
)

#: A typed link between two claims, possibly in different documents.
claim_relations = Table(
    "claim_relations",
    metadata,
    _id(),
    _ref("from_claim_id", "claims", "CASCADE", nullable=False),
    Column("type", String(32), nullable=False),
    _ref("to_claim_id", "claims", "CASCADE", nullable=False),
    # the annotation that declared it, a document or a relation set (exactly one):
    # re-importing that file replaces it
    _ref("declared_in_id", "documents", "CASCADE", index=True),
    _ref("declared_in_set_id", "relation_sets", "CASCADE", index=True),
    Column("note", Text),
    UniqueConstraint("from_claim_id", "type", "to_claim_id"),
    CheckConstraint(_one_of("type", RELATION_TYPES), name="type"),
    CheckConstraint("from_claim_id <> to_claim_id", name="not_self"),
    CheckConstraint(ONE_DECLARER, name="one_declarer"),
    # "what contradicts X": the mirror of the unique (from_claim_id, type, to_claim_id)
    Index("ix_claim_relations_to_claim_id", "to_claim_id", "type"),
)

#: Every other annotation declaring a relation that one annotation owns (the declarer in
#: ``claim_relations``), with its own note. When the owner is re-imported without the
#: relation, the first of these takes it over: a relation goes only when no stored
#: annotation declares it any more.
relation_co_declarers = Table(
    "relation_co_declarers",
    metadata,
    _id(),
    _ref("relation_id", "claim_relations", "CASCADE", nullable=False, index=True),
    _ref("declared_in_id", "documents", "CASCADE", index=True),
    _ref("declared_in_set_id", "relation_sets", "CASCADE", index=True),
    Column("note", Text),
    CheckConstraint(ONE_DECLARER, name="one_declarer"),
)

#: A fact-checker's verdict on a claim (schema.org ClaimReview): a text rating, a number
#: on the checker's own scale, or both.
claim_reviews = Table(
    "claim_reviews",
    metadata,
    _id(),
    _ref("claim_id", "claims", "CASCADE", nullable=False, index=True),
    _ref("author_id", "actors", "RESTRICT", nullable=False, index=True),
    # the document whose annotation declared it: re-importing that file replaces it
    _ref("declared_in_id", "documents", "CASCADE", nullable=False, index=True),
    Column("rating", Text),
    Column("rating_value", Integer),
    Column("best", Integer),
    Column("worst", Integer),
    Column("url", Text),
    Column("reviewed_on", Date),
    UniqueConstraint("declared_in_id", "claim_id", "author_id"),
    CheckConstraint("rating IS NOT NULL OR rating_value IS NOT NULL", name="rated"),
    CheckConstraint(
        "(best IS NULL OR worst IS NULL OR worst < best) "
        "AND (rating_value IS NULL OR best IS NULL OR rating_value <= best) "
        "AND (rating_value IS NULL OR worst IS NULL OR rating_value >= worst)",
        name="scale",
    ),
)
