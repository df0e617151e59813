"""A document named in the sentence before: "Al-Jazira a diffusé un enregistrement. Dans
cet enregistrement, Ben Laden affirme P" — Al-Jazira relays P.

The speaker's own sentence says only "cet enregistrement"; who carried it is the subject
of the sentence that gave it out. Before this, the relay was lost (trials 3–5 listed it
among the misses: "relays named in an earlier sentence").
"""

from __future__ import annotations

import re

from provenance.extract.lexicon import fold
from provenance.extract.segment import Sentence

_DOCUMENTS = frozenset(
    [
        "video",
        "enregistrement",
        "message",
        "declaration",
        "communique",
        "lettre",
        "courrier",
        "entretien",
        "interview",
        "document",
        "texte",
        "rapport",
        "note",
        "audio",
        "bande",
        "cassette",
        "emission",
        "article",
    ]
)
# "Dans cette vidéo, X affirme", "Selon ce communiqué, P"
_THIS_ONE = re.compile(
    r"\s*(?:dans|selon|d['’]après)\s+(?:cette|ce|cet)\s+(?P<noun>[\w-]+)\s*,", re.IGNORECASE
)
# "La chaîne Al-Arabiya a diffusé mardi une vidéo", "Le Monde a publié une lettre"
_GAVE_OUT = re.compile(
    r"\s*(?P<who>[^,.;:«»]{2,80}?)\s+(?:a|ont|avait|avaient)\s+(?:\w+\s+){0,2}?"
    r"(?P<verb>diffusé|publié|mis en ligne|révélé|rendu public|relayé|dévoilé|obtenu|reçu)"
    r"\s+(?:[\w']+\s+){0,2}?(?:un|une|le|la|l['’]|des|les)\s*(?:[\w-]+\s+)?(?P<noun>[\w-]+)",
    re.IGNORECASE,
)


def earlier_carrier(
    text: str, sent: Sentence, before: int, prev: Sentence | None
) -> tuple[str, str] | None:
    """(who gave the document out, the words saying so), when this sentence opens on
    "dans cette vidéo" (before ``before``, the speaker) and the one before gave out a
    document; None otherwise."""
    this = _THIS_ONE.match(text, sent.start, before)
    if this is None or prev is None or fold(this.group("noun")) not in _DOCUMENTS:
        return None
    gave = _GAVE_OUT.match(text, prev.start, prev.end)
    if gave is None or fold(gave.group("noun")) not in _DOCUMENTS:
        return None
    return gave.group("who").strip(), f"{gave.group('verb')} {gave.group('noun')}"
