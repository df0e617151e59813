"""The checks of an annotation's ``relations:``, in a document or in a relations-only file.

A document's relations may name its own claims by key; a relations-only file (what
``links --format yaml`` writes) belongs to no document, so it names every claim as
``DOCUMENT/KEY``. Either way a reference is to the run (checked once the whole run is
known) or to the database, and the messages are the same.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from provenance.ingest.format import RelationIn
from provenance.ingest.problems import closest, did_you_mean
from provenance.ingest.references import ClaimReference
from provenance.ingest.resolved import ResolvedRelation

if TYPE_CHECKING:
    from provenance.ingest.documents import RunContext


class RelationChecker:
    """Checks the relations of one file; ``document`` is None in a relations-only file."""

    def __init__(
        self, run: RunContext, label: str, document: str | None, claim_keys: Collection[str]
    ) -> None:
        self.run = run
        self.problems = run.problems
        self.label = label
        self.document = document
        self.claim_keys = claim_keys

    def check(self, relations: Sequence[RelationIn]) -> list[ResolvedRelation]:
        out: list[ResolvedRelation] = []
        seen: set[tuple[str, str, str, str, str]] = set()
        for i, rel in enumerate(relations):
            where = f"relations[{i}]"
            src = self.claim_ref(f"{where}.from", rel.from_)
            dst = self.claim_ref(f"{where}.to", rel.to)
            if src is None or dst is None:
                continue
            if src == dst:
                message = f"claim '{rel.from_}' is related to itself ({rel.type})"
                self.problems.add(self.label, where, message)
                continue
            ident = (*src, rel.type, *dst)
            if ident in seen:
                self.problems.add(self.label, where, "duplicate relation")
                continue
            seen.add(ident)
            out.append(ResolvedRelation(src[0], src[1], rel.type, dst[0], dst[1], rel.note))
        return out

    def claim_ref(self, where: str, ref: str) -> tuple[str, str] | None:
        """(document, key) of a claim reference, or None after reporting it unknown."""
        doc, _, key = ref.rpartition("/")
        if not doc and self.document is None:
            message = (
                f"claim reference '{ref}' needs its document: a relations-only file names "
                "claims as DOCUMENT/KEY"
            )
            self.problems.add(self.label, where, message)
            return None
        doc = doc or self.document or ""
        if doc == self.document:
            if key in self.claim_keys:
                return doc, key
            hints: list[str | None] = []

            def here() -> str:
                hints.append(closest(key, self.claim_keys))
                return f"unknown claim '{key}'{did_you_mean(hints[0])}"

            index = self.problems.unknown_reference(self.label, where, here)
            if index is not None and hints[0] is None:
                self.run.claims.look_elsewhere(index, doc, key)
            return None
        if doc in self.run.documents:
            mark = self.problems.mark()
            self.run.claims.refer(ClaimReference(self.label, where, doc, key, mark))
            return doc, key
        stored = self.run.stored
        if stored.claim_exists(doc, key):
            return doc, key

        def stored_message() -> str:
            if not stored.document_exists(doc):
                return f"unknown document '{doc}' in claim reference '{ref}'"
            hint = closest(key, stored.claim_keys_of(doc))
            suffix = did_you_mean(f"{doc}/{hint}" if hint else None)
            return f"unknown claim '{key}' in document '{doc}'{suffix}"

        self.problems.unknown_reference(self.label, where, stored_message)
        return None
