"""Every check an import makes before it writes, over a whole run of files.

A run is checked in two passes so memory stays bounded by one document, not the corpus:
:class:`~provenance.ingest.survey.Survey` reads every file for what others may refer to,
then :meth:`RunChecker.documents` checks and yields one resolved document at a time (the
importer writes it at once), and :meth:`RunChecker.finish` checks the references between
documents of the run and raises :class:`~provenance.errors.ValidationFailed` if any check
failed. ``validate`` and ``import`` run this same code; they differ only in where the
references between documents wait (:mod:`provenance.ingest.references`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from provenance.ingest.claimreview_in import GUESSED_ACTORS
from provenance.ingest.documents import DocumentChecker, ParsedFile, RunContext
from provenance.ingest.files import (
    FileProblem,
    annotation_files,
    check_plain_data,
    load_annotations,
)
from provenance.ingest.format import ActorIn, AnnotationIn
from provenance.ingest.problems import Problems
from provenance.ingest.references import ClaimsInMemory, RunClaims
from provenance.ingest.resolved import CheckedRun, ResolvedDocument
from provenance.ingest.stored import StoredData
from provenance.ingest.survey import Survey

#: what pass 1 took from a file (actors are registered for the whole run)
SURVEYED = ("actors", GUESSED_ACTORS)


def collect_files(paths: Sequence[str | Path]) -> list[str]:
    """The annotation files the command line names, each once, in the order given."""
    problems = Problems()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.add(str(raw), "", "no such file or folder")
            continue
        found = annotation_files(path)
        if path.is_dir() and not found:
            message = "folder holds no annotation files (*.yaml, *.yml, *.json, *.jsonld)"
            problems.add(str(raw), "", message)
        files.extend(found)
    problems.raise_if_any()
    # strings, not Path objects: a corpus of 50,000 files is held for the whole run, and
    # a Path keeps each of its components as a separate string (5x the memory)
    unique: dict[str, str] = {}
    for f in files:
        unique.setdefault(os.path.abspath(f), str(f))
    return list(unique.values())


def check_in_memory(files: Sequence[str | Path], stored: StoredData) -> CheckedRun:
    """Check everything and keep the resolved documents in memory (``validate``, tests)."""
    checker = RunChecker(files, stored, ClaimsInMemory())
    checker.survey()
    documents = list(checker.documents())
    checker.finish()
    return CheckedRun(files=checker.labels, actors=checker.actors, documents=documents)


class RunChecker:
    """The two passes over a run, and the final check of references between its documents."""

    def __init__(self, files: Sequence[str | Path], stored: StoredData, claims: RunClaims) -> None:
        self._survey = Survey(files, stored)
        self.problems = self._survey.problems
        self.labels = self._survey.labels
        self._claims = claims
        self._context = RunContext(
            self.problems, self._survey.actors, stored, self._survey.documents, claims
        )

    @property
    def actors(self) -> dict[str, ActorIn]:
        """The run's actors, merged by key."""
        return self._survey.actors.actors

    def survey(self) -> None:
        self._survey.run()

    def documents(self) -> Iterator[ResolvedDocument]:
        """Check each document in turn; yield those without problems."""
        survey = self._survey
        loaded: tuple[int, list[dict[str, Any]]] = (-1, [])  # the last file read again
        for i, part in survey.with_document:
            path, label = survey.files[i], survey.labels[i]
            raw = survey.kept.pop((i, part), None)
            try:
                if raw is None:
                    if loaded[0] != i:
                        loaded = (i, load_annotations(Path(path), check=False))
                    raw = loaded[1][part]
                check_plain_data(raw)
            except FileProblem as exc:
                survey.report(label, exc)
                continue
            data = survey.parse(label, {k: v for k, v in raw.items() if k not in SURVEYED})
            if data is None or survey.shape_failed:
                continue
            resolved = self._check(ParsedFile(label, Path(path), data))
            if resolved is not None:
                yield resolved

    def _check(self, parsed: ParsedFile) -> ResolvedDocument | None:
        data: AnnotationIn = parsed.data
        doc = data.document
        assert doc is not None
        # one query for the actors the document uses that no file of the run defines
        keys = {*doc.listed_sources, *([doc.publisher] if doc.publisher else [])}
        for claim in data.claims:
            keys.add(claim.originator)
            keys.update(h.actor for chain in claim.all_chains() for h in chain)
        keys.update(review.by for review in data.reviews)
        self._survey.actors.prefetch(keys)
        resolved = DocumentChecker(self._context, parsed).check()
        if resolved is None:
            self._survey.bad_documents.add(doc.key)
        else:
            self._claims.add(doc.key, [c.key for c in resolved.claims])
        return resolved

    def finish(self) -> None:
        """Check the references between documents of the run; raise on any problem."""
        self._claims.report(self.problems, self._survey.bad_documents)
        self.problems.raise_if_any()
