"""The checks of one document: its text, its claims' spans, chains and dates, its relations.

Actors come from the run's :class:`~provenance.ingest.registry.ActorRegistry`; references to
claims of other documents of the run wait in :class:`~provenance.ingest.references.RunClaims`.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from provenance.ingest.files import MAX_TEXT_BYTES, FileProblem, decode_utf8, read_bytes
from provenance.ingest.format import AnnotationIn, ClaimIn, DocumentIn, Verdict
from provenance.ingest.occurrences import QuoteFinder
from provenance.ingest.problems import Problems, storable
from provenance.ingest.references import RunClaims
from provenance.ingest.registry import ActorRegistry
from provenance.ingest.relations import RelationChecker
from provenance.ingest.resolved import (
    Hop,
    ResolvedClaim,
    ResolvedDocument,
    ResolvedReview,
    content_hash,
)
from provenance.ingest.spans import Miss, locate
from provenance.ingest.stored import StoredData
from provenance.store.rating_scale import scale_fault, scale_text


@dataclass
class ParsedFile:
    """An annotation file whose shape is valid: its name for messages, path, and content."""

    label: str
    path: Path
    data: AnnotationIn


@dataclass
class RunContext:
    """What the checks of one document consult about the rest of the run."""

    problems: Problems
    actors: ActorRegistry
    stored: StoredData
    documents: Mapping[str, int]  # document key -> the file defining it, for the whole run
    claims: RunClaims


def _path_to(seen: dict[str, None], again: str, shown: int = 10) -> str:
    """``a > b > a``; a long chain shows its first and last names, not every hop (a chain
    of thousands of hops repeating itself must not cost thousands of names per problem)."""
    if len(seen) <= shown:
        names = [*seen]
    else:
        half = shown // 2
        last = [*itertools.islice(reversed(seen), shown - half)][::-1]
        names = [*itertools.islice(seen, half), f"… ({len(seen) - shown} more)", *last]
    return " > ".join([*names, again])


class DocumentChecker:
    """Checks one document of a run; :meth:`check` returns it resolved, or None on problems."""

    def __init__(self, run: RunContext, parsed: ParsedFile) -> None:
        self.run = run
        self.problems = run.problems
        self.label = parsed.label
        self.path = parsed.path
        self.data = parsed.data
        assert parsed.data.document is not None
        self.doc: DocumentIn = parsed.data.document
        self.claim_keys = {c.key for c in parsed.data.claims}
        # claim references (of relations and reviews) checked the same way everywhere
        self.refs = RelationChecker(run, self.label, self.doc.key, self.claim_keys)

    def _actor(self, where: str, key: str) -> bool:
        return self.run.actors.check_reference(self.label, where, key)

    def check(self) -> ResolvedDocument | None:
        doc = self.doc
        before = len(self.problems)
        text = self._text()
        if doc.publisher:
            self._actor("document.publisher", doc.publisher)
        for i, src in enumerate(doc.listed_sources):
            self._actor(f"document.listed_sources[{i}]", src)
        if len(set(doc.listed_sources)) != len(doc.listed_sources):
            self.problems.add(self.label, "document.listed_sources", "a source is listed twice")
        claims: list[ResolvedClaim] = []
        keys: set[str] = set()
        quotes = QuoteFinder(text) if text is not None else None
        for i, claim in enumerate(self.data.claims):
            where = f"claims[{i}]"
            if claim.key in keys:
                self.problems.add(self.label, f"{where}.key", f"duplicate claim key '{claim.key}'")
                continue
            keys.add(claim.key)
            resolved = self._claim(where, claim, quotes)
            if resolved is not None:
                claims.append(resolved)
        relations = self.refs.check(self.data.relations)
        reviews = self._reviews()
        if len(self.problems) != before or text is None:
            return None
        resolved_doc = ResolvedDocument(
            **doc.model_dump(include={"key", "title", "publisher", "published", "language", "url"}),
            text=text,
            text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            content_sha256="",
            listed_sources=list(doc.listed_sources),
            claims=claims,
            relations=relations,
            source_path=storable(self.label),
            reviews=reviews,
        )
        resolved_doc.content_sha256 = content_hash(resolved_doc)
        return resolved_doc

    def _text(self) -> str | None:
        # A byte-order mark (Windows editors add one) is not content: kept, it would be
        # character 0 and shift every offset by one.
        if self.doc.text is not None:
            return self.doc.text.removeprefix("\ufeff")
        assert self.doc.text_file is not None
        path = (self.path.parent / self.doc.text_file).resolve()
        what = f"text file {self.doc.text_file}"
        problem = None
        try:
            text = decode_utf8(read_bytes(path, MAX_TEXT_BYTES, what), what).removeprefix("\ufeff")
        except FileProblem as exc:
            problem = str(exc)
        else:
            if not text.strip():
                problem = f"{what} is empty"
            elif "\x00" in text:
                # PostgreSQL cannot store it; refusing it everywhere keeps the backends equal.
                offset = text.index("\x00")
                problem = f"{what} contains a NUL character at offset {offset} (a binary file?)"
        if problem is not None:
            self.problems.add(self.label, "document.text_file", problem)
            return None
        return text

    def _claim(
        self, where: str, claim: ClaimIn, quotes: QuoteFinder | None
    ) -> ResolvedClaim | None:
        known = self.run.actors.knows(claim.originator)
        ok = known or self._actor(f"{where}.originator", claim.originator)
        chains = self._chains(where, claim)
        ok = ok and chains is not None
        published = self.doc.published
        if claim.date is not None and published is not None and claim.date > published:
            message = (
                f"claim dated {claim.date} is after the document's publication date {published}"
            )
            self.problems.add(self.label, f"{where}.date", message)
            ok = False
        if quotes is None:
            return None
        span = locate(claim, quotes, self.doc.text_file or "the document text")
        if isinstance(span, Miss):
            self.problems.add(self.label, f"{where}.{span.field}", span.message)
            return None
        if not ok or chains is None:
            return None
        start, end = span
        return ResolvedClaim(
            key=claim.key,
            start=start,
            end=end,
            quote=quotes.text[start:end],
            statement=claim.statement,
            kind=claim.kind,
            direct_quote=claim.direct_quote,
            cue=claim.cue,
            made_on=claim.date,
            originator=claim.originator,
            chains=chains,
        )

    def _chains(self, where: str, claim: ClaimIn) -> tuple[tuple[Hop, ...], ...] | None:
        """The relay chains, every actor known and none passing twice through one actor."""
        ok = True
        chains: list[tuple[Hop, ...]] = []
        many = claim.chains is not None
        actors = self.run.actors
        for c, chain in enumerate(claim.all_chains()):
            seen = {claim.originator: None}  # a dict: ordered, and found in one step
            hops: list[Hop] = []
            for h, hop in enumerate(chain):
                if actors.knows(hop.actor) and hop.actor not in seen:
                    seen[hop.actor] = None  # the common case: no place to name
                    hops.append(Hop(hop.actor, hop.cue))
                    continue
                hop_where = f"{where}.chains[{c}][{h}]" if many else f"{where}.chain[{h}]"
                ok = self._actor(f"{hop_where}.actor", hop.actor) and ok
                if hop.actor in seen:
                    path = _path_to(seen, hop.actor)
                    message = (
                        f"relay chain loops back on itself: '{hop.actor}' appears twice ({path})"
                    )
                    self.problems.add(self.label, f"{hop_where}.actor", message)
                    ok = False
                seen[hop.actor] = None
                hops.append(Hop(hop.actor, hop.cue))
            chains.append(tuple(hops))
        if len(set(chains)) != len(chains):
            self.problems.add(self.label, f"{where}.chains", "the same chain is given twice")
            ok = False
        return tuple(chains) if ok else None

    def _reviews(self) -> list[ResolvedReview]:
        out: list[ResolvedReview] = []
        seen: set[tuple[str, str, str]] = set()
        for i, review in enumerate(self.data.reviews):
            where = f"reviews[{i}]"
            claim = self.refs.claim_ref(f"{where}.claim", review.claim)
            known = self._actor(f"{where}.by", review.by)
            scale = self._scale(where, review)
            if claim is None or not known or not scale:
                continue
            if (*claim, review.by) in seen:
                message = f"claim '{review.claim}' is reviewed twice by '{review.by}'"
                self.problems.add(self.label, where, message)
                continue
            seen.add((*claim, review.by))
            values = review.model_dump(include={*Verdict.model_fields, "url"})
            out.append(ResolvedReview(*claim, review.by, **values, reviewed_on=review.date))
        return out

    def _scale(self, where: str, verdict: Verdict) -> bool:
        """The rating lies on the checker's scale: worst below best, the value between."""
        best, worst, value = verdict.best, verdict.worst, verdict.rating_value
        fault = scale_fault(value, best, worst)
        if fault == "order":
            message = f"worst ({worst}) must be lower than best ({best})"
            self.problems.add(self.label, f"{where}.worst", message)
            return False
        if fault == "range":
            scale = scale_text(best, worst)
            message = f"rating_value {value} is outside the scale worst..best ({scale})"
            self.problems.add(self.label, f"{where}.rating_value", message)
            return False
        return True
