"""A listing's JSON objects written by the database itself, from the same shape that builds
its Python dicts.

Why: the unbounded ``contradictions --format json`` of a million-claim corpus is 48,000
objects and 25 MB. Fetched as twelve Python strings per row, put in nested dicts and
encoded again, it took 0.9 s on SQLite and over 2 s on PostgreSQL, more than the database's
own shell printing the same rows. The database builds each object as one string instead
(SQLite's ``json_quote``, PostgreSQL's ``to_json``), and Python only frames them.

One :data:`Shape` gives both forms, so the JSON and the dicts behind the table cannot
drift; both databases escape a string exactly as Python's encoder does with
``ensure_ascii=False`` (``\\"``, ``\\\\``, ``\\b \\f \\n \\r \\t``, other control
characters as ``\\u00xx``, everything else as itself): tests/test_json_text.py holds that
byte for byte on both backends. Only text (or NULL) columns belong in a shape: the two
databases would spell a boolean or a date differently from Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias

#: A JSON object: its keys in order, each with the field it shows or a nested object.
Shape: TypeAlias = "Sequence[tuple[str, str | Shape]]"


def sql_object(shape: Shape, fields: Mapping[str, str], dialect: str) -> str:
    """One SQL expression giving the object's JSON text, spaced as ``json.dumps`` spaces it.

    ``fields`` maps each field the shape names to its SQL expression."""
    quote = _QUOTE[dialect]
    parts: list[str] = []
    literal: list[str] = []  # the JSON text since the last value

    def close_literal() -> None:
        parts.append("'" + "".join(literal).replace("'", "''") + "'")
        literal.clear()

    def walk(shape: Shape) -> None:
        literal.append("{")
        for i, (key, field) in enumerate(shape):
            literal.append((", " if i else "") + json.dumps(key, ensure_ascii=False) + ": ")
            if isinstance(field, str):
                close_literal()
                parts.append(quote.format(fields[field]))
            else:
                walk(field)
        literal.append("}")

    walk(shape)
    close_literal()
    return " || ".join(parts)


#: a text value (or NULL) as JSON text; ``||`` with NULL would give NULL on both backends
_QUOTE = {
    "sqlite": "json_quote({})",
    "postgresql": "COALESCE(to_json({})::text, 'null')",
}


def shaper(shape: Shape, fields: Sequence[str]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """The dict of one row (a tuple in ``fields`` order) in this shape."""
    steps: list[tuple[str, int | Callable[[Sequence[Any]], dict[str, Any]]]] = [
        (key, fields.index(field) if isinstance(field, str) else shaper(field, fields))
        for key, field in shape
    ]

    def build(row: Sequence[Any]) -> dict[str, Any]:
        return {key: row[at] if isinstance(at, int) else at(row) for key, at in steps}

    return build
