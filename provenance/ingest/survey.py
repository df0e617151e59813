"""The first pass over a run: every file read for what other files may refer to.

Actors may be defined in one file and used in another, and relations may name claims of
any document of the run, so before any document is checked every file is read for its
actors and its document key. The second pass (:mod:`provenance.ingest.checker`) then
checks one document at a time.
"""

from __future__ import annotations

import contextlib
import os
import re
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from provenance.characters import KEY_REFUSED
from provenance.ingest.claimreview_in import GUESSED_ACTORS
from provenance.ingest.files import FileProblem, check_plain_data, load_annotations
from provenance.ingest.format import FORMAT, KEY_HELP, KEY_PATTERN, ActorIn, AnnotationIn
from provenance.ingest.problems import Problems
from provenance.ingest.registry import ActorRegistry
from provenance.ingest.run_files import run_files
from provenance.ingest.shape import describe_pydantic_error, format_ok
from provenance.ingest.stored import StoredData
from provenance.store.tables import KEY_LENGTH
from provenance.visible import visible_key

# Under this many bytes of annotations, the survey's parse is kept for the second pass.
_REPARSE_ABOVE = 8 * 1024 * 1024


def _total_size(files: Sequence[str]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # reported when the file is read
            total += os.stat(path).st_size
    return total


def small_run(files: Sequence[str]) -> bool:
    """Small enough to keep in memory between passes."""
    return _total_size(files) <= _REPARSE_ABOVE


class SurveyedElsewhere(Protocol):
    """Files of the run read by another process for the survey (see :class:`Presurvey`)."""

    #: the index of the first such file: every file from there on is asked for, in order
    first: int

    def parts(self, index: int) -> list[dict[str, Any]] | None:
        """:meth:`Presurvey.expand` of what :meth:`Presurvey.parts` made of file ``index``."""


class Presurvey:
    """What the survey needs of a file, read in another process meanwhile.

    Why: a large import checked in a second process (:mod:`~provenance.ingest.check_worker`)
    has nothing to write until the survey ends, and the survey is mostly parsing. So the
    writing process parses the second half of the files while the checking one surveys
    the first, and hands over, for each file, the little the survey takes from it: its
    format, its document key and its actors. A file the survey would look at more closely
    (unreadable, ClaimReview markup, an unusual shape, an actor the format refuses) is
    handed over as None: the survey reads it itself, and reports on it as ever.
    """

    def __init__(self) -> None:
        self._actors: dict[str, dict[str, Any] | None] = {}  # repr -> the valid actor

    def parts(self, path: str) -> list[tuple[Any, list[dict[str, Any]] | None]] | None:
        """The document key and actors of the file's one part, or None. Compact, so the
        help for a whole corpus fits in the pipe while the other process is still busy."""
        try:
            parts = load_annotations(Path(path), check=False)
        except FileProblem:
            return None
        if len(parts) != 1 or GUESSED_ACTORS in parts[0]:
            return None
        raw = parts[0]
        document = raw.get("document")
        actors = raw.get("actors")
        if not isinstance(document, dict) or not isinstance(actors, list | None):
            return None
        if not format_ok(raw):
            return None
        key = document.get("key")
        if not isinstance(key, str):
            key = None  # the survey passes over any other key (pass 2 says what is wrong)
        if actors is None:
            return [(key, None)]
        kept = [actor for a in actors if (actor := self._actor(a)) is not None]
        if len(kept) != len(actors):
            return None
        return [(key, kept)]

    @staticmethod
    def expand(
        parts: list[tuple[Any, list[dict[str, Any]] | None]] | None,
    ) -> list[dict[str, Any]] | None:
        """The file as far as the survey looks at it (its format was the one read)."""
        if parts is None:
            return None
        return [{"format": FORMAT, "document": {"key": k}, "actors": a} for k, a in parts]

    def _actor(self, raw_actor: Any) -> dict[str, Any] | None:
        """The actor if the format accepts it; one object for equal actors, so a message
        carrying many files repeating the same actors carries each once."""
        if not isinstance(raw_actor, dict):
            return None
        ident = repr(raw_actor)
        if ident not in self._actors:
            try:
                ActorIn.model_validate(raw_actor)
            except ValidationError:
                self._actors[ident] = None
            else:
                self._actors[ident] = raw_actor
        return self._actors[ident]


class Survey:
    """What the files of a run define: actors, document keys, and the files to check next."""

    def __init__(
        self,
        files: Sequence[str | Path],
        stored: StoredData,
        *,
        update_actors: bool = False,
        keep_actors: bool = False,
    ) -> None:
        self.files = run_files(files)
        self.labels = self.files.labels
        self.problems = Problems(self.labels)
        self.actors = ActorRegistry(stored, self.problems, update=update_actors, keep=keep_actors)
        self.documents: dict[str, int] = {}  # document key -> the file defining it
        # relations-only files: key -> (file, its relations), checked after the documents
        self.relation_sets: dict[str, tuple[str, AnnotationIn]] = {}
        self.bad_documents: set[str] = set()
        # (file, part) of the annotations to check in pass 2: a ClaimReview file holds one
        # annotation for each review page, any other file one. Two arrays of machine
        # integers, not a list of tuples: 8 bytes a document instead of about 90
        self._files_to_check = array("q")
        self._parts_to_check = array("q")
        self.kept: dict[tuple[int, int], dict[str, Any]] = {}  # parsed, kept for pass 2
        self.shape_failed = False
        self._actor_cache: dict[str, ActorIn] = {}

    def run(self, elsewhere: SurveyedElsewhere | None = None) -> None:
        # a small run keeps its parsed files for pass 2; a big one parses them again, one
        # at a time (decided up front: keeping the first megabytes and dropping them later
        # would only raise the peak memory); files read elsewhere are never whole here
        keep = elsewhere is None and small_run(self.files)
        first = elsewhere.first if elsewhere is not None else len(self.files)
        for i, (path, label) in enumerate(zip(self.files, self.labels, strict=True)):
            parts = elsewhere.parts(i) if elsewhere is not None and i >= first else None
            try:
                if parts is None:  # checked whole in pass 2
                    parts = load_annotations(Path(path), check=False)
            except FileProblem as exc:
                self.report(label, exc)
                continue
            for part, raw in enumerate(parts):
                if not self._survey_file(i, raw):
                    continue
                self._files_to_check.append(i)
                self._parts_to_check.append(part)
                if keep:
                    self.kept[(i, part)] = raw
        if self.problems:
            # a file that did not parse may define actors others use: checking references
            # now would only report them as unknown everywhere; shapes are still checked
            self.shape_failed = True
            return
        self.actors.check_against_database()
        self.actors.check_affiliations()

    @property
    def with_document(self) -> Iterator[tuple[int, int]]:
        """(file, part) of each annotation with a document, in the order of the run."""
        return zip(self._files_to_check, self._parts_to_check, strict=True)

    def report(self, label: str, exc: FileProblem) -> None:
        """A file that cannot be read: one problem, or one per place of ClaimReview markup."""
        for where, message in getattr(exc, "located", [("", str(exc))]):
            self.problems.add(label, where, message)
        self.shape_failed = True

    def _survey_file(self, i: int, raw: dict[str, Any]) -> bool:
        """Format, actors and document key of one file; True if it has a document to check.

        A file with a shape problem here is validated whole, so its problems come out in
        the order of the file, as they would from a single pass.
        """
        path, label = self.files[i], self.labels[i]
        self._adopt_guessed_actors(raw)
        document = raw.get("document")
        actors = raw.get("actors")
        if document is None or not isinstance(actors, list | None) or not format_ok(raw):
            self._whole_file(label, raw, path)
            return False
        parsed = [self._actor(a) for a in actors or []]
        if any(a is None for a in parsed):
            self._whole_file(label, raw, path)
            return False
        self.actors.register(label, [a for a in parsed if a is not None])
        key = document.get("key") if isinstance(document, dict) else None
        if isinstance(key, str):
            if key in self.documents:
                first = self.labels[self.documents[key]]
                message = f"document '{key}' is also defined in {first}"
                self.problems.add(label, "document.key", message)
                self.bad_documents.add(key)
                return False
            self.documents[key] = i
        return True

    def _adopt_guessed_actors(self, raw: dict[str, Any]) -> None:
        """Actors made up from ClaimReview markup (whose kind is only a guess) join the file's
        actors unless the run or the database already has them: those are used as they are."""
        guessed = raw.pop(GUESSED_ACTORS, None)
        if not guessed:
            return
        self.actors.prefetch(a["key"] for a in guessed)
        raw["actors"] = [a for a in guessed if not self.actors.knows(a["key"])]

    def _whole_file(self, label: str, raw: dict[str, Any], path: str) -> None:
        try:
            check_plain_data(raw)
        except FileProblem as exc:
            self.problems.add(label, "", str(exc))
            self.shape_failed = True
            return
        data = self.parse(label, raw)
        if data is None:
            return
        self.actors.register(label, list(data.actors))  # an actors-only file
        if data.is_relation_set:
            self._relation_set(label, data, path)

    def _relation_set(self, label: str, data: AnnotationIn, path: str) -> None:
        """A relations-only file: its key (``key:``, else the file's name), once a run."""
        key = data.key or Path(path).stem
        if data.key is None and (rule := _not_a_key(key)):
            shown = visible_key(key)
            message = f"the file name '{shown}' is not a key ({rule}): give the file a key:"
            self.problems.add(label, "key", message)
        elif key in self.relation_sets:
            message = f"relation set '{key}' is also defined in {self.relation_sets[key][0]}"
            self.problems.add(label, "key", message)
        else:
            self.relation_sets[key] = (label, data)

    def parse(self, label: str, raw: dict[str, Any]) -> AnnotationIn | None:
        """The file's content checked for shape, or None after reporting its problems."""
        try:
            return AnnotationIn.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                where, message = describe_pydantic_error(err)
                self.problems.add(label, where, message)
        self.shape_failed = True
        document = raw.get("document")
        key = document.get("key") if isinstance(document, dict) else None
        if isinstance(key, str):
            self.bad_documents.add(key)
        return None

    def _actor(self, raw_actor: Any) -> ActorIn | None:
        # Corpora repeat the same actor definitions in every file: validate each once.
        ident = repr(raw_actor) if isinstance(raw_actor, dict) else None
        if ident is not None and ident in self._actor_cache:
            return self._actor_cache[ident]
        try:
            actor = ActorIn.model_validate(raw_actor)
        except ValidationError:
            return None
        if ident is not None:
            self._actor_cache[ident] = actor
        return actor


def _not_a_key(name: str) -> str | None:
    """The rule a file name breaks as a relation set's key (``key:`` itself is checked by
    the format), or None: the same rules, so a name never stores what a ``key:`` could not."""
    if KEY_REFUSED.search(name) or not re.match(KEY_PATTERN, name):
        return KEY_HELP
    if len(name) > KEY_LENGTH:
        return f"at most {KEY_LENGTH} characters"
    return None
