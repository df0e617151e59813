"""Everything that makes a set of annotation files importable, checked before any write.

Files are read and checked together: actors may be defined in one file and used in
another, relations may cross documents. The database is consulted (read only) through
:class:`Known` for actors and claims imported earlier. All problems are collected, each
one line naming the file and the place, so a user fixes a batch in one pass.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError, field_validator

from provenance.errors import ValidationFailed
from provenance.ingest.files import (
    MAX_TEXT_BYTES,
    FileProblem,
    annotation_files,
    check_plain_data,
    decode_utf8,
    load_annotation,
    read_bytes,
)
from provenance.ingest.format import FORMAT, KEY_HELP, ActorIn, AnnotationIn, ClaimIn, DocumentIn


def _format_ok(raw: dict[str, Any]) -> bool:
    try:
        _FormatOnly.model_validate({"format": raw.get("format")})
    except ValidationError:
        return False
    return True


class _FormatOnly(BaseModel):
    """The ``format`` field alone, checked before anything else in a file."""

    format: str

    @field_validator("format")
    @classmethod
    def _version(cls, value: str) -> str:
        if value != FORMAT:
            raise ValueError(f"unsupported format '{value}' (this version reads '{FORMAT}')")
        return value


ACTOR_FIELDS = ("name", "kind", "country", "state_affiliated", "affiliation", "role", "description")
MAX_REPORTED = 50


class Known(Protocol):
    """What the database already holds, as far as validation needs to know."""

    def actors(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def actor_keys_like(self, key: str) -> list[str]: ...

    def claim_exists(self, document: str, key: str) -> bool: ...

    def claim_keys_of(self, document: str) -> list[str]: ...

    def document_exists(self, document: str) -> bool: ...


class NothingKnown:
    """An empty database."""

    def actors(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {}

    def actor_keys_like(self, key: str) -> list[str]:
        return []

    def claim_exists(self, document: str, key: str) -> bool:
        return False

    def claim_keys_of(self, document: str) -> list[str]:
        return []

    def document_exists(self, document: str) -> bool:
        return False


@dataclass(frozen=True)
class Hop:
    actor: str
    cue: str | None


@dataclass(frozen=True)
class ResolvedClaim:
    key: str
    start: int
    end: int
    quote: str
    statement: str | None
    kind: str
    direct_quote: bool
    cue: str | None
    made_on: Any
    originator: str
    chains: tuple[tuple[Hop, ...], ...]


@dataclass(frozen=True)
class ResolvedRelation:
    from_doc: str
    from_key: str
    type: str
    to_doc: str
    to_key: str
    note: str | None


@dataclass
class ResolvedDocument:
    key: str
    title: str | None
    publisher: str | None
    published: Any
    language: str | None
    url: str | None
    text: str
    text_sha256: str
    content_sha256: str
    listed_sources: list[str]
    claims: list[ResolvedClaim]
    relations: list[ResolvedRelation]
    source_path: str


@dataclass
class Batch:
    """A validated import: actors merged by key, documents with resolved spans."""

    files: list[str] = field(default_factory=list)
    actors: dict[str, ActorIn] = field(default_factory=dict)
    documents: list[ResolvedDocument] = field(default_factory=list)

    @property
    def claim_count(self) -> int:
        return sum(len(d.claims) for d in self.documents)


@dataclass
class _Parsed:
    label: str
    path: Path
    data: AnnotationIn


@dataclass
class DeferredRef:
    """A reference to a claim of another document of the same run, checked at the end."""

    label: str
    where: str
    document: str
    key: str


# Messages quote what the file says; a control character or line break there (a field
# named "a\nb", a format "\x1ev1") must not split one problem over two lines.
_ONE_LINE = {code: repr(chr(code))[1:-1] for code in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}


class _Problems:
    """Problem lines, reported grouped by file in the order the files were given."""

    def __init__(self, order: Sequence[str] = ()) -> None:
        self.lines: list[str] = []
        self._order = order  # ranked only if there is something to report
        self._labels: list[str] = []

    def add(self, label: str, where: str, message: str) -> None:
        line = f"{label}: {where}: {message}" if where else f"{label}: {message}"
        self.lines.append(line.translate(_ONE_LINE))
        self._labels.append(label)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def raise_if_any(self) -> None:
        if self.lines:
            rank = {label: i for i, label in enumerate(self._order)}
            ranks = [rank.get(label, -1) for label in self._labels]
            ordered = sorted(range(len(self.lines)), key=ranks.__getitem__)
            shown = [self.lines[i] for i in ordered][:MAX_REPORTED]
            if len(self.lines) > MAX_REPORTED:
                shown.append(f"... and {len(self.lines) - MAX_REPORTED} more problems")
            raise ValidationFailed(shown)


def display_path(path: str | Path) -> str:
    """The path as the user would recognise it: relative to the working folder if it is
    inside it (no symlink resolution: a corpus has thousands of files)."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


def collect_files(paths: Sequence[str | Path]) -> list[str]:
    problems = _Problems()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.add(str(raw), "", "no such file or folder")
            continue
        found = annotation_files(path)
        if path.is_dir() and not found:
            problems.add(str(raw), "", "folder holds no annotation files (*.yaml, *.yml, *.json)")
        files.extend(found)
    problems.raise_if_any()
    # strings, not Path objects: a corpus of 50,000 files is held for the whole run, and
    # a Path keeps each of its components as a separate string (5x the memory)
    unique: dict[str, str] = {}
    for f in files:
        unique.setdefault(os.path.abspath(f), str(f))
    return list(unique.values())


def validate_files(files: Sequence[str | Path], known: Known) -> Batch:
    """Check everything and keep the resolved documents in memory (small runs, tests)."""
    checker = Checker(files, known, keep_claim_keys=True)
    checker.survey()
    documents = list(checker.documents())
    checker.finish(checker.claims_known_in_run)
    return Batch(files=checker.labels, actors=checker.actors, documents=documents)


# Under this many bytes of annotations, the survey's parse is kept for the second pass.
_REPARSE_ABOVE = 8 * 1024 * 1024


def _total_size(files: Sequence[str]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # reported when the file is read
            total += os.stat(path).st_size
    return total


class Checker:
    """Checks a run in two passes so memory stays bounded by one document, not the corpus.

    ``survey()`` reads every file for what other files may refer to (actors, document
    keys); ``documents()`` then checks and yields one resolved document at a time (an
    importer writes it at once); ``finish()`` checks the references between documents of
    the run, once they are all known. Problems accumulate in ``problems``; ``finish()``
    raises :class:`ValidationFailed` if there is any.
    """

    def __init__(self, files: Sequence[str | Path], known: Known, *, keep_claim_keys: bool) -> None:
        self.files = [os.fspath(f) for f in files]
        self.known = known
        self.keep_claim_keys = keep_claim_keys
        # the label is most often the path as given: keep one string, not two
        self.labels = [f if (label := display_path(f)) == f else label for f in self.files]
        self.problems = _Problems(self.labels)
        self.actors: dict[str, ActorIn] = {}
        self.actor_origin: dict[str, tuple[str, int]] = {}
        self.db_actors: dict[str, dict[str, Any] | None] = {}
        self.run_documents: dict[str, str] = {}  # key -> label
        self.bad_documents: set[str] = set()
        self.doc_claims: dict[str, set[str]] = {}
        self.deferred: list[DeferredRef] = []
        self.document_count = 0
        self.claim_count = 0
        self._raw: dict[int, dict[str, Any]] = {}
        self._with_document: list[int] = []
        self._actor_cache: dict[str, ActorIn] = {}
        self.shape_failed = False

    # -- pass 1 ------------------------------------------------------------------

    def survey(self) -> None:
        # a small run keeps its parsed files for pass 2; a big one parses them again, one
        # at a time (decided up front: keeping the first megabytes and dropping them later
        # would only raise the peak memory)
        keep = _total_size(self.files) <= _REPARSE_ABOVE
        for i, (path, label) in enumerate(zip(self.files, self.labels, strict=True)):
            try:
                raw = load_annotation(Path(path), check=False)  # checked whole in pass 2
            except FileProblem as exc:
                self.problems.add(label, "", str(exc))
                self.shape_failed = True
                continue
            if not self._survey_file(label, raw):
                continue
            self._with_document.append(i)
            if keep:
                self._raw[i] = raw
        if self.problems:
            # a file that did not parse may define actors others use: checking references
            # now would only report them as unknown everywhere; shapes are still checked
            self.shape_failed = True
            return
        self._check_actor_conflicts_with_db()
        self._check_affiliations()

    def _survey_file(self, label: str, raw: dict[str, Any]) -> bool:
        """Format, actors and document key of one file; True if it has a document to check.

        A file with a shape problem here is validated whole, so its problems come out in
        the order of the file, as they would from a single pass.
        """
        document = raw.get("document")
        actors = raw.get("actors")
        if document is None or not isinstance(actors, list | None) or not _format_ok(raw):
            self._whole_file(label, raw)
            return False
        parsed = [self._actor(a) for a in actors or []]
        if any(a is None for a in parsed):
            self._whole_file(label, raw)
            return False
        self._register_actors(label, [a for a in parsed if a is not None])
        key = document.get("key") if isinstance(document, dict) else None
        if isinstance(key, str):
            if key in self.run_documents:
                self.problems.add(
                    label,
                    "document.key",
                    f"document '{key}' is also defined in {self.run_documents[key]}",
                )
                self.bad_documents.add(key)
                return False
            self.run_documents[key] = label
        return True

    def _whole_file(self, label: str, raw: dict[str, Any]) -> None:
        try:
            check_plain_data(raw)
        except FileProblem as exc:
            self.problems.add(label, "", str(exc))
            self.shape_failed = True
            return
        try:
            data = AnnotationIn.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                where, message = describe_pydantic_error(err)
                self.problems.add(label, where, message)
            self.shape_failed = True
            self._mark_bad(raw)
            return
        self._register_actors(label, list(data.actors))  # an actors-only file

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

    def _register_actors(self, label: str, actors: list[ActorIn]) -> None:
        local: set[str] = set()
        for i, actor in enumerate(actors):
            where = f"actors[{i}]"
            if actor.key in local:
                self.problems.add(label, f"{where}.key", f"duplicate actor key '{actor.key}'")
                continue
            local.add(actor.key)
            previous = self.actors.get(actor.key)
            if previous is None:
                self.actors[actor.key] = actor
                self.actor_origin[actor.key] = (label, i)
                continue
            if previous == actor:
                continue
            diffs = _actor_differences(previous.model_dump(), actor.model_dump())
            if diffs:
                self.problems.add(
                    label,
                    where,
                    f"actor '{actor.key}' is defined differently in "
                    f"{self.actor_origin[actor.key][0]}: {diffs}",
                )
            else:
                self.actors[actor.key] = _merge(previous, actor)

    def _check_actor_conflicts_with_db(self) -> None:
        wanted = set(self.actors) | {a.affiliation for a in self.actors.values() if a.affiliation}
        self._load_db_actors(wanted)
        for key, actor in self.actors.items():
            stored = self.db_actors.get(key)
            if stored is None:
                continue
            diffs = _actor_differences(stored, actor.model_dump(), theirs="database")
            if diffs:
                label, index = self.actor_origin[key]
                self.problems.add(
                    label, f"actors[{index}]", f"actor '{key}' differs from the database: {diffs}"
                )

    def _load_db_actors(self, keys: Iterable[str]) -> None:
        missing = [k for k in keys if k not in self.db_actors]
        if not missing:
            return
        found = self.known.actors(missing)
        for key in missing:
            self.db_actors[key] = found.get(key)

    def _check_affiliations(self) -> None:
        for key, actor in self.actors.items():
            if actor.affiliation is None:
                continue
            label, index = self.actor_origin[key]
            where = f"actors[{index}].affiliation"
            if actor.affiliation == actor.key:
                self.problems.add(label, where, f"actor '{actor.key}' cannot belong to itself")
                continue
            if not self._actor_known(actor.affiliation):
                self.problems.add(label, where, self._unknown_actor(actor.affiliation))
                continue
            seen = [actor.key]
            current: str | None = actor.affiliation
            while current is not None and current in self.actors:
                if current in seen:
                    cycle = " -> ".join([*seen, current])
                    self.problems.add(label, where, f"affiliations form a cycle: {cycle}")
                    break
                seen.append(current)
                current = self.actors[current].affiliation

    def _actor_known(self, key: str) -> bool:
        if key in self.actors:
            return True
        if key not in self.db_actors:
            self._load_db_actors([key])
        return self.db_actors.get(key) is not None

    def _unknown_actor(self, key: str) -> str:
        candidates = set(self.actors) | {k for k, v in self.db_actors.items() if v is not None}
        candidates.update(self.known.actor_keys_like(key))
        by_alias = {alias.casefold(): a.key for a in self.actors.values() for alias in a.aliases}
        hint = by_alias.get(key.casefold())
        if hint is None:
            hint = _closest(key, candidates)
        suffix = f" (did you mean '{hint}'?)" if hint else ""
        return f"unknown actor '{key}'{suffix}"

    def _check_actor_ref(self, label: str, where: str, key: str) -> bool:
        if self._actor_known(key):
            return True
        self.problems.add(label, where, self._unknown_actor(key))
        return False

    # -- pass 2 ------------------------------------------------------------------

    def documents(self) -> Iterator[ResolvedDocument]:
        """Check each document in turn; yield those without problems."""
        for i in self._with_document:
            path, label = self.files[i], self.labels[i]
            raw = self._raw.pop(i, None)
            try:
                if raw is None:
                    raw = load_annotation(Path(path), check=False)
                check_plain_data(raw)
            except FileProblem as exc:
                self.problems.add(label, "", str(exc))
                self.shape_failed = True
                continue
            body = {k: v for k, v in raw.items() if k != "actors"}
            try:
                data = AnnotationIn.model_validate(body)
            except ValidationError as exc:
                for err in exc.errors():
                    where, message = describe_pydantic_error(err)
                    self.problems.add(label, where, message)
                self._mark_bad(raw)
                self.shape_failed = True
                continue
            assert data.document is not None
            if self.shape_failed:
                continue
            self._prefetch_actors(data)
            resolved = self._document(_Parsed(label, Path(path), data))
            if resolved is None:
                self.bad_documents.add(data.document.key)
                continue
            self.document_count += 1
            self.claim_count += len(resolved.claims)
            yield resolved

    def _mark_bad(self, raw: dict[str, Any]) -> None:
        document = raw.get("document")
        key = document.get("key") if isinstance(document, dict) else None
        if isinstance(key, str):
            self.bad_documents.add(key)

    def _prefetch_actors(self, data: AnnotationIn) -> None:
        """One query for the actors a document uses that no file of the run defines."""
        doc = data.document
        assert doc is not None
        keys = {*doc.listed_sources, *([doc.publisher] if doc.publisher else [])}
        for claim in data.claims:
            keys.add(claim.originator)
            keys.update(h.actor for chain in claim.all_chains() for h in chain)
        self._load_db_actors(k for k in keys if k not in self.actors)

    def claims_known_in_run(self, refs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        return {(d, k) for d, k in refs if k in self.doc_claims.get(d, ())}

    def finish(self, existing: Callable[[Iterable[tuple[str, str]]], set[tuple[str, str]]]) -> None:
        """Check references to claims of other documents of the run; raise on any problem.

        ``existing`` answers, for many (document, key) pairs at once, which exist.
        """
        wanted = [r for r in self.deferred if r.document not in self.bad_documents]
        found = existing({(r.document, r.key) for r in wanted}) if wanted else set()
        for ref in wanted:
            if (ref.document, ref.key) not in found:
                self.problems.add(
                    ref.label, ref.where, f"unknown claim '{ref.key}' in document '{ref.document}'"
                )
        self.problems.raise_if_any()

    def take_deferred(self) -> list[DeferredRef]:
        """Hand over the references waiting for the end: an importer keeps them on disk."""
        taken, self.deferred = self.deferred, []
        return taken

    def report_unknown(self, unknown: Iterable[tuple[str, str, str, str]]) -> None:
        """What ``finish()`` does, for references the caller found unknown itself
        (label, where, document, claim key); raise on any problem."""
        for label, where, document, key in unknown:
            if document not in self.bad_documents:
                self.problems.add(label, where, f"unknown claim '{key}' in document '{document}'")
        self.problems.raise_if_any()

    # -- documents and claims -------------------------------------------------

    def _document(self, p: _Parsed) -> ResolvedDocument | None:
        doc = p.data.document
        assert doc is not None
        before = len(self.problems.lines)
        text = self._text_of(p, doc)
        if doc.publisher:
            self._check_actor_ref(p.label, "document.publisher", doc.publisher)
        for i, src in enumerate(doc.listed_sources):
            self._check_actor_ref(p.label, f"document.listed_sources[{i}]", src)
        if len(set(doc.listed_sources)) != len(doc.listed_sources):
            self.problems.add(p.label, "document.listed_sources", "a source is listed twice")
        self.doc_claims[doc.key] = {c.key for c in p.data.claims}
        claims: list[ResolvedClaim] = []
        keys: set[str] = set()
        for i, claim in enumerate(p.data.claims):
            where = f"claims[{i}]"
            if claim.key in keys:
                self.problems.add(p.label, f"{where}.key", f"duplicate claim key '{claim.key}'")
                continue
            keys.add(claim.key)
            resolved = self._claim(p, where, claim, text, doc)
            if resolved is not None:
                claims.append(resolved)
        relations = self._relations(p, doc.key)
        if not self.keep_claim_keys:
            del self.doc_claims[doc.key]
        if len(self.problems.lines) != before or text is None:
            return None
        text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        resolved_doc = ResolvedDocument(
            key=doc.key,
            title=doc.title,
            publisher=doc.publisher,
            published=doc.published,
            language=doc.language,
            url=doc.url,
            text=text,
            text_sha256=text_sha,
            content_sha256="",
            listed_sources=list(doc.listed_sources),
            claims=claims,
            relations=relations,
            source_path=p.label,
        )
        resolved_doc.content_sha256 = content_hash(resolved_doc)
        return resolved_doc

    def _text_of(self, p: _Parsed, doc: DocumentIn) -> str | None:
        if doc.text is not None:
            return doc.text
        assert doc.text_file is not None
        path = (p.path.parent / doc.text_file).resolve()
        what = f"text file {doc.text_file}"
        try:
            text = decode_utf8(read_bytes(path, MAX_TEXT_BYTES, what), what)
        except FileProblem as exc:
            self.problems.add(p.label, "document.text_file", str(exc))
            return None
        if not text.strip():
            self.problems.add(p.label, "document.text_file", f"{what} is empty")
            return None
        if "\x00" in text:
            # PostgreSQL cannot store it; refusing it everywhere keeps the backends equal.
            offset = text.index("\x00")
            self.problems.add(
                p.label,
                "document.text_file",
                f"{what} contains a NUL character at offset {offset} (a binary file?)",
            )
            return None
        return text

    def _claim(
        self, p: _Parsed, where: str, claim: ClaimIn, text: str | None, doc: DocumentIn
    ) -> ResolvedClaim | None:
        ok = self._check_actor_ref(p.label, f"{where}.originator", claim.originator)
        chains: list[tuple[Hop, ...]] = []
        many = claim.chains is not None
        for c, chain in enumerate(claim.all_chains()):
            seen = [claim.originator]
            hops: list[Hop] = []
            for h, hop in enumerate(chain):
                hop_where = f"{where}.chains[{c}][{h}]" if many else f"{where}.chain[{h}]"
                ok = self._check_actor_ref(p.label, f"{hop_where}.actor", hop.actor) and ok
                if hop.actor in seen:
                    path = " > ".join([*seen, hop.actor])
                    self.problems.add(
                        p.label,
                        f"{hop_where}.actor",
                        f"relay chain loops back on itself: '{hop.actor}' appears twice ({path})",
                    )
                    ok = False
                seen.append(hop.actor)
                hops.append(Hop(hop.actor, hop.cue))
            chains.append(tuple(hops))
        if len(set(chains)) != len(chains):
            self.problems.add(p.label, f"{where}.chains", "the same chain is given twice")
            ok = False
        if claim.date is not None and doc.published is not None and claim.date > doc.published:
            self.problems.add(
                p.label,
                f"{where}.date",
                f"claim dated {claim.date} is after the document's publication date "
                f"{doc.published}",
            )
            ok = False
        if text is None:
            return None
        span = self._span(p.label, where, claim, text, doc)
        if span is None or not ok:
            return None
        start, end = span
        return ResolvedClaim(
            key=claim.key,
            start=start,
            end=end,
            quote=text[start:end],
            statement=claim.statement,
            kind=claim.kind,
            direct_quote=claim.direct_quote,
            cue=claim.cue,
            made_on=claim.date,
            originator=claim.originator,
            chains=tuple(chains),
        )

    def _span(
        self, label: str, where: str, claim: ClaimIn, text: str, doc: DocumentIn
    ) -> tuple[int, int] | None:
        source = doc.text_file or "the document text"
        if claim.start is not None and claim.end is not None:
            if claim.end > len(text):
                self.problems.add(
                    label,
                    f"{where}.end",
                    f"offset {claim.end} is past the end of the text ({len(text)} characters)",
                )
                return None
            found = text[claim.start : claim.end]
            if claim.quote is not None and found != claim.quote:
                self.problems.add(
                    label,
                    f"{where}.start",
                    f"offsets {claim.start}-{claim.end} hold {_excerpt(found)}, "
                    f"not the quote {_excerpt(claim.quote)}",
                )
                return None
            return claim.start, claim.end
        quote = claim.quote
        assert quote is not None
        positions = _find_all(text, quote)
        if not positions:
            self.problems.add(
                label,
                f"{where}.quote",
                f"quote {_excerpt(quote)} not found in {source}{_near_miss(text, quote)}",
            )
            return None
        if claim.occurrence is None:
            if len(positions) > 1:
                self.problems.add(
                    label,
                    f"{where}.quote",
                    f"quote {_excerpt(quote)} occurs {len(positions)} times in {source}; "
                    f"add occurrence: 1..{len(positions)} (or start/end)",
                )
                return None
            return positions[0], positions[0] + len(quote)
        if claim.occurrence > len(positions):
            self.problems.add(
                label,
                f"{where}.occurrence",
                f"occurrence {claim.occurrence} asked, but the quote occurs "
                f"{len(positions)} time(s) in {source}",
            )
            return None
        start = positions[claim.occurrence - 1]
        return start, start + len(quote)

    # -- relations ------------------------------------------------------------

    def _relations(self, p: _Parsed, doc_key: str) -> list[ResolvedRelation]:
        out: list[ResolvedRelation] = []
        seen: set[tuple[str, str, str, str, str]] = set()
        for i, rel in enumerate(p.data.relations):
            where = f"relations[{i}]"
            src = self._claim_ref(p.label, f"{where}.from", rel.from_, doc_key)
            dst = self._claim_ref(p.label, f"{where}.to", rel.to, doc_key)
            if src is None or dst is None:
                continue
            if src == dst:
                self.problems.add(
                    p.label, where, f"claim '{rel.from_}' is related to itself ({rel.type})"
                )
                continue
            ident = (*src, rel.type, *dst)
            if ident in seen:
                self.problems.add(p.label, where, "duplicate relation")
                continue
            seen.add(ident)
            out.append(ResolvedRelation(src[0], src[1], rel.type, dst[0], dst[1], rel.note))
        return out

    def _claim_ref(self, label: str, where: str, ref: str, doc_key: str) -> tuple[str, str] | None:
        doc, _, key = ref.rpartition("/")
        doc = doc or doc_key
        if doc != doc_key and doc in self.run_documents and doc not in self.doc_claims:
            # a document of this run not checked yet (or not kept): check once all are known
            self.deferred.append(DeferredRef(label, where, doc, key))
            return doc, key
        if doc in self.doc_claims:
            if key in self.doc_claims[doc]:
                return doc, key
            hint = _closest(key, self.doc_claims[doc])
            other = [d for d, ks in self.doc_claims.items() if d != doc and key in ks]
            if hint:
                suffix = f" (did you mean '{hint}'?)"
            elif other and doc == doc_key:
                suffix = f" (it is in document '{other[0]}': write '{other[0]}/{key}')"
            else:
                suffix = ""
            scope = "" if doc == doc_key else f" in document '{doc}'"
            self.problems.add(label, where, f"unknown claim '{key}'{scope}{suffix}")
            return None
        if self.known.claim_exists(doc, key):
            return doc, key
        if not self.known.document_exists(doc):
            self.problems.add(label, where, f"unknown document '{doc}' in claim reference '{ref}'")
            return None
        hint = _closest(key, self.known.claim_keys_of(doc))
        suffix = f" (did you mean '{doc}/{hint}'?)" if hint else ""
        self.problems.add(label, where, f"unknown claim '{key}' in document '{doc}'{suffix}")
        return None


def content_hash(doc: ResolvedDocument) -> str:
    """A digest of everything an import would write for this document (actors aside)."""
    payload = {
        "key": doc.key,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": str(doc.published),
        "language": doc.language,
        "url": doc.url,
        "text": doc.text_sha256,
        "sources": doc.listed_sources,
        "claims": [
            [
                c.key,
                c.start,
                c.end,
                c.statement,
                c.kind,
                c.direct_quote,
                c.cue,
                str(c.made_on),
                c.originator,
                [[(h.actor, h.cue) for h in chain] for chain in c.chains],
            ]
            for c in doc.claims
        ],
        "relations": [
            [r.from_doc, r.from_key, r.type, r.to_doc, r.to_key, r.note] for r in doc.relations
        ],
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _actor_differences(
    ours: dict[str, Any], theirs_fields: dict[str, Any], theirs: str = "file"
) -> str:
    """Fields both sides set to different values; a side that leaves a field out agrees."""
    diffs = []
    for name in ACTOR_FIELDS:
        a, b = ours.get(name), theirs_fields.get(name)
        if a is not None and b is not None and a != b:
            left = "database" if theirs == "database" else "there"
            diffs.append(f"{name} {a!r} ({left}) vs {b!r} (here)")
    return "; ".join(diffs)


def _merge(first: ActorIn, second: ActorIn) -> ActorIn:
    values = first.model_dump()
    for name in ACTOR_FIELDS:
        if values.get(name) is None:
            values[name] = getattr(second, name)
    values["aliases"] = list(dict.fromkeys([*first.aliases, *second.aliases]))
    return ActorIn.model_validate(values)


def _find_all(text: str, quote: str) -> list[int]:
    positions = []
    i = text.find(quote)
    while i != -1:
        positions.append(i)
        i = text.find(quote, i + 1)
    return positions


_LOOKALIKES = str.maketrans(
    {"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"', "\u00a0": " ", "\u202f": " "}
)


def _near_miss(text: str, quote: str) -> str:
    """Say why a quote almost matched: typographic apostrophes, spaces, case."""

    def fold(s: str) -> str:
        return " ".join(s.translate(_LOOKALIKES).split())

    if fold(quote) in fold(text):
        return (
            " (it matches if apostrophes, guillemets or spaces are ignored: copy the text exactly)"
        )
    if fold(quote).casefold() in fold(text).casefold():
        return " (it matches ignoring case: copy the text exactly)"
    return ""


def _excerpt(value: str, width: int = 60) -> str:
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def _closest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def describe_pydantic_error(err: Any) -> tuple[str, str]:
    """One Pydantic error as (``claims[3].chain[1].actor``, a message a person understands)."""
    loc = list(err.get("loc", ()))
    kind = err.get("type", "")
    value = err.get("input")
    if kind == "extra_forbidden":
        name = str(loc.pop()) if loc else "?"
        where = _format_loc(loc)
        hint = _closest(name, _fields_at(loc))
        suffix = f" (did you mean '{hint}'?)" if hint else ""
        return where, f"unknown field '{name}'{suffix}"
    where = _format_loc(loc)
    if kind == "missing":
        return where, "required field missing"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        hint = _closest(str(value), options) if isinstance(value, str) else None
        suffix = f" (did you mean '{hint}'?)" if hint else ""
        return where, f"{value!r} is not one of: {', '.join(options)}{suffix}"
    if kind == "string_pattern_mismatch":
        last = loc[-1] if loc else ""
        if last in ("language",):
            return where, f"{value!r} is not a language tag (e.g. fr, en, ar, pt-BR)"
        if last == "url":
            return where, f"{value!r} is not a URL"
        if last in ("from", "to"):
            return where, f"{value!r} is not a claim reference (KEY or DOCUMENT/KEY)"
        return where, f"{value!r} is not a valid key ({KEY_HELP})"
    if kind.startswith("date"):
        reason = err.get("msg", "").split(",", 1)[-1].strip()
        return where, f"{value!r} is not a valid date (YYYY-MM-DD): {reason}"
    if kind == "bool_type":
        return where, f"expected true or false, got {value!r}"
    if kind in ("int_type", "int_parsing"):
        return where, f"expected a whole number, got {value!r}"
    if kind in ("string_type",):
        return where, f"expected a string, got {value!r}"
    if kind == "string_too_short":
        return where, "must not be empty"
    if kind in ("list_type",):
        return where, f"expected a list, got {type(value).__name__}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return where, f"expected a mapping, got {_short(value)}"
    if kind == "value_error":
        return where, str(err.get("msg", "")).removeprefix("Value error, ")
    msg = str(err.get("msg", "invalid value"))
    return where, f"{msg} (got {_short(value)})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _fields_at(loc: Sequence[Any]) -> list[str]:
    from provenance.ingest.format import (
        ActorIn,
        AnnotationIn,
        ClaimIn,
        DocumentIn,
        HopIn,
        RelationIn,
    )

    names = [p for p in loc if isinstance(p, str)]
    model: Any = AnnotationIn
    table = {
        "document": DocumentIn,
        "actors": ActorIn,
        "claims": ClaimIn,
        "relations": RelationIn,
        "chain": HopIn,
        "chains": HopIn,
    }
    if names:
        model = table.get(names[-1], AnnotationIn)
    fields = list(model.model_fields)
    if model is RelationIn:
        fields = ["from" if f == "from_" else f for f in fields]
    return fields
