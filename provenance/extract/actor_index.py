"""The actors of one draft and the names that point at them: registration and lookup.

An actor is registered once per entity, under every folded name and alias it is given, so
that "l'Observatoire syrien des droits de l'Homme (OSDH)" and a later "l'OSDH" are one
actor. Deciding which actor some words name is :class:`.actors.ActorBook`'s job.
"""

from __future__ import annotations

import re
from typing import Any

from provenance.extract.actor_sources import KnownActor, NameSources
from provenance.extract.actor_words import MEDIA, short_key, slug
from provenance.extract.lexicon import Lexicon, RegistryEntry, fold
from provenance.ingest.format import ActorIn
from provenance.store.tables import ALIAS_LENGTH

V1_FIELDS = set(ActorIn.model_fields) - {"aliases"}


#: titles French often keeps masculine for a woman: "le" before them tells no gender
_EPICENE = frozenset(
    {"docteur", "professeur", "ministre", "juge", "medecin", "chef", "maire", "procureur"}
    | {"premier", "general", "colonel", "capitaine", "commandant", "prefet", "magistrat"}
)


class Actor(ActorIn):
    """A drafted actor: the v1 actor the importer will check, and why it was proposed."""

    why: str
    known: bool = False  # already in the database: not written into the draft

    def as_dict(self) -> dict[str, Any]:
        out = self.model_dump(include=V1_FIELDS, exclude_none=True)
        # aliases are appended after validation: one the importer would refuse is dropped
        aliases = [
            a
            for a in dict.fromkeys(self.aliases)
            if fold(a) != fold(self.name) and len(a.casefold()) <= ALIAS_LENGTH
        ]
        if aliases:
            out["aliases"] = aliases
        return out


class ActorIndex:
    """The actors of one draft, with every folded name that points at each."""

    def __init__(
        self,
        lex: Lexicon,
        registry: tuple[RegistryEntry, ...],
        known: tuple[KnownActor, ...],
        *,
        document: str | None = None,
    ) -> None:
        self.lex = lex
        self.document = document
        self.actors: dict[str, Actor] = {}
        self.names: dict[str, str] = {}  # folded name -> key, for this document
        self.sources = NameSources(registry, known)
        # grammatical gender of an actor, from how the text named it ("la ministre", "M. X"):
        # "elle a ajouté" cannot go on with "le gouvernement"
        self.genders: dict[str, str] = {}

    def note_gender(self, actor: Actor, said: str) -> None:
        words = said.strip()
        first = fold(words).split()[:1]
        if words.startswith(("M.", "M\u00a0", "Monsieur", "MM.")):
            gender = "m"
        elif words.startswith(("Mme", "Madame", "Mlle", "Mademoiselle")):
            gender = "f"
        elif first and first[0] in {"le", "un", "ce", "cet", "du", "au"}:
            if fold(words).split()[1:2] and fold(words).split()[1] in _EPICENE:
                return  # "le docteur Maria Van Kerkhove", "le ministre Rachida Dati": she
            gender = "m"
        elif first and first[0] in {"la", "une", "cette"}:
            gender = "f"
        else:
            return
        self.genders.setdefault(actor.key, gender)

    def _register(self, actor: Actor) -> Actor:
        if actor.key not in self.actors:
            self.actors[actor.key] = actor
        for name in (actor.name, *actor.aliases):
            self.names.setdefault(fold(name), actor.key)
        if actor.kind == "person":
            last = actor.name.split()[-1]
            # "Dupont" names Jean Dupont; "sud-ossètes" does not name the "représentant des
            # autorités sud-ossètes" (the authorities themselves became him)
            if len(last) > 3 and last[:1].isupper():
                self.names.setdefault(fold(last), actor.key)
        return self.actors[actor.key]

    def add_alias(self, actor: Actor, alias: str) -> None:
        """Another name of a drafted actor (a role set beside a person's name), unless it
        already names another actor of this draft."""
        if actor.known or self.names.get(fold(alias), actor.key) != actor.key:
            return
        actor.aliases.append(alias)
        self._register(actor)

    def local(self, folded: str) -> Actor | None:
        best = None
        for name, key in self.names.items():
            if (
                name in folded
                and re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", folded)
                and (best is None or len(name) > len(best[0]))
            ):
                best = (name, key)
        return self.actors[best[1]] if best else None

    def same_key(self, name: str, said: str) -> Actor | None:
        """The stored actor whose key this name would take, when the names differ only in
        punctuation ("Jean-Pierre Martin" and "Jean Pierre Martin"): one person."""
        taken = self.sources.by_key.get(slug(name))
        if taken is None or slug(taken[0].name) != slug(name):
            return None
        return self.from_entry(taken[0], taken[1], said)

    def from_entry(self, entry: Any, origin: str, said: str) -> Actor:
        if entry.key in self.actors:
            return self.actors[entry.key]
        if origin == "database":
            actor = Actor(
                key=entry.key,
                name=entry.name,
                kind=entry.kind,
                why=f"in the database as '{entry.key}'",
                aliases=list(entry.aliases),
                known=True,
            )
        else:
            actor = Actor(
                key=entry.key,
                name=entry.name,
                kind=entry.kind,
                why=f"registry entry '{entry.key}'",
                country=entry.country,
                state_affiliated=entry.state_affiliated,
                aliases=[*entry.aliases],
            )
        if fold(said) != fold(actor.name):
            actor.aliases.append(said)
        return self._register(actor)

    def _described_as(self, word: str) -> Actor | None:
        for actor in reversed(list(self.actors.values())):
            words = {w for a in (actor.name, *actor.aliases) for w in fold(a).split()}
            if word in words and actor.kind != "anonymous_source":
                return actor
        return None

    def _of_this_document(self, key: str) -> str:
        """The key of an actor only this document can name: ``doc:key``.

        "Une source militaire", "le porte-parole", "le gouvernement" describe someone
        without naming them; two articles' are not known to be the same. Under one key,
        importing both drafts made them one actor, the originator of both articles' claims.
        """
        # room left for _unique's "-2"
        return short_key(f"{self.document}:{key}", 190) if self.document else key

    def _unique(self, key: str) -> str:
        """A key no actor of this draft, the database or the registry holds: "Selon Afp"
        drafted a second actor 'afp', which the import refused beside the real AFP."""
        base, n = key, 2
        while key in self.actors or key in self.sources.by_key:
            key = f"{base}-{n}"
            n += 1
        return key

    def publisher(self, given: str | None) -> Actor:
        if given is None:
            return self._register(
                Actor(
                    key="unknown-publisher",
                    name="Unknown publisher",
                    kind="other",
                    why="placeholder: replace with the real publisher",
                )
            )
        local = self.names.get(fold(given))
        if local:
            return self.actors[local]
        whole = self.sources.exact(given, typed=True)
        if whole is not None:
            return self.from_entry(whole[0], whole[1], given)
        return self._register(
            Actor(key=slug(given), name=given, kind="other", why="given with --publisher")
        )

    def is_media(self, key: str) -> bool:
        return self.actors[key].kind in MEDIA
