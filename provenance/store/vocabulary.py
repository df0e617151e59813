"""The fixed words of the data model: kinds of actor and claim, types of relation, tables.

Spelled once, importing nothing heavy, so that the command line lists them as choices
without loading SQLAlchemy, the schema checks them and the v1 format validates them.
"""

from __future__ import annotations

from enum import StrEnum


class ActorKind(StrEnum):
    person = "person"
    news_agency = "news_agency"
    broadcaster = "broadcaster"
    newspaper = "newspaper"
    website = "website"
    government_body = "government_body"
    military = "military"
    armed_group = "armed_group"
    ngo = "ngo"
    anonymous_source = "anonymous_source"
    other = "other"


class ClaimKind(StrEnum):
    assertion = "assertion"
    accusation = "accusation"
    denial = "denial"
    prediction = "prediction"
    observation = "observation"
    retraction = "retraction"
    attribution = "attribution"
    other = "other"


class RelationType(StrEnum):
    contradicts = "contradicts"
    supports = "supports"
    repeats = "repeats"
    retracts = "retracts"
    updates = "updates"


class Table(StrEnum):
    """The tables ``export csv`` writes (and the listings that share their columns)."""

    claims = "claims"
    relays = "relays"
    actors = "actors"
    relations = "relations"
    documents = "documents"
    reviews = "reviews"


ACTOR_KINDS = tuple(k.value for k in ActorKind)
CLAIM_KINDS = tuple(k.value for k in ClaimKind)
RELATION_TYPES = tuple(t.value for t in RelationType)
TABLES = tuple(t.value for t in Table)
