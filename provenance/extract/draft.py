"""Render an extraction as a provenance/v1 draft: actors first, claims in text order.

Every drafted item is preceded by a YAML comment saying why it was found, so the reviewer
can judge it. Spans are written as ``start``/``end`` with the exact ``quote``: the importer
checks both against the text.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from provenance.extract.actor_words import slug
from provenance.extract.lexicon import fold
from provenance.extract.pipeline import Extraction

_STOP = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "de",
        "du",
        "d",
        "l",
        "que",
        "qui",
        "et",
        "a",
        "au",
        "aux",
        "en",
        "est",
        "sont",
        "ont",
    ]
)


def claim_keys(ex: Extraction, document: str) -> list[str]:
    keys: list[str] = []
    for c in ex.claims:
        words = [w for w in re.findall(r"\w+", fold(ex.text[c.start : c.end])) if w not in _STOP]
        who = c.originator.removeprefix(f"{document}:")  # the document is the claim's own
        base = f"{who[:24]}-{'-'.join(words[:4])}".strip("-")
        key, n = slug(base), 2
        while key in keys:
            key = f"{slug(base)}-{n}"
            n += 1
        keys.append(key)
    return keys


def draft_dict(
    ex: Extraction,
    *,
    key: str,
    text_file: str,
    title: str | None,
    published: str | None,
    url: str | None,
) -> dict[str, Any]:
    document: dict[str, Any] = {"key": key}
    if title or ex.title:
        document["title"] = title or ex.title
    document["text_file"] = text_file
    document["language"] = "fr"
    if published:
        document["published"] = published
    document["publisher"] = ex.publisher.key
    if url:
        document["url"] = url
    document["listed_sources"] = ex.listed_sources
    keys = claim_keys(ex, key)
    claims = []
    for k, c in zip(keys, ex.claims, strict=True):
        item: dict[str, Any] = {
            "key": k,
            "quote": ex.text[c.start : c.end],
            "start": c.start,
            "end": c.end,
            "kind": c.kind,
            "direct_quote": c.direct,
        }
        if c.cue.strip():
            item["cue"] = c.cue
        item["originator"] = c.originator
        if c.chain:
            # a hop whose cue came out empty has none: the importer refuses a blank cue
            item["chain"] = [{"actor": a, **({"cue": q} if q.strip() else {})} for a, q in c.chain]
        claims.append(item)
    relations = [
        {"from": keys[i], "type": "contradicts", "to": keys[j]}
        for i, c in enumerate(ex.claims)
        for j in c.contradicts
    ]
    return {
        "format": "provenance/v1",
        "document": document,
        "actors": [a.as_dict() for a in ex.actors if not a.known],
        "claims": claims,
        "relations": relations,
    }


def _dump(value: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: faster
    return yaml.dump(
        value,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


# what YAML reads as a line break or refuses in a comment: the text's own words go into
# "# why: incise « … »", and a U+2028 there broke the draft
_NOT_IN_COMMENT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\n\r\t]")


def _item(value: dict[str, Any], why: str) -> str:
    body = _dump([value]).rstrip("\n").split("\n")
    why = _NOT_IN_COMMENT.sub(" ", why)
    return f"  # why: {why}\n" + "\n".join("  " + line for line in body) + "\n"


def render_yaml(ex: Extraction, draft: dict[str, Any]) -> str:
    whys_actor = {a.key: a.why for a in ex.actors}
    out = [
        "# Draft written by `provenance extract`: review every item, then `provenance import`.\n",
        _dump({"format": draft["format"]}),
        _dump({"document": draft["document"]}),
    ]
    out.append("actors:\n" if draft["actors"] else "actors: []\n")
    for a in draft["actors"]:
        out.append(_item(a, whys_actor.get(a["key"], "")))
    known = [a.key for a in ex.actors if a.known]
    if known:
        out.append(f"# already in the database, not repeated: {', '.join(known)}\n")
    out.append("claims:\n" if draft["claims"] else "claims: []\n")
    for c, item in zip(ex.claims, draft["claims"], strict=True):
        out.append(_item(item, c.why))
    out.append("relations:\n" if draft["relations"] else "relations: []\n")
    for r in draft["relations"]:
        out.append(_item(r, "denial sharing words with an earlier claim"))
    return "".join(out)


def render_json(draft: dict[str, Any]) -> str:
    return json.dumps(draft, ensure_ascii=False, indent=2) + "\n"
