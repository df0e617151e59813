"""One actor per entity per document: known actors first, then the registry, then new ones.

Order of trust: actors already in the database (their keys are reused), then the shipped
registry of outlets and bodies, then actors proposed from the words of the text, with a
kind guessed from their head noun. Names and aliases are compared folded (case, accents,
apostrophes), and an acronym in parentheses becomes an alias of the name before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from provenance.extract.lexicon import Lexicon, RegistryEntry, fold

DETERMINERS = re.compile(
    r"^(?:(?:(?:selon|d['’]après|par|pour|à|au|aux|chez|de|du|des|le|la|les|un|une|"
    r"plusieurs|certains|certaines|quelques|deux|trois|cette|ce|ces|son|sa|ses|leur|leurs|"
    r"m\.|mme)\s+)|(?:l['’]|d['’])\s*)+",
    re.IGNORECASE,
)
LEADING = re.compile(
    r"^(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui|demain|"
    r"ce (?:matin|soir|midi)|cette nuit|soir|matin|le lendemain|"
    r"(?:le )?\d{1,2}(?:er)? \w+(?: \d{4})?|\d{4}|or|mais|et|puis|alors|enfin|ainsi|"
    r"c['’]est|ce sont|que|qu['’]|ainsi que|de son côté|pour sa part|quant à)"
    r"(?:[\s,.–—:-]+|(?<=['’])))+",
    re.IGNORECASE,
)
# documents that carry a source's words: the source is their complement ("un communiqué du
# palais", "le décompte du Bureau maritime international")
CARRIERS = frozenset(
    [
        "communique",
        "communiques",
        "bilan",
        "decompte",
        "rapport",
        "declaration",
        "message",
        "lettre",
        "texte",
        "document",
        "enquete",
        "etude",
        "note",
        "site",
        "compte",
        "depeche",
        "releve",
        "estimation",
        "chiffres",
    ]
)
NOT_NAMES = frozenset(
    {"et", "ou", "mais", "qui", "que", "il", "elle", "ils", "elles", "on", "ce", "cela"}
    | {"ceci", "celui", "celle", "lui", "eux", "tout", "tous"}
)
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("agence", "news_agency"),
    ("chaine", "broadcaster"),
    ("chaîne", "broadcaster"),
    ("television", "broadcaster"),
    ("radio", "broadcaster"),
    ("station", "broadcaster"),
    ("journal", "newspaper"),
    ("quotidien", "newspaper"),
    ("hebdomadaire", "newspaper"),
    ("magazine", "newspaper"),
    ("site", "website"),
    ("ministere", "government_body"),
    ("gouvernement", "government_body"),
    ("presidence", "government_body"),
    ("police", "government_body"),
    ("autorites", "government_body"),
    ("prefecture", "government_body"),
    ("parquet", "government_body"),
    ("mairie", "government_body"),
    ("departement", "government_body"),
    ("institut", "government_body"),
    ("armee", "military"),
    ("etat-major", "military"),
    ("forces armees", "military"),
    ("observatoire", "ngo"),
    ("ong", "ngo"),
    ("association", "ngo"),
    ("comite", "ngo"),
    ("organisation", "ngo"),
    ("groupe", "armed_group"),
    ("milice", "armed_group"),
    ("rebelles", "armed_group"),
)
PERSON_WORDS = frozenset(
    [
        "president",
        "presidente",
        "ministre",
        "vice-ministre",
        "porte-parole",
        "general",
        "chef",
        "directeur",
        "directrice",
        "secretaire",
        "correspondant",
        "correspondante",
        "journaliste",
        "depute",
        "deputee",
        "senateur",
        "senatrice",
        "maire",
        "premier",
        "premiere",
        "dirigeant",
        "dirigeante",
        "commandant",
        "colonel",
        "capitaine",
        "juge",
        "procureur",
        "avocat",
        "avocate",
        "ambassadeur",
        "ambassadrice",
        "roi",
        "reine",
        "pasteur",
        "reverend",
        "eveque",
        "pape",
        "imam",
        "chancelier",
        "chanceliere",
        "leader",
        "commissaire",
        "gouverneur",
        "prefet",
        "conseiller",
        "conseillere",
        "patron",
        "patronne",
        "fondateur",
        "fondatrice",
        "responsable",
        "representant",
        "representante",
        "emir",
        "prince",
        "princesse",
        "dessinateur",
        "ecrivain",
        "chercheur",
        "chercheuse",
        "professeur",
        "docteur",
        "sismologue",
    ]
)
MEDIA = frozenset({"news_agency", "broadcaster", "newspaper", "website"})


def _trailing_name(words: str) -> str | None:
    """The capitalised words that end a description: "le général X Y" -> "X Y"."""
    parts = words.split()
    run: list[str] = []
    while parts and parts[-1][:1].isupper() and len(run) < 3:
        run.insert(0, parts.pop())
    while len(run) > 2 and parts and parts[-1] in {"de", "du", "des", "la", "le"}:
        parts.append(run.pop(0))
    if len(run) < 2 or not parts:
        return None
    return " ".join(run)


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return value[:60].strip("-") or "actor"


@dataclass
class Actor:
    key: str
    name: str
    kind: str
    why: str
    country: str | None = None
    state_affiliated: bool | None = None
    affiliation: str | None = None
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    known: bool = False  # already in the database: not written into the draft

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "name": self.name, "kind": self.kind}
        for name in ("country", "state_affiliated", "affiliation", "role"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        aliases = [a for a in dict.fromkeys(self.aliases) if fold(a) != fold(self.name)]
        if aliases:
            out["aliases"] = aliases
        return out


@dataclass(frozen=True)
class KnownActor:
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]


class ActorBook:
    """The actors of one draft, with every folded name that points at each."""

    def __init__(
        self, lex: Lexicon, registry: tuple[RegistryEntry, ...], known: tuple[KnownActor, ...]
    ) -> None:
        self.lex = lex
        self.actors: dict[str, Actor] = {}
        self.names: dict[str, str] = {}  # folded name -> key, for this document
        self.sources: list[tuple[str, Any, str]] = []  # folded alias, entry, origin
        for k in known:
            for alias in (k.name, *k.aliases):
                self.sources.append((fold(alias), k, "database"))
        for r in registry:
            for alias in (r.name, *r.aliases, r.key):
                self.sources.append((fold(alias), r, "registry"))
        self.sources.sort(key=lambda s: len(s[0]), reverse=True)
        self.exact = {alias: (entry, origin) for alias, entry, origin in reversed(self.sources)}

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

    def _find_in(self, folded: str) -> tuple[str, Any, str] | None:
        for alias, entry, origin in self.sources:
            if (
                len(alias) >= 2
                and alias in folded
                and re.search(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])", folded)
            ):
                return alias, entry, origin
        return None

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
                entry.key,
                entry.name,
                entry.kind,
                f"in the database as '{entry.key}'",
                aliases=list(entry.aliases),
                known=True,
            )
        else:
            actor = Actor(
                entry.key,
                entry.name,
                entry.kind,
                f"registry entry '{entry.key}'",
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
        whole = self.exact.get(fold(cleaned))
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
        titled = _trailing_name(cleaned)
        if titled and cleaned[:1].islower():
            return self._person(titled, cleaned)  # "le pasteur américain Terry Jones"
        if head in PERSON_WORDS or head in self.lex.anonymous_heads:
            name = next(
                (
                    p
                    for p in inside
                    if cleaned.endswith(p) and len(p.split()) >= 2 and not self._find_in(fold(p))
                ),
                None,
            )
            if name is not None:
                return self._person(name, cleaned)
            return self._anonymous(cleaned, "person" if head in PERSON_WORDS else None)
        local = self.local(folded)
        if local is not None:
            return local
        found = self._find_in(folded)
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
                found = self._find_in(fold(target)) if org is None else None
                if org is None and found is not None:
                    org = self.from_entry(found[1], found[2], target)
                if org is not None:
                    affiliation = org.key
                break
        why = "a role without a name" if kind else "unnamed source (anonymous head noun)"
        actor = Actor(
            self._unique(slug(cleaned)),
            name,
            kind or "anonymous_source",
            why,
            affiliation=affiliation,
        )
        return self._register(actor)

    def _person(self, person: str, said: str) -> Actor:
        local = self.local(fold(person))
        if local is not None:
            return local
        known = next((s for s in self.sources if s[0] == fold(person)), None)
        if known is not None:
            return self.from_entry(known[1], known[2], said)
        role = said[: said.find(person)].strip(" ,") or None
        affiliation = None
        if role:
            found = self._find_in(fold(role))
            if found is not None:
                affiliation = self.from_entry(found[1], found[2], found[1].name).key
        actor = Actor(
            self._unique(slug(person)),
            person,
            "person",
            "person name (NER)",
            role=DETERMINERS.sub("", role) if role else None,
            affiliation=affiliation,
        )
        if role:
            actor.aliases.append(said)
        return self._register(actor)

    def _new(self, cleaned: str) -> Actor:
        m = re.search(r"\(([^()]{2,15})\)", cleaned)
        acronym = m.group(1).strip() if m and m.group(1).strip().isupper() else None
        name = re.sub(r"\s*\([^()]*\)", "", cleaned).strip()
        name = re.split(r",|\s+basée?s?\s+à\s", name)[0].strip()
        words = name.split()
        if len(words) > 9:
            return None  # type: ignore[return-value]
        folded = fold(name)
        kind = next((k for w, k in KIND_WORDS if re.search(r"\b" + fold(w) + r"\b", folded)), None)
        first = folded.split()[0] if folded else ""
        if kind is None and first in PERSON_WORDS:
            kind = "person"
        if kind is None:
            capitals = [w for w in words if w[:1].isupper()]
            kind = "person" if 2 <= len(capitals) == len(words) <= 4 else "other"
        display = name[:1].upper() + name[1:]
        actor = Actor(
            self._unique(slug(name)),
            display,
            kind,
            f"new actor, kind from '{first}'" if kind != "other" else "new actor, kind unknown",
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
                    "unknown-publisher",
                    "Unknown publisher",
                    "other",
                    "placeholder: replace with the real publisher",
                )
            )
        found = self.names.get(fold(given)) or next(
            (e for a, e, o in self.sources if a == fold(given)), None
        )
        if isinstance(found, str):
            return self.actors[found]
        if found is not None:
            origin = next(o for a, e, o in self.sources if e is found)
            return self.from_entry(found, origin, given)
        return self._register(Actor(slug(given), given, "other", "given with --publisher"))

    def is_media(self, key: str) -> bool:
        return self.actors[key].kind in MEDIA
