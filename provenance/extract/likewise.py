"""One claim, two speakers: "X a dénoncé la réforme, tout comme Y" and "Tout comme Y, X …";
and its denial: "X affirme P, ce que dément Y".

The second speaker says the same thing (or denies it), so the draft gets the same words
twice, once for each (the convention of the gold files: two claims on one span); a denial
then contradicts the claim. Before this, "tout comme l'opposition" was read as part of what
X said and Y was lost, and "ce que dément l'armée" drafted nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from provenance.extract.frame_types import Frame, mention
from provenance.extract.lexicon import lexicon
from provenance.extract.segment import Span

_LIKE = r"(?:tout comme|de même que|à l['’]instar d(?:e\s+(?:la\s+|l['’]\s*)?|u\s+|es\s+|['’]\s*))"
# at the end of what was said: ", tout comme l'opposition"
_TRAILING = re.compile(r",\s*" + _LIKE + r"(?P<who>[^,;:«»]{2,80}?)\s*$", re.IGNORECASE)
# before the speaker: "Tout comme l'opposition, le syndicat a dénoncé"
# after what was said: ", ce que dément l'armée", ", ce qu'a démenti le ministère"
_DENIED = re.compile(
    r"\s*,\s*ce\s+qu(?:e\s+|['’]\s*)(?:(?:a|ont|avait|avaient|n['’]a)\s+)?"
    r"(?P<verb>dément|démentent|démenti|nie|nient|nié|conteste|contestent|contesté|réfute|"
    r"réfutent|réfuté|rejette|rejettent|rejeté)\s+(?:formellement\s+|catégoriquement\s+)?"
    r"(?P<who>[^,.;:«»]{2,80}?)\s*(?=[,.;:]|$)",
    re.IGNORECASE,
)
_LEADING = re.compile(r"\s*" + _LIKE + r"(?P<who>[^,;:«»]{2,80}?)\s*,", re.IGNORECASE)


def likewise(text: str, sent_start: int, sent_end: int, frames: list[Frame]) -> list[Frame]:
    """Each frame, then a copy for the one said to say the same ("tout comme Y")."""
    out: list[Frame] = []
    for f in frames:
        speaker = f.speaker
        if speaker is None:
            out.append(f)
            continue
        said = text[f.content.start : f.content.end]
        trailing = _TRAILING.search(said)
        leading = _LEADING.match(text, sent_start, speaker.start)
        if trailing is not None and trailing.start() > 0:
            base = f.content.start
            f = replace(f, content=Span(base, base + trailing.start()))
            who = mention(text, base + trailing.start("who"), base + trailing.end("who"))
        elif leading is not None and leading.end() <= speaker.start:
            who = mention(text, leading.start("who"), leading.end("who"))
        else:
            out.append(f)
            continue
        out.append(f)
        if who.text and not f.direct:
            out.append(replace(f, speaker=who, hops=list(f.hops), why=f.why + ", « tout comme »"))
    return out + [d for f in out if (d := _denial(text, sent_end, f)) is not None]


def _denial(text: str, sent_end: int, f: Frame) -> Frame | None:
    """ "Les rebelles affirment P, ce que dément l'armée": the army denies P."""
    if f.speaker is None:
        return None
    m = _DENIED.match(text, f.content.end, sent_end)
    if m is None:
        return None
    verb = lexicon().verb_of(m.group("verb"))
    return Frame(
        f.content,
        Span(m.start("verb"), m.end("verb")),
        m.group("verb"),
        verb,
        "denial",
        f.direct,
        mention(text, m.start("who"), m.end("who")),
        [],
        "« ce que " + m.group("verb") + " »",
        f.sentence,
    )
