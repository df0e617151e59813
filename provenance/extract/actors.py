"""One actor per entity per document: known actors first, then the registry, then new ones.

Order of trust: actors already in the database (their keys are reused), then the shipped
registry of outlets and bodies, then actors proposed from the words of the text, with a
kind guessed from their head noun. Names and aliases are compared folded (case, accents,
apostrophes), and an acronym in parentheses becomes an alias of the name before it.
"""

from __future__ import annotations

import re
from typing import Any

from provenance.extract.actor_index import Actor, ActorIndex
from provenance.extract.actor_words import (
    CARRIER_ADJECTIVES,
    CARRIERS,
    DETERMINERS,
    GIVEN_BY,
    LEADING,
    NOT_NAMES,
    PERSON_WORDS,
    PUBLISHED,
    TRAILING_TIME,
    guess_kind,
    slug,
    trailing_name,
)
from provenance.extract.lexicon import fold
from provenance.extract.titles import introduced_as

__all__ = ["Actor", "ActorBook"]


#: a name after such a title: one to four capitalised words ("Jean-Marie Le Pen")
_PROPER = re.compile(r"[A-ZÉ][\w’'-]*(?:\s+(?:[A-ZÉ][\w’'-]*|de|du|d['’]\w+)){0,3}")
# a title before a surname: "M. Cipriani", "Mme Tymochenko" (a person, named without it)
_TITLE = re.compile(r"(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Dr|Pr|Mgr)\s+(?=[A-ZÉ])")
_TITLE_ONLY = re.compile(
    r"(?:M|MM|Mme|Mmes|Mlle|Me|Dr|Pr|Mgr|Monsieur|Madame|Mademoiselle)\.?", re.IGNORECASE
)


_ANONYMITY = re.compile(
    r",?\s+(?:sous|sous le)\s+(?:couvert|sceau)\s+(?:de\s+l['’]\s*|d['’]\s*)anonymat\b.*$",
    re.IGNORECASE,
)
# what a name is known for, said right after it without a comma: no part of the name ("une
# source proche du dossier" keeps its words: no capital before "proche")
_DESCRIBED_AFTER = re.compile(
    r"(\b[A-ZÉ][\w’'-]*)\s+(?:connue?s?|réputée?s?|considérée?s?|basée?s?|située?s?|"
    r"spécialisée?s?|proches?)\s+(?:pour|comme|à|au|aux|dans|en|de|du|des|d['’])\s.*$"
)
# "la chaîne de télévision ABC", "le quotidien Corriere della Sera": the name after its
# description (never after "de", "à": a complement names no entity of its own). One way only
# to read a run of spaces: "\s+(?:de)?\s*" split it in every way and took minutes on 150
# bytes of "A" between runs of spaces
# the words of someone stand for them: "les explications de la porte-parole", "les propos du
# ministre" (a document that carries words, "un communiqué du palais", is a carrier instead)
_WORDS_OF = re.compile(
    r"^\s*(?:les?|la|l['’]|des|ces|ses|leurs?)\s*(?:explications|propos|déclarations|"
    r"affirmations|dires|paroles|termes|mots|aveux|allégations|accusations|précisions)\s+"
    r"(?:de\s+la\s|de\s+l['’]|du\s|des\s|de\s|d['’])\s*",
    re.IGNORECASE,
)
# "le site Mediapart": a website by its name, not a page that carries someone's words
_NAMED_SITE = re.compile(r"site\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*")
_TITLED = re.compile(
    r"(?<!\sde)(?<!\sdu)(?<!\sdes)(?<!\sà)(?<!\sau)(?<!\sde\sla)(?<!\sà\sla)\s"
    r"((?:[A-Z][\w'’.-]*)(?:\s+(?:(?:of|the|de|du|des|della|delle|degli|dei|di|del|"
    r"da|do|dos|das|y|e|van|von|der|den|la|el|al)\s+)?[A-Z][\w'’.-]*)*)$"
)
_LONGEST_NAME = 200
_LEGAL_TEXTS = frozenset(
    ["loi", "lois", "decret", "reglement", "constitution", "amendement", "clause"]
)


class ActorBook(ActorIndex):
    """Which actor some words name: the document's own, a known one, or a new one."""

    def resolve(self, words: str, persons: list[str]) -> Actor | None:
        """The actor named by ``words`` (a subject, the X of "selon X", an incise)."""
        if len(words) > 10 * _LONGEST_NAME:
            return None  # checked first: the patterns below are quadratic on runs of spaces
        words = re.sub(r"\s*\([^()]{40,}\)", "", words)  # a long aside is no part of a name
        if len(words) > _LONGEST_NAME:
            return None  # no one is named in 200 characters: a misread (and over the limit)
        words = re.split(r",\s*(?:qui|dont|lequel|laquelle)\b|\s+qui\s", words)[0]
        words = _DESCRIBED_AFTER.sub(r"\1", words)  # "l'agence X connue pour être proche de Y"
        words = _ANONYMITY.sub("", words)  # "un habitant sous couvert d'anonymat"
        words = _WORDS_OF.sub("", words)  # "selon les explications de la porte-parole"
        words = re.split(r"\s[–—-]\s|(?<!\bM)(?<!\bMM)(?<!\bDr)(?<!\bPr)\.\s", words)[-1]
        cleaned = words.strip(" ,.;:")
        whole = self.sources.exact(cleaned)
        if whole is not None:  # "Le Monde": the article is part of the name
            return self.from_entry(whole[0], whole[1], cleaned)
        named = re.fullmatch(r"([^,]*\s[A-ZÉ][^,]*),\s*([a-zà-ÿ][^,]*)", cleaned)
        if named is not None and not re.search(r"\b(?:de|du|des|d['’])\s*$", named.group(1)):
            # "le général Vladimir Markine, porte-parole du Comité": the name, then his title
            return self.resolve(named.group(1), persons)
        if _TITLE_ONLY.fullmatch(cleaned):  # "a affirmé Mme.": someone, named by no one
            return self._anonymous(cleaned, "person")
        title = _TITLE.match(cleaned)
        if title and _PROPER.fullmatch(cleaned[title.end() :].strip()):
            # "M. Cipriani", "Mme X", "Me Jean Dupuis": the person, named without the title
            return self._person(cleaned[title.end() :].strip(), cleaned)
        described = re.fullmatch(r"([^,]*),\s*([A-Z][^,]*)", cleaned)
        if (
            described is not None
            and re.search("[a-zà-ÿ]", described.group(1))
            and (self.sources.exact(described.group(2)) or described.group(2).isupper())
        ):
            # "L'organisation armée séparatiste basque, ETA": the name, not the description
            return self.resolve(described.group(2), persons)
        for _ in range(3):
            cleaned = DETERMINERS.sub("", LEADING.sub("", cleaned)).strip(" ,.;:–—-")
            cleaned = TRAILING_TIME.sub("", cleaned)
        cleaned = re.sub(r"\s*\)$", "", cleaned) if "(" not in cleaned else cleaned
        if not cleaned or len(cleaned) < 2 or not any(c.isalpha() for c in cleaned):
            return None
        if fold(cleaned) in NOT_NAMES:
            return None
        folded = fold(cleaned)
        head = re.split(r"[\s,]", folded)[0]
        if head in _LEGAL_TEXTS:
            return None  # "une loi qui précise que P": what a law says is no one's claim
        carrier = re.split(r"[\s,]", CARRIER_ADJECTIVES.sub("", folded))[0]  # "un premier bilan"
        if carrier in CARRIERS and not _NAMED_SITE.fullmatch(cleaned):
            return self._carried(cleaned, carrier, persons)
        exact = self.names.get(folded)
        if exact is not None:
            return self.actors[exact]
        if " " not in folded and cleaned.islower():
            earlier = self._described_as(folded)
            if earlier is not None:  # "le journal", "le pasteur": the one named before
                return earlier
        inside = sorted((p for p in persons if p in cleaned), key=len, reverse=True)
        titled = trailing_name(cleaned)
        if titled and cleaned[:1].islower() and PERSON_WORDS & set(folded.split()[:3]):
            return self._person(titled, cleaned)  # "le pasteur américain Terry Jones"
        if head in PERSON_WORDS or head in self.lex.anonymous_heads:
            name = next(
                (
                    p
                    for p in inside
                    if cleaned.endswith(p)
                    and len(p.split()) >= 2
                    and not self.sources.find_in(fold(p), p)
                    # "le porte-parole ... du New Jersey": a complement, not a name
                    and not re.search(r"\b(?:de|du|des|d['’])\s*$", cleaned[: -len(p)])
                ),
                None,
            )
            if name is not None:
                return self._person(name, cleaned)
            introduced = introduced_as(self.actors, folded) if head in PERSON_WORDS else None
            if introduced is not None:  # "le président géorgien": the one named so before
                return introduced
            return self._anonymous(cleaned, "person" if head in PERSON_WORDS else None)
        local = self.local(folded)
        if local is not None:
            return local
        found = self.sources.find_in(folded, cleaned)
        if found is not None:
            # "Sana Khalil", "Mena Massoud": a first name that is also an agency's alias
            # (SANA, MENA); the person the model names is the one meant
            person = next(
                (p for p in inside if len(p.split()) >= 2 and found[0] in fold(p).split()), None
            )
            if person is not None and fold(person) != found[0] and len(person) * 2 >= len(cleaned):
                return self._person(person, cleaned)
            return self.from_entry(found[1], found[2], cleaned)
        if " " not in cleaned and cleaned[:1].isupper():
            # "Jones" after "le pasteur Terry Jones": the person named in full elsewhere
            full = next((p for p in persons if p.split()[-1] == cleaned and " " in p), None)
            if full is not None:
                return self._person(full, full)
        name = next((p for p in inside if len(p) * 2 >= len(cleaned)), None)
        # "l'association Vigilance Seine": the model may take the name for a person's; the
        # head noun says what it is
        organised = guess_kind(cleaned)[0] not in ("person", "other")
        if name is not None and len(name.split()) >= 2 and not organised:
            return self._person(name, cleaned)
        return self._new(cleaned)

    def resolve_after(self, preposition: str, words: str, persons: list[str]) -> Actor | None:
        """The actor named after a preposition that swallowed its article: "au Figaro" is
        Le Figaro, "aux Échos" Les Échos (a bare "Figaro" is in no registry)."""
        named = self._with_article(preposition, words)
        if named is not None:
            return self.from_entry(named[0], named[1], words.strip(" ,.;:"))
        return self.resolve(words, persons)

    def _with_article(self, preposition: str, words: str) -> tuple[Any, str] | None:
        """The known entry of "du Monde" (Le Monde), "aux Échos" (Les Échos), if any."""
        article = {"au": "Le ", "du": "Le ", "aux": "Les ", "des": "Les "}.get(fold(preposition))
        return self.sources.exact(article + words.strip(" ,.;:")) if article else None

    def _carried(self, cleaned: str, head: str, persons: list[str]) -> Actor | None:
        """A document that carries words ("un communiqué du palais"): its source said them.

        The source is the complement that names someone ("du palais", "de l'ONU", "de
        Tokyo"); a bare qualifier ("un communiqué de presse", "un premier bilan") names no
        one, so the document stands as an anonymous source of its own.
        """
        by = GIVEN_BY.search(cleaned)
        if by is not None:  # "les éléments donnés par son journal": the journal
            return self.resolve(by.group(1), persons)
        cleaned = PUBLISHED.sub("", cleaned)  # "un bilan diffusé vers 10 h": when, not who
        folded = fold(cleaned)
        m = re.search(
            r"\s(?:du|des|de\s+la|de\s+l['’]|d['’]\s*(?=[A-Z])|de\s+(?=[A-Z]))\s*(.+)$", cleaned
        )
        if m is None:
            if " " not in folded:  # "le communiqué": the source of the communiqué named before
                # else the document itself, unnamed: "« P », indique le site" lost P
                return self._described_as(head) or self._anonymous(cleaned, None)
            return self._anonymous(cleaned, None)
        named = self._with_article(m.group(0).split()[0], m.group(1))
        if named is not None:  # "un communiqué du Monde": Le Monde
            return self.from_entry(named[0], named[1], cleaned)
        source = self.resolve(m.group(1), persons)
        if source is not None and not source.known:
            source.aliases.append(cleaned)
            self.names.setdefault(folded, source.key)
        return source

    def role_of(self, role: str, owner: Actor) -> Actor:
        """ "son avocat" after "Georges Cipriani": "Avocat de Georges Cipriani", an unnamed
        source of this document speaking for the owner (never the owner, never a bare
        "Avocat" shared by every article's lawyers)."""
        name = f"{role} de {owner.name}"
        folded = fold(name)
        same = (a for a in self.actors.values() if fold(a.name) == folded)
        return next(same, None) or self._anonymous(name, None)

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
                found = self.sources.find_in(fold(target), target) if org is None else None
                if org is None and found is not None:
                    org = self.from_entry(found[1], found[2], target)
                if org is not None:
                    affiliation = org.key
                break
        why = "a role without a name" if kind else "unnamed source (anonymous head noun)"
        actor = Actor(
            key=self._unique(self._of_this_document(slug(cleaned))),
            name=name,
            kind=kind or "anonymous_source",
            why=why,
            affiliation=affiliation,
        )
        return self._register(actor)

    def _person(self, person: str, said: str) -> Actor:
        person = _TITLE.sub("", person)
        local = self.local(fold(person))
        if local is not None:
            return local
        known = self.sources.exact(person)
        if known is not None:
            return self.from_entry(known[0], known[1], said)
        # "M.\u00a0Chávez": a title and a non-breaking space are no role (role="" crashed)
        role = DETERMINERS.sub("", said[: said.find(person)].strip(" ,\u00a0\u202f")) or None
        affiliation = None
        if role:
            found = self.sources.find_in(fold(role), role)
            if found is not None:
                affiliation = self.from_entry(found[1], found[2], found[1].name).key
        same = self.same_key(person, said)
        if same is not None:
            return same
        actor = Actor(
            key=self._unique(slug(person)),
            name=person,
            kind="person",
            why="person name (NER)",
            role=role,
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
        if (
            not name or len(name.split()) > 12
        ):  # "Comité de l'information et de la presse d'Ossétie du Sud"
            return None
        kind, first = guess_kind(name)
        titled = _TITLED.search(name)
        if name[:1].islower() and titled:
            # "la chaîne de télévision ABC", "la société X": X, described by the words before
            # ("le parquet de Paris" is not Paris: a complement names no entity of its own)
            name = titled.group(1)
        display = name[:1].upper() + name[1:]
        key = slug(name)
        if not any(c.isupper() for c in name):  # "le gouvernement": described, not named
            key = self._of_this_document(key)
        actor = Actor(
            key=self._unique(key),
            name=display,
            kind=kind,
            why=f"new actor, kind from '{first}'" if kind != "other" else "new actor, kind unknown",
        )
        if acronym:
            actor.aliases.append(acronym)
        if cleaned != name:
            actor.aliases.append(cleaned)
        return self._register(actor)
