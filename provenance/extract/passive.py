"""Passive reporting verbs: "La nouvelle a été annoncée par Y", "Il a été annoncé par Y que P".

Its own module because the sentence's frame finder would otherwise outgrow one screen's
worth of class; it is called as that class's method (``self``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.extract.frame_types import mention
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span
from provenance.extract.verb_group import group_start

if TYPE_CHECKING:
    from spacy.tokens import Token

    from provenance.extract.frames import SentenceFrames


# a complement of the participle, then its agent: "accusé de fraudes par Y", "considérée
# comme une organisation terroriste par Y", "qualifié de « drame humain » par Y"
COMPLEMENT_AGENT = re.compile(
    r"(\s+(?:de|d['’]|du|des|comme)\s*[^,.;:]*?\s)par\s+"
    r"((?:l['’]|la |le |les |des |un |une |plusieurs |certains |son |sa |ses |leurs? |[A-Z])"
    r"[^,.;:«»]*)"
)


def passive(self: SentenceFrames, i: int, verb: str) -> bool:
    """ "X est soupçonné de", "La nouvelle a été annoncée par Y": the subject is no speaker.

    With an agent ("par Y") Y said the subject's words, or, when the subject is a short
    anaphora ("la nouvelle", "l'information"), the previous sentence of the paragraph.
    """
    tok = self.tokens[i]
    cue_start = group_start(self, i)
    aux = [t for t in self.tokens if cue_start <= t.idx < tok.idx]
    if not any(t.dep_ == "aux:pass" or fold(t.text) == "ete" for t in aux):
        return False
    if any(fold(t.text) in {"s'", "se"} for t in aux):
        return False  # "s'est élevé contre": reflexive, not passive, whatever the parse says
    if any(fold(t.text) in {"avoir", "etre", "etant", "ayant"} for t in aux):
        # "a déclaré ne pas avoir été informé par Y": the declarer's words; "Kibaki étant
        # soutenu par les Kikuyu": a circumstance, no one speaks
        return True
    end = tok.idx + len(tok.text)
    agent = re.match(r"((?:,[^,]*,)?\s*)par\s+([^,.;:«»]+)", self.text[end : self.sent.end])
    s = self.sent.start
    if agent is None:
        # "X a été accusé de fraudes par l'opposition", "qualifié de « drame » par Y": the
        # complement, then the agent; Y said all of it
        agent = COMPLEMENT_AGENT.match(self.text, end, self.sent.end)
        if agent is None:
            return True
        who_start = agent.start(2)
        content = Span(s, agent.start(1) + len(agent.group(1).rstrip()))
        speaker = mention(self.text, who_start, agent.end(2))
        cue = self.text[cue_start:end].strip()
        kind = self.lex.verb_kind.get(verb, "assertion")
        self.add_frame(content, cue_start, end, cue, verb, kind, False, speaker, "passive")
        return True
    subject = self.text[s:cue_start].strip(" ,")
    who_end = end + agent.end(2)
    cut = re.search(r"\s(?:que\s|qu['’])", agent.group(2))  # "par Y que P"
    if cut:
        who_end = end + agent.start(2) + cut.start()
    named = re.match(r",\s*((?:[A-Z][\w’'-]+\s*){2,4}),", self.text[who_end : self.sent.end])
    if named:  # "par le porte-parole du gouvernement, Karim Benali, que P": the name
        who_end += named.end(1)
    que = re.match(r"[\s,]*(?:que\s|qu['’])", self.text[who_end : self.sent.end])
    if fold(subject) in {"il", "c'est", "ce"} and que:
        # "Il a été annoncé par Y que P": impersonal, P is what Y announced
        opens = who_end + que.end()
        content = Span(opens, self.clause_end(opens))
    elif len(subject.split()) >= 4:
        content = Span(s, cue_start)
    elif self.previous is not None and re.match(
        r"(?:la|le|l['’]|cette|ce|cet)\s*\w", subject, re.I
    ):
        content = Span(self.previous.start, self.previous.end)
    else:
        return True
    who_start = end + agent.start(2)
    speaker = mention(self.text, who_start, who_end)
    cue = self.text[cue_start:who_start].strip()
    kind = self.lex.verb_kind.get(verb, "assertion")
    self.add_frame(content, cue_start, who_start, cue, verb, kind, False, speaker, "passive")
    return True


# what a denial in a sentence of its own points back at: "Une conclusion contestée par Y."
_DENIED_NOUN = re.compile(
    r"\s*(?:une?|des|cette|ces|ce|cet)\s+(?:[\w-]+\s+)?(?:version|conclusions?|"
    r"accusations?|informations?|affirmations?|allégations?|thèses?|bilan|chiffres?|"
    r"annonces?|hypothèses?|déclarations?)\s*",
    re.IGNORECASE,
)

_AGENT = re.compile(r"\s*par\s+([^,.;:«»]+)")


def nominal_denial(self: SentenceFrames, i: int, verb: str, last: Token) -> None:
    """ "Une conclusion contestée par l'association X.": X denies what was said before, in
    a sentence with no verb of its own (the journalist's shorthand for "X conteste P"), or
    in an apposition to it ("P, une affirmation mise en doute par X")."""
    if self.lex.verb_kind.get(verb) != "denial":
        return
    tok = self.tokens[i]
    end = last.idx + len(last.text)
    lead = self.text.rfind(",", self.sent.start, tok.idx) + 1 or self.sent.start
    if not _DENIED_NOUN.fullmatch(self.text, lead, tok.idx):
        return
    agent = _AGENT.match(self.text, end, self.sent.end)
    if agent is None or any(
        t.pos_ in {"VERB", "AUX"} for t in self.tokens if agent.start(1) <= t.idx < agent.end(1)
    ):
        return  # "Ces chiffres contestés par l'opposition montrent P": the clause goes on
    speaker = mention(self.text, agent.start(1), agent.end(1))
    cue = self.text[tok.idx : end]
    self.add_frame(Span(lead, end), tok.idx, end, cue, verb, "denial", False, speaker, "denied by")
