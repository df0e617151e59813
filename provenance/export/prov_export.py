"""The database as a W3C PROV document (PROV-JSON, PROV-N or Turtle), with the ``prov`` package.

The mapping, from the originator outward:

- every actor is a ``prov:Agent``: ``prov:Person`` for people and anonymous sources,
  ``prov:Organization`` for agencies, broadcasters, papers, websites, governments,
  armies, armed groups and NGOs, a plain agent otherwise; an affiliation is
  ``actedOnBehalfOf``;
- a claim is a series of entities, each ``wasAttributedTo`` the actor holding it: the
  originator's statement (``claim:DOC/KEY/origin``), one entity per relay hop
  (``claim:DOC/KEY/chainN/hopP``) and the claim as the document prints it
  (``claim:DOC/KEY``, attributed to the publisher). Each is linked to the one upstream
  with ``wasQuotedFrom`` when the claim is a direct quote, ``wasDerivedFrom`` otherwise;
  the printed claim ``hadPrimarySource`` the originator's statement;
- a document is an entity typed ``provenance:schema.documents`` and ``prov:Collection`` that
  ``hadMember`` each of its printed claims (a membership, rather than an attribute, so
  that generic PROV viewers draw it); its listed sources are ``wasInfluencedBy`` with
  ``prov:type provenance:listedSource``;
- PROV has no relation for one claim contradicting another, so every claim relation
  (contradicts, supports, repeats, retracts, updates) is ``wasInfluencedBy`` from the
  relating claim to the related one, typed ``provenance:contradicts`` and so on.

Identifiers live under ``https://provenance.invalid/``: ``.invalid`` is reserved never
to resolve (RFC 2606), so the names are stable without claiming anyone's domain.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from provenance.errors import ExportError
from provenance.queries.claims import claim_ids_query, iter_claims
from provenance.queries.filters import ClaimFilters
from provenance.queries.overview import relations_query
from provenance.store import tables as schema
from provenance.store.vocabulary import ACTOR_KINDS

if TYPE_CHECKING:
    from prov.model import ProvDocument

BASE = "https://provenance.invalid/"
VOCABULARY = ("provenance", BASE + "ns#")
ACTORS = ("actor", BASE + "actor/")
DOCUMENTS = ("document", BASE + "document/")
CLAIMS = ("claim", BASE + "claim/")

#: format name -> (prov serializer, its options)
FORMATS: dict[str, tuple[str, dict[str, Any]]] = {
    "json": ("json", {"indent": 2, "ensure_ascii": False}),
    "provn": ("provn", {}),
    "ttl": ("rdf", {"rdf_format": "turtle"}),
}
PERSON_KINDS = frozenset({"person", "anonymous_source"})
# "other" is neither: written as a plain prov:Agent
ORGANIZATION_KINDS = frozenset(ACTOR_KINDS) - PERSON_KINDS - {"other"}
INSTALL_PROV = "pip install 'provenance[prov]'"


@dataclass(frozen=True)
class ProvSummary:
    agents: int
    entities: int
    attributions: int


def write_prov(
    conn: Connection, out: TextIO, fmt: str = "json", filters: ClaimFilters | None = None
) -> ProvSummary:
    """Serialise the (filtered) database as PROV to ``out``; returns what it holds."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown PROV format '{fmt}' (one of {', '.join(FORMATS)})")
    serializer, options = FORMATS[fmt]
    if serializer == "rdf" and importlib.util.find_spec("rdflib") is None:
        raise ExportError(
            "Turtle output needs rdflib, which prov uses to write RDF: pip install rdflib"
        )
    document = build_document(conn, filters)
    text = document.serialize(format=serializer, **options)
    assert text is not None  # no destination: prov returns the text
    out.write(text if text.endswith("\n") else text + "\n")
    return summarise(document)


def summarise(document: ProvDocument) -> ProvSummary:
    from prov.model import ProvAgent, ProvAttribution, ProvEntity

    return ProvSummary(
        agents=len(list(document.get_records(ProvAgent))),
        entities=len(list(document.get_records(ProvEntity))),
        attributions=len(list(document.get_records(ProvAttribution))),
    )


def build_document(conn: Connection, filters: ClaimFilters | None = None) -> ProvDocument:
    """The PROV document: every claim that matches, with its documents and actors."""
    _require_prov()
    from prov.model import ProvDocument

    if filters is not None and filters == ClaimFilters():
        filters = None
    prov = ProvDocument()
    builder = _Builder(prov)
    documents = _documents(conn)
    used_documents: set[str] = set()
    for claim in iter_claims(conn, filters or ClaimFilters()):
        publisher = documents[claim["document"]]["publisher"]
        builder.claim(claim, publisher)
        used_documents.add(claim["document"])
    for key, row in documents.items():
        if filters is None or key in used_documents:
            builder.document(row)
    for relation in _relations(conn, filters):
        builder.relation(*relation)
    for actor in _actors(conn, None if filters is None else builder.actors):
        builder.agent(actor)
    return prov


def _require_prov() -> None:
    if importlib.util.find_spec("prov") is None:
        raise ExportError(f"the PROV export needs the prov package: {INSTALL_PROV}")


class _Builder:
    """Adds records to one PROV document, remembering which actors it mentioned."""

    def __init__(self, document: ProvDocument) -> None:
        from prov.model import PROV, PROV_LABEL, PROV_LOCATION, PROV_TYPE, PROV_VALUE

        self.doc = document
        self.vocab = document.add_namespace(*VOCABULARY)
        self.actor_ns = document.add_namespace(*ACTORS)
        self.document_ns = document.add_namespace(*DOCUMENTS)
        self.claim_ns = document.add_namespace(*CLAIMS)
        self.prov = PROV
        self.TYPE, self.LABEL, self.VALUE, self.LOCATION = (
            PROV_TYPE,
            PROV_LABEL,
            PROV_VALUE,
            PROV_LOCATION,
        )
        self.actors: set[str] = set()

    def _actor(self, key: str) -> Any:
        self.actors.add(key)
        return self.actor_ns[key]

    def _attrs(self, pairs: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        return [(name, value) for name, value in pairs if value is not None]

    def claim(self, claim: dict[str, Any], publisher: str | None) -> None:
        v, doc = self.vocab, self.doc
        base = f"{claim['document']}/{claim['key']}"
        link = doc.wasQuotedFrom if claim["direct_quote"] else doc.wasDerivedFrom
        origin = doc.entity(
            self.claim_ns[f"{base}/origin"],
            self._attrs(
                [
                    (self.TYPE, v["Statement"]),
                    (v["statement"], claim["statement"]),
                    (v["kind"], claim["kind"]),
                    (v["date"], _date(claim["date"])),
                ]
            ),
        )
        doc.wasAttributedTo(origin, self._actor(claim["originator"]["key"]))
        tails = []
        for chain_no, chain in enumerate(claim["chains"], start=1):
            upstream = origin
            for position, hop in enumerate(chain, start=1):
                relayed = doc.entity(
                    self.claim_ns[f"{base}/chain{chain_no}/hop{position}"],
                    self._attrs(
                        [
                            (self.TYPE, v["Relay"]),
                            (v["chain"], chain_no),
                            (v["position"], position),
                            (v["cue"], hop["cue"]),
                        ]
                    ),
                )
                doc.wasAttributedTo(relayed, self._actor(hop["key"]))
                link(relayed, upstream)
                upstream = relayed
            tails.append(upstream)
        printed = doc.entity(
            self.claim_ns[base],
            self._attrs(
                [
                    (self.TYPE, v["Claim"]),
                    (self.LABEL, claim["key"]),
                    (self.VALUE, claim["quote"]),
                    (v["kind"], claim["kind"]),
                    (v["cue"], claim["cue"]),
                    (v["start"], claim["start"]),
                    (v["end"], claim["end"]),
                    (v["directQuote"], bool(claim["direct_quote"])),
                ]
            ),
        )
        if publisher:
            doc.wasAttributedTo(printed, self._actor(publisher))
        for tail in tails or [origin]:
            link(printed, tail)
        doc.hadPrimarySource(printed, origin)
        doc.hadMember(self.document_ns[claim["document"]], printed)

    def document(self, row: dict[str, Any]) -> None:
        from prov.identifier import Identifier

        v, doc = self.vocab, self.doc
        entity = doc.entity(
            self.document_ns[row["key"]],
            self._attrs(
                [
                    (self.TYPE, v["Document"]),
                    (self.TYPE, self.prov["Collection"]),
                    (self.LABEL, row["title"]),
                    (self.LOCATION, Identifier(row["url"]) if row["url"] else None),
                    (v["published"], _date(row["published"])),
                    (v["language"], row["language"]),
                    (v["textSha256"], row["text_sha256"]),
                ]
            ),
        )
        if row["publisher"]:
            doc.wasAttributedTo(entity, self._actor(row["publisher"]))
        for source in row["listed_sources"]:
            doc.wasInfluencedBy(
                entity, self._actor(source), other_attributes=[(self.TYPE, v["listedSource"])]
            )

    def relation(
        self, from_doc: str, from_key: str, rtype: str, to_doc: str, to_key: str, note: str | None
    ) -> None:
        self.doc.wasInfluencedBy(
            self.claim_ns[f"{from_doc}/{from_key}"],
            self.claim_ns[f"{to_doc}/{to_key}"],
            other_attributes=self._attrs(
                [(self.TYPE, self.vocab[rtype]), (self.vocab["note"], note)]
            ),
        )

    def agent(self, row: dict[str, Any]) -> None:
        v = self.vocab
        kind = row["kind"]
        subtype = (
            self.prov["Person"]
            if kind in PERSON_KINDS
            else self.prov["Organization"]
            if kind in ORGANIZATION_KINDS
            else None
        )
        agent = self.doc.agent(
            self.actor_ns[row["key"]],
            self._attrs(
                [
                    (self.TYPE, subtype),
                    (self.LABEL, row["name"]),
                    (v["kind"], kind),
                    (v["country"], row["country"]),
                    (v["stateAffiliated"], row["state_affiliated"]),
                    (v["role"], row["role"]),
                    (v["description"], row["description"]),
                    *((v["alias"], alias) for alias in row["aliases"]),
                ]
            ),
        )
        if row["affiliation"]:
            self.doc.actedOnBehalfOf(agent, self.actor_ns[row["affiliation"]])


def _date(value: str | dt.date | None) -> Any:
    """An ``xsd:date`` literal (prov would encode a Python date differently by version)."""
    from prov.model import XSD_DATE, Literal

    if not value:
        return None
    text = value if isinstance(value, str) else value.isoformat()
    return Literal(text, XSD_DATE)


# -- reads ------------------------------------------------------------------------


def _documents(conn: Connection) -> dict[str, dict[str, Any]]:
    """Every document (there are far fewer documents than claims), keyed by key."""
    publisher = schema.actors.alias("publisher")
    out: dict[str, dict[str, Any]] = {}
    by_id: dict[int, dict[str, Any]] = {}
    rows = conn.execute(
        select(
            *schema.columns_of(
                schema.documents,
                "id",
                "key",
                "title",
                "url",
                "published",
                "language",
                "text_sha256",
            ),
            publisher.c.key.label("publisher"),
        )
        .outerjoin(publisher, publisher.c.id == schema.documents.c.publisher_id)
        .order_by(schema.documents.c.id)
    ).mappings()
    for row in rows:
        record = {**row, "listed_sources": []}
        out[row["key"]] = by_id[row["id"]] = record
    for doc_id, key in conn.execute(
        select(schema.document_sources.c.document_id, schema.actors.c.key)
        .join(schema.actors, schema.actors.c.id == schema.document_sources.c.actor_id)
        .order_by(schema.document_sources.c.document_id, schema.document_sources.c.position)
    ):
        by_id[doc_id]["listed_sources"].append(key)
    return out


def _relations(
    conn: Connection, filters: ClaimFilters | None
) -> Iterable[tuple[str, str, str, str, str, str | None]]:
    """Relations touching an exported claim (the other end may be outside the export:
    PROV records may name entities described elsewhere, here by their stable IRI)."""
    q = relations_query()
    c = q.selected_columns
    query = q.with_only_columns(
        c.from_document, c.from_claim, c.type, c.to_document, c.to_claim, c.note
    ).order_by(c.from_claim_id, c.relation_id)
    if filters is not None:
        ids = claim_ids_query(conn, filters)
        query = query.where(or_(c.from_claim_id.in_(ids), c.to_claim_id.in_(ids)))
    for row in conn.execute(query):
        yield (row[0], row[1], row[2], row[3], row[4], row[5])


def _actors(conn: Connection, wanted: set[str] | None) -> list[dict[str, Any]]:
    """Every actor, or those ``wanted`` and whoever they act on behalf of."""
    a = schema.actors
    aff = a.alias("aff")
    rows = [
        dict(row)
        for row in conn.execute(
            select(
                a.c.id,
                a.c.key,
                a.c.name,
                a.c.kind,
                a.c.country,
                a.c.state_affiliated,
                a.c.role,
                a.c.description,
                aff.c.key.label("affiliation"),
            )
            .select_from(a.outerjoin(aff, aff.c.id == a.c.affiliation_id))
            .order_by(a.c.id)
        ).mappings()
    ]
    if wanted is not None:
        affiliation = {row["key"]: row["affiliation"] for row in rows}
        keep: set[str] = set()
        for start in wanted:
            key: str | None = start
            while key is not None and key not in keep:
                keep.add(key)
                key = affiliation.get(key)
        rows = [row for row in rows if row["key"] in keep]
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in conn.execute(
        select(schema.actor_aliases.c.actor_id, schema.actor_aliases.c.alias).order_by(
            schema.actor_aliases.c.actor_id, schema.actor_aliases.c.id
        )
    ):
        aliases.setdefault(actor_id, []).append(alias)
    for row in rows:
        row["aliases"] = [x for x in aliases.get(row["id"], []) if x != row["name"]]
    return rows
