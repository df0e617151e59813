"""What the database already holds, as far as the checks need to know: a read-only view.

The checks ask through :class:`StoredData`, so ``validate`` runs the same checks against a
database (:class:`DatabaseReader`) or against none at all (:class:`NoDatabase`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from provenance.ingest.format import ACTOR_FIELDS
from provenance.store import tables as schema

CHUNK = 500
HINT_KEYS = 50_000


@dataclass(frozen=True)
class StoredRelation:
    """A stored relation touching a document's claims, declared by another annotation."""

    from_doc: str
    from_key: str
    type: str
    to_doc: str
    to_key: str
    declared_in: str  # the key of a document, or of a relation set if ``in_set``
    in_set: bool = False
    #: a review (by this fact-checker) of the ``to`` claim rather than a relation: it goes
    #: with that claim by the same cascade and obeys the same rule
    review_by: str | None = None

    @property
    def declarer(self) -> str:
        return f"relation set {self.declared_in}" if self.in_set else self.declared_in

    @property
    def noun(self) -> str:
        return "review" if self.review_by is not None else "relation"

    def __str__(self) -> str:
        if self.review_by is not None:
            return f"by {self.review_by} of {self.to_doc}/{self.to_key}"
        return f"{self.from_doc}/{self.from_key} {self.type} {self.to_doc}/{self.to_key}"


@dataclass(frozen=True)
class StoredDocument:
    """What a stored document holds, as far as telling whether ClaimReview markup made it."""

    url: str | None
    text: str
    quotes: list[str]  # its claims' quotes, in the order of the text
    relay_hops: int
    relations: int  # declared in its annotation
    unreviewed_claims: int  # claims without a review its annotation declares


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Slices small enough for one ``IN (...)`` or one executemany."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


class StoredData(Protocol):
    """Actors, documents and claims imported by earlier runs."""

    def actors(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def actor_keys(self) -> list[str]: ...

    def actor_by_alias(self, folded: str) -> str | None: ...

    def claim_exists(self, document: str, key: str) -> bool: ...

    def claim_keys_of(self, document: str) -> list[str]: ...

    def document_exists(self, document: str) -> bool: ...

    def relations_declared_elsewhere(
        self, documents: Sequence[str]
    ) -> dict[str, list[StoredRelation]]: ...
    def relations_only_in_set(self, key: str) -> list[StoredRelation]: ...

    def document_contents(self, key: str) -> StoredDocument | None: ...

    def all_actor_keys(self) -> Iterable[str]: ...


class NoDatabase:
    """No database yet: nothing was imported before, so every lookup finds nothing."""

    def actors(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {}

    def actor_keys(self) -> list[str]:
        return []

    def actor_by_alias(self, folded: str) -> str | None:
        return None

    def claim_exists(self, document: str, key: str) -> bool:
        return False

    def claim_keys_of(self, document: str) -> list[str]:
        return []

    def document_exists(self, document: str) -> bool:
        return False

    def relations_declared_elsewhere(
        self, documents: Sequence[str]
    ) -> dict[str, list[StoredRelation]]:
        return {}

    def relations_only_in_set(self, key: str) -> list[StoredRelation]:
        return []

    def document_contents(self, key: str) -> StoredDocument | None:
        return None

    def all_actor_keys(self) -> Iterable[str]:
        return ()


class DatabaseReader:
    """:class:`StoredData` answered by queries on an open connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def actors(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        aff = schema.actors.alias("aff")
        a = schema.actors
        for chunk in chunks(sorted(set(keys))):
            columns = [aff.c.key.label(f) if f == "affiliation" else a.c[f] for f in ACTOR_FIELDS]
            rows = self.conn.execute(
                select(a.c.key, *columns)
                .select_from(a.outerjoin(aff, aff.c.id == a.c.affiliation_id))
                .where(a.c.key.in_(chunk))
            )
            for row in rows.mappings():
                found[row["key"]] = dict(row)
        return found

    def actor_keys(self) -> list[str]:
        """The stored actor keys for the hints' index (built once a run), up to a bound that
        keeps the index's memory modest."""
        rows = self.conn.execute(
            select(schema.actors.c.key).order_by(schema.actors.c.key).limit(HINT_KEYS)
        )
        return [r[0] for r in rows]

    def actor_by_alias(self, folded: str) -> str | None:
        alias = self.conn.execute(
            select(schema.actors.c.key)
            .join(schema.actor_aliases, schema.actor_aliases.c.actor_id == schema.actors.c.id)
            .where(schema.actor_aliases.c.alias_folded == folded)
            .order_by(schema.actors.c.key)
        ).first()
        return str(alias[0]) if alias else None

    def claim_exists(self, document: str, key: str) -> bool:
        row = self.conn.execute(
            select(schema.claims.c.id)
            .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
            .where(schema.documents.c.key == document, schema.claims.c.key == key)
        ).first()
        return row is not None

    def claim_keys_of(self, document: str) -> list[str]:
        rows = self.conn.execute(
            select(schema.claims.c.key)
            .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
            .where(schema.documents.c.key == document)
        )
        return [r[0] for r in rows]

    def document_exists(self, document: str) -> bool:
        found = self.conn.execute(
            select(schema.documents.c.id).where(schema.documents.c.key == document)
        ).first()
        return found is not None

    def all_actor_keys(self) -> Iterable[str]:
        """Every stored actor key, streamed (the look-alike check reads each once)."""
        return self.conn.execute(
            select(schema.actors.c.key).execution_options(yield_per=CHUNK)
        ).scalars()

    def document_contents(self, key: str) -> StoredDocument | None:
        """The stored document ``key`` in outline, or None; asked only when an annotation made
        from ClaimReview markup has the key of a stored document."""
        d, c = schema.documents, schema.claims
        doc = self.conn.execute(select(d.c.id, d.c.url, d.c.text).where(d.c.key == key)).first()
        if doc is None:
            return None
        ident = doc[0]
        claims = select(c.c.id).where(c.c.document_id == ident).scalar_subquery()
        quotes = self.conn.execute(
            select(c.c.quote).where(c.c.document_id == ident).order_by(c.c.span_start)
        ).scalars()
        hops = select(func.count()).where(schema.relays.c.claim_id.in_(claims))
        rel = schema.claim_relations
        relations = select(func.count()).where(rel.c.declared_in_id == ident)
        rv = schema.claim_reviews
        reviewed = select(rv.c.claim_id).where(rv.c.declared_in_id == ident)
        unreviewed = select(func.count()).where(c.c.document_id == ident, c.c.id.not_in(reviewed))
        return StoredDocument(
            doc[1],
            doc[2],
            list(quotes),
            self.conn.execute(hops).scalar_one(),
            self.conn.execute(relations).scalar_one(),
            self.conn.execute(unreviewed).scalar_one(),
        )

    def relations_only_in_set(self, key: str) -> list[StoredRelation]:
        """The relations the relation set ``key`` alone declares (no co-declarer would take
        them over): replacing the set with a file that lacks them deletes them."""
        r, rs, co = schema.claim_relations, schema.relation_sets, schema.relation_co_declarers
        fc, tc = schema.claims.alias("fc"), schema.claims.alias("tc")
        fd, td = schema.documents.alias("fd"), schema.documents.alias("td")
        rows = self.conn.execute(
            select(fd.c.key, fc.c.key, r.c.type, td.c.key, tc.c.key)
            .select_from(
                r.join(rs, rs.c.id == r.c.declared_in_set_id)
                .join(fc, fc.c.id == r.c.from_claim_id)
                .join(fd, fd.c.id == fc.c.document_id)
                .join(tc, tc.c.id == r.c.to_claim_id)
                .join(td, td.c.id == tc.c.document_id)
            )
            .where(rs.c.key == key, ~select(co.c.id).where(co.c.relation_id == r.c.id).exists())
            .order_by(r.c.id)
        ).all()
        return [StoredRelation(*row[:5], declared_in=key, in_set=True) for row in rows]

    def relations_declared_elsewhere(
        self, documents: Sequence[str]
    ) -> dict[str, list[StoredRelation]]:
        """Relations from or to a claim of each of ``documents`` that another annotation
        declared: re-importing the document does not rewrite them, they depend on its claims."""
        found: dict[str, list[StoredRelation]] = {}
        for chunk in chunks(sorted(set(documents))):
            for relation in _declared_elsewhere(self.conn, chunk):
                for side in {relation.from_doc, relation.to_doc} & set(chunk):
                    if relation.in_set or side != relation.declared_in:
                        found.setdefault(side, []).append(relation)
        return found


def _declared_elsewhere(conn: Connection, documents: Sequence[str]) -> list[StoredRelation]:
    r = schema.claim_relations
    fc, tc = schema.claims.alias("fc"), schema.claims.alias("tc")
    fd, td = schema.documents.alias("fd"), schema.documents.alias("td")
    dd = schema.documents.alias("dd")
    rs = schema.relation_sets
    own = (
        select(schema.claims.c.id)
        .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
        .where(schema.documents.c.key.in_(list(documents)))
        .scalar_subquery()
    )
    co = schema.relation_co_declarers
    found: list[StoredRelation] = []
    # the relation's owner, then each co-declarer: every annotation that declares it
    ends = (
        r.join(fc, fc.c.id == r.c.from_claim_id)
        .join(fd, fd.c.id == fc.c.document_id)
        .join(tc, tc.c.id == r.c.to_claim_id)
        .join(td, td.c.id == tc.c.document_id)
    )
    for declarers, joined in ((r, ends), (co, ends.join(co, co.c.relation_id == r.c.id))):
        rows = conn.execute(
            select(
                fd.c.key,
                fc.c.key,
                r.c.type,
                td.c.key,
                tc.c.key,
                func.coalesce(dd.c.key, rs.c.key),
                rs.c.key.is_not(None),
            )
            .select_from(
                joined.outerjoin(dd, dd.c.id == declarers.c.declared_in_id).outerjoin(
                    rs, rs.c.id == declarers.c.declared_in_set_id
                )
            )
            .where(r.c.from_claim_id.in_(own) | r.c.to_claim_id.in_(own))
            .order_by(r.c.id, declarers.c.id)
        ).all()
        found += [
            StoredRelation(fdoc, fkey, rtype, tdoc, tkey, declarer, in_set=bool(in_set))
            for fdoc, fkey, rtype, tdoc, tkey, declarer, in_set in rows
        ]
    return found + _reviews_declared_elsewhere(conn, own)


def _reviews_declared_elsewhere(conn: Connection, own: Any) -> list[StoredRelation]:
    """Reviews of the documents' claims declared in another document's annotation."""
    rv, c, a = schema.claim_reviews, schema.claims, schema.actors
    cd, dd = schema.documents.alias("cd"), schema.documents.alias("dd")
    rows = conn.execute(
        select(dd.c.key, a.c.key, cd.c.key, c.c.key)
        .select_from(
            rv.join(c, c.c.id == rv.c.claim_id)
            .join(cd, cd.c.id == c.c.document_id)
            .join(dd, dd.c.id == rv.c.declared_in_id)
            .join(a, a.c.id == rv.c.author_id)
        )
        .where(rv.c.claim_id.in_(own), rv.c.declared_in_id != c.c.document_id)
        .order_by(rv.c.id)
    ).all()
    return [
        StoredRelation(declarer, "", "reviews", doc, key, declarer, review_by=author)
        for declarer, author, doc, key in rows
    ]
