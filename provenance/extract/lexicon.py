"""The cue lexicon and the outlet registry: data files shipped inside the package.

Rules of French reporting syntax live in code; the words they look for live here, so a
reviewer can extend the lists without touching the pipeline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophes and dashes made plain.

    One character in, one character out: rules find cues in the folded sentence and cut
    the original at the same offsets, so "…" or "ﬁ" (three and two characters once
    decomposed) would shift every quote after them.
    """
    return text.lower() if text.isascii() else text.translate(_LOWER)


def fold_keeping_case(text: str) -> str:
    """:func:`fold` but for the lower case: where a name's capitals matter ("UN", "un")."""
    return text if text.isascii() else text.translate(_CASED)


_PLAIN = {"’": "'", "‘": "'", "–": "-", "\u00a0": " "}


class _Folding(dict[int, str]):
    """A translation table filled as characters are met (str.translate asks it)."""

    def __init__(self, lower: bool) -> None:
        super().__init__()
        self.lower = lower

    def __missing__(self, code: int) -> str:
        c = chr(code)
        low = c.lower() if self.lower else c
        if len(low) != 1:  # "İ" lowers to two characters
            low = c
        plain = _PLAIN.get(low)
        if plain is None:
            base = unicodedata.normalize("NFKD", low)
            base = "".join(x for x in base if not unicodedata.combining(x))
            plain = base if len(base) == 1 else low  # a lone accent or a ligature stays
        self[code] = plain
        return plain


_LOWER = _Folding(lower=True)
_CASED = _Folding(lower=False)


def _load(name: str) -> Any:
    data = (
        resources.files("provenance.extract")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )
    return yaml.safe_load(data)


def _er_forms(infinitive: str) -> list[str]:
    """The forms of a regular -er verb that news prose uses for reported speech."""
    stem = infinitive[:-2]
    # répéter -> répète, révéler -> révèle (closed e before the last syllable)
    soft = re.sub(r"é([^aeiouyé]+)$", r"è\1", stem)
    forms = [soft + "e", soft + "ent", stem + "é", stem + "ée", stem + "és", stem + "ées"]
    forms += [stem + "ait", stem + "aient", stem + "ant", soft + "era", soft + "eront"]
    forms += [infinitive]
    if stem.endswith("g"):
        forms += [stem + "eait", stem + "eant", stem + "eaient"]
    if stem.endswith("c"):
        forms += [stem[:-1] + "çait", stem[:-1] + "çant", stem[:-1] + "çaient"]
    if stem.endswith("el") or stem.endswith("et"):
        forms += [stem + stem[-1] + "e", stem + stem[-1] + "ent"]
    return forms


@dataclass(frozen=True)
class Lexicon:
    verb_kind: dict[str, str]  # infinitive -> claim kind
    form_to_verb: dict[str, str]  # folded surface form -> infinitive
    markers: tuple[str, ...]
    relay_recipient: tuple[str, ...]
    relay_outer_verbs: frozenset[str]
    citing: tuple[str, ...]
    carry_over: tuple[str, ...]
    contradiction: tuple[str, ...]
    anonymous_heads: frozenset[str]
    affiliation_links: tuple[str, ...]
    chrome: tuple[re.Pattern[str], ...]
    sources_line: re.Pattern[str]
    # folded verb form -> (phrase, folded words after the verb) for multiword cues
    phrases: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)
    # folded form -> infinitive of the verbs read only in an incise after a quote
    incise_forms: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def verb_of(self, word: str) -> str | None:
        return self.form_to_verb.get(fold(word))

    def phrase_at(self, words: list[str]) -> tuple[str, int] | None:
        """The multiword cue starting at words[0] ("fait état de"): phrase, words it spans.

        A closing "de" matches "d'" too; anything else there ("du bilan", "mardi de")
        ends the match before itself, and the words are left to the content.
        """
        if not words:
            return None
        for phrase, rest in self.phrases.get(fold(words[0]), ()):
            n = 1
            for k, want in enumerate(rest):
                got = fold(words[n]) if n < len(words) else ""
                if got == want or (want == "de" and got == "d'"):
                    n += 1
                elif want == "de" and k == len(rest) - 1 and k > 0:
                    break  # "fait état du bilan", "a fait état mardi de": the verb's object
                else:
                    n = 0
                    break
            if n:
                return phrase, n
        return None


@cache
def lexicon() -> Lexicon:
    data = _load("lexicon.yaml")
    verb_kind: dict[str, str] = dict(data["verbs"])
    verb_kind.update(data.get("extra_kinds", {}))
    forms: dict[str, str] = {}
    for verb in data["verbs"]:
        if " " in verb:
            continue
        if verb.endswith("er"):
            for form in _er_forms(verb):
                forms[fold(form)] = verb
        else:
            forms[fold(verb)] = verb
    for form, verb in data["forms"].items():
        forms[fold(form)] = verb
    phrases: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for phrase, kind in data.get("phrases", {}).items():
        head, *rest = fold(phrase).replace("'", "' ").split()
        verb_kind[phrase] = kind
        for form in data["phrase_forms"][head]:
            phrases.setdefault(fold(form), []).append((phrase, tuple(rest)))
    incise = {fold(f): v for v in data["incise_verbs"] for f in _er_forms(v.removeprefix("s'"))}
    incise.update((fold(f), v) for f, v in data["incise_forms"].items())
    return Lexicon(
        verb_kind=verb_kind,
        form_to_verb=forms,
        markers=tuple(data["markers"]),
        relay_recipient=tuple(sorted(data["relay_recipient"], key=len, reverse=True)),
        relay_outer_verbs=frozenset(data["relay_outer_verbs"]),
        citing=tuple(data["citing"]),
        carry_over=tuple(sorted(data["carry_over"], key=len, reverse=True)),
        contradiction=tuple(fold(c) for c in data["contradiction"]),
        anonymous_heads=frozenset(fold(h) for h in data["anonymous_heads"]),
        affiliation_links=tuple(sorted(data["affiliation_links"], key=len, reverse=True)),
        chrome=tuple(re.compile(p, re.IGNORECASE) for p in data["chrome_patterns"]),
        sources_line=re.compile(data["sources_line"], re.IGNORECASE),
        phrases={form: tuple(entries) for form, entries in phrases.items()},
        incise_forms=incise,
    )


@dataclass(frozen=True)
class RegistryEntry:
    key: str
    name: str
    kind: str
    country: str | None
    state_affiliated: bool | None
    aliases: tuple[str, ...]


@cache
def registry() -> tuple[RegistryEntry, ...]:
    return tuple(
        RegistryEntry(
            key=e["key"],
            name=e["name"],
            kind=e["kind"],
            country=e.get("country"),
            state_affiliated=e.get("state_affiliated"),
            aliases=tuple(e.get("aliases", [])),
        )
        for e in _load("registry.yaml")
    )
