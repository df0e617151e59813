"""The names an actor may already go by: the database's actors first, then the registry.

Matching prefers the longest alias, so "Agence France-Presse" wins over "France"; the
registry's keys count as aliases, since articles use acronyms ("AFP", "OSDH") as names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from provenance.extract.lexicon import RegistryEntry, fold


@dataclass(frozen=True)
class KnownActor:
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]


class NameSources:
    """Every folded name and alias of the known actors and registry entries, longest first."""

    def __init__(self, registry: tuple[RegistryEntry, ...], known: tuple[KnownActor, ...]) -> None:
        self.entries: list[tuple[str, Any, str]] = []  # folded alias, entry, origin
        for k in known:
            for alias in (k.name, *k.aliases):
                self.entries.append((fold(alias), k, "database"))
        for r in registry:
            for alias in (r.name, *r.aliases, r.key):
                self.entries.append((fold(alias), r, "registry"))
        self.entries.sort(key=lambda s: len(s[0]), reverse=True)
        # the first entry of the sorted list wins a name two entries share
        self.exact = {alias: (entry, origin) for alias, entry, origin in reversed(self.entries)}

    def find_in(self, folded: str) -> tuple[str, Any, str] | None:
        """The longest known name standing as whole words in ``folded``."""
        for alias, entry, origin in self.entries:
            if (
                len(alias) >= 2
                and alias in folded
                and re.search(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", folded)
            ):
                return alias, entry, origin
        return None
