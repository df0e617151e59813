"""The actors of a run, merged by key, and the one place that says when two definitions agree.

The rule: a field both definitions set must hold the same value; a field one of them
leaves out agrees with anything, and the merged actor takes the value that is set.
Files of one run, the database, and (in the writer) a concurrent import are all held to it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from provenance.ingest.affiliations import cycle_path, cycles
from provenance.ingest.format import ACTOR_FIELDS, ActorIn
from provenance.ingest.hints import CandidateIndex
from provenance.ingest.problems import Problems, did_you_mean
from provenance.ingest.resolved import ActorUpdate
from provenance.ingest.stored import StoredData


def differing_fields(
    first: Mapping[str, Any], second: Mapping[str, Any], names: Iterable[str] = ACTOR_FIELDS
) -> list[str]:
    """Fields both sides set, to different values."""
    return [
        name
        for name in names
        if first.get(name) is not None
        and second.get(name) is not None
        and first[name] != second[name]
    ]


def missing_fields(
    first: Mapping[str, Any], second: Mapping[str, Any], names: Iterable[str] = ACTOR_FIELDS
) -> dict[str, Any]:
    """What ``second`` sets that ``first`` leaves out: the values a merge adds to ``first``."""
    return {
        name: second[name]
        for name in names
        if first.get(name) is None and second.get(name) is not None
    }


def _differences(there: Mapping[str, Any], here: Mapping[str, Any], left: str) -> str:
    return "; ".join(
        f"{name} {there[name]!r} ({left}) vs {here[name]!r} (here)"
        for name in differing_fields(there, here)
    )


def _merged(first: ActorIn, second: ActorIn) -> ActorIn:
    values = first.model_dump()
    values.update(missing_fields(values, second.model_dump()))
    values["aliases"] = list(dict.fromkeys([*first.aliases, *second.aliases]))
    return ActorIn.model_validate(values)


class ActorRegistry:
    """Actors defined by the files of a run, and the stored ones the run refers to."""

    def __init__(
        self, stored: StoredData, problems: Problems, *, update: bool = False, keep: bool = False
    ) -> None:
        self.stored = stored
        self.problems = problems
        #: ``--update-actors``: a field the files set replaces the stored value
        self.update = update
        #: ``--keep-stored-actors``: the stored value stays, the file's is passed over
        self.keep = keep
        #: what the run would change in stored actors: (key, field, stored, new)
        self.updates: list[ActorUpdate] = []
        #: what the run would leave as stored although a file says otherwise
        self.kept: list[ActorUpdate] = []
        #: with ``keep``: files of the run that disagree where the stored value settles it
        self.disputes: list[str] = []
        self._disputed: list[tuple[str, int, ActorIn, str]] = []
        self.actors: dict[str, ActorIn] = {}
        self._origin: dict[str, tuple[str, int]] = {}  # key -> (file, index) of its definition
        self._in_database: dict[str, dict[str, Any] | None] = {}
        self._hints: tuple[CandidateIndex, dict[str, str]] | None = None  # built when needed

    def register(self, label: str, actors: list[ActorIn]) -> None:
        """The actors of one file: new keys join, repeated ones must agree and are merged."""
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
                self._origin[actor.key] = (label, i)
            elif previous != actor:
                diffs = _differences(previous.model_dump(), actor.model_dump(), "there")
                if diffs and self.keep:  # the database may settle it: see once it is read
                    self._disputed.append((label, i, actor, diffs))
                    self.actors[actor.key] = _merged(previous, actor)
                elif diffs:
                    self.problems.add(label, where, self._defined_differently(actor.key, diffs))
                else:
                    self.actors[actor.key] = _merged(previous, actor)

    def check_against_database(self) -> None:
        wanted = set(self.actors) | {a.affiliation for a in self.actors.values() if a.affiliation}
        self._look_up(wanted)
        self._settle_disputes()
        for key, actor in self.actors.items():
            stored = self._in_database.get(key)
            if stored is None:
                continue
            new = actor.model_dump()
            if self.update or self.keep:
                differing = [
                    ActorUpdate(key, name, stored[name], new[name])
                    for name in differing_fields(stored, new)
                ]
                if self.update:
                    self.updates += differing
                else:
                    self.kept += differing
                continue
            diffs = _differences(stored, new, "database")
            if diffs:
                label, index = self._origin[key]
                message = (
                    f"actor '{key}' differs from the database: {diffs} "
                    "(edit the file to agree, or import with --update-actors to replace the "
                    "stored values, or with --keep-stored-actors to keep them)"
                )
                self.problems.add(label, f"actors[{index}]", message)

    def _settle_disputes(self) -> None:
        """With ``keep``, two files of the run may define a stored actor differently: the
        stored value stays whichever file is right, and each such file gets a warning. A
        field the database leaves out is still theirs to agree on."""
        for label, index, actor, diffs in self._disputed:
            stored = self._in_database.get(actor.key)
            fields = differing_fields(self.actors[actor.key].model_dump(), actor.model_dump())
            if stored is None or any(stored.get(name) is None for name in fields):
                message = self._defined_differently(actor.key, diffs)
                self.problems.add(label, f"actors[{index}]", message)
            else:
                first_file = self._origin[actor.key][0]
                self.disputes.append(
                    f"{label}: actors[{index}]: actor '{actor.key}' is defined differently in "
                    f"{first_file} ({diffs}); the stored values are kept"
                )

    def _defined_differently(self, key: str, diffs: str) -> str:
        return f"actor '{key}' is defined differently in {self._origin[key][0]}: {diffs}"

    def _affiliations(self) -> tuple[dict[str, str | None], set[str]]:
        """The run's affiliations overlaid on the stored ones they lead to (a cycle may be
        closed across two imports), and the actors whose link comes from the database.
        One look-up per level of affiliation, not per actor."""
        affiliation: dict[str, str | None] = {k: a.affiliation for k, a in self.actors.items()}
        from_db: set[str] = set()
        if self.keep:  # a stored affiliation stays: the file's is not the one written
            self._look_up(self.actors)
            for key in self.actors:
                row = self._in_database.get(key)
                if row is not None and row.get("affiliation") is not None:
                    affiliation[key] = row["affiliation"]
                    from_db.add(key)
        pending = [k for k, parent in affiliation.items() if parent is None]
        pending += [p for p in affiliation.values() if p is not None and p not in affiliation]
        while pending:
            self._look_up(pending)
            found: list[str] = []
            for key in pending:
                row = self._in_database.get(key)
                parent = row.get("affiliation") if row else None
                if key not in self.actors or parent is not None:
                    affiliation[key] = parent
                if parent is not None:
                    from_db.add(key)
                    if parent not in affiliation:
                        found.append(parent)
            pending = list(dict.fromkeys(found))
        return affiliation, from_db

    def check_affiliations(self) -> None:
        affiliation, from_db = self._affiliations()
        in_cycles = cycles(affiliation)
        for key, actor in self.actors.items():
            if actor.affiliation is None:
                continue
            label, index = self._origin[key]
            where = f"actors[{index}].affiliation"
            if actor.affiliation == actor.key:
                self.problems.add(label, where, f"actor '{actor.key}' cannot belong to itself")
            elif not self.knows(actor.affiliation):
                message = functools.partial(self._unknown, actor.affiliation)
                self.problems.unknown_reference(label, where, message)
            elif key in in_cycles:
                cycle = cycle_path(key, affiliation, *in_cycles[key])
                if from_db & set(cycle.split(" -> ")):
                    cycle += " (with affiliations already in the database)"
                self.problems.add(label, where, f"affiliations form a cycle: {cycle}")

    def defined_at(self) -> Iterator[tuple[str, str, int]]:
        """Each actor key of the run, with the file and index of its first definition."""
        for key, (label, index) in self._origin.items():
            yield key, label, index

    def prefetch(self, keys: Iterable[str]) -> None:
        """Look up, in one query, the stored actors among ``keys`` that no file defines."""
        self._look_up(k for k in keys if k not in self.actors)

    def _look_up(self, keys: Iterable[str]) -> None:
        missing = [k for k in keys if k not in self._in_database]
        if missing:
            found = self.stored.actors(missing)
            for key in missing:
                self._in_database[key] = found.get(key)

    def knows(self, key: str) -> bool:
        if key in self.actors:
            return True
        self._look_up([key])
        return self._in_database.get(key) is not None

    def check_reference(self, label: str, where: str, key: str) -> bool:
        """True if the actor exists; otherwise one problem, with the key likely meant."""
        if self.knows(key):
            return True
        self.problems.unknown_reference(label, where, lambda: self._unknown(key))
        return False

    def _unknown(self, key: str) -> str:
        if self._hints is None:
            # once a run: the run's actors and every stored key, indexed for the hints
            index = CandidateIndex([*self.actors, *self.stored.actor_keys()])
            actors = self.actors.values()
            by_alias = {alias.casefold(): a.key for a in actors for alias in a.aliases}
            self._hints = index, by_alias
        index, by_alias = self._hints
        folded = key.casefold()
        hint = by_alias.get(folded) or self.stored.actor_by_alias(folded) or index.closest(key)
        return f"unknown actor '{key}'{did_you_mean(hint)}"
