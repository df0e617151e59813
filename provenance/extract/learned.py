"""What the newsroom learned from someone: "« P », a-t-on appris auprès de la préfecture",
"P, apprend-on de source policière", "P, dit-on au Kremlin".

The grammatical subject is "on" (the newsroom, or people at large), which names no one; the
one who spoke is the complement after "auprès de" or "de source", or the institution where
it is said ("au Kremlin", "dans l'entourage du ministre", "chez Renault"; a city is hearsay).
Without this rule the sentence drafted nothing, and such sentences carry much of a wire
story's sourcing.
"""

from __future__ import annotations

import re

from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import WEEKDAYS
from provenance.extract.frame_types import Frame, clean_content, mention
from provenance.extract.incise_verbs import mid_incise
from provenance.extract.segment import Span

_LEARNED = re.compile(
    r"\b(?:(?:a-t-on|avait-on|avons-nous|a\s+t-on)\s+(?:pu\s+)?(?:appris|(?P<past>\w+))"
    r"|apprend-on|apprenait-on|(?P<said>\w+)(?:-t)?-on(?:\s+savoir)?)"
    r"\s+(?:(?P<source>de\s+sources?\s+[\w'’-]+(?:\s+[\w'’-]+)?)"
    r"|auprès\s+(?:de\s+|d['’]|(?=du\s|des\s))(?P<who>[^,.;:«»]{2,80})"
    # "dit-on au Kremlin", "indique-t-on à l'Élysée", "dans l'entourage du ministre": an
    # institution where they speak names who speaks, after what was said
    # ("dit-on à Moscou" is hearsay: a city, not an institution, names no speaker)
    r"|(?:au|à\s+la|à\s+l['’]|dans\s+l['’]|dans\s+les|dans\s+le|au\s+sein\s+d[eu]s?"
    r"|au\s+sein\s+de\s+la|au\s+sein\s+de\s+l['’]|chez|à)\s*(?P<place>"
    r"(?:entourage|ministère|présidence|préfecture|mairie|parquet|état-major|gouvernement"
    r"|Kremlin|Élysée|Elysée|Matignon|Bercy|Beauvau|Maison[- ]Blanche|Pentagone"
    r"|Quai\s+d['’]Orsay|milieux|cercles|services"
    r")\b[^,.;:«»]{0,60}"
    # an acronym of three letters or a party's ("à l'UMP", "au sein du PS") is an
    # organisation; "à NY", "au RU", "à LA" are places
    r"|(?-i:[A-Z]{3,}|PS|UE|FN|LR|PC|RN)(?![\w'’-])"
    # "chez Renault": a company, wherever it is
    r"|(?<=chez )(?-i:[A-ZÉ])[^,.;:«»]{1,60}))",
    re.IGNORECASE,
)


def learned_from(ctx: SentenceContext) -> None:
    s, e = ctx.sent.start, ctx.sent.end
    for m in _LEARNED.finditer(ctx.text, s, e):
        if ctx.in_quote(m.start()):
            continue
        group = next(g for g in ("source", "who", "place") if m.group(g))
        verb = m.group("said") or m.group("past")
        if verb is not None and not _reported(ctx, m, verb):
            continue
        start = m.start(group) + (3 if group == "source" else 0)  # "de source X": source X
        end = m.end(group)
        if group == "place":  # "dit-on au Kremlin depuis lundi": the place, not the time
            cut = _AFTER_PLACE.search(ctx.text, start, end)
            end = cut.start() if cut else end
        who = mention(ctx.text, start, end)
        quote = next((q for q in reversed(ctx.sent.quotes) if q.end < m.start()), None)
        direct = quote is not None and not ctx.text[quote.end : m.start()].strip(' »”",')
        if direct and quote is not None:
            content = Span(quote.start, quote.end)
        else:
            # "Aussi le gouvernement, dit-on au ministère, voudrait-il P": the sentence
            content = mid_incise(ctx, Span(*clean_content(ctx.text, s, m.start())), m.end())
        if content.end - content.start < 3 or not who.text:
            continue
        cue = ctx.text[m.start() : m.start(group)].strip()
        if group == "place":  # "dit-on au Kremlin": the cue is "dit-on"
            cue = re.sub(r"\s+(?:au|à|dans)\b.*$", "", cue, flags=re.IGNORECASE)
        # "de source policière" inside the match is no "de source" marker of its own, and
        # its verb ("dit-on") no verb frame of its own
        ctx.frames = [f for f in ctx.frames if not m.start() <= f.cue_span.start < m.end()]
        ctx.skip.append(Span(m.start(), m.end()))
        ctx.frames.append(
            Frame(
                content,
                Span(m.start(), m.start(group)),
                cue,
                None,
                "assertion",
                direct,
                who,
                why=f"learned from someone « {cue} »",
                sentence=ctx.index,
            )
        )


_AFTER_PLACE = re.compile(
    r"\s+(?:depuis|dès|hier|" + WEEKDAYS + r"|mais|et|où"
    r"|qui|ce\s+(?:matin|soir)|cette)\b",
    re.IGNORECASE,
)


def _reported(ctx: SentenceContext, m: re.Match[str], verb: str) -> bool:
    """A verb other than "apprendre" reports only as a reporting verb of the lexicon (or
    "faire savoir"), and a place names the speaker only after a comma: "P, indique-t-on
    à l'Élysée", never "Que fait-on au Kremlin ?"."""
    if m.group("place") and not ctx.text[ctx.sent.start : m.start()].rstrip().endswith(","):
        return False
    return ctx.lex.verb_of(verb) is not None or "savoir" in m.group(0).lower()
