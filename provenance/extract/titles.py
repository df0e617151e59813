"""Who a title alone names: the person an earlier mention introduced with it.

Wire copy names a person once with a title ("le président géorgien Mikhaïl Saakachvili")
and then by the title alone ("a affirmé le président géorgien"); each of those drafted a
new unnamed speaker, and the person's later claims were lost to them.
"""

from __future__ import annotations

from collections.abc import Mapping

from provenance.extract.actor_index import Actor
from provenance.extract.actor_words import DETERMINERS
from provenance.extract.lexicon import fold


def introduced_as(actors: Mapping[str, Actor], described: str) -> Actor | None:
    """The person whose recorded mention put ``described`` (folded, no article) before
    the name; or whose title began with it ("le président" for "le président géorgien")
    when only one person was introduced that way. Two such persons, named or not, and it
    names neither.
    """
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
