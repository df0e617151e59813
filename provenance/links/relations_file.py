"""Suggestions as a relations-only provenance/v1 file: reviewed by a person, then imported."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import yaml

HEADER = (
    "# Suggested relations (provenance links). Delete the lines that are wrong,\n"
    "# then: provenance import THIS-FILE\n"
)


def relations_yaml(rows: Iterable[dict[str, Any]]) -> str:
    """``format: provenance/v1``, a ``key:`` and ``relations:`` only, one flow mapping per line.

    The key is drawn from the suggestions themselves: without one the file's name would key
    its relation set, and the next ``links > links.yaml`` (after new articles came in) would
    be taken for an edit of the first set. The same suggestions give the same key, so
    importing one file twice is still "unchanged"; a reviewed file keeps the key it was
    written with, so deleting lines and importing again replaces its own set.
    """
    lines = [HEADER, "format: provenance/v1\n", "key: links\n", "relations:\n"]
    count = 0
    for row in rows:
        note = f"score {row['score']:.3f}" + (f"; {row['note']}" if row["note"] else "")
        item = {"from": row["from"], "type": row["type"], "to": row["to"], "note": note}
        dumped = yaml.safe_dump(
            item, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6
        )
        lines.append(f"  - {dumped.strip()}\n")
        count += 1
    if count == 0:
        lines[-1] = "relations: []\n"
    digest = hashlib.sha256("".join(lines[4:]).encode("utf-8")).hexdigest()[:12]
    lines[2] = f"key: links-{digest}\n"
    return "".join(lines)
