"""Shape problems of a file (Pydantic's errors), said the way a person writing YAML reads them.

``claims[3].chain[1].actor: unknown actor ...`` rather than Pydantic's tuple locations and
type names; unknown fields get the field they most likely meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from provenance.ingest.format import (
    FORMAT,
    KEY_HELP,
    ActorIn,
    AnnotationIn,
    ClaimIn,
    DocumentIn,
    HopIn,
    RelationIn,
    ReviewIn,
)
from provenance.ingest.problems import closest, did_you_mean


def format_ok(raw: dict[str, Any]) -> bool:
    """Whether the file declares the format this version reads (else it is checked whole,
    and :class:`~provenance.ingest.format.AnnotationIn` says what is wrong)."""
    return raw.get("format") == FORMAT


def describe_pydantic_error(err: Any) -> tuple[str, str]:
    """One Pydantic error as (``claims[3].chain[1].actor``, a message a person understands)."""
    loc = list(err.get("loc", ()))
    kind = err.get("type", "")
    value = err.get("input")
    if kind == "extra_forbidden":
        name = str(loc.pop()) if loc else "?"
        return _format_loc(
            loc
        ), f"unknown field '{name}'{did_you_mean(closest(name, _fields_at(loc)))}"
    where = _format_loc(loc)
    if kind == "missing":
        return where, "required field missing"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        hint = closest(str(value), options) if isinstance(value, str) else None
        return where, f"{value!r} is not one of: {', '.join(options)}{did_you_mean(hint)}"
    if kind == "string_pattern_mismatch":
        return where, _pattern_message(loc[-1] if loc else "", value)
    if kind.startswith("date"):
        reason = err.get("msg", "").split(",", 1)[-1].strip()
        return where, f"{value!r} is not a valid date (YYYY-MM-DD): {reason}"
    simple = {
        "bool_type": f"expected true or false, got {value!r}",
        "int_type": f"expected a whole number, got {value!r}",
        "int_parsing": f"expected a whole number, got {value!r}",
        "string_type": f"expected a string, got {value!r}",
        "string_too_short": "must not be empty",
        "string_too_long": _too_long(err, value),
        "list_type": f"expected a list, got {type(value).__name__}",
        "model_type": f"expected a mapping, got {_short(value)}",
        "dict_type": f"expected a mapping, got {_short(value)}",
        "model_attributes_type": f"expected a mapping, got {_short(value)}",
    }
    if kind in simple:
        return where, simple[kind]
    if kind == "value_error":
        return where, str(err.get("msg", "")).removeprefix("Value error, ")
    msg = str(err.get("msg", "invalid value"))
    return where, f"{msg} (got {_short(value)})"


def _pattern_message(field: Any, value: Any) -> str:
    if field == "language":
        return f"{value!r} is not a language tag (e.g. fr, en, ar, pt-BR)"
    if field == "url":
        return f"{value!r} is not a URL"
    if field in ("from", "to", "claim"):
        return f"{value!r} is not a claim reference (KEY or DOCUMENT/KEY)"
    return f"{value!r} is not a valid key ({KEY_HELP})"


def _too_long(err: Any, value: Any) -> str:
    limit = err.get("ctx", {}).get("max_length")
    size = len(value) if isinstance(value, str) else "?"
    return f"too long: {size} characters, at most {limit} ({_short(value)})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_MODEL_AT: dict[str, type[BaseModel]] = {
    "document": DocumentIn,
    "actors": ActorIn,
    "claims": ClaimIn,
    "relations": RelationIn,
    "chain": HopIn,
    "chains": HopIn,
    "reviews": ReviewIn,
}


def _fields_at(loc: Sequence[Any]) -> list[str]:
    names = [p for p in loc if isinstance(p, str)]
    model: type[BaseModel] = _MODEL_AT.get(names[-1], AnnotationIn) if names else AnnotationIn
    fields = list(model.model_fields)
    if model is RelationIn:
        fields = ["from" if f == "from_" else f for f in fields]
    return fields
