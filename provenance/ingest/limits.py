"""The backends' limits a file can reach, checked from the schema's own constants.

SQLite stores a string of any length in a ``VARCHAR(500)``; PostgreSQL refuses it with a
DataError halfway through an import. Every ``String(N)`` column a file fills is therefore
bounded in :mod:`provenance.ingest.format` by the constant that sized the column, so
``validate`` and ``import`` refuse the same files on both backends. An alias is also
stored casefolded, and casefolding can lengthen it (``ß`` becomes ``ss``): that copy is
checked here.
"""

from __future__ import annotations

from provenance.store.tables import ALIAS_LENGTH


def fits_folded(value: str) -> str:
    """A name or alias whose casefolded copy fits its column as well."""
    folded = len(value.casefold())
    if folded > ALIAS_LENGTH:
        raise ValueError(
            f"too long once case is folded ({folded} characters, at most {ALIAS_LENGTH}): "
            "shorten it"
        )
    return value
