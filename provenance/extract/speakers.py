"""Who speaks in a frame: the words after an incise verb, or the subject before a verb.

The parse proposes a subject; the words between the last clause boundary and the cue check
it, because the small model often attaches a long subject ("le ministre de X, Y") wrongly.
A pronoun is a speaker carried from an earlier frame, resolved later with the article's
other sentences.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.extract.clauses import SentenceContext
from provenance.extract.cue_words import CITING_SUBJECT, CLITIC_IN, LEAD_ASKED, PRONOUNS
from provenance.extract.frame_types import Mention, mention
from provenance.extract.lexicon import fold

if TYPE_CHECKING:
    from spacy.tokens import Token


RELAYED_BY = re.compile(
    r",\s*(?:cit|relay|rapport|interrog|contact|joint|interview|sollicit)\w*\s+par\b"
)
# "a indiqué à l'AFP dimanche une source policière": a time between the relay and the speaker
_WHEN = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui|"
    r"soir|matin|dernier|(?:ce|le) (?:matin|soir|week-end)|la veille|le \d{1,2}(?:er)? \w+)"
)
_OCCASION = re.compile(
    r"\s(?:lors|au\s+cours|en\s+marge|à\s+l['’]issue)\s+d|\s(?:devant|pendant|durant)\s"
    # "Condoleezza Rice en soulignant que P": what the speaker did next
    r"|\s(?:tout\s+)?en\s+[a-zà-ÿ]+ant\b|\s(?:que\b|qu['’])"
    # "rapportent les médias se référant à des sources": whom they cite
    r"|\s(?:citant|se\s+r[ée]f[ée]rant|s['’]appuyant\s+sur)\b"
)
CLITICS_AT_END = re.compile(r"(?:\s+(?:en|y|le|la|les|lui|leur|se|ne|l['’]|s['’]|n['’]))+$")


def incise_speaker(ctx: SentenceContext, start: int, end: int, clitic: bool) -> Mention | None:
    if clitic:  # "a-t-elle précisé", "précise-t-il": the pronoun, with its gender
        found = list(CLITIC_IN.finditer(ctx.text, max(ctx.sent.start, start - 40), start))
        word = found[-1].group(1).lower() if found else "il"
        if word == "on":  # "« P », dit-on": hearsay, no one (learned.py reads "dit-on au
            return None  # Kremlin"), and never a name inside the quote
        return Mention(start, start, word, carry=True)
    aside = re.match(r"\s*,\s*(?:" + _WHEN + r")\s*,", ctx.text[start:end])
    if aside:  # "« P », a déclaré, lundi, le ministre"
        start += aside.end()
    # a name may hold abbreviation points: "M. Jones", "J.-P. Dupont", "Mme Y"
    m = re.match(r"\s*((?:M{1,2}\.|Mgr\.|Dr\.|[A-Z]\.-?|[^,.;:!?«»])+)", ctx.text[start:end])
    if not m or not m.group(1).strip():
        return None
    stop = start + m.end(1)
    name = re.match(
        r",\s*(?:(?:l['’]|le |la )[a-zà-ÿ-]+\s+)?((?:[A-ZÉÈÀÂÎÔÇ][\w’'-]+\s*){2,4})(?=[,.]|$)",
        ctx.text[stop:end],
    )
    if name:  # "..., a déclaré le vice-ministre de la Santé, Madamine Karataïev."
        stop += name.end(1)
    # "a annoncé lundi à Moscou X": the day, then the place or the outlet, then the speaker
    when = re.match(r"(?:\s*" + _WHEN + r"\b)+", ctx.text[start:stop])
    if when and start + when.end() < stop:
        start += when.end()
    lead = re.match(
        r"\s*(?:à|au|aux|auprès d[eu]|pour|sur)\s+(?:l['’]|la |le |les )?\S+"
        r"(?:\s+[A-Z][\w'’-]*)*(?:\s+" + _WHEN + r")*\s+"
        r"(?=(?:le|la|les|l['’]|un|une|des|son|sa|ses|leur|leurs|ce|cette|M\.|[A-Z]))",
        ctx.text[start:stop],
    )
    # "a réagi sur son compte Twitter le ministre": a few lower-case words, then the speaker
    lead = lead or _LEAD_PLACE.match(ctx.text[start:stop])
    begin = start + m.start(1)
    if lead:  # "a déclaré à l'AFP le porte-parole": the relay comes first
        begin = start + lead.end()
    # "X à l'AFP", "X pour l'agence Y": the relay is not part of the speaker's name
    r = re.search(r"\s(à|au|aux|pour|auprès d[eu]|dans)\s", ctx.text[start:stop])
    if r and start + r.start() > begin:
        stop = start + r.start()
    # "le président Simon Peres lors d'une conférence de presse": the occasion, no more name
    r = _OCCASION.search(ctx.text, begin, stop) or _ASKED_BY.search(ctx.text, begin, stop)
    if r:  # "un délégué interrogé par France Info": the outlet is a relay (recipients.py)
        stop = r.start()
    named = mention(ctx.text, begin, stop)
    named.carry = fold(named.text) in PRONOUNS  # "« P », a précisé ce dernier"
    return named


_LEAD_PLACE = re.compile(  # the longest lead that ends a phrase ("de la Beauce" goes on)
    r"\s*(?:à|au|aux|pour|sur|devant|lors d['’]|lors de|lors du|au cours d['’]|"
    r"au cours de|au cours du)\s*(?:[\w’'-]+\s+){1,5}"
    r"(?<!\bde )(?<!\bdu )(?<!\bdes )(?<!\bd['’])(?=(?:le|la|les|l['’]|un|une|M\.|Mme)\s)"
)
_ASKED_BY = re.compile(
    r"\s(?:(?:cit|interrog|contact|interview|sollicit|questionn)[ée]e?s?|jointe?s?)"
    r"\s+(?:par|sur)\s"
)
_DEMONSTRATIVE_END = re.compile(
    r"(?:^|[\s,])((?:ce|cette|ces)\s+derni(?:er|ère|ers|ères)|(?:celui|celle|ceux|celles)-ci)"
    r"(?:\s+(?:ne|n['’]|l['’]|les?|la|lui|leur|en|y|s['’]|se))*\s*$",
    re.IGNORECASE,
)


def subject(
    ctx: SentenceContext, i: int, cue_start: int, carried: bool, dependent: bool
) -> Mention | None:
    text, s = ctx.text, ctx.sent.start
    if carried or dependent:
        prior = [f for f in ctx.frames if f.cue_span.start < cue_start and f.speaker]
        if dependent and prior and prior[-1].speaker is not None:
            return prior[-1].speaker
        main = main_subject(ctx, cue_start) if dependent and not carried else None
        if main is not None:  # "X a refusé tout commentaire, affirmant P": X
            return main
        return Mention(cue_start, cue_start, "il", carry=True)
    tok = ctx.tokens[i]
    lead = text[s : tok.idx]
    pointer = _DEMONSTRATIVE_END.search(text, s, cue_start)
    if pointer is not None:  # "tandis que ce dernier rejette": the parser may not see a subject
        return Mention(pointer.start(1), pointer.end(1), pointer.group(1), carry=True)
    if re.fullmatch(r"\s*(?:après|apres)\s+(?:l['’]\s*)?(?:avoir|être|etre)\s*", lead, re.I):
        # "Après avoir indiqué que P, il a reproché ...": the main clause's subject, later
        later = [c for c in tok.head.children if c.dep_.startswith("nsubj") and c.idx > cue_start]
        if later and not ctx.in_quote(later[0].idx):
            found = mention(text, later[0].idx, later[0].idx + len(later[0].text))
            found.carry = fold(found.text) in PRONOUNS
            return found
    if re.search(r"\b(?:pour|sans|d['’])\s*(?:avoir|être|etre)\s*$", lead, re.I):
        # "Le militant a été arrêté pour avoir affirmé P": the main clause's subject (the
        # words before the verb were the whole clause "Le militant a été arrêté pour")
        main = main_subject(ctx, cue_start) or _before_finite(ctx, cue_start)
        if main is not None:
            return main
    prior = [f for f in ctx.frames if f.cue_span.start < cue_start and f.speaker]
    if prior and re.search(r"\s(et|puis|mais)\s*$", text[s:cue_start]):
        return prior[-1].speaker  # "X a répliqué ... et a menacé de ..."
    # the parser may run two sentences together: a subject before this sentence is not its own
    subj = [c for c in tok.children if c.dep_.startswith("nsubj") and s <= c.idx < cue_start]
    # "X s'est élevé ... et espère"; "X a appelé la police pour annoncer P" (advcl)
    if not subj and tok.dep_ in {"xcomp", "ccomp", "conj", "advcl"}:
        subj = [
            c for c in tok.head.children if c.dep_.startswith("nsubj") and s <= c.idx < cue_start
        ]
    if subj:
        left = min(t.idx for t in subj[0].subtree)
        right = max(t.idx + len(t.text) for t in subj[0].subtree)
        found = mention(text, max(left, s), min(right, cue_start))
        relay = RELAYED_BY.search(found.text) or _ASKED_BY.search(found.text)
        if relay:  # "l'OSDH, relayé par l'agence Reuters,": the relay is a hop, not the name
            found = mention(text, found.start, found.start + relay.start())
        asked = LEAD_ASKED.match(found.text)
        if asked:  # "Interrogé par Le Parisien, un conducteur": the outlet is a hop too
            found = mention(text, found.start + asked.end(), found.end)
        aside = re.search(r",\s*[^,A-Z]*$", found.text)
        if CITING_SUBJECT.search(found.text):
            aside = None  # "Izvestia, citant une source anonyme,": whom it cites, kept
        if aside and aside.start() > 0 and re.search(r"[A-Z]", found.text[: aside.start()]):
            # "le Premier ministre, la semaine dernière,": a time or manner aside
            found = mention(text, found.start, found.start + aside.start())
        if fold(found.text) in PRONOUNS:
            found.carry = True
        if fold(found.text) == "qui":  # "Son propriétaire, qui a affirmé P": the antecedent
            return antecedent(ctx, subj[0]) or chunk_before(ctx, found.start)
        chunk = chunk_before(ctx, cue_start)
        if chunk is not None and chunk.start <= found.start and not found.carry:
            return chunk
        if chunk is not None and _name_after_role(ctx, found, chunk):
            return chunk  # "Le ministre des Transports, Dominique Bussereau, a estimé"
        if found.text and not ctx.in_quote(found.start):
            return found
    return chunk_before(ctx, cue_start)


def _name_after_role(ctx: SentenceContext, role: Mention, name: Mention) -> bool:
    """``name`` is the person's name set after ``role`` between commas: the parser made
    both subjects of the verb, and the first ("Le ministre des Transports") only says
    what the second is."""
    between = ctx.text[role.end : name.start]
    words = [t for t in ctx.tokens if name.start <= t.idx < name.end and not t.is_punct]
    first = next((t for t in ctx.tokens if t.idx >= role.start), None)
    return (
        between.strip() == ","
        and first is not None
        and first.pos_ == "DET"
        and 2 <= len(words) <= 4
        and all(t.pos_ == "PROPN" or t.ent_type_ == "PER" for t in words)
    )


def _before_finite(ctx: SentenceContext, cue_start: int) -> Mention | None:
    """The words before the sentence's first finite verb, when the parser finds no subject
    ("Le dissident Hu Jia va comparaître …": "Hu" was read as punctuation)."""
    s = ctx.sent.start
    verb = next(
        (
            t
            for t in ctx.tokens
            if s <= t.idx < cue_start
            and "Fin" in t.morph.get("VerbForm", [])
            and not ctx.in_quote(t.idx)
        ),
        None,
    )
    if verb is None:
        return None
    found = mention(ctx.text, s, s + len(CLITICS_AT_END.sub("", ctx.text[s : verb.idx].rstrip())))
    words = fold(found.text).split()
    if not 1 <= len(words) <= 10 or words[0] in PRONOUNS or "," in found.text:
        return None
    return found


def main_subject(ctx: SentenceContext, cue_start: int) -> Mention | None:
    """The subject of the sentence's main verb, before a participle that goes on with it
    ("Les services ont refusé tout commentaire, affirmant P"); None for a pronoun."""
    s = ctx.sent.start
    root = next((t for t in ctx.tokens if t.dep_ == "ROOT" and t.idx < cue_start), None)
    if root is None:
        return None
    subj = [c for c in root.children if c.dep_.startswith("nsubj") and s <= c.idx < cue_start]
    if not subj or fold(subj[0].text) in PRONOUNS or ctx.in_quote(subj[0].idx):
        return None
    left = min(t.idx for t in subj[0].subtree)
    right = max(t.idx + len(t.text) for t in subj[0].subtree)
    return mention(ctx.text, max(left, s), min(right, cue_start))


def antecedent(ctx: SentenceContext, qui: Token) -> Mention | None:
    """The noun a relative "qui" stands for, without the relative clause."""
    clause = qui.head
    if clause.dep_ == "conj":
        clause = clause.head
    if not clause.dep_.startswith("acl") or clause.head.idx >= qui.idx:
        return None
    left = min(t.idx for t in clause.head.subtree)
    found = mention(ctx.text, max(left, ctx.sent.start), qui.idx)
    if not found.text or ctx.in_quote(found.start):
        return None
    owner = _SPEECH_OF.match(found.text)
    if owner is not None:  # "les accusations de l'opposition, qui affirme": the opposition
        found = mention(ctx.text, found.start + owner.end(), found.end)
    return found if found.text else None


# a noun of speech and its author: the author is who speaks
_SPEECH_OF = re.compile(
    r"(?:les?\s|la\s|l['’]|une?\s|des\s|ces\s|cette\s|cet\s)\s*(?:\w+\s+)?"
    r"(?:accusations?|déclarations?|affirmations?|allégations?|informations?|propos|rapports?|"
    r"articles?|communiqués?|annonces?|rumeurs?|critiques?|version)\s+"
    r"(?:de\s+la\s|de\s+l['’]|du\s|des\s|de\s|d['’])",
    re.IGNORECASE,
)


def _named_apposition(ctx: SentenceContext, chunk: str, cut: int) -> Mention | None:
    """ "Louis Gallois, PDG d'Airbus, a indiqué": the one named before the apposition."""
    if cut < 0:
        return None
    s = ctx.sent.start
    before = chunk[:cut].rstrip(" ,")
    start = max(before.rfind(", "), before.rfind(": "), before.rfind("» "))
    seg_start = s + start + 2 if start >= 0 else s
    seg = [t for t in ctx.tokens if seg_start <= t.idx < s + len(before)]
    words = [t for t in seg if not t.is_punct]
    capitals = [t for t in words if t.text[:1].isupper() and t is not words[0]]
    if not 1 <= len(words) <= 6 or words[-1].ent_type_ not in {"PER", "ORG", "LOC"}:
        return None
    if len(words) == 1 and (not chunk.endswith(",") or words[0].pos_ != "PROPN"):
        return None  # "Washington, principal allié de Kiev, a jugé"; not "Moscou, le X a dit"
    if words[-1].ent_type_ == "LOC" and any(t.ent_type_ != "LOC" for t in words[1:]):
        return None  # "La France, ancienne puissance coloniale, a jugé": a place, alone
    second = fold(words[1].text) if len(words) > 1 else ""
    if words[0].pos_ == "ADP" or second in {"par", "sur", "a", "au", "aux", "aupres"}:
        return None  # "Interrogé par la BBC, le général X", "Dans un entretien à Libération, X"
    if any(t.ent_type_ not in {"PER", "ORG", "LOC"} for t in capitals):
        return None
    piece = [t for t in ctx.tokens if s + cut < t.idx < s + len(chunk)]
    if not piece or piece[0].ent_type_ in {"PER", "ORG"} or piece[0].pos_ in {"VERB", "AUX"}:
        return None  # "le ministre, Hervé Morin": the name is the later piece
    return mention(ctx.text, seg_start, s + len(before))


def chunk_before(ctx: SentenceContext, cue_start: int) -> Mention | None:
    """The words between the last clause boundary and the cue: a subject, usually."""
    text, s = ctx.text, ctx.sent.start
    chunk = text[s:cue_start].rstrip()
    # "X, qui a brûlé un Coran le 20 mars, a déclaré": the subject is before the aside
    aside = re.search(
        r",\s*(?:qui|dont|que|lequel|laquelle|lui-même|elle-même|"
        # "Le maire, cité par France Bleu, a affirmé": the relay is a hop, found later
        r"(?:cit|relay|rapport|interrog|contact|joint|interview|sollicit)\w*\s+par|"
        # "La CGT-Cheminots, par la voix de son secrétaire général, affirme"
        r"par la voix (?:de|du|des|d['’])|"
        # "Une enquête du quotidien, publiée dix jours plus tard, conclut"
        # (not "publiée mardi par l'Inserm": whose it is, read from the chunk)
        r"(?:(?:publi|diffus|dévoil|révél|dat)[ée]e?s?|parue?s?|mise?s? en ligne)"
        r"(?![^,]*\bpar\b))\b[^,]*,$",
        chunk,
    )
    if aside:
        chunk = chunk[: aside.start()]
    cut = max(chunk.rfind(", "), chunk.rfind(": "), chunk.rfind("» "))
    citing = list(CITING_SUBJECT.finditer(chunk))
    if citing and citing[-1].start() == cut:  # "Izvestia, citant une source": both, for now
        cut = max(chunk.rfind(", ", 0, cut), chunk.rfind(": ", 0, cut), chunk.rfind("» ", 0, cut))
        named = None
    else:
        named = _named_apposition(ctx, chunk, cut)
    # "... même si ses proches déclare": the subject starts after the subordinator
    sub = list(
        re.finditer(
            r"\b(?:même si|puisqu['’]|puisque|parce qu['’]|parce que|alors qu['’]|alors que|"
            r"tandis qu['’]|tandis que|pendant qu['’]|pendant que|bien qu['’]|bien que)\s*",
            chunk,
        )
    )
    if sub and sub[-1].end() - 2 > cut:
        cut = sub[-1].end() - 2
    if named is not None:
        return named
    piece_start = s + cut + 2 if cut >= 0 else s
    relative = re.match(r"\s*(?:que\s+|qu['’]\s*)", text[piece_start : s + len(chunk)])
    if relative and cut >= 0:  # "X, que l'armée a affirmé avoir tué": the armée speaks
        piece_start += relative.end()
    piece = text[piece_start : s + len(chunk)].strip(" ,")
    # "Le Nouvel Observateur en dénombre 15": a clitic before the verb is no part of the name
    piece = CLITICS_AT_END.sub("", piece)
    asked = _ASKED_BY.search(piece)
    if asked is not None:  # "Un témoin joint par téléphone par l'AFP raconte": a relay
        piece = piece[: asked.start()]
    if not piece or len(piece.split()) > 14 or ctx.in_quote(piece_start):
        return None
    inside = [t for t in ctx.tokens if piece_start <= t.idx < piece_start + len(piece)]
    if not inside or inside[0].pos_ in {"ADP", "ADV", "SCONJ", "VERB"}:
        return None  # "Contrairement à ce qu'", "Après avoir ...": not a subject
    participle = next(
        (t for t in inside if t.text.lower() in {"ayant", "étant", "avoir", "être"}), None
    )
    if participle is not None:
        if participle is inside[0] or participle.text.lower() not in {"ayant", "étant"}:
            return None
        # "M. Blair ayant à l'époque annoncé que P": the subject before the participle
        return mention(text, piece_start, participle.idx)
    if any(
        ctx.lex.verb_of(t.text) and t.pos_ != "NOUN" and inside[n].pos_ != "DET"
        for n, t in enumerate(inside[1:])
    ):
        return None  # a subject never holds a reporting verb of its own ("un communiqué": a noun)
    if re.search(r"\s(et|puis|mais)$", piece):
        # "X s'est élevé contre ces accusations et espère que P": X, before its own verb
        verb = next((n for n, t in enumerate(inside) if n and t.pos_ in {"VERB", "AUX"}), None)
        if verb is None:
            return None
        if inside[verb - 1].pos_ == "PRON":
            verb -= 1
        return mention(text, piece_start, inside[verb].idx)
    piece_end = text.index(piece, piece_start) + len(piece)
    return mention(text, piece_start, piece_end, carry=fold(piece) in PRONOUNS)
