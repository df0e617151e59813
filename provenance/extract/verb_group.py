"""The verb group of a reporting verb, and the checks that tell a cue from a mere verb.

Auxiliaries and adverbs belong to the cue ("a immédiatement revendiqué"); a past participle
without one is an adjective, a negated verb says nothing, and some verbs report only when a
que-clause, a colon or a quote follows them.
"""

from __future__ import annotations

import re

from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import AUX, CLITIC, FILLERS, QUE_AFTER
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span


def group_start(ctx: SentenceContext, i: int) -> int:
    toks = ctx.tokens
    j = i - 1
    start = toks[i].idx
    while j >= 0 and i - j <= 6:
        word = toks[j].text.lower()
        if word == "," and start == toks[i].idx:
            aux = _aux_before_aside(ctx, j)
            if aux is not None:  # "les autorités ont, pour la première fois, reconnu"
                start = toks[aux].idx
                j = aux - 1
                i = aux + 1  # the window of six words starts again at the auxiliary
                continue
        if word in AUX or (toks[j].pos_ == "AUX"):
            start = toks[j].idx
            j -= 1
            continue
        if word in {"s'", "s’", "se", "lui", "leur", "m'", "m’", "me"} and toks[j + 1].idx == start:
            # "« P », s'est indigné X", "s'insurge X", "lui a dit X": the reflexive or the
            # one spoken to opens the verb group
            start = toks[j].idx
            j -= 1
            continue
        if (
            word in FILLERS
            or toks[j].pos_ == "ADV"  # "a immédiatement revendiqué"
            or CLITIC.match(toks[j].text)
            or word in {"-t", "t", "-il", "-elle", "-ils", "-elles", "-on"}  # "a t-il dit"
        ):
            j -= 1
            continue
        break
    if start != toks[i].idx:
        return start
    return toks[i].idx


def _aux_before_aside(ctx: SentenceContext, comma: int) -> int | None:
    """The auxiliary before an aside between commas that ends at token ``comma``."""
    toks = ctx.tokens
    for k in range(comma - 1, max(-1, comma - 8), -1):
        if toks[k].text == ",":
            before = toks[k - 1] if k > 0 else None
            if before is not None and (before.text.lower() in AUX or before.pos_ == "AUX"):
                return k - 1
            return None
        if toks[k].pos_ in {"VERB", "AUX"} or toks[k].text in {".", ";", ":", "«", "»"}:
            return None
    return None


def negated(ctx: SentenceContext, i: int) -> bool:
    """A negated cue: "n'a pas confirmé", and each verb of "n'a ni précisé P ni fait état de Q"."""
    if i > 0 and fold(ctx.tokens[i - 1].text) == "ni":
        return True
    ne_at = None  # "n'a pour l'instant pas répondu": a few words between ne and pas
    for k in range(i - 1, max(0, i - 7) - 1, -1):
        t = ctx.tokens[k]
        if fold(t.text) in {"ne", "n'"}:
            ne_at = k
            break
        if t.is_punct and t.text not in {"'", "’"}:
            break
    if ne_at is None:
        return False
    near = [fold(t.text) for t in ctx.tokens[max(0, ne_at - 4) : i + 2]]
    after_ne = [fold(t.text) for t in ctx.tokens[ne_at + 1 : i + 2]]
    return "plus" in after_ne or any(  # "ne doutent plus que P": no longer, nothing said
        w in {"pas", "ni", "jamais", "guere", "point", "aucun", "aucune", "personne", "nul"}
        for w in near  # "aucun groupe n'a revendiqué l'attaque": no one claims it
    )


def looks_ahead(ctx: SentenceContext, i: int) -> bool:
    rest = ctx.text[ctx.tokens[i].idx + len(ctx.tokens[i].text) : ctx.sent.end]
    return QUE_AFTER.match(rest) is not None or re.match(r"\s*[:«“\"]", rest) is not None


def quote_soon(ctx: SentenceContext, after: int, quote: Span) -> bool:
    """A quote a few words after the verb, in the same clause."""
    between = ctx.text[after : quote.start].rstrip(' \u00a0\u202f«“"')
    return re.fullmatch(r"[^,;.:«»“”\"]{0,60}", between) is not None


def bare_participle(ctx: SentenceContext, i: int) -> bool:
    """A past participle with no auxiliary and no inverted subject is an adjective; a
    present one followed by "ainsi" tells a consequence ("a démis la ministre, confirmant
    ainsi sa suspension"), not speech."""
    tok = ctx.tokens[i]
    nxt = ctx.tokens[i + 1].text.lower() if i + 1 < len(ctx.tokens) else ""
    if tok.text.lower().endswith("ant") and nxt in {"ainsi", "donc"}:
        return True
    if "Part" not in tok.morph.get("VerbForm", []) or "Past" not in tok.morph.get("Tense", []):
        return False
    if fold(tok.text).endswith(("ut", "ent")):
        return False  # "Le journal conclut que P": no French participle ends so (the model's)
    if group_start(ctx, i) != tok.idx or CLITIC.match(ctx.text[tok.idx + len(tok.text) :]):
        return False
    prev = ctx.tokens[i - 1] if i > 0 else None
    if prev is not None and prev.text == "," and fold(tok.text).endswith("it"):
        return False  # "P, écrit lundi le New York Times", "« P », sourit X": a present tense
    # "X a dénoncé ... et accusé Y de": the auxiliary of a coordinated verb stands earlier
    if prev is not None and fold(prev.text) in {"et", "puis", "ou", "mais"}:
        return False
    # "M. Blair ayant à l'époque annoncé", "a à plusieurs reprises affirmé": an auxiliary
    # a few words before
    near = ctx.tokens[max(0, i - 4) : i]
    return not any(fold(t.text) in {"ayant", "avoir"} or t.text in AUX for t in near)


def reported_quote(ctx: SentenceContext, before: str) -> bool:
    """The quote that ends ``before`` is what the verb reports ("« P », a déclaré X"),
    not a name inside its subject: 'Le groupe « État islamique » a revendiqué les
    attaques' made a speaker of "les attaques". Without a comma after the quote, only
    a quote opening the sentence (or following a colon) is reported."""
    if before.rstrip().endswith(","):
        return True
    s = ctx.sent.start
    quote = next((q for q in reversed(ctx.sent.quotes) if q.end <= s + len(before)), None)
    if quote is None:
        return True
    lead = ctx.text[s : max(s, quote.start - 1)].rsplit(":", 1)[-1]
    return not re.search(r"\w", lead) or ctx.speechlike(quote)


def apposition_before(ctx: SentenceContext, s: int, cue_start: int) -> bool:
    """The words between the last two commas before the verb describe its subject (a
    bare noun, no verb: "son président, ami du candidat sortant, a déclaré"): the
    subject comes before them, so the verb is no incise."""
    chunk = ctx.text[s:cue_start].rstrip()
    if not chunk.endswith(","):
        return False
    cut = chunk.rfind(",", 0, len(chunk) - 1)
    if cut < 0:
        return False
    inside = [t for t in ctx.tokens if s + cut < t.idx < s + len(chunk) - 1]
    if inside and fold(inside[0].text).endswith("ant") and inside[0].pos_ == "VERB":
        # "Les syndicats, affirmant que P, ont appelé": a gerund describes the subject too
        head = [t for t in ctx.tokens if s <= t.idx < s + cut]
        return bool(head) and not any(t.pos_ in {"VERB", "AUX"} for t in head)
    if not inside or any(t.pos_ in {"VERB", "AUX"} for t in inside):
        return False
    return inside[0].pos_ in {"NOUN", "ADJ"} and fold(inside[0].text) not in {"selon"}


#: a subject after the verb: a determiner, a title or a capital
_INVERTED = re.compile(r"\s+(?:le|la|les|l['’]|un|une|des|son|sa|ses|leurs?|M\.|Mme|[A-ZÉÈ])")


def subject_to_the_end(ctx: SentenceContext, before: str, after: int) -> bool:
    """ "P, affirme le ministre.": one clause before the verb's comma (no other comma: not
    "Tony Blair, leader du Parti, a annoncé sa démission"), then a subject and no other
    verb to the end of the sentence."""
    if "," in before[:-1] or len(before.split()) < 2:
        return False
    e = ctx.sent.end
    if not _INVERTED.match(ctx.text[after:e]) or re.search(r"\bqu(?:e\b|['’])", ctx.text[after:e]):
        return False
    return not any(
        t.pos_ in {"VERB", "AUX"}
        for t in ctx.tokens
        if after <= t.idx < e and not ctx.in_quote(t.idx)
    )
