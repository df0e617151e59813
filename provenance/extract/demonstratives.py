"""Who "ce dernier", "cette dernière", "celui-ci" stand for: the last one mentioned.

A demonstrative picks the nearest earlier referent of its gender and number ("Le diplomate
a rencontré le ministre. Ce dernier a affirmé P": the minister). That is often not the last
speaker, which is why writers use it, so it is read from the words before it rather than
carried like "il"; with no speaker before it, "ce dernier" used to draft nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from provenance.extract.actor_words import guess_kind
from provenance.extract.actors import Actor, ActorBook
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span

# the demonstrative, folded: (gender, number) of what it stands for
DEMONSTRATIVES: dict[str, tuple[str, str]] = {
    "ce dernier": ("Masc", "Sing"),
    "cette derniere": ("Fem", "Sing"),
    "ces derniers": ("Masc", "Plur"),
    "ces dernieres": ("Fem", "Plur"),
    "celui-ci": ("Masc", "Sing"),
    "celle-ci": ("Fem", "Sing"),
    "ceux-ci": ("Masc", "Plur"),
    "celles-ci": ("Fem", "Plur"),
}
_PERSONAL = {
    "il": ("Masc", "Sing"),
    "elle": ("Fem", "Sing"),
    "ils": ("Masc", "Plur"),
    "elles": ("Fem", "Plur"),
}
# a demonstrative agrees as the personal pronoun of its gender and number does
AS_PERSONAL = {
    d: p for d, told in DEMONSTRATIVES.items() for p, g in _PERSONAL.items() if g == told
}
# what the words around a person name but is no one: a time, a place in a title
_NOT_REFERENTS = re.compile(
    r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|fevrier|mars|avril|"
    r"mai|juin|juillet|aout|septembre|octobre|novembre|decembre|jour|jours|semaine|mois|"
    r"an|ans|annee|annees|heure|heures|matin|soir|nuit|veille|lendemain|fois|debut|fin|"
    r"moment|date|cours|suite|cadre|propos|sujet|part|nom|mort|morts|personne|personnes|"
    r"interieur|exterieur|etranger|defense|justice|sante|economie)$"
)
# a noun for someone who can speak ("un diplomate", "les manifestants", "l'enquêteur"): the
# suffixes of agents, and the common ones without; "le projet" said nothing
_AGENT = re.compile(
    r"^(?:\w+(?:ant|ante|iste|eur|euse|rice|ien|ienne|ier|iere)|diplomate|avocat|avocate|"
    r"candidat|candidate|magistrat|soldat|temoin|expert|experte|juge|medecin|chef|elu|elue|"
    r"victime|suspect|prevenu|prevenue|accuse|accusee|otage|ministre|maire|depute|deputee|"
    r"senateur|president|presidente|pretre|eveque|imam|pape|roi|reine|prince|princesse|"
    r"ambassadeur|consul|gouverneur|general|colonel|capitaine|officier|agent|ecrivain|"
    r"artiste|star|acteur|actrice|patron|patronne|syndicat|parti|organisation|association|"
    r"pilote|salarie|salariee|employe|employee)s?$"
)
_INANIMATE = re.compile(
    r"^(?:entretien|soutien|lien|moyen|maintien|montant|restaurant|instant|volant|secteur|"
    r"moteur|valeur|erreur|honneur|chaleur|hauteur|longueur|couleur|faveur|rumeur|terreur|"
    r"horreur|vigueur|interieur|exterieur|quartier|dossier|courrier|papier|calendrier|"
    r"chantier|metier|sentier|atelier|janvier|fevrier|premier|dernier|derniere|"
    r"premiere|matiere|frontiere|maniere|carriere|lumiere|priere|riviere|filiere)s?$"
)
# the noun heads a demonstrative can point back to: arguments of a verb, and names anywhere
_ARGUMENTS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:arg", "obl:agent", "obl:mod"}
_ARGUMENTS |= {"appos", "conj", "ROOT"}


def last_mentioned(
    pronoun: str,
    before: Sequence[Token],
    quotes: Sequence[Span],
    book: ActorBook,
    persons: list[str],
) -> Actor | None:
    """The nearest noun phrase in ``before`` (the previous sentence and this one, up to the
    pronoun) that agrees with ``pronoun`` and names an actor; None if it is no demonstrative
    or nothing fits (the caller then falls back on the last speaker)."""
    wanted = DEMONSTRATIVES.get(pronoun)
    if wanted is None:
        return None
    owned = False
    for token in reversed(before):
        if token.pos_ == "DET" and "Yes" in token.morph.get("Poss", []):
            # "impute le meurtre à Andreï Lougovoï et demande son extradition, tandis que ce
            # dernier": the owner, named in the sentence; if it is not, no one
            owned = True
            continue
        if owned and token.text in {".", "!", "?", "…"}:
            return None
        if token.pos_ not in {"NOUN", "PROPN"} or token.dep_ in {"flat:name", "flat"}:
            continue
        if token.pos_ == "NOUN" and token.dep_ not in _ARGUMENTS:
            continue  # "le ministre de l'Intérieur": the minister, not "Intérieur"
        if any(q.start <= token.idx < q.end for q in quotes):
            continue  # words said are no referent of the narration
        word = fold(token.text)
        if _NOT_REFERENTS.match(word) or not _agrees(token, wanted):
            continue
        if token.pos_ == "NOUN" and not _speaks(word, token.text):
            continue  # "Paul Martin a critiqué le projet. Ce dernier a déclaré": not the project
        actor = book.resolve(_phrase(token), persons)
        if actor is not None and _gender_fits(book, actor, wanted[0]):
            return actor
    return None


_VERBS = frozenset(["VERB", "AUX"])


def _phrase(head: Token) -> str:
    """The noun phrase of ``head``, up to its first comma ("Juan Santos, le ministre")."""
    start = head.left_edge.idx
    words = [t for t in head.subtree if t.idx >= start]
    # "Andreï Lougovoï et demande son extradition": the parser may hang a verb on a name
    verb = next((n for n, t in enumerate(words) if t.idx > head.idx and t.pos_ in _VERBS), None)
    if verb is not None:
        words = words[:verb]
        while words and words[-1].dep_ == "cc":
            words.pop()
    text = "".join(t.text_with_ws for t in words)
    return re.split(r"\s*[,;:(«»\"]", text)[0].strip()


def _speaks(word: str, text: str) -> bool:
    if _INANIMATE.match(word):
        return False
    return bool(_AGENT.match(word)) or guess_kind(text)[0] != "other"


_DETERMINERS = {
    "le": ("Masc", "Sing"),
    "un": ("Masc", "Sing"),
    "ce": ("Masc", "Sing"),
    "cet": ("Masc", "Sing"),
    "la": ("Fem", "Sing"),
    "une": ("Fem", "Sing"),
    "cette": ("Fem", "Sing"),
    "les": ("", "Plur"),
    "des": ("", "Plur"),
    "ces": ("", "Plur"),
}


def _agrees(token: Token, wanted: tuple[str, str]) -> bool:
    """The determiner says more than the model's morphology ("la ministre" is feminine,
    which the small model does not know)."""
    det = next((c for c in token.children if c.dep_ == "det"), None)
    told = _DETERMINERS.get(fold(det.text)) if det is not None else None
    if told is not None:
        return (not told[0] or told[0] == wanted[0]) and told[1] == wanted[1]
    gender = token.morph.get("Gender", [])
    number = token.morph.get("Number", [])
    if token.pos_ == "PROPN":
        return not number or wanted[1] in number or wanted[1] == "Sing"
    return (not gender or wanted[0] in gender) and (not number or wanted[1] in number)


def _gender_fits(book: ActorBook, actor: Actor, gender: str) -> bool:
    known = book.genders.get(actor.key)
    return known is None or known == ("f" if gender == "Fem" else "m")


def previous_subject(
    pronoun: str, previous: Sequence[Token], book: ActorBook, persons: list[str]
) -> Actor | None:
    """The subject of the sentence before, for "il" with no one named ("Le ministre a lu
    un texte. Dans ce texte, il affirme P": nothing was drafted) when it is a role that
    agrees and can speak; None otherwise."""
    wanted = _PERSONAL.get(pronoun)
    if wanted is None:
        return None
    inside = {t.i for t in previous}
    # the sentence's own top verb: ROOT, or attached to a line the parser ran it into (a
    # title, a dateline)
    tops = {t.i for t in previous if t.dep_ == "ROOT" or t.head.i not in inside}
    subjects = [t for t in previous if t.dep_ in {"nsubj", "nsubj:pass"} and t.head.i in tops]
    if len(subjects) != 1:
        return None
    token = subjects[0]
    if any(c.dep_ == "conj" for c in token.children):
        return None
    if token.pos_ == "PROPN":
        return _named_body(token, wanted, book, persons)
    # a role, alone: names are for one_person_before, which will not guess between two
    # ("Jean Dupont et Marie Curie sont arrivés. « P », a-t-il affirmé": no one)
    if token.pos_ != "NOUN":
        return None
    if not _agrees(token, wanted) or not _speaks(fold(token.text), token.text):
        return None
    actor = book.resolve(_phrase(token), persons)
    if actor is not None and wanted[1] == "Plur" and fold(token.text) not in fold(actor.name):
        # "Les grévistes de la raffinerie Total de Donges refusent. « P », disent-ils": the
        # strikers of the company their complement names, not the company
        group = " ".join(t.text for t in token.subtree if t.i <= token.i and t.pos_ != "DET")
        actor = book.role_of(group[:1].upper() + group[1:], actor)
    return actor if actor is not None and _gender_fits(book, actor, wanted[0]) else None


def _named_body(
    token: Token, wanted: tuple[str, str], book: ActorBook, persons: list[str]
) -> Actor | None:
    """ "La Russie n'apprécie pas l'accord. Elle promet que P": a country or a body the
    determiner gives a gender ("la Russie", "le Kremlin"); never a person, whom
    one_person_before alone may name."""
    det = next((c for c in token.children if c.dep_ == "det"), None)
    if det is None or fold(det.text) not in {"le", "la", "les"} or not _agrees(token, wanted):
        return None
    actor = book.resolve(_phrase(token), persons)
    return actor if actor is not None and actor.kind != "person" else None
