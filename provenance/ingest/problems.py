"""The problems a run collects: one located line each, reported together at the end.

A user fixes a batch of files in one pass, so checks never stop at the first problem;
they add lines here and the run raises :class:`ValidationFailed` once, grouped by file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from provenance.errors import ValidationFailed
from provenance.ingest.hints import CandidateIndex

MAX_REPORTED = 50
# Unknown references reported one by one, with a hint, per run; the rest are counted. A hint
# costs a search, and a file of thousands of typos must not cost thousands of searches.
MAX_HINTED = 20

# Messages quote what the file says; a control character or line break there (a field
# named "a\nb", a format "\x1ev1") must not split one problem over two lines.
_ONE_LINE = {code: repr(chr(code))[1:-1] for code in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}


class Problems:
    """Problem lines, reported grouped by file in the order the files were given.

    Within a file, a problem found late (a reference checked once the whole run is known)
    takes the place it was raised at, given by :meth:`mark`, so the report reads in the
    order of the file whichever way the check was made.
    """

    def __init__(self, order: Sequence[str] = ()) -> None:
        self._order = order  # ranked only if there is something to report
        self._lines: list[str] = []
        self._labels: list[str] = []
        self._places: list[int] = []
        self._unknown = 0  # unknown references seen, reported or not

    def add(self, label: str, where: str, message: str, *, at: int | None = None) -> int:
        """Add one problem; ``at`` is a :meth:`mark` taken when it was raised."""
        line = f"{label}: {where}: {message}" if where else f"{label}: {message}"
        self._lines.append(line.translate(_ONE_LINE))
        self._labels.append(label)
        # a late problem stands just before the one that was raised next
        self._places.append(2 * len(self._places) if at is None else 2 * at - 1)
        return len(self._lines) - 1

    def unknown_reference(
        self, label: str, where: str, message: Callable[[], str], *, at: int | None = None
    ) -> int | None:
        """An unknown reference: one line (``message()``, which may search for a hint) for
        the first :data:`MAX_HINTED` of the run, then only counted; None when not reported."""
        self._unknown += 1
        if self._unknown > MAX_HINTED:
            return None
        return self.add(label, where, message(), at=at)

    def amend(self, index: int, suffix: str) -> None:
        """Complete a problem's message with what only the end of the run can tell."""
        self._lines[index] += suffix.translate(_ONE_LINE)

    def mark(self) -> int:
        """Where a problem raised now would stand among those already found."""
        return len(self._places)

    def __len__(self) -> int:
        return len(self._lines) + max(0, self._unknown - MAX_HINTED)

    def raise_if_any(self) -> None:
        if not self._lines:
            return
        rank = {label: i for i, label in enumerate(self._order)}
        keys = [
            (rank.get(label, -1), place)
            for label, place in zip(self._labels, self._places, strict=True)
        ]
        ordered = sorted(range(len(self._lines)), key=keys.__getitem__)
        shown = [self._lines[i] for i in ordered][:MAX_REPORTED]
        if len(self._lines) > MAX_REPORTED:
            shown.append(f"... and {len(self._lines) - MAX_REPORTED} more problems")
        if self._unknown > MAX_HINTED:
            shown.append(f"... and {self._unknown - MAX_HINTED} more unknown references")
        raise ValidationFailed(shown)


def storable(label: str) -> str:
    """A file's label as a database stores it: bytes of a file name that are not UTF-8
    (kept by Python as surrogates, which no database takes) written as ``\\xe9``."""
    if label.isascii():
        return label
    return label.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def display_path(path: str | Path) -> str:
    """The path as the user would recognise it: relative to the working folder if it is
    inside it (no symlink resolution: a corpus has thousands of files)."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant, if one is close enough to suggest."""
    return CandidateIndex(candidates).closest(word)


def did_you_mean(hint: str | None) -> str:
    return f" (did you mean '{hint}'?)" if hint else ""
