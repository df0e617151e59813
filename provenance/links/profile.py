"""What the links code knows about a claim: its words, numbers, names, hedging and hands.

Words come from ``claims.search_text`` (the tokens both full-text indexes hold), so a
candidate found by the index is compared on the very tokens that found it. Numbers and
capitalised names (places, mostly) are read from the quote as printed, because the
tokens have lost their capitals.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from provenance.queries.claims import chains_of
from provenance.store import tables as schema
from provenance.store.search import tokens

# Function words of French and English, as the search normaliser spells them: they carry
# no content, and an index query on them would match the whole corpus.
_FUNCTION_WORDS = """
a au aux avec ce ces cette d dans de des du elle en est et il ils je la le les leur lui
ma mai mon ne nou on ou par pour qu que qui sa se ses son sur ta te toi ton tu un une vou
y ont ete etre avait avoir fait plus moins tres deja desormai encore selon apres d'apres
the of and or to in on at by for with from is are was were be been has have had that this
it its as an which who whom said says according
"""
STOP = frozenset(t for w in _FUNCTION_WORDS.split() for t in tokens(w))
# Conditional and reporting hedges (the French "aurait" of unconfirmed news, "reportedly"):
# a change of hedging is news in a story, but not a difference of content.
_HEDGES = """
aurait auraient serait seraient pourrait pourraient presume presumee presumes
apparemment vraisemblablement reportedly allegedly alleged apparently purportedly
"""
HEDGES = frozenset(t for w in _HEDGES.split() for t in tokens(w))
_NEGATIONS = """
aucun aucune pas jamais nullement dement dementi nie nient faux not no never deny denies
denied false
"""
NEGATIONS = frozenset(t for w in _NEGATIONS.split() for t in tokens(w))

#: How much a shared token says: a number (a toll, a count of trucks) or a capitalised
#: name (a place) far more than a common word (scoring.py explains the score).
NUMBER_WEIGHT = 3.0
PLACE_WEIGHT = 2.0
WORD_WEIGHT = 1.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_CAPITALISED = re.compile(r"(?<![\w'’])([A-ZÀ-ÖØ-Þ][\w’'-]*)")


@dataclass
class Profile:
    """One claim as the links code compares it."""

    id: int
    key: str
    document: str
    document_id: int
    quote: str
    kind: str
    date: dt.date | None
    publisher: str | None
    publisher_name: str | None
    originator: str
    originator_name: str
    originator_kind: str
    originator_affiliation: str | None
    chains: list[list[str]] = field(default_factory=list)
    chain_names: list[list[str]] = field(default_factory=list)
    words: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    surface: dict[str, str] = field(default_factory=dict)
    hedged: bool = False
    negated: bool = False

    @property
    def ref(self) -> str:
        return f"{self.document}/{self.key}"

    @cached_property
    def hands(self) -> frozenset[str]:
        """The originator and every relaying actor (the publisher is not a source).

        Cached, as ``weights``: a profile is compared with dozens of candidates, and is
        complete (chains and features filled) before the first comparison.
        """
        return frozenset([self.originator, *(a for chain in self.chains for a in chain)])

    def content(self) -> frozenset[str]:
        return self.words | self.numbers | self.places

    def weight(self, token: str) -> float:
        if token in self.numbers:
            return NUMBER_WEIGHT
        if token in self.places:
            return PLACE_WEIGHT
        return WORD_WEIGHT

    @cached_property
    def weights(self) -> dict[str, float]:
        """Each content token's weight."""
        return {t: self.weight(t) for t in self.content()}

    @cached_property
    def weight_total(self) -> float:
        return sum(self.weights.values())


def _features(profile: Profile, search_text: str | None) -> None:
    raw = [t.rstrip("*") for t in (search_text or "").split()]
    numbers = {n.replace(",", ".") for n in _NUMBER.findall(profile.quote)}
    places: set[str] = set()
    # the first word of a quote is capitalised by grammar, not because it is a name
    for match in _CAPITALISED.finditer(profile.quote):
        if match.start() == 0:
            continue
        places.update(t for t in tokens(match.group(1)) if t not in STOP)
    surface: dict[str, str] = {}
    for word in re.findall(r"[\w’'-]+", profile.quote):
        for t in tokens(word):
            surface.setdefault(t, word.strip("’'-"))
    number_tokens = {t for t in raw if t.isdigit()}
    profile.numbers = frozenset(numbers | number_tokens)
    profile.places = frozenset(places)
    profile.words = frozenset(
        t
        for t in raw
        if t not in STOP
        and t not in HEDGES
        and t not in NEGATIONS
        and t not in places
        and not t.isdigit()
        and len(t) > 1
    )
    profile.surface = surface
    profile.hedged = any(t in HEDGES for t in raw)
    profile.negated = profile.kind == "denial" or any(t in NEGATIONS for t in raw)


def load_profiles(conn: Connection, claim_ids: Iterable[int]) -> dict[int, Profile]:
    """Profiles of these claims, in a few batched queries."""
    ids = sorted(set(claim_ids))
    out: dict[int, Profile] = {}
    for start in range(0, len(ids), 500):
        out.update(_load_batch(conn, ids[start : start + 500]))
    return out


def _load_batch(conn: Connection, ids: Sequence[int]) -> dict[int, Profile]:
    pub = schema.actors.alias("pub")
    org = schema.actors.alias("org")
    aff = schema.actors.alias("aff")
    claim, document = schema.claims, schema.documents
    q = (
        select(
            *schema.columns_of(claim, "id", "key", "quote", "kind", "made_on", "search_text"),
            document.c.key.label("document"),
            document.c.id.label("document_id"),
            document.c.published,
            *schema.role_columns(pub, "publisher", "name"),
            *schema.role_columns(org, "originator", "name", "kind"),
            aff.c.key.label("affiliation"),
        )
        .join(document, document.c.id == claim.c.document_id)
        .outerjoin(pub, pub.c.id == document.c.publisher_id)
        .join(org, org.c.id == claim.c.originator_id)
        .outerjoin(aff, aff.c.id == org.c.affiliation_id)
        .where(claim.c.id.in_(list(ids)))
    )
    chains = chains_of(conn, ids)
    out: dict[int, Profile] = {}
    for row in conn.execute(q).mappings():
        profile = _profile(row)
        for chain in chains.get(row["id"], []):
            profile.chains.append([h["key"] for h in chain])
            profile.chain_names.append([h["name"] for h in chain])
        _features(profile, row["search_text"])
        out[profile.id] = profile
    return out


def _profile(row: Any) -> Profile:
    return Profile(
        **{name: row[name] for name in _SAME_NAMED},
        date=row["made_on"] or row["published"],
        originator_affiliation=row["affiliation"],
    )


#: the profile fields the query selects under the field's own name
_SAME_NAMED: tuple[str, ...] = ("id", "key", "document", "document_id", "quote", "kind")
_SAME_NAMED += ("publisher", "publisher_name", "originator", "originator_name", "originator_kind")
