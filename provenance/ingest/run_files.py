"""The files of one import run, held compactly: a corpus of 50,000 files is held for the
whole run, by both processes of a large import.

A list of path strings cost about 115 bytes a file (the string, its slot), and each
process kept two more lists beside it (the labels problems name the files by, and a
copy): 11 MB at 50,000 files. Files of a corpus share a few folders, so a path is kept as
the index of its folder (spelled as given) and its name, within one string of all the
names; its label is the index of the label's folder. About 25 bytes a file.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from provenance.ingest.problems import display_path

_PROBE = "provenance-probe"


class _Strings(Sequence[str]):
    """A sequence of strings made one at a time by :meth:`_at` (a non-negative index)."""

    def __len__(self) -> int:
        raise NotImplementedError

    def _at(self, index: int) -> str:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._at(index)

    def __iter__(self) -> Iterator[str]:
        return (self._at(i) for i in range(len(self)))


class RunFiles(_Strings):
    """The run's file paths, in order, and :meth:`label` for each."""

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self._heads: list[str] = []  # folders as spelled, with their separator: "a/b/"
        # the same folders as labels show them, or None where a label is not the label
        # folder and the name (never seen; such files keep their labels whole)
        self._label_heads: list[str | None] = []
        heads: dict[str, int] = {}
        self._head = array("I")
        self._odd_labels: dict[int, str] = {}
        self._ends = array("Q")
        names: list[str] = []
        end = 0
        for given in paths:
            path = os.fspath(given)
            cut = path.rfind("/") + 1
            head, name = path[:cut], path[cut:]
            at = heads.get(head)
            if at is None:
                at = heads[head] = len(self._heads)
                self._heads.append(head)
                # the folder's label, found with a plain name: display_path judges a path
                # starting with ".." to be outside the working folder, so "..x.yaml" there
                # is labelled on its own, below
                label = display_path(head + _PROBE)
                folder = label[: len(label) - len(_PROBE)]
                fits = label.endswith(_PROBE) and folder[-1:] in ("", "/")
                self._label_heads.append(folder if fits else None)
            if self._label_heads[at] is None or name.startswith(".."):
                self._odd_labels[len(self._head)] = display_path(path)
            self._head.append(at)
            names.append(name)
            end += len(name)
            self._ends.append(end)
        self._names = "".join(names)

    def __len__(self) -> int:
        return len(self._ends)

    def _at(self, index: int) -> str:
        return self._heads[self._head[index]] + self._name(index)

    def _name(self, index: int) -> str:
        start = self._ends[index - 1] if index else 0
        return self._names[start : self._ends[index]]

    def label(self, index: int) -> str:
        """The file as problems name it: relative to the working folder when inside it."""
        if index < 0:
            index += len(self)
        odd = self._odd_labels.get(index)
        if odd is not None:
            return odd
        folder = self._label_heads[self._head[index]]
        assert folder is not None  # a folder without a label head labels each file itself
        return folder + self._name(index)

    @property
    def labels(self) -> Sequence[str]:
        return _Labels(self)


class _Labels(_Strings):
    """The labels of a :class:`RunFiles`, made when asked for."""

    def __init__(self, files: RunFiles) -> None:
        self._files = files

    def __len__(self) -> int:
        return len(self._files)

    def _at(self, index: int) -> str:
        return self._files.label(index)


def run_files(files: Sequence[str | Path]) -> RunFiles:
    """``files`` as a :class:`RunFiles` (itself if it is one)."""
    return files if isinstance(files, RunFiles) else RunFiles(files)
