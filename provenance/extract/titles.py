"""Who a title alone names: the person an earlier mention introduced with it.

Wire copy names a person once with a title ("le président géorgien Mikhaïl Saakachvili")
and then by the title alone ("a affirmé le président géorgien"); each of those drafted a
new unnamed speaker, and the person's later claims were lost to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from provenance.extract.actor_index import Actor
from provenance.extract.actor_words import DETERMINERS, PERSON_WORDS
from provenance.extract.cue_words import AUX
from provenance.extract.lexicon import fold, lexicon

# "le président russe, " / "la porte-parole de l'ONU " right before a name: an article, then
# lower-case words (of, the, apostrophes and hyphens allowed), then at most a comma
_TITLE_BEFORE = re.compile(
    r"(?:^|[\s(])((?:[Ll]e|[Ll]a|[Ll]['’])\s*[a-zà-ÿ][a-zà-ÿ'’-]*(?:\s+[a-zà-ÿ'’-]+){0,6}?)"
    r"\s*,?\s+$"
)
_BEFORE_COMPLEMENT = frozenset(
    ["de", "du", "des", "d'", "d’", "a", "au", "aux", "en", "pour", "par"]
)


#: offices French names two ways: "le chef de l'État géorgien" after "le président géorgien
#: Mikhaïl Saakachvili" is him, not a second, unnamed speaker
_SAME_OFFICE = (("chef de l'etat", "president"), ("chef du gouvernement", "premier ministre"))


def introduced_as(actors: Mapping[str, Actor], described: str) -> Actor | None:
    """The person whose recorded mention put ``described`` (folded, no article) before
    the name; or whose title began with it ("le président" for "le président géorgien")
    when only one person was introduced that way. Two such persons, named or not, and it
    names neither.
    """
    for other, office in _SAME_OFFICE:
        if described.startswith(other + " "):  # "le chef de l'État" alone: the country's own
            same = introduced_as(actors, office + described[len(other) :])
            if same is not None:
                return same
    exact: set[str] = set()
    shorter: set[str] = set()
    for actor in actors.values():
        if ":" in actor.key:  # "le ministre russe des Affaires étrangères", named by no one
            own = fold(DETERMINERS.sub("", actor.name))
            if own.startswith(described + " "):
                shorter.add(actor.key)  # another one the title alone could be
            continue
        if actor.kind != "person" or not actor.name:
            continue
        for alias in actor.aliases:
            at = alias.find(actor.name)
            if at <= 0:
                continue
            title = fold(DETERMINERS.sub("", alias[:at].strip(" ,\u00a0\u202f")))
            if title == described:
                exact.add(actor.key)
            elif title.startswith(described + " "):
                shorter.add(actor.key)
    found = exact or shorter
    return actors[found.pop()] if len(found) == 1 else None


def introduce(text: str, persons: list[str], resolve: Callable[[str], object]) -> None:
    """Record, before any claim is drafted, the title each person is introduced with.

    "Le président russe, Dmitri Medvedev a réitéré …, se déclarant « prêt »": the parser
    gives the participle "le président russe" for subject, before the sentence's quote has
    named Medvedev; with the introduction recorded first, :func:`introduced_as` finds him.
    """
    lex = lexicon()
    for person in dict.fromkeys(p for p in persons if " " in p and p[:1].isupper()):
        for at in (m.start() for m in re.finditer(re.escape(person), text)):
            m = _TITLE_BEFORE.search(text, max(0, at - 80), at)
            if m is None:
                continue
            title = m.group(1)
            words = fold(DETERMINERS.sub("", title)).split()
            # "le porte-parole des autorités portuaires de New York": a complement, no name;
            # "Le ministre a reçu Jean Dupont": a clause, and Jean Dupont is not the minister
            if (
                words
                and words[0] in PERSON_WORDS
                and words[-1] not in _BEFORE_COMPLEMENT
                and not any(w in AUX or lex.verb_of(w) for w in words[1:])
            ):
                resolve(f"{title} {person}")
