"""Frames inside frames: "Selon Y, X a déclaré que P" and "X a dit que P, rapporte Y".

A frame whose cue lies inside another frame's content was relayed by the outer speaker
(a hop), unless both share the speaker ("X a expliqué que P, et qu'il estimait que Q"), in
which case the outer content stops where the inner cue starts, or the outer speaker denies
it ("X a démenti une déclaration de Y qui accuse Z de P": X's denial is on Y's words).
"""

from __future__ import annotations

import re

from provenance.extract.frame_types import Frame, clean_content
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span

# what is left of a speaker's first verb before their second one, when it only says whom
# the words went to
_TOLD_ONLY = re.compile(r"(?:à|au|aux)\s+[^,;:«»]{1,60},\s*(?:il|elle|ils|elles|on)?", re.I)

# "Alors qu'un porte-parole affirme que P, un ministre a assuré que Q": the first clause is
# subordinate, so the main clause's speaker is not relaying it
SUBORDINATE = re.compile(
    r"(alors qu|tandis qu|bien qu|meme si|si |quoiqu|lorsqu|puisqu)", re.IGNORECASE
)


def _continues(text: str, outer: Frame, f: Frame) -> bool:
    """ "D'après X, P, elles notent que Q": a pronoun after a comma goes on with X."""
    sp = f.speaker
    impersonal = sp is not None and fold(sp.text) == "on"
    if sp is None or not (sp.carry or impersonal):
        return False
    if outer.verb is not None:
        return True
    start = min(sp.start, f.cue_span.start)
    if impersonal and start == outer.content.start:
        return True  # "De source policière, on indiquait que P": the source said P
    return start > outer.content.start and text[outer.content.start : start].rstrip().endswith(",")


def _parallel(text: str, outer: Frame, f: Frame) -> bool:
    """A clause of its own after a comma: "X annonce 19 morts, Y en dénombre 15".

    The first may be a marker too: "selon X que P, Y affirme que Q".

    Both verbs look forward to their content and the inner speaker, newly named, opens the
    words after the comma, so the second clause is joined to the first, not reported by it.
    """
    sp = f.speaker
    if f.verb is None or sp is None or sp.carry:
        return False
    if outer.content.start < outer.cue_span.end or f.content.start < f.cue_span.end:
        return False
    lead = text[outer.content.start : sp.start].rstrip()
    return sp.start > outer.content.start and lead.endswith(",") and sp.end <= f.cue_span.start


# verbs of wish and fear: "X a estimé que Y souhaitait Z" is X's claim about Y's wish
ATTITUDE = frozenset(["souhaiter", "espérer", "craindre", "redouter"])


def _wished_by_other(f: Frame, frames: list[Frame]) -> bool:
    """A wish of someone newly named inside another speaker's clause is that speaker's claim."""
    if f.verb not in ATTITUDE or f.speaker is None or f.speaker.carry:
        return False
    return any(
        g is not f
        and g.verb is not None
        and g.speaker is not f.speaker
        and g.content.start <= f.cue_span.start < g.content.end
        for g in frames
    )


# "arrêté pour avoir affirmé que P", "accusé d'avoir dénoncé P": what someone is charged with
_CHARGE = re.compile(
    r"\b(?:pour|d['’]|après|sans)\s*avoir\s+(?:[\w-]+\s+){0,2}[\w-]+$", re.IGNORECASE
)


def _charged_inside(text: str, f: Frame, frames: list[Frame]) -> bool:
    """ "Selon la police, X a été arrêté pour avoir affirmé que P": the speech is part of
    what the police say happened, not a claim the police relay (its "speaker" was the whole
    clause "X a été arrêté pour")."""
    if f.verb is None or not _CHARGE.search(text, max(0, f.cue_span.start - 60), f.cue_span.end):
        return False
    return any(g is not f and g.content.start <= f.cue_span.start < g.content.end for g in frames)


def nest(text: str, sent_start: int, frames: list[Frame]) -> list[Frame]:
    frames = sorted(frames, key=lambda f: f.cue_span.start)
    frames = [f for f in frames if not _wished_by_other(f, frames)]
    frames = [f for f in frames if not _charged_inside(text, f, frames)]
    subordinate = SUBORDINATE.match(fold(text[sent_start : sent_start + 12]))
    kept: list[Frame] = []
    dropped: list[Frame] = []
    for outer in frames:
        if any(outer is f for f in dropped):
            continue
        inner = [
            f
            for f in frames
            if f is not outer and outer.content.start <= f.cue_span.start < outer.content.end
        ]
        if subordinate and outer.verb is not None and inner and outer.speaker is not None:
            own = [(f, f.speaker) for f in inner if f.speaker is not None and not f.speaker.carry]
            if own and outer.speaker.start < own[0][1].start:
                end = min(own[0][1].start, own[0][0].cue_span.start)
                outer.content = Span(*clean_content(text, outer.content.start, end))
                inner = [f for f in inner if outer.content.start <= f.cue_span.start < end]
        parallel = [f for f in inner if _parallel(text, outer, f)]
        if parallel:  # "X annonce 19 morts, Y en dénombre 15": Y is no relay of X
            comma = text.rfind(",", outer.content.start, parallel[0].cue_span.start)
            outer.content = Span(*clean_content(text, outer.content.start, comma))
            inner = [f for f in inner if outer.content.start <= f.cue_span.start < comma]
        shared = [f for f in inner if f.speaker is outer.speaker or _continues(text, outer, f)]
        for f in shared:  # "X a expliqué que P, et qu'il estimait que Q": X says Q too
            f.speaker = outer.speaker
        if shared:
            end = min(f.cue_span.start for f in shared)
            cut = Span(*clean_content(text, outer.content.start, end))
            if fold(text[cut.start : cut.end]) == "on":
                # "De source policière, on indiquait que P": P is what the source said
                outer.content = shared[0].content
                dropped.extend(shared)
            elif _TOLD_ONLY.fullmatch(text, cut.start, cut.end):
                continue  # "Se confiant aux journalistes, il ajoute « P »": to whom, no more
            elif len(text[cut.start : cut.end].split()) < 2:
                # "X a indiqué qu'il soutenait « P »": the inner verb is P's own verb
                dropped.extend(shared)
            else:
                outer.content = cut
            inner = [f for f in inner if f not in shared]
        if inner and outer.kind == "denial" and outer.speaker is not None:
            # "X a démenti une déclaration de Y qui accuse Z de P": X denies Y's words and
            # relays nothing; the denial is on Y's words, which it contradicts
            outer.content = inner[0].content
            for f in inner:
                f.why += ", a denial answers it"  # Y's own kind, and not the topic
            kept.append(outer)
            continue
        if inner and outer.speaker is not None and not outer.speaker.carry:
            for f in inner:
                f.hops.append(
                    (
                        outer.speaker,
                        outer.cue + " " + outer.speaker.text,
                        2,
                    )
                )
                f.why += f", relayed by the outer cue « {outer.cue} »"
            continue
        kept.append(outer)
    # two frames on the same content (verb inside a "selon" clause): keep the verb frame
    result: list[Frame] = []
    for f in kept:
        dup = next((g for g in result if g.content == f.content), None)
        denies = dup is not None and "denial" in (dup.kind, f.kind)  # and what it denies
        if dup is None or (dup.verb is not None and f.verb is not None) or denies:
            result.append(f)
    return result
