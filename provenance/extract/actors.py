"""One actor per entity per document: known actors first, then the registry, then new ones.

Order of trust: actors already in the database (their keys are reused), then the shipped
registry of outlets and bodies, then actors proposed from the words of the text, with a
kind guessed from their head noun. Names and aliases are compared folded (case, accents,
apostrophes), and an acronym in parentheses becomes an alias of the name before it.
"""

from __future__ import annotations

import re
from typing import Any

from provenance.extract.actor_sources import KnownActor, NameSources
from provenance.extract.actor_words import (
    CARRIERS,
    DETERMINERS,
    LEADING,
    MEDIA,
    NOT_NAMES,
    PERSON_WORDS,
    guess_kind,
    slug,
    trailing_name,
)
from provenance.extract.lexicon import Lexicon, RegistryEntry, fold
from provenance.ingest.format import ActorIn

V1_FIELDS = set(ActorIn.model_fields) - {"aliases"}


class Actor(ActorIn):
    """A drafted actor: the v1 actor the importer will check, and why it was proposed."""

    why: str
    known: bool = False  # already in the database: not written into the draft

    def as_dict(self) -> dict[str, Any]:
        out = self.model_dump(include=V1_FIELDS, exclude_none=True)
        aliases = [a for a in dict.fromkeys(self.aliases) if fold(a) != fold(self.name)]
        if aliases:
            out["aliases"] = aliases
        return out


class ActorBook:
    """The actors of one draft, with every folded name that points at each."""

    def __init__(
        self, lex: Lexicon, registry: tuple[RegistryEntry, ...], known: tuple[KnownActor, ...]
    ) -> None:
        self.lex = lex
        self.actors: dict[str, Actor] = {}
        self.names: dict[str, str] = {}  # folded name -> key, for this document
        self.sources = NameSources(registry, known)

    def _register(self, actor: Actor) -> Actor:
        if actor.key not in self.actors:
            self.actors[actor.key] = actor
        for name in (actor.name, *actor.aliases):
            self.names.setdefault(fold(name), actor.key)
        if actor.kind == "person":
            last = actor.name.split()[-1]
            if len(last) > 3:
                self.names.setdefault(fold(last), actor.key)
        return self.actors[actor.key]

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

    def resolve(self, words: str, persons: list[str]) -> Actor | None:
        """The actor named by ``words`` (a subject, the X of "selon X", an incise)."""
        words = re.split(r",\s*(?:qui|dont|lequel|laquelle)\b|\s+qui\s", words)[0]
        words = re.split(r"\s[–—-]\s|\.\s", words)[-1]
        cleaned = words.strip(" ,.;:")
        whole = self.sources.exact.get(fold(cleaned))
        if whole is not None:  # "Le Monde": the article is part of the name
            return self.from_entry(whole[0], whole[1], cleaned)
        for _ in range(3):
            cleaned = DETERMINERS.sub("", LEADING.sub("", cleaned)).strip(" ,.;:–—-")
        cleaned = re.sub(r"\s*\)$", "", cleaned) if "(" not in cleaned else cleaned
        if not cleaned or len(cleaned) < 2 or not any(c.isalpha() for c in cleaned):
            return None
        if fold(cleaned) in NOT_NAMES:
            return None
        folded = fold(cleaned)
        head = re.split(r"[\s,]", folded)[0]
        if head in CARRIERS:
            m = re.search(r"\s(?:de|du|des|d['’])\s*(.+)$", cleaned)
            if m is None:  # "le communiqué": the source of the communiqué named before
                return self._described_as(head) if " " not in folded else None
            source = self.resolve(m.group(1), persons)
            if source is not None and not source.known:
                source.aliases.append(cleaned)
                self.names.setdefault(folded, source.key)
            return source
        exact = self.names.get(folded)
        if exact is not None:
            return self.actors[exact]
        if " " not in folded and cleaned.islower():
            earlier = self._described_as(folded)
            if earlier is not None:  # "le journal", "le pasteur": the one named before
                return earlier
        inside = sorted((p for p in persons if p in cleaned), key=len, reverse=True)
        titled = trailing_name(cleaned)
        if titled and cleaned[:1].islower():
            return self._person(titled, cleaned)  # "le pasteur américain Terry Jones"
        if head in PERSON_WORDS or head in self.lex.anonymous_heads:
            name = next(
                (
                    p
                    for p in inside
                    if cleaned.endswith(p)
                    and len(p.split()) >= 2
                    and not self.sources.find_in(fold(p))
                ),
                None,
            )
            if name is not None:
                return self._person(name, cleaned)
            return self._anonymous(cleaned, "person" if head in PERSON_WORDS else None)
        local = self.local(folded)
        if local is not None:
            return local
        found = self.sources.find_in(folded)
        if found is not None:
            return self.from_entry(found[1], found[2], cleaned)
        if " " not in cleaned and cleaned[:1].isupper():
            # "Jones" after "le pasteur Terry Jones": the person named in full elsewhere
            full = next((p for p in persons if p.split()[-1] == cleaned and " " in p), None)
            if full is not None:
                return self._person(full, full)
        name = next((p for p in inside if len(p) * 2 >= len(cleaned)), None)
        if name is not None and len(name.split()) >= 2:
            return self._person(name, cleaned)
        return self._new(cleaned)

    def _described_as(self, word: str) -> Actor | None:
        for actor in reversed(list(self.actors.values())):
            words = {w for a in (actor.name, *actor.aliases) for w in fold(a).split()}
            if word in words and actor.kind != "anonymous_source":
                return actor
        return None

    def _anonymous(self, cleaned: str, kind: str | None) -> Actor:
        name = cleaned[:1].upper() + cleaned[1:]
        folded = fold(cleaned)
        for key, actor in self.actors.items():
            if actor.kind == "anonymous_source" and fold(actor.name) == folded:
                return self.actors[key]
        affiliation = None
        for link in self.lex.affiliation_links:
            m = re.search(r"\s" + re.escape(fold(link)) + r"\s*(.+)$", folded)
            if m:
                target = cleaned[m.start(1) :] if len(cleaned) == len(folded) else m.group(1)
                org = self.local(fold(target))
                found = self.sources.find_in(fold(target)) if org is None else None
                if org is None and found is not None:
                    org = self.from_entry(found[1], found[2], target)
                if org is not None:
                    affiliation = org.key
                break
        why = "a role without a name" if kind else "unnamed source (anonymous head noun)"
        actor = Actor(
            key=self._unique(slug(cleaned)),
            name=name,
            kind=kind or "anonymous_source",
            why=why,
            affiliation=affiliation,
        )
        return self._register(actor)

    def _person(self, person: str, said: str) -> Actor:
        local = self.local(fold(person))
        if local is not None:
            return local
        known = self.sources.exact.get(fold(person))
        if known is not None:
            return self.from_entry(known[0], known[1], said)
        role = said[: said.find(person)].strip(" ,") or None
        affiliation = None
        if role:
            found = self.sources.find_in(fold(role))
            if found is not None:
                affiliation = self.from_entry(found[1], found[2], found[1].name).key
        actor = Actor(
            key=self._unique(slug(person)),
            name=person,
            kind="person",
            why="person name (NER)",
            role=DETERMINERS.sub("", role) if role else None,
            affiliation=affiliation,
        )
        if role:
            actor.aliases.append(said)
        return self._register(actor)

    def _new(self, cleaned: str) -> Actor | None:
        m = re.search(r"\(([^()]{2,15})\)", cleaned)
        acronym = m.group(1).strip() if m and m.group(1).strip().isupper() else None
        name = re.sub(r"\s*\([^()]*\)", "", cleaned).strip()
        name = re.split(r",|\s+basée?s?\s+à\s", name)[0].strip()
        if not name or len(name.split()) > 9:
            return None
        kind, first = guess_kind(name)
        display = name[:1].upper() + name[1:]
        actor = Actor(
            key=self._unique(slug(name)),
            name=display,
            kind=kind,
            why=f"new actor, kind from '{first}'" if kind != "other" else "new actor, kind unknown",
        )
        if acronym:
            actor.aliases.append(acronym)
        if cleaned != name:
            actor.aliases.append(cleaned)
        return self._register(actor)

    def _unique(self, key: str) -> str:
        base, n = key, 2
        while key in self.actors:
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
        whole = self.sources.exact.get(fold(given))
        if whole is not None:
            return self.from_entry(whole[0], whole[1], given)
        return self._register(
            Actor(key=slug(given), name=given, kind="other", why="given with --publisher")
        )

    def is_media(self, key: str) -> bool:
        return self.actors[key].kind in MEDIA
