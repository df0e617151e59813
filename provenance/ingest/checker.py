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

from pydantic import ValidationError

from provenance.ingest.claimreview_in import GUESSED_ACTORS, MARKUP
from provenance.ingest.confusables import KeyWatch
from provenance.ingest.dependents import DependentRelations, check_unkeyed_set
from provenance.ingest.documents import DocumentChecker, ParsedFile, RunContext
from provenance.ingest.files import (
    FileProblem,
    annotation_files,
    annotations_with_plainness,
    check_plain_data,
    plain_strings,
)
from provenance.ingest.format import ActorIn, AnnotationIn
from provenance.ingest.markup_guard import check_markup_replacement
from provenance.ingest.options import RunOptions
from provenance.ingest.problems import Problems, storable
from provenance.ingest.references import ClaimsInMemory, RunClaims
from provenance.ingest.relations import RelationChecker
from provenance.ingest.resolved import CheckedRun, ResolvedDocument, ResolvedRelationSet
from provenance.ingest.run_files import RunFiles
from provenance.ingest.stored import StoredData
from provenance.ingest.survey import Survey, SurveyedElsewhere

#: what pass 1 took from a file (actors are registered for the whole run)
SURVEYED = ("actors", GUESSED_ACTORS, MARKUP)


def _shape_of(fields: dict[str, Any]) -> AnnotationIn | None:
    """The annotation's content if its shape is valid, else None (reported later)."""
    try:
        return AnnotationIn.model_validate(fields)
    except ValidationError:
        return None


def collect_files(paths: Sequence[str | Path]) -> RunFiles:
    """The annotation files the command line names, each once, in the order given."""
    problems = Problems()
    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            if path.is_symlink():
                target = os.readlink(path)
                problems.add(str(raw), "", f"a link to a missing file or folder ({target})")
            else:
                problems.add(str(raw), "", "no such file or folder")
            continue
        found = annotation_files(path)
        if path.is_dir() and not found:
            message = "folder holds no annotation files (*.yaml, *.yml, *.json, *.jsonld)"
            problems.add(str(raw), "", message)
        files.extend(found)
    problems.raise_if_any()
    unique: dict[str, str] = {}
    for f in files:
        unique.setdefault(os.path.abspath(f), f)
    return RunFiles(unique.values())


def check_in_memory(
    files: Sequence[str | Path], stored: StoredData, options: RunOptions | None = None
) -> CheckedRun:
    """Check everything and keep the resolved documents in memory (``validate``, tests)."""
    checker = RunChecker(files, stored, ClaimsInMemory(), options=options)
    return checker.checked_run()


class RunChecker:
    """The two passes over a run, and the final check of references between its documents."""

    def __init__(
        self,
        files: Sequence[str | Path],
        stored: StoredData,
        claims: RunClaims,
        *,
        options: RunOptions | None = None,
    ) -> None:
        options = options or RunOptions()
        self._survey = Survey(
            files, stored, update_actors=options.update_actors, keep_actors=options.keep_actors
        )
        self._stored = stored
        self.problems = self._survey.problems
        self.labels = self._survey.labels
        self._claims = claims
        self._stored = stored
        self._keys = KeyWatch()
        self._context = RunContext(
            self.problems, self._survey.actors, stored, self._survey.documents, claims
        )
        self.dependents = DependentRelations(self.problems, drop=options.drop_dependent)

    @property
    def actors(self) -> dict[str, ActorIn]:
        """The run's actors, merged by key."""
        return self._survey.actors.actors

    def checked_run(self) -> CheckedRun:
        """Both passes and the final check, the resolved run kept in memory; raises
        ValidationFailed on any problem."""
        self.survey()
        documents = list(self.documents())
        relation_sets = self.relation_sets()
        self.finish()
        return CheckedRun(
            files=list(self.labels),
            actors=self.actors,
            documents=documents,
            relation_sets=relation_sets,
            dropped=self.dependents.dropped,
            warnings=self.warnings(),
            actor_updates=self._survey.actors.updates,
            actors_kept=self._survey.actors.kept,
        )

    def survey(self, elsewhere: SurveyedElsewhere | None = None) -> None:
        """Pass 1; ``elsewhere``: the files another process reads meanwhile, if any."""
        self._survey.run(elsewhere)
        if not self.problems:
            self.dependents.survey(
                self._stored, list(self._survey.documents), list(self._survey.relation_sets)
            )
            self._watch_keys()

    def _watch_keys(self) -> None:
        """Note the actor and document keys of the run, to warn of look-alikes."""
        for key, label, index in self._survey.actors.defined_at():
            self._keys.note("actor", key, label, f"actors[{index}].key")
        self._keys.against_stored("actor", self._stored.all_actor_keys())
        documents, labels = self._survey.documents, self._survey.labels
        self._keys.note_many(
            "document", lambda: ((k, labels[i]) for k, i in documents.items()), "document.key"
        )

    def warnings(self) -> list[str]:
        """Keys that look alike or mix scripts, files that disagree on an actor whose stored
        values are kept: said on stderr, the run goes on."""
        return [*self._keys.finished(), *self._survey.actors.disputes]

    def documents(self) -> Iterator[ResolvedDocument]:
        """Check each document in turn; yield those without problems."""
        survey = self._survey
        loaded: tuple[int, list[dict[str, Any]], bool] = (-1, [], False)  # the last file read
        for i, part in survey.with_document:
            path, label = survey.files[i], survey.labels[i]
            raw = survey.kept.pop((i, part), None)
            data: AnnotationIn | None = None
            plain = False
            try:
                if raw is None:
                    if loaded[0] != i:
                        loaded = (i, *annotations_with_plainness(Path(path)))
                    raw, plain = loaded[1][part], loaded[2]
                fields = {k: v for k, v in raw.items() if k not in SURVEYED}
                # the common case: plain strings, and a shape the format's strict models
                # accept (their nesting is shallow: no depth to measure)
                data = _shape_of(fields) if plain or plain_strings(raw) else None
                if data is None:
                    check_plain_data(raw)
            except FileProblem as exc:
                survey.report(label, exc)
                continue
            if data is None:  # problems: reported in the order a single pass gives
                data = survey.parse(label, fields)
            if data is None or survey.shape_failed:
                continue
            resolved = self._check(ParsedFile(label, Path(path), data))
            if resolved is not None and isinstance(markup := raw.get(MARKUP), str):
                before = len(self.problems)
                check_markup_replacement(self.problems, self._stored, label, markup, resolved)
                if len(self.problems) != before:
                    continue
            if resolved is not None:
                yield resolved

    def relation_sets(self) -> list[ResolvedRelationSet]:
        """Check the relations-only files (after the documents, whose claims they name)."""
        out: list[ResolvedRelationSet] = []
        if self._survey.shape_failed:
            return out
        for key, (label, data) in self._survey.relation_sets.items():
            before = len(self.problems)
            relations = RelationChecker(self._context, label, None, ()).check(data.relations)
            if data.key is None and len(self.problems) == before:
                check_unkeyed_set(self.problems, self._stored, label, key, relations)
            if len(self.problems) == before:
                out.append(ResolvedRelationSet(key, storable(label), relations))
        return out

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
        self._keys.note_claims(parsed.label, (c.key for c in data.claims))
        resolved = DocumentChecker(self._context, parsed).check()
        if resolved is None:
            self._survey.bad_documents.add(doc.key)
        else:
            self._claims.add(doc.key, [c.key for c in resolved.claims])
            self.dependents.check(parsed.label, resolved)
        return resolved

    def finish(self) -> None:
        """Check the references between documents of the run; raise on any problem."""
        self._claims.report(self.problems, self._survey.bad_documents)
        self.problems.raise_if_any()
