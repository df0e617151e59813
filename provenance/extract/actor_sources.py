"""The names an actor may already go by: the database's actors first, then the registry.

Matching prefers the longest alias, so "Agence France-Presse" wins over "France"; the
registry's keys count as aliases, since articles use acronyms ("AFP", "OSDH") as names.
Names are compared folded (case and accents), except that a one-word name written with
a capital must be met with one: "libération" in "le Front de libération nationale" is no
newspaper, and the article "un" is not the UN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from provenance.extract.lexicon import RegistryEntry, fold, fold_keeping_case


@dataclass(frozen=True)
class KnownActor:
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]


def _capitals(alias: str, *, key: bool = False) -> str | None:
    """How an occurrence of a one-word name must be written: "all" in capitals for an
    acronym ("UN", and a registry key of up to three letters: "un"), "first" with a
    capital for a name written so ("Libération", a longer key), None for a name of
    several words or written in lower case (compared folded)."""
    alias = alias.strip()
    if " " in alias or (key and "-" in alias):
        return None
    if key:
        return "all" if len(alias) <= 3 else "first"
    letters = [c for c in alias if c.isalpha()]
    if not letters or not letters[0].isupper():
        return None
    return "all" if len(letters) >= 2 and all(c.isupper() for c in letters) else "first"


def case_fits(capitals: str | None, occurrence: str) -> bool:
    """An occurrence (folded, case kept) of a name that must be written ``capitals``."""
    letters = [c for c in occurrence if c.isalpha()]
    if capitals is None or not letters:
        return True
    if capitals == "all":
        return all(c.isupper() for c in letters)
    return letters[0].isupper()


class NameSources:
    """Every folded name and alias of the known actors and registry entries, longest first."""

    def __init__(self, registry: tuple[RegistryEntry, ...], known: tuple[KnownActor, ...]) -> None:
        # folded alias, entry, origin, the capitals a one-word alias is written with
        self.entries: list[tuple[str, Any, str, str | None]] = []
        for k in known:
            for alias in (k.name, *k.aliases):
                self.entries.append((fold(alias), k, "database", _capitals(alias)))
        for r in registry:
            for alias in (r.name, *r.aliases):
                self.entries.append((fold(alias), r, "registry", _capitals(alias)))
            self.entries.append((fold(r.key), r, "registry", _capitals(r.key, key=True)))
        # every key already taken, with its entry: a new actor never takes one of them
        self.by_key: dict[str, tuple[Any, str]] = {k.key: (k, "database") for k in known}
        for r in registry:
            self.by_key.setdefault(r.key, (r, "registry"))
        self.entries.sort(key=lambda s: len(s[0]), reverse=True)
        # the first entry of the sorted list wins a name two entries share
        self._exact: dict[str, list[tuple[Any, str, str | None]]] = {}
        for alias, entry, origin, capitals in self.entries:
            self._exact.setdefault(alias, []).append((entry, origin, capitals))

    def exact(self, words: str, *, typed: bool = False) -> tuple[Any, str] | None:
        """The entry named by the whole of ``words``, if any: as written in an article, or
        ``typed`` by the user (``--publisher afp``: any case)."""
        cased = fold_keeping_case(words)
        for entry, origin, capitals in self._exact.get(cased.lower(), ()):
            if typed or case_fits(capitals, cased):
                return entry, origin
        return None

    def find_in(self, folded: str, written: str | None = None) -> tuple[str, Any, str] | None:
        """The longest known name standing as whole words in ``folded``; with the words as
        ``written``, a one-word name must be met with its capitals."""
        cased = fold_keeping_case(written) if written is not None else None
        if cased is not None and cased.lower() != folded:
            cased = None  # a character whose folding changes the length: case unchecked
        for alias, entry, origin, capitals in self.entries:
            if len(alias) < 2 or alias not in folded:
                continue
            for m in re.finditer(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", folded):
                if cased is None or case_fits(capitals, cased[m.start() : m.end()]):
                    return alias, entry, origin
        return None
