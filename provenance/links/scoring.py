"""How alike two claims of different documents are, what kind of link that suggests, and why.

The score is computed here, in Python, from the two profiles alone, so SQLite and
PostgreSQL (whose index rankings, bm25 and ts_rank, differ in scale) give the same
numbers: the index only proposes the candidates.

Weights: a shared number (a toll, a count of trucks) or a shared capitalised name (a
place) says far more than a shared common word, so they weigh 3 and 2 against 1. Content
makes 60 % of the score; the same originator 15 %, overlapping hands (originator and
relays) 10 %, and closeness in time 15 % (same day 1, halving with each day apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provenance.links.profile import Profile

#: Below this content overlap two claims are not about the same thing, whatever else.
MIN_CONTENT = 0.3


@dataclass(frozen=True)
class Link:
    """A suggested relation, ``source`` (later, or the denial) to ``target``."""

    source: Profile
    target: Profile
    type: str
    score: float
    why: dict[str, Any]
    note: str | None

    def row(self) -> dict[str, Any]:
        return {
            "from": self.source.ref,
            "to": self.target.ref,
            "type": self.type,
            "score": self.score,
            "why": self.why,
            "note": self.note,
        }


def content_overlap(a: Profile, b: Profile) -> float:
    """Weighted Jaccard of the two claims' content tokens (numbers and places heavy).

    A token of one claim only weighs its own weight (a token a claim lacks weighs the
    least, 1), a shared one the larger of its two: so the union's weight is both totals
    less the smaller weight of each shared token, and only the (few) shared tokens are
    visited. The weights are small whole numbers, so every sum is exact, in any order.
    """
    wa, wb = a.weights, b.weights
    if not wa and not wb:
        return 0.0
    total = a.weight_total + b.weight_total
    shared = 0.0
    for t in wa.keys() & wb.keys():
        x, y = wa[t], wb[t]
        shared += max(x, y)
        total -= min(x, y)
    return shared / total


def _days_apart(a: Profile, b: Profile) -> int | None:
    if a.date is None or b.date is None:
        return None
    return abs((a.date - b.date).days)


def _later_first(a: Profile, b: Profile) -> tuple[Profile, Profile]:
    """(later, earlier); undated and same-day claims by document key, for a stable order."""
    key_a = (a.date.isoformat() if a.date else "", a.document, a.key)
    key_b = (b.date.isoformat() if b.date else "", b.document, b.key)
    return (a, b) if key_a > key_b else (b, a)


def classify(a: Profile, b: Profile) -> tuple[str, Profile, Profile]:
    """The relation type and its direction (from, to)."""
    if a.negated != b.negated:
        return ("contradicts", a, b) if a.negated else ("contradicts", b, a)
    later, earlier = _later_first(a, b)
    if a.numbers and b.numbers and a.numbers != b.numbers:
        days = _days_apart(a, b)
        return ("updates" if days else "contradicts", later, earlier)
    return "repeats", later, earlier


def same_anonymous_source(a: Profile, b: Profile) -> bool:
    """Two anonymous sources that might be one: same affiliation, a shared relaying outlet."""
    if a.originator == b.originator:
        return False
    if a.originator_kind != "anonymous_source" or b.originator_kind != "anonymous_source":
        return False
    if a.originator_affiliation is None or a.originator_affiliation != b.originator_affiliation:
        return False
    relays_a = {x for chain in a.chains for x in chain}
    relays_b = {x for chain in b.chains for x in chain}
    return bool(relays_a & relays_b)


def compare(a: Profile, b: Profile) -> Link | None:
    """The suggested link between two claims, or None when their content is too far apart."""
    content = content_overlap(a, b)
    if content < MIN_CONTENT:
        return None
    type_, source, target = classify(a, b)
    anonymous = same_anonymous_source(a, b)
    same_originator = 1.0 if a.originator == b.originator else (0.5 if anonymous else 0.0)
    hands_a, hands_b = a.hands, b.hands
    hands = len(hands_a & hands_b) / len(hands_a | hands_b)
    days = _days_apart(a, b)
    near = 0.0 if days is None else 0.5**days
    score = 0.6 * content + 0.15 * same_originator + 0.1 * hands + 0.15 * near
    note = (
        f"same anonymous source? {source.originator} / {target.originator}" if anonymous else None
    )
    return Link(source, target, type_, round(min(score, 1.0), 3), _why(source, target), note)


def _words(source: Profile, tokens: set[str]) -> list[str]:
    return sorted(source.surface.get(t, t) for t in tokens)


def _why(source: Profile, target: Profile) -> dict[str, Any]:
    return {
        "words": _words(source, set(source.words & target.words)),
        "numbers": sorted(source.numbers & target.numbers),
        "numbers_changed": number_change(target, source),
        "places": _words(source, set(source.places & target.places)),
        "actors": sorted(source.hands & target.hands),
        "dates": [_iso(source), _iso(target)],
    }


def number_change(before: Profile, after: Profile) -> str | None:
    """ "250 → 300" when both carry numbers and they differ, else None."""
    old, new = before.numbers - after.numbers, after.numbers - before.numbers
    if not (before.numbers and after.numbers and (old or new)):
        return None
    return f"{', '.join(sorted(old)) or '-'} → {', '.join(sorted(new)) or '-'}"


def _iso(profile: Profile) -> str | None:
    return profile.date.isoformat() if profile.date else None
