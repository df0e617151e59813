"""The public row shapes, each defined once: what ``--format json`` prints and scripts read.

PRODUCT.md fixes the claim shape; the others follow the same vocabulary (an actor is
``{key, name, kind}``, a hop adds its ``cue``, a claim elsewhere is ``DOCUMENT/KEY``).
Queries build rows only through these constructors, so a key cannot drift between two
commands. This module imports nothing heavy: the sqlite3 fast path uses it too.
"""

from __future__ import annotations

from typing import Any, TypedDict


class ActorRef(TypedDict):
    key: str
    name: str
    kind: str


class Hop(TypedDict):
    key: str
    name: str
    kind: str
    cue: str | None


class Publisher(TypedDict):
    key: str
    name: str


class ChainTree(TypedDict):
    """``provenance chain REF --format json``: the originator at the root."""

    id: int
    key: str
    document: str
    quote: str
    cue: str | None
    originator: ActorRef
    chains: list[list[Hop]]
    published_by: Publisher | None
    document_title: str | None


def actor_ref(key: str, name: str, kind: str) -> ActorRef:
    return {"key": key, "name": name, "kind": kind}


def hop(key: str, name: str, kind: str, cue: str | None) -> Hop:
    return {"key": key, "name": name, "kind": kind, "cue": cue}


def publisher(key: str | None, name: str | None) -> Publisher | None:
    return {"key": key, "name": str(name)} if key else None


def chain_tree(
    claim: dict[str, Any], published_by: Publisher | None, document_title: str | None
) -> ChainTree:
    """The tree of a claim in the JSON shape (``claim`` carries the claim row's fields)."""
    return {
        "id": claim["id"],
        "key": claim["key"],
        "document": claim["document"],
        "quote": claim["quote"],
        "cue": claim["cue"],
        "originator": claim["originator"],
        "chains": claim["chains"],
        "published_by": published_by,
        "document_title": document_title,
    }


def claim_label(document: str, key: str, home: str | None = None) -> str:
    """How a claim is named from ``home``: its key in the same document, else DOCUMENT/KEY."""
    return key if document == home else f"{document}/{key}"


def chain_text(claim: dict[str, Any]) -> str:
    """Originator then hops, " > " between names, " | " between chains (as in claim_table)."""
    origin = claim["originator"]["name"]
    if not claim["chains"]:
        return str(origin)
    return " | ".join(
        " > ".join([origin, *(hop["name"] for hop in chain)]) for chain in claim["chains"]
    )


def flat_claim(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim row as the claims table has it (``claim_table``, ``export csv``)."""
    return {
        "document": claim["document"],
        "key": claim["key"],
        "quote": claim["quote"],
        "start": claim["start"],
        "end": claim["end"],
        "statement": claim["statement"],
        "kind": claim["kind"],
        "cue": claim["cue"],
        "originator": claim["originator"]["key"],
        "chain": chain_text(claim),
        "contradicted_by": "; ".join(claim["contradicted_by"]),
        "contradicts": "; ".join(claim["contradicts"]),
        "originator_name": claim["originator"]["name"],
        "direct_quote": "true" if claim["direct_quote"] else "false",
        "date": claim["date"],
        "id": claim["id"],
    }
