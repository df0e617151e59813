"""Confirmations: "Selon X, confirmé par Y, P" and "X a révélé P, confirmée par Y".

A second source that confirms what the first said makes a claim of its own, with the same
content: the reader has P from X and from Y. The confirming words are cut out of the first
claim's content, so that content stays what was said.
"""

from __future__ import annotations

import re

from provenance.extract.clauses import SentenceContext
from provenance.extract.frame_types import Frame, clean_content, mention
from provenance.extract.segment import Span

CONFIRMED = re.compile(r"\bconfirm[ée]e?s?\s+par\s+([^,.;:«»“”\"\[\]()]+)", re.IGNORECASE)
# where the confirming words begin: ", confirmé par", ", depuis relayée par Z et confirmée par"
LEAD_IN = re.compile(r",[^,]*$")


def confirmations(ctx: SentenceContext) -> None:
    s, e = ctx.sent.start, ctx.sent.end
    added: list[Frame] = []
    for m in CONFIRMED.finditer(ctx.text, s, e):
        if ctx.in_quote(m.start()):
            continue
        said = [f for f in ctx.frames if f.cue_span.start < m.start() and f.speaker is not None]
        if not said:
            continue
        frame = said[-1]
        content = frame.content
        if content.start <= m.start() < content.end:
            lead = LEAD_IN.search(ctx.text, content.start, m.start())
            if lead is None or ctx.text[content.start : lead.start()].strip() == "":
                # "Selon X, confirmé par Y, P": the content is what follows the inset
                comma = ctx.text.find(",", m.end(), content.end)
                if comma < 0:
                    continue
                content = Span(*clean_content(ctx.text, comma, content.end))
            else:  # "X a révélé P, depuis relayée par Z et confirmée par Y"
                content = Span(*clean_content(ctx.text, content.start, lead.start()))
            if content.end - content.start < 3:
                continue
            frame.content = content
        elif not (frame.content.end <= m.start() and _adjoining(ctx, frame.content.end, m)):
            continue
        who = mention(ctx.text, m.start(1), m.end(1))
        cue = ctx.text[m.start() : m.start(1)].strip()
        added.append(
            Frame(
                content,
                Span(m.start(), m.start(1)),
                cue,
                "confirmer",
                "assertion",
                frame.direct,
                who,
                why=f"confirmation « {cue} » of what the previous source said",
                sentence=ctx.index,
            )
        )
    ctx.frames.extend(added)


def _adjoining(ctx: SentenceContext, end: int, m: re.Match[str]) -> bool:
    """Only punctuation and a relay stand between the content and "confirmé par"."""
    return re.fullmatch(r"[\s,»”\"]*(?:[^,;:]*\bet\s+)?", ctx.text[end : m.start()]) is not None
