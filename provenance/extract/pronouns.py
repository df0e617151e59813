"""Who a pronoun or an anaphora stands for: the last speaker, or the one person named.

"Il a ajouté que P" goes on with the last speaker when the words agree ("il" is no plural
group, "ils" no one person); with no such speaker, the one person named before it in the
paragraph. "La même source" goes on with the last unnamed source.
"""

from __future__ import annotations

import re

from provenance.extract.actors import Actor, ActorBook
from provenance.extract.demonstratives import AS_PERSONAL
from provenance.extract.frame_types import Mention
from provenance.extract.lexicon import fold
from provenance.extract.segment import Sentence, Span

Carried = tuple[Actor, list[tuple[Actor, str]]]


#: cues that go on with the speaker before: "Il a ajouté que P"
GOES_ON = re.compile(r"\b(?:ajout|poursui|precis|rencher|enchain|conclu|insist)")


def acted(text: str, sentence: Sentence, actor: Actor) -> bool:
    """``actor`` is the subject of ``sentence``, active: "Le président turc Recep Tayyip
    Erdogan a décrété un deuil", not "Le corps de Jean Dupont a été retrouvé" nor "Le
    suspect, Karim Benali, a été mis en examen"."""
    said = fold(text[sentence.start : sentence.end])
    for name in (actor.name, *actor.aliases):
        at = said.find(fold(name)) if name else -1
        if at < 0 or len(said[:at].split()) > 6 or re.search(r"\b(?:de|du|des|d')\s*$", said[:at]):
            continue
        after = said[at + len(fold(name)) :]
        return not _PASSIVE_AFTER.match(after)
    return False


_PASSIVE_AFTER = re.compile(r"\s*(?:,[^,]*,|,)?\s*(?:a|ont|avait|avaient|est|sont)\s+ete\b")


def one_person_before(
    at: int,
    sent: Sentence,
    previous: Sentence | None,
    named_at: list[tuple[int, str]],
    book: ActorBook,
    said: Span | None = None,
) -> Actor | None:
    """The one person a pronoun with no speaker before it can stand for: the only person
    named earlier in its sentence and the one before (same paragraph), never inside the
    words said ("« Paul Biya, vous mentez », clame-t-il"); None if several."""
    start = previous.start if previous is not None else sent.start
    names = {
        name
        for pos, name in named_at
        if start <= pos < at and (said is None or not said.start <= pos < said.end)
    }
    if len(names) != 1:
        return None
    actor = book.resolve(names.pop(), [])
    return actor if actor is not None and actor.kind == "person" else None


def speaker_of(
    mention: Mention | None,
    book: ActorBook,
    persons: list[str],
    last: Carried | None,
    last_anon: Carried | None,
    distance: int,
) -> Carried | None:
    if mention is None:
        return None
    low = fold(mention.text)
    anaphora = re.match(r"(la meme source|cette source|la source|ces sources|ladite source)\b", low)
    if mention.carry or anaphora:
        if low == "on":
            return None  # "« P », dit-on": hearsay, no one in particular
        if anaphora and last_anon is not None:
            return last_anon
        if last is None or distance > 4 or not agrees(low, last[0], book):
            return None
        return last
    if distance <= 1 and last is not None and same_office(low, last[0]):
        return last  # "un haut responsable américain … Selon le fonctionnaire, P", next
    actor = book.resolve(mention.text, persons)
    if actor is not None:
        book.note_gender(actor, mention.text)
    return (actor, []) if actor is not None else None


#: nouns that name the same kind of unnamed person: an official called "un haut responsable"
#: is "le fonctionnaire" or "l'officiel" a paragraph later
_OFFICES = (
    frozenset({"responsable", "fonctionnaire", "officiel", "officielle", "dirigeant"}),
    frozenset({"diplomate", "emissaire", "envoye", "envoyee", "negociateur"}),
    frozenset({"militaire", "officier", "grade"}),
)
_BARE_OFFICE = re.compile(r"(?:le |la |l')\s*(?:haute? )?(\w+)")


def same_office(low: str, actor: Actor) -> bool:
    """The folded speaker words are a bare description ("le fonctionnaire", no complement)
    of ``actor``, someone unnamed (an unnamed source, or a role this text named) whose
    name holds a noun of the same kind."""
    m = _BARE_OFFICE.fullmatch(low)
    if m is None or not (actor.kind == "anonymous_source" or ":" in actor.key):
        return False
    named = set(fold(actor.name).split())
    return any(m.group(1) in office and named & office for office in _OFFICES)


# a description that names no one new, only what the last speaker is: "le militaire", "le
# représentant du ministère", "l'intéressé"
_DESCRIPTION = re.compile(
    r"(?P<article>le |la |l')\s*(?P<noun>militaire|diplomate|responsable|haut responsable|"
    r"haut fonctionnaire|haut-fonctionnaire|interessee?|officiel(?:le)?|representante?|"
    r"dirigeante?|homme politique|femme politique|politicienne?|officier|emissaire|envoyee?|"
    r"negociateur|negociatrice)"
    r"(?:\s+(?:du|de la|de l'|des|de|d')\s*(?P<of>[^,]{3,60}))?"
)


def described(low: str, actor: Actor, book: ActorBook) -> bool:
    """The folded speaker words are a description of ``actor``, a person named before: a
    noun that names a kind of person and no one in particular, whose complement, if any,
    is in the actor's role ("le représentant du ministère" after "X, porte-parole du
    ministère de la Défense"), and whose article agrees ("la représentante" is no "M. X")."""
    m = _DESCRIPTION.fullmatch(low)
    if m is None or actor.kind != "person" or ":" in actor.key:
        return False
    pronoun = {"le ": "il", "la ": "elle"}.get(m.group("article"))
    if pronoun is not None and not agrees(pronoun, actor, book):
        return False
    if m.group("of") is None:
        return True
    where = fold(" ".join(filter(None, [actor.role, actor.description])))
    words = [w for w in re.findall(r"\w+", m.group("of")) if len(w) > 3]
    return bool(words) and all(w in where for w in words)


def agrees(pronoun: str, actor: Actor, book: ActorBook) -> bool:
    """ "Il" is no plural group named before ("Selon les médias locaux, P. … Il assure
    que Q" gave Q to the media), "ils" no one person; "elle" is not "le gouvernement" nor
    "M. X", "il" not "la police" nor "Mme Y"."""
    pronoun = AS_PERSONAL.get(pronoun, pronoun)
    gender = book.genders.get(actor.key)
    if (gender == "m" and pronoun in {"elle", "elles"}) or (
        gender == "f" and pronoun in {"il", "ils"}
    ):
        return False
    if pronoun in {"ils", "elles"}:
        return bool(actor.kind != "person")
    first = fold(actor.name).split()[0] if actor.name else ""
    plural = ":" in actor.key and first.endswith(("s", "x")) and len(first) > 3
    return not (pronoun in {"il", "elle"} and plural)


# the people who speak for someone: "son avocat", "ses proches" ("son propriétaire" after
# "Edgar Degas" is the painting's)
_POSSESSIVE = re.compile(
    r"(?:son|sa|ses)\s+((?:avocate?s?|porte-parole|entourage|proches|famille|épouse|mari|"
    r"femme|frère|sœur|soeur|père|mère|fils|fille|conseill[eè]re?s?|partisans|"
    r"collaborat(?:eur|rice)s?|bras droit)(?:\s+[a-zà-ÿ][\w’'-]*)?)$",
    re.I,
)


def owner_named(
    mention: Mention | None,
    sent: Sentence,
    opening: Sentence,
    named_at: list[tuple[int, str]],
    book: ActorBook,
    persons: list[str],
) -> Actor | None:
    """ "Son avocat a déclaré": the lawyer of the one person named before in the paragraph
    ("Avocat de Georges Cipriani"), not a bare "Avocat" shared by every article's lawyers."""
    if mention is None or mention.carry:
        return None
    m = _POSSESSIVE.fullmatch(mention.text.strip())
    if m is None:
        return None
    owner = one_person_before(mention.start, sent, opening, named_at, book)
    if owner is None:
        return None
    return book.role_of(m.group(1), owner)
