"""Relations that other annotations declared on a document's claims: never dropped silently.

Re-importing a document rewrites the relations its own annotation declares, but a relation
declared in another document (``doc-b`` says ``deny contradicts doc-a/one``) names the claim
from outside. Removing that claim would delete the relation by cascade, and re-importing
``doc-b`` would then see an unchanged file. So a run that removes such a claim is refused,
one problem per relation, unless the user asked to drop them
(``--drop-dependent-relations``); their declarers are then marked stale, so that the next
import of those files writes the relations again. A review declared in another document
(``reviews: [{claim: doc-a/one, ...}]`` in doc-b) goes with the claim by the same cascade and
follows the same rule.
"""

from __future__ import annotations

from collections.abc import Collection

from provenance.ingest.problems import Problems
from provenance.ingest.resolved import ResolvedDocument, ResolvedRelation
from provenance.ingest.stored import StoredData, StoredRelation

WAY_OUT = "edit both files, or import with --drop-dependent-relations to drop it"


class DependentRelations:
    """The relations a run would remove from under another annotation."""

    def __init__(self, problems: Problems, *, drop: bool) -> None:
        self.problems = problems
        self.drop = drop
        self.dropped: list[StoredRelation] = []
        self._stored: dict[str, list[StoredRelation]] = {}
        self._run: Collection[str] = ()
        self._run_sets: Collection[str] = ()

    def survey(
        self, stored: StoredData, run_documents: Collection[str], run_sets: Collection[str]
    ) -> None:
        """One look-up for the whole run: which stored relations depend on its documents."""
        self._run, self._run_sets = run_documents, run_sets
        self._stored = stored.relations_declared_elsewhere(list(run_documents))

    def check(self, label: str, doc: ResolvedDocument) -> None:
        """A problem (or, with ``drop``, a note) for each dependent relation ``doc`` breaks.

        A declarer imported in the same run is left to its own checks: if its new version
        still names the removed claim, that is reported as an unknown claim there.
        """
        keys = {c.key for c in doc.claims}
        for relation in self._stored.get(doc.key, ()):
            if relation.declared_in in (self._run_sets if relation.in_set else self._run):
                continue
            removed = [
                key
                for side, key in (
                    (relation.from_doc, relation.from_key),
                    (relation.to_doc, relation.to_key),
                )
                if side == doc.key and key and key not in keys
            ]
            if not removed:
                continue
            if self.drop:
                self.dropped.append(relation)
                continue
            message = (
                f"removing claim '{removed[0]}' would drop {relation.noun} {relation}, declared in "
                f"{relation.declarer}: {WAY_OUT}"
            )
            self.problems.add(label, "claims", message)


def check_unkeyed_set(
    problems: Problems,
    stored: StoredData,
    label: str,
    key: str,
    relations: Collection[ResolvedRelation],
) -> None:
    """A problem for each relation an unkeyed relations-only file would drop from the set
    stored under its file's name.

    Without ``key:`` the set is named after the file, and two files share a name easily
    (``links.yaml`` written again after new articles, ``week1/links.yaml`` and
    ``week2/links.yaml``): taking the second for an edit of the first would delete the
    relations the first one stored. Only ``key:`` says that a file is meant to replace a set,
    so without it, a replacement that would lose a relation is refused, each one named.
    """
    kept = {(r.from_doc, r.from_key, r.type, r.to_doc, r.to_key) for r in relations}
    for r in stored.relations_only_in_set(key):
        if (r.from_doc, r.from_key, r.type, r.to_doc, r.to_key) in kept:
            continue
        message = (
            f"this file has no key: and would replace relation set '{key}' (a file of the "
            f"same name imported before), dropping its relation {r}: add key: {key} "
            "to replace that set, or another key: to keep both"
        )
        problems.add(label, "key", message)


def stale_declarers(dropped: list[StoredRelation], *, sets: bool) -> list[str]:
    """The documents (or relation sets) that lost relations: marked stale."""
    return sorted({r.declared_in for r in dropped if r.in_set == sets})
