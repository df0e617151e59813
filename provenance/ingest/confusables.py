"""Keys that look alike: warned about, not refused.

``tasnіm`` with a Cyrillic ``і`` is a valid key, and a different actor from ``tasnim``; a
reader cannot tell them apart. Two keys of a run (or a key and a stored actor's) with the
same *skeleton* are reported, as is a key mixing scripts. The skeleton is a small version
of Unicode's confusable skeleton (UTS #39): NFKC, casefold, and the Cyrillic and Greek
letters that print like Latin ones mapped to those. These are warnings: the run goes on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from provenance.characters import describe
from provenance.visible import visible_key

_LOOKALIKES = str.maketrans(
    {
        # Cyrillic (lower case, and what upper-case look-alikes casefold to)
        "а": "a", "в": "b", "е": "e", "ё": "ë", "һ": "h", "н": "h", "і": "i", "ї": "ï",
        "ј": "j", "к": "k", "ӏ": "l", "м": "m", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s",
        "т": "t", "с": "c", "у": "y", "ԝ": "w", "х": "x", "ԁ": "d", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "μ": "u",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c",
        # Latin look-alikes of Latin letters
        "ı": "i", "ɑ": "a", "ȷ": "j",
    }
)  # fmt: skip

# Scripts written together: Japanese mixes Han and kana, Korean Han and Hangul, and
# Latin letters go with any of them (UTS #39, "highly restrictive").
_EAST_ASIAN = {"CJK": "Han", "HIRAGANA": "Han", "KATAKANA": "Han", "HANGUL": "Han"}
_COMPATIBLE = ({"LATIN", "Han"},)
MAX_WARNINGS = 50


def skeleton(key: str) -> str:
    """What a key looks like: equal skeletons, keys a reader may take for each other."""
    if key.isascii():
        lowered = key.lower()
        # the key itself when already lower case: a run notes every document key, and a
        # second string per key was 2.8 MB of a 1M-claim import's memory
        return key if lowered == key else lowered
    return unicodedata.normalize("NFKC", key).casefold().translate(_LOOKALIKES)


def _script(char: str) -> str:
    first = unicodedata.name(char, "?").split(" ", 1)[0]
    return _EAST_ASIAN.get(first, first)


def mixed_scripts(key: str) -> str | None:
    """``Latin and Cyrillic letters (U+0456 ...)`` if the key's letters mix scripts."""
    if key.isascii():
        return None
    scripts: dict[str, str] = {}  # script -> its first letter in the key
    for char in key:
        if char.isalpha():
            scripts.setdefault(_script(char), char)
    if len(scripts) < 2 or any(set(scripts) <= allowed for allowed in _COMPATIBLE):
        return None
    names = [s.title() for s in scripts]
    odd = list(scripts.values())[1]
    return f"{', '.join(names[:-1])} and {names[-1]} letters ({describe(odd)})"


_Place = tuple[str, str, str]  # key, file, field


class KeyWatch:
    """The keys a run defines, by kind (actor, document, claims of one document), and the
    warnings about those that look alike."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self._count = 0
        self._seen: dict[str, dict[str, _Place]] = {}  # kind -> skeleton -> first key

    def _warn(self, label: str, where: str, message: str) -> None:
        self._count += 1
        if self._count <= MAX_WARNINGS:
            self.warnings.append(f"{label}: {where}: {message}")

    def _compare(
        self, seen: dict[str, _Place], kind: str, key: str, label: str, where: str
    ) -> None:
        if mixed := mixed_scripts(key):
            self._warn(label, where, f"key '{visible_key(key)}' mixes {mixed}")
        first, first_label, first_where = seen.setdefault(skeleton(key), (key, label, where))
        if first != key:
            message = (
                f"{kind} key '{visible_key(key)}' looks like '{visible_key(first)}' "
                f"({first_label}: {first_where})"
            )
            self._warn(label, where, message)

    def note(self, kind: str, key: str, label: str, where: str) -> None:
        """A key the run defines; warned about if it mixes scripts or looks like another."""
        self._compare(self._seen.setdefault(kind, {}), kind, key, label, where)

    def note_many(
        self, kind: str, places: Callable[[], Iterable[tuple[str, str]]], where: str
    ) -> None:
        """Keys the run defines, as (key, label) pairs in the run's order, each given once.

        ``places`` is called twice. Two different keys with one skeleton cannot both be
        their own skeleton, so only the keys that differ from it, and the keys equal to
        one of their skeletons, need to be held: none in most corpora. :meth:`note` of
        every key held one entry per document (5 MB at 50,000 documents). The warnings
        are the same, in the same order.
        """
        odd = {s for key, _ in places() if (s := skeleton(key)) != key}
        seen: dict[str, _Place] = {}
        for key, label in places():
            if key in odd or skeleton(key) != key:
                self._compare(seen, kind, key, label, where)
            elif mixed := mixed_scripts(key):
                self._warn(label, where, f"key '{visible_key(key)}' mixes {mixed}")

    def note_claims(self, label: str, keys: Iterable[str]) -> None:
        """The claim keys of one document: they are compared among themselves only."""
        seen: dict[str, _Place] = {}
        for i, key in enumerate(keys):
            self._compare(seen, "claim", key, label, f"claims[{i}].key")

    def against_stored(self, kind: str, stored: Iterable[str]) -> None:
        """Compare the run's new keys of ``kind`` with the stored ones (each read once).

        A key the database already holds was compared when it was first imported: it is
        not warned about again at every re-import.
        """
        seen = self._seen.get(kind)
        if not seen:
            return
        known: set[str] = set()
        alike: list[tuple[_Place, str]] = []
        for key in stored:
            found = seen.get(skeleton(key))
            if found is None:
                continue
            if found[0] == key:
                known.add(key)
            else:
                alike.append((found, key))
        for (key, label, where), other in alike:
            if key not in known:
                message = (
                    f"{kind} key '{visible_key(key)}' looks like the stored {kind} "
                    f"'{visible_key(other)}'"
                )
                self._warn(label, where, message)

    def finished(self) -> list[str]:
        """The warnings, the last line saying how many more were left out."""
        extra = self._count - len(self.warnings)
        return [*self.warnings, *([f"... and {extra} more warnings"] if extra else [])]
