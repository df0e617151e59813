"""Reading a draft the way a reviewer does, shared by the extraction tests."""

from __future__ import annotations

from typing import Any


def said_by(d: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """Each claim as (quote, originator, chain)."""
    return [
        (c["quote"], c["originator"], [h["actor"] for h in c.get("chain") or []])
        for c in d["claims"]
    ]
