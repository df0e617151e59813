"""The outlet a speaker spoke to: "a déclaré à l'AFP", "cité par Y", "dans une interview
publiée mardi par le quotidien Y", and the later quotes of that interview.

These are the first hop of a chain (the speaker told Y), before the outlets that passed the
words on; :mod:`provenance.extract.pipeline` ranks them so.
"""

from __future__ import annotations

import re

from provenance.extract.actor_words import MEDIA
from provenance.extract.actors import Actor, ActorBook
from provenance.extract.cue_words import LEAD_ASKED
from provenance.extract.frame_types import Frame
from provenance.extract.lexicon import fold
from provenance.extract.segment import Sentence, Span

_SPEAKER_NEXT = re.compile(
    r"(?<!\bde)(?<!\bdu)(?<!\bà)\s+(?=(?:son|sa|ses|leur|leurs|un|une|des|le|la|les|ce|cette|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui)\b)"
)


def _named(words: str) -> bool:
    """A proper name ("France Bleu Normandie", "Ouest-France"), not a description."""
    return any(w[:1].isupper() for w in words.split())


_LEAD_MEDIUM = re.compile(
    r"\s*(?:dans|lors d['’]|au cours d['’])\s*(?:un|une|le|la|l['’]|cette|ce|cet|son|sa)\s*"
    r"[\w-]+(?:\s+[\w-]+)?\s+(?:(?:diffus|publi|accord|transmis|rendu)[ée]?e?s?\s+)?"
    r"(par|à|au|aux)\s+([^,]+),",
    re.IGNORECASE,
)


# "publiée mardi par", "accordé le 3 mai à": when, between the participle and the outlet
_WHEN = (
    r"(?:\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|ce|cette|matin|"
    r"soir|nuit|semaine|le|dernier|dernière|\d{1,2}|janvier|février|mars|avril|mai|juin|"
    r"juillet|août|septembre|octobre|novembre|décembre)){0,3}"
)


def recipient_hops(
    text: str, frame: Frame, sent: Span, book: ActorBook, persons: list[str]
) -> list[tuple[Actor, str]]:
    """ "a déclaré à l'agence Y", "pour l'agence Y", "X, cité par Y": the first relay."""
    hops: list[tuple[Actor, str]] = []
    sent_start, sent_end = sent.start, sent.end
    window_start = frame.cue_span.start
    sp = frame.speaker
    if sp is not None and not sp.carry and sp.end <= window_start and sp.end >= sent_start:
        window_start = sp.end  # "l'OSDH, relayé par les agences internationales, a dit"
    window = text[window_start:sent_end]
    pattern = (
        r"(?<![\w-])(cit[ée]e?s? par|relay[ée]e?s? par|rapport[ée]e?s? par|"
        r"interrog[ée]e?s? par|jointe?s? (?:par téléphone )?par|contact[ée]e?s? par|"
        r"interview[ée]e?s? par|par l['’]intermédiaire d[eu]|par la voix d[eu]|"
        rf"(?:diffus|publi)[ée]e?s?{_WHEN} par|accord[ée]e?s?{_WHEN} à|"
        r"à|au|aux|pour|auprès d[eu]|informé|sur)\s+"
        r"((?:l['’]|la |le |les |son |sa |ses |leur )?(?:agences?|chaînes?|chaines?|journal|"
        r"quotidien|radio|télévision|station|site|antenne|ondes|[A-Z])[^,.;:«»]*)"
    )
    lead = (
        _LEAD_MEDIUM.match(text, sent_start, sp.start) if sp is not None and not sp.carry else None
    )
    if lead is not None:  # "Dans un enregistrement diffusé par Al-Jazira, Ben Laden déclare"
        actor = book.resolve_after(lead.group(1), lead.group(2), persons)
        if actor is not None and book.is_media(actor.key):
            hops.append((actor, " ".join(lead.group(0).split()).rstrip(", ")))
    asked = (
        LEAD_ASKED.match(text, sent_start, sp.start) if sp is not None and not sp.carry else None
    )
    if asked is not None:
        actor = book.resolve(asked.group(3), persons)
        explicit = fold(asked.group(2)) == "par" and _named(asked.group(3))
        if actor is not None and (book.is_media(actor.key) or explicit):
            hops.append((actor, " ".join(asked.group(0).split()).rstrip(", ")))
    for m in re.finditer(pattern, window):
        pos = window_start + m.start()
        if frame.content.start <= pos < frame.content.end:
            continue
        name = m.group(2)
        if m.group(1) == "sur" and name[:1].isupper() and not _known_outlet(book, name):
            continue  # "sur la chaîne ABC", "sur les ondes de RFI", "sur BFMTV"; not "sur Paris"
        if pos < frame.cue_span.start:  # a relay between the subject and the verb
            name = name[: frame.cue_span.start - (window_start + m.start(2))]
        name = re.split(r"\s(?:que|qu['’])", name)[0]  # "sur ABC qu'il ...": the content
        name = re.split(r"\s+et\s+\w+[ée]e?s?\s+par\s", name)[0]  # "... et confirmée par Y"
        # "à Reuters son directeur", "à l'AFP dimanche une source": the speaker comes next
        name = re.split(_SPEAKER_NEXT, name)[0]
        actor = book.resolve_after(m.group(1), name, persons)
        # "cité par", "relayé par" name a relay whatever it is; "à", "pour" only an outlet
        # ("à Moscou", "pour la paix")
        explicit = m.group(1).endswith(" par") or m.group(1).startswith("par ")
        if actor is not None and (book.is_media(actor.key) or (explicit and _named(name))):
            hops.append((actor, f"{m.group(1)} {name.strip()}"))
    return hops


def _known_outlet(book: ActorBook, words: str) -> bool:
    """The words start with an outlet of the registry ("BFMTV le professeur X")."""
    name = re.split(_SPEAKER_NEXT, words)[0].strip(" ,.;:")
    entry = book.sources.exact(name)
    return entry is not None and getattr(entry[0], "kind", None) in MEDIA


# the speaker spoke to an outlet at length: what they say next in the article, with no
# relay of its own, comes from the same interview
_INTERVIEW = re.compile(
    r"\b(?:interview|entretien|interviewée?s?|cit[ée]e?s? par)\b", re.IGNORECASE
)
# ... unless the words say it was said elsewhere
_ELSEWHERE = re.compile(
    r"\b(?:conférence de presse|communiqué|discours|devant|lors d['’]|au cours d['’]|"
    r"allocution|déclaration|intervention|télévis|radio|réunion|sommet|tribune|"
    # or at another time: "avait déclaré", "la veille", "en 2008", "jeudi", "trois mois plus
    # tard"
    r"avai(?:t|ent)\b|la veille|le lendemain|hier\b|plus tard|l['’]an dernier|"
    r"l['’]année dernière|en (?:19|20)\d\d\b|auparavant|précédemment|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|janvier|février|mars\b|avril|mai\b|juin|juillet|"
    r"août|septembre|octobre|novembre|décembre)"
    # or at another place: "à Tbilissi", "qui parlait à Genève", "en Ukraine" (a capital:
    # "en évoquant", "à la presse" name no place)
    r"|\b(?:à|au|en)\s+(?-i:[A-ZÉ])",
    re.IGNORECASE,
)


class Interviews:
    """The outlet each speaker gave an interview to, carried to what they say next.

    "P, a déclaré X dans une interview publiée mardi par le quotidien Y", then "« Q », a
    poursuivi X": Q came through Y as well, though its sentence does not say so. Only a
    quote with no relay of its own, by the same speaker, whose words name no other occasion
    ("lors d'une conférence de presse", "dans un communiqué"), time ("jeudi", "plus tard")
    or place ("à Tbilissi"), until the speaker is quoted through another outlet.
    """

    def __init__(self) -> None:
        self._outlet: dict[str, list[tuple[str, str]]] = {}

    def chain(
        self, text: str, sent: Sentence, frame: Frame, speaker: str, chain: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """The chain of ``speaker``'s claim in ``frame``: its own, or the interview's."""
        around = text[sent.start : frame.content.start] + text[frame.content.end : sent.end]
        if chain and _INTERVIEW.search(around):
            self._outlet[speaker] = chain[:1]
        elif chain and chain[:1] != self._outlet.get(speaker):
            self._outlet.pop(speaker, None)  # "a déclaré X à la BBC": that interview is over
        elif speaker in self._outlet and not _ELSEWHERE.search(around):
            return self._outlet[speaker]
        return chain
