"""Everything that makes a set of annotation files importable, checked before any write.

Files are read and checked together: actors may be defined in one file and used in
another, relations may cross documents. The database is consulted (read only) through
:class:`Known` for actors and claims imported earlier. All problems are collected, each
one line naming the file and the place, so a user fixes a batch in one pass.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from .annotation import KEY_HELP, ActorIn, AnnotationIn, ClaimIn, DocumentIn
from .errors import ValidationFailed
from .loader import (
    MAX_TEXT_BYTES,
    FileProblem,
    annotation_files,
    decode_utf8,
    load_annotation,
    read_bytes,
)

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


# Messages quote what the file says; a control character or line break there (a field
# named "a\nb", a format "\x1ev1") must not split one problem over two lines.
_ONE_LINE = {code: repr(chr(code))[1:-1] for code in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, label: str, where: str, message: str) -> None:
        line = f"{label}: {where}: {message}" if where else f"{label}: {message}"
        self.lines.append(line.translate(_ONE_LINE))

    def __bool__(self) -> bool:
        return bool(self.lines)

    def raise_if_any(self) -> None:
        if self.lines:
            shown = self.lines[:MAX_REPORTED]
            if len(self.lines) > MAX_REPORTED:
                shown.append(f"... and {len(self.lines) - MAX_REPORTED} more problems")
            raise ValidationFailed(shown)


def display_path(path: Path) -> str:
    """The path as the user would recognise it: relative to the working folder if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def collect_files(paths: Sequence[str | Path]) -> list[Path]:
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
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


def validate_paths(paths: Sequence[str | Path], known: Known | None = None) -> Batch:
    """Read and check annotation files (and folders of them) as one batch."""
    return validate_files(collect_files(paths), known or NothingKnown())


def validate_files(files: Sequence[Path], known: Known) -> Batch:
    problems = _Problems()
    parsed: list[_Parsed] = []
    for path in files:
        label = display_path(path)
        try:
            raw = load_annotation(path)
        except FileProblem as exc:
            problems.add(label, "", str(exc))
            continue
        try:
            parsed.append(_Parsed(label, path, AnnotationIn.model_validate(raw)))
        except ValidationError as exc:
            for err in exc.errors():
                where, message = describe_pydantic_error(err)
                problems.add(label, where, message)
    problems.raise_if_any()
    return _Checker(parsed, known, problems).run()


class _Checker:
    def __init__(self, parsed: list[_Parsed], known: Known, problems: _Problems) -> None:
        self.parsed = parsed
        self.known = known
        self.problems = problems
        self.batch = Batch(files=[p.label for p in parsed])
        self.actor_origin: dict[str, str] = {}
        self.db_actors: dict[str, dict[str, Any]] = {}
        self.doc_claims: dict[str, set[str]] = {}

    def run(self) -> Batch:
        self._merge_actors()
        referenced = self._referenced_actor_keys()
        self.db_actors = self.known.actors(referenced | set(self.batch.actors))
        self._check_actor_conflicts_with_db()
        self._check_affiliations()
        docs = [p for p in self.parsed if p.data.document is not None]
        seen_docs: dict[str, str] = {}
        for p in docs:
            assert p.data.document is not None
            key = p.data.document.key
            if key in seen_docs:
                self.problems.add(
                    p.label, "document.key", f"document '{key}' is also defined in {seen_docs[key]}"
                )
                continue
            seen_docs[key] = p.label
            self.doc_claims[key] = {c.key for c in p.data.claims}
        resolved = [self._document(p) for p in docs if p.data.document is not None]
        self.problems.raise_if_any()
        self.batch.documents = [d for d in resolved if d is not None]
        self._check_cross_document_relations(docs)
        self.problems.raise_if_any()
        return self.batch

    # -- actors ---------------------------------------------------------------

    def _merge_actors(self) -> None:
        for p in self.parsed:
            local: set[str] = set()
            for i, actor in enumerate(p.data.actors):
                where = f"actors[{i}]"
                if actor.key in local:
                    self.problems.add(p.label, f"{where}.key", f"duplicate actor key '{actor.key}'")
                    continue
                local.add(actor.key)
                previous = self.batch.actors.get(actor.key)
                if previous is None:
                    self.batch.actors[actor.key] = actor
                    self.actor_origin[actor.key] = p.label
                    continue
                diffs = _actor_differences(previous.model_dump(), actor.model_dump())
                if diffs:
                    self.problems.add(
                        p.label,
                        where,
                        f"actor '{actor.key}' is defined differently in "
                        f"{self.actor_origin[actor.key]}: {diffs}",
                    )
                else:
                    merged = _merge(previous, actor)
                    self.batch.actors[actor.key] = merged

    def _referenced_actor_keys(self) -> set[str]:
        keys: set[str] = set()
        for p in self.parsed:
            doc = p.data.document
            if doc is not None:
                if doc.publisher:
                    keys.add(doc.publisher)
                keys.update(doc.listed_sources)
            for a in p.data.actors:
                if a.affiliation:
                    keys.add(a.affiliation)
            for c in p.data.claims:
                keys.add(c.originator)
                keys.update(h.actor for chain in c.all_chains() for h in chain)
        return keys

    def _check_actor_conflicts_with_db(self) -> None:
        for key, actor in self.batch.actors.items():
            stored = self.db_actors.get(key)
            if stored is None:
                continue
            diffs = _actor_differences(stored, actor.model_dump(), theirs="database")
            if diffs:
                self.problems.add(
                    self.actor_origin[key],
                    f"actors[{self._actor_index(key)}]",
                    f"actor '{key}' differs from the database: {diffs}",
                )

    def _actor_index(self, key: str) -> int:
        for p in self.parsed:
            if p.label == self.actor_origin[key]:
                for i, a in enumerate(p.data.actors):
                    if a.key == key:
                        return i
        return 0

    def _check_affiliations(self) -> None:
        for p in self.parsed:
            for i, actor in enumerate(p.data.actors):
                if actor.affiliation is None:
                    continue
                where = f"actors[{i}].affiliation"
                if actor.affiliation == actor.key:
                    self.problems.add(
                        p.label, where, f"actor '{actor.key}' cannot belong to itself"
                    )
                    continue
                if not self._actor_known(actor.affiliation):
                    self.problems.add(p.label, where, self._unknown_actor(actor.affiliation))
                    continue
                seen = [actor.key]
                current: str | None = actor.affiliation
                while current is not None and current in self.batch.actors:
                    if current in seen:
                        cycle = " -> ".join([*seen, current])
                        self.problems.add(p.label, where, f"affiliations form a cycle: {cycle}")
                        break
                    seen.append(current)
                    current = self.batch.actors[current].affiliation

    def _actor_known(self, key: str) -> bool:
        return key in self.batch.actors or key in self.db_actors

    def _unknown_actor(self, key: str) -> str:
        candidates = set(self.batch.actors) | set(self.db_actors)
        candidates.update(self.known.actor_keys_like(key))
        by_alias = {
            alias.casefold(): a.key for a in self.batch.actors.values() for alias in a.aliases
        }
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

    def _check_cross_document_relations(self, docs: list[_Parsed]) -> None:
        """Relations are checked per file; nothing more is needed once all refs resolve."""


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
    from .annotation import ActorIn, AnnotationIn, ClaimIn, DocumentIn, HopIn, RelationIn

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
