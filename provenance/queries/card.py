"""One claim's card (``claim REF``) and the pieces other reads share: an actor's summary
and a claim's relations seen from its side.

SQL text run by a :class:`~provenance.store.reader.Reader` (see :mod:`provenance.queries.claims`).
"""

from __future__ import annotations

from typing import Any

from provenance.queries.claims import Db, iter_claims_by_ids
from provenance.queries.reviews import reviews_of
from provenance.queries.rows import publisher
from provenance.store.reader import as_reader, flag


def claim_card(db: Db, claim_id: int) -> dict[str, Any]:
    """One claim with its context sentence, originator's affiliation and every relation."""
    r = as_reader(db)
    base = next(iter_claims_by_ids(r, [claim_id]))
    row = r.one(
        "SELECT documents.text, documents.title, actors.key, actors.name FROM documents "
        "JOIN claims ON claims.document_id = documents.id "
        "LEFT JOIN actors ON actors.id = documents.publisher_id "
        "WHERE claims.id = :claim_id",
        {"claim_id": claim_id},
    )
    assert row is not None
    base["context"] = sentence_around(row[0], base["start"], base["end"])
    base["document_title"] = row[1]
    base["publisher"] = publisher(row[2], row[3])
    base["originator"].update(actor_summary(r, base["originator"]["key"]))
    base["relations"] = relation_details(r, claim_id)
    base["reviews"] = reviews_of(r, [claim_id]).get(claim_id, [])
    return base


_ACTOR = """
SELECT a.id, a.key, a.name, a.kind, a.country, a.state_affiliated, a.role, a.description,
       aff.key, aff.name
FROM actors a LEFT JOIN actors aff ON aff.id = a.affiliation_id
WHERE a.key = :key"""


def actor_summary(db: Db, key: str) -> dict[str, Any]:
    """Actor fields plus a readable label: "Igor Konachinkov, spokesman of the Russian MoD"."""
    r = as_reader(db)
    row = r.one(_ACTOR, {"key": key})
    assert row is not None
    actor_id, key, name, kind, country, state, role, description, aff_key, aff_name = row
    aliases = [
        alias
        for (alias,) in r(
            "SELECT alias FROM actor_aliases WHERE actor_id = :actor_id ORDER BY id",
            {"actor_id": actor_id},
        )
        if alias != name
    ]
    label = name
    if role:
        label += f", {role}"
    elif aff_name:
        label += f" ({aff_name})"
    return {
        "key": key,
        "name": name,
        "kind": kind,
        "label": label,
        "country": country,
        "state_affiliated": flag(state),
        "affiliation": {"key": aff_key, "name": aff_name} if aff_key else None,
        "role": role,
        "description": description,
        "aliases": aliases,
    }


_RELATIONS = """
SELECT cr.type, other.id, other.key, other_doc.key, other.quote, orig.key, orig.name, cr.note
FROM claim_relations cr
JOIN claims other ON other.id = cr.{theirs}
JOIN documents other_doc ON other_doc.id = other.document_id
JOIN actors orig ON orig.id = other.originator_id
WHERE cr.{mine} = :claim_id
ORDER BY cr.type, other_doc.key, other.key"""


def relation_details(db: Db, claim_id: int) -> list[dict[str, Any]]:
    """Every relation touching a claim, from its point of view, with the other side's originator."""
    r = as_reader(db)
    out: list[dict[str, Any]] = []
    for direction, mine, theirs in (
        ("outgoing", "from_claim_id", "to_claim_id"),
        ("incoming", "to_claim_id", "from_claim_id"),
    ):
        sql = _RELATIONS.format(mine=mine, theirs=theirs)
        for rtype, oid, okey, odoc, oquote, akey, aname, note in r(sql, {"claim_id": claim_id}):
            out.append(
                {
                    "direction": direction,
                    "type": rtype,
                    "claim": {"id": oid, "key": okey, "document": odoc, "quote": oquote},
                    "originator": {"key": akey, "name": aname},
                    "note": note,
                }
            )
    return out


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) containing a span, so a quote is read in its context."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "\n", "? ", "! "))
    left = 0 if left < 0 else left + 1
    rights = [i for i in (text.find(m, end) for m in (". ", "\n", "? ", "! ")) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()
