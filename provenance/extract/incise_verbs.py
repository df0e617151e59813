"""Incises the verb scan alone misreads: any verb after a quote ("« P », a lâché le
ministre"), and an incise in the middle of what was said ("Sans doute, reconnaît-il, P").

Reporters vary the verb of an incise on purpose (lâcher, glisser, trancher, renchérir,
s'emporter, ironiser…); listing them as cues would make "Le prix du gaz a renchéri de
10 %" a claim. They are read in one shape only: a quote that opens its sentence, a comma,
then the verb and its subject after it (a person, or "-t-il"); only the quote is what was
said. Any verb in that shape was tried first and read titles as speech ("« Le Petit
Prince », a publié Gallimard", "« Ne me quitte pas », a chanté Jacques Brel"), so the
lexicon lists the verbs of speaking that may stand there (``incise_verbs``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.extract.actor_words import PERSON_WORDS, guess_kind
from provenance.extract.cue_words import WEEKDAYS
from provenance.extract.frame_types import clean_content
from provenance.extract.lexicon import fold
from provenance.extract.segment import Span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from provenance.extract.clauses import SentenceContext

#: between the closing quote mark and the verb: a comma, then an auxiliary (inverted or
#: not, reflexive or not) and an adverb or two: "», a-t-il encore", "», s'est", "»,"
_LEAD = re.compile(
    r"[»”\"]\s*,\s*(?:(?:lui|leur|nous|vous|m['’]|me)\s+)?"  # "», lui a lâché X"
    r"(?:(?P<aux>(?:s['’]|se\s+)?(?:a|ont|avait|avaient|est|sont|était|étaient)"
    r"(?:-t-(?:il|elle|on)|-(?:ils|elles))?)\s+)?"
    r"(?P<refl>s['’]|se\s+)?"
    r"(?:(?:encore|ensuite|alors|aussi|également|enfin|aussitôt|simplement|même)\s+){0,2}$",
    re.IGNORECASE,
)
#: after the verb, its subject: "-t-il", or a name or a noun group ("le ministre", "M. X")
_SUBJECT = re.compile(
    r"(?:-t-(?:il|elle|on)|-(?:il|elle|ils|elles|on))\b"
    r"|\s+(?:(?:" + WEEKDAYS + r"|hier|encore|alors)\s+)*"
    # "a glissé à l'AFP un conseiller", "a commenté sur France Inter le ministre": the one
    # spoken to or the medium, in a few words, then the speaker
    r"(?:(?:à|au|aux|sur|auprès\s+d[eu]|auprès\s+de\s+la|auprès\s+de\s+l['’]|dans)\s+"
    r"(?:l['’]|la\s+|le\s+|les\s+)?(?:[\w'’-]+\s+){1,3}?(?=(?:le|la|les|l['’]|un|une|son|sa"
    r"|ses|M\.|Mme)\b))?"  # a determiner or a title after it: "sur RTL Jean Dupont" is unclear
    r"(?P<who>le|la|les|l['’]|un|une|son|sa|ses|leur|leurs|cet|cette|ce|M\.|Mme|Me|Mgr|Dr"
    r"|[A-ZÉÈÀÂÎÔÇ][\w’'-]+)\b",
)


def unlisted_incise(ctx: SentenceContext, i: int, tok: Token) -> str | None:
    """The infinitive of "« P », a V X" when V is one of the lexicon's incise verbs (read
    only in this shape: ``incise_verbs``), else None.

    The quote must open its sentence (or follow a colon), so that 'Il a joué dans
    « Titanic », a réalisé X' or a title inside a clause is never taken as speech."""
    word = tok.text
    verb = ctx.lex.incise_forms.get(fold(word)) if word.isalpha() and word.islower() else None
    if verb is None:
        return None
    s = ctx.sent.start
    lead = _LEAD.search(ctx.text, max(s, tok.idx - 60), tok.idx)
    if lead is None:
        return None
    quote = next((q for q in reversed(ctx.sent.quotes) if q.end <= lead.start()), None)
    if quote is None or quote.end < lead.start() - 1:
        return None  # the closing mark just before the comma ends a quote of this sentence
    opening = ctx.text[s : max(s, quote.start - 1)].rsplit(":", 1)[-1]
    if re.search(r"\w", opening) or ctx.text[quote.start : quote.end].rstrip().endswith("?"):
        return None  # a quote inside a clause, or a question: "« Me dit-il la vérité ? »"
    after = ctx.text[tok.idx + len(word) : ctx.sent.end]
    if re.match(r"\s+par\b", after):
        return None  # a passive: "« X », repris par Y"
    if not re.search(r"-t-|-(?:ils|elles)$", lead.group("aux") or ""):
        subject = _SUBJECT.match(after)
        if subject is None or not _someone(
            after[subject.start("who") if subject.group("who") else 0 :]
        ):
            return None  # "« Le Monde », a publié une enquête": an object, no speaker
    if lead.group("aux") is None and lead.group("refl") is None and fold(word).endswith("é"):
        return None  # a bare participle describes the quote: "« X », lancé lundi, a …"
    return verb


def _someone(after: str) -> bool:
    """The words after the verb name someone who can speak: a pronoun, a capital, or a
    noun group whose head is a kind of actor ("un conseiller", not "une enquête")."""
    group = re.split(r"[,.;:!?«»()]", after, maxsplit=1)[0].strip()
    if group.startswith("-") or group[:1].isupper():
        return True
    head = re.sub(r"^(?:le|la|les|un|une|son|sa|ses|leur|leurs|cet|cette|ce)\s+|^l['’]", "", group)
    if head[:1].isupper():
        return True  # "poursuit la CGT", "glisse l'Élysée"
    kind, _ = guess_kind(head)
    words = fold(head).split()[:2]
    return (
        kind != "other"
        or any(w in PERSON_WORDS or _SOMEONE.fullmatch(w) for w in words)
        or any(_HUMAN_END.search(w) for w in words)
    )


#: heads that name people without a role of the registry: "un proche", "une source"
_SOMEONE = re.compile(
    r"proches?|sources?|temoins?|habitants?|victimes?|eleves?|riverains?|passants?"
    r"|survivants?|voisins?|elue?s?|femmes?|hommes?|mere|pere|fils|filles?"
)
#: endings of nouns of persons: manifestant, diplomate, policier, militaire, responsable
_HUMAN_END = re.compile(
    r"(?:ants?|antes?|istes?|iens?|iennes?|eurs?|euses?|aires?|ates?|ats?|iers?|ieres?"
    r"|ables?|ologues?|ciens?)$"
)


#: words that may stand between a subject and its verb: negation, object pronouns
_BEFORE_VERB = frozenset(
    ["ne", "n'", "se", "s'", "y", "en", "le", "la", "les", "l'", "lui", "leur", "me", "m'"]
)
QUE_NEXT = re.compile(r"\s*qu(?:e\b|['’])", re.IGNORECASE)
_WRITER = re.compile(r",\s+(?:mais|alors que|tandis que|même si|bien que)\b", re.IGNORECASE)


def mid_incise(ctx: SentenceContext, before: Span, after: int) -> Span:
    """What was said around an incise in the middle of its sentence ("P1, a-t-il dit, P2").

    ``before`` is P1, ``after`` the end of the incise's verb (and pronoun). P1 alone
    stays when it is a clause of its own, or when nothing but an aside follows. When P1 is
    an adverbial ("Sans doute, reconnaît-il, la réforme a échoué"), P2 is what was said;
    when it is the subject of P2's verb ("La réforme, écrit-il, a échoué"), the whole
    sentence is, incise included, since a claim is one stretch of the text."""
    e = ctx.sent.end
    comma = ctx.text.find(",", after, e)
    if comma < 0 or re.search(r"[«»“”\"]", ctx.text[after:comma]):
        return before
    if len(ctx.text[after:comma].split()) > 8:
        return before
    if QUE_NEXT.match(ctx.text, comma + 1):  # "Toujours est-il, reconnaît-il, que P": P
        return Span(*clean_content(ctx.text, comma + 1, e))
    if ctx.finite_before(before.end):
        return before
    # the writer's own words after a comma are no part of it: "P, mais rien ne le prouve"
    aside = _WRITER.search(ctx.text, comma + 1, e)
    rest = Span(*clean_content(ctx.text, comma + 1, aside.start() if aside else e))
    words = [t for t in ctx.tokens if rest.start <= t.idx < rest.end]
    if len(words) < 2 or any(ctx.in_quote(t.idx) for t in words):
        return before
    if fold(words[0].text).endswith("ant") or not any(
        "Fin" in t.morph.get("VerbForm", []) for t in words
    ):
        return before  # "…, a-t-il poursuivi, évoquant les relations": an aside follows
    verb = next((t for t in words if fold(t.text) not in _BEFORE_VERB), words[0])
    if verb.pos_ in {"VERB", "AUX"}:  # "n'a rien promis", "l'a dit"
        return Span(before.start, rest.end)  # P1 is the subject: the sentence is the claim
    return rest
