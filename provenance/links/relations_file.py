"""Suggestions as a relations-only provenance/v1 file: reviewed by a person, then imported."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

HEADER = (
    "# Suggested relations (provenance links). Delete the lines that are wrong,\n"
    "# then: provenance import THIS-FILE\n"
)


def relations_yaml(rows: Iterable[dict[str, Any]]) -> str:
    """``format: provenance/v1`` and ``relations:`` only, one flow mapping per line."""
    lines = [HEADER, "format: provenance/v1\n", "relations:\n"]
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
    return "".join(lines)
