"""The extraction pipeline: layout, parse, frames, speakers, chains, contradictions.

Speakers are carried across sentences ("a-t-il ajouté", "la même source") and relays are
ordered in transmission order: the hop that heard the speaker first ("à l'AFP", "citant",
"cité par") comes before the outlets that passed it on ("rapporte Press TV", "selon").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.extract.actor_sources import KnownActor
from provenance.extract.actors import Actor, ActorBook
from provenance.extract.carried_by import earlier_carrier
from provenance.extract.clauses import speechlike
from provenance.extract.contradicts import contradictions
from provenance.extract.demonstratives import DEMONSTRATIVES, last_mentioned, previous_subject
from provenance.extract.frame_types import Frame, Mention, direct_claims, mention
from provenance.extract.frames import SentenceFrames
from provenance.extract.lexicon import fold, lexicon, registry
from provenance.extract.likewise import likewise
from provenance.extract.pronouns import (
    GOES_ON,
    acted,
    agrees,
    described,
    one_person_before,
    owner_named,
    speaker_of,
)
from provenance.extract.recipients import Interviews, recipient_hops
from provenance.extract.segment import Sentence, Span, layout
from provenance.extract.titles import introduce

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class DraftClaim:
    start: int
    end: int
    cue: str
    kind: str
    direct: bool
    originator: str
    chain: list[tuple[str, str]]
    why: str
    contradicts: list[int] = field(default_factory=list)


@dataclass
class Extraction:
    text: str
    claims: list[DraftClaim]
    actors: list[Actor]
    publisher: Actor
    listed_sources: list[str]
    title: str | None
    notes: list[str]


_HEARSAY = re.compile(r"\s*[»”\"]?\s*,?\s*\w+[-‑](?:t[-‑])?on\b", re.IGNORECASE)
# a quote governed by a preposition of the narration, not a sentence of its own
_AFTER_PREPOSITION = re.compile(
    r"\b(?:avec|sur|dans|par|pour|sans|sous|vers|contre|entre|chez|au|aux)\s*$", re.IGNORECASE
)


def extract_from_doc(
    text: str,
    doc: Doc,
    *,
    known: tuple[KnownActor, ...] = (),
    publisher: str | None = None,
    include_unattributed: bool = False,
    document: str | None = None,
) -> Extraction:
    lex = lexicon()
    lay = layout(text, lex)
    book = ActorBook(lex, registry(), known, document=document)
    pub = book.publisher(publisher)
    persons = [e.text for e in doc.ents if e.label_ == "PER"]
    named_at = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PER"]
    run: list[str] = []
    for tok in doc:  # runs of proper nouns: names the NER model missed or mislabelled
        if tok.pos_ == "PROPN" and tok.text[:1].isupper():
            run.append(tok.text)
            continue
        if len(run) >= 2:
            persons.append(" ".join(run))
        run = []
    introduce(text, persons, lambda words: book.resolve(words, persons))
    claims: list[DraftClaim] = []
    last: tuple[Actor, list[tuple[Actor, str]]] | None = None
    last_anon: tuple[Actor, list[tuple[Actor, str]]] | None = None
    last_person: tuple[tuple[Actor, list[tuple[Actor, str]]], int] | None = None  # and where
    last_sentence = -10
    last_paragraph = -1
    interviews = Interviews()  # "a poursuivi le président", in the interview named before
    tokens = [t for t in doc if not t.is_space]
    starts = [t.idx for t in tokens]
    cues = lex.contradiction
    for n, sent in enumerate(lay.sentences):
        inside = tokens[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        previous = lay.sentences[n - 1] if n else None
        if previous is not None and previous.paragraph != sent.paragraph:
            previous = None
        opening = next(t for t in lay.sentences if t.paragraph == sent.paragraph)
        frames = SentenceFrames(text, sent, inside, lex, n, previous).run()
        covered = [f.content for f in frames]
        chains_here: dict[int, list[tuple[str, str]]] = {}  # one speaker mention, one chain
        for frame in _split_speakers(likewise(text, sent.start, sent.end, frames)):
            _relayed_subject(text, frame)
            who = speaker_of(frame.speaker, book, persons, last, last_anon, n - last_sentence)
            if (
                last_person is not None
                and n - last_person[1] <= 4
                and frame.speaker is not None
                and described(fold(frame.speaker.text), last_person[0][0], book)
            ):
                who = last_person[0]  # "a indiqué le militaire": the officer named before
            owned = owner_named(frame.speaker, sent, opening, named_at, book, persons)
            if owned is not None:  # "Son avocat a déclaré": the lawyer of the one named
                who = (owned, [])
            if frame.speaker is not None and frame.speaker.carry:
                back = previous or sent  # "ce dernier": the last one mentioned
                upto = bisect_left(starts, frame.speaker.start)
                latest = last_mentioned(
                    fold(frame.speaker.text),
                    tokens[bisect_left(starts, back.start) : upto],
                    [*back.quotes, *sent.quotes, frame.content],
                    book,
                    persons,
                )
                if latest is not None and (who is None or who[0].key != latest.key):
                    who = (latest, [])
                    frame.why += f", « {frame.speaker.text} » taken as {latest.name}"
                elif latest is None and fold(frame.speaker.text) in DEMONSTRATIVES:
                    who = None  # no one fits: not the last speaker either (it is no "il")
            if (
                frame.speaker is not None
                and frame.speaker.carry
                and fold(frame.speaker.text) in {"il", "elle"}
                and last_sentence < n
            ):
                # "Laurent Gbagbo a tenu un discours : « P » a-t-il affirmé": the one person
                # named before the pronoun in its own sentence, over an earlier speaker
                here = one_person_before(
                    frame.speaker.start, sent, None, named_at, book, frame.content
                )
                pronoun = fold(frame.speaker.text)
                if here is not None and not agrees(pronoun, here, book):
                    here = None  # "Mme Y a parlé. « P », a-t-il dit": he is not her
                if here is not None and (who is None or here.key != who[0].key):
                    who = (here, [])
                    frame.why += f", « {frame.speaker.text} » taken as {here.name}"
            if (
                who is last
                and last_paragraph != sent.paragraph
                and previous is not None
                and frame.speaker is not None
                and fold(frame.speaker.text) in {"il", "elle"}
                and not GOES_ON.search(fold(frame.cue))
            ):
                # "Les Casques blancs font état de P. ¶ Le président X a décrété un deuil. Il
                # a promis Q": the person who acted in the sentence before, not the last
                # speaker of another paragraph ("Il a ajouté" goes on with that speaker)
                named = one_person_before(
                    frame.speaker.start, sent, previous, named_at, book, frame.content
                )
                if named is not None and not acted(text, previous, named):
                    named = None
                if named is not None and agrees(fold(frame.speaker.text), named, book):
                    who = (named, [])
                    frame.why += f", « {frame.speaker.text} » taken as {named.name}"
            if (
                who is None
                and frame.speaker is not None
                and frame.speaker.carry
                and fold(frame.speaker.text) not in DEMONSTRATIVES
            ):
                named = one_person_before(frame.speaker.start, sent, previous, named_at, book)
                if named is None and previous is not None:  # further back, same paragraph
                    named = one_person_before(frame.speaker.start, sent, opening, named_at, book)
                if named is None and previous is not None and last is None:
                    before = tokens[
                        bisect_left(starts, previous.start) : bisect_left(starts, previous.end)
                    ]
                    named = previous_subject(fold(frame.speaker.text), before, book, persons)
                if named is not None and not agrees(fold(frame.speaker.text), named, book):
                    named = None
                if named is not None:  # "Jean Dupont est arrivé. « P », a-t-il dit."
                    who = (named, [])
                    frame.why += f", « {frame.speaker.text} » taken as {named.name}"
            if who is None:
                continue
            actor, inherited = who
            if actor.kind == "person" and frame.speaker is not None and not frame.speaker.carry:
                # "Juan Manuel Santos, le ministre colombien de la Défense, a annoncé": the
                # role names him too ("Le ministre colombien de la Défense a assuré" later)
                role = _APPOSED_ROLE.fullmatch(text, frame.speaker.end, frame.cue_span.start)
                if role is not None:
                    book.add_alias(actor, role.group(1))
            hops = [(a, c) for a, c in inherited]
            if who is not last and who is not last_anon:
                hops = []  # a newly named speaker: relays carried over do not apply
            ranked: list[tuple[int, Actor, str]] = [(0, a, c) for a, c in hops]
            for named_hop, cue, rank in frame.hops:
                hop = book.resolve(named_hop.text, persons)
                if hop is not None:
                    ranked.append((rank, hop, cue))
            for hop, cue in recipient_hops(text, frame, Span(sent.start, sent.end), book, persons):
                ranked.append((1, hop, cue))
            if frame.speaker is not None and n > 0:  # "… a diffusé une vidéo. Dans cette vidéo"
                carrier = earlier_carrier(text, sent, frame.speaker.start, lay.sentences[n - 1])
                by = book.resolve(carrier[0], persons) if carrier is not None else None
                if by is not None and carrier is not None:
                    ranked.append((1, by, carrier[1]))
            chain: list[tuple[str, str]] = []
            for _, hop, cue in sorted(ranked, key=lambda r: r[0]):
                if hop.key != actor.key and hop.key not in [k for k, _ in chain]:
                    chain.append((hop.key, cue))
            said = id(frame.speaker)
            if not chain and said in chains_here:
                # "a déclaré à RIA Novosti X, ajoutant que P": the same words, the same relays
                chain = chains_here[said]
            chains_here.setdefault(said, chain)
            chain = interviews.chain(text, sent, frame, actor.key, chain)
            for span in direct_claims(text, frame):
                kind = frame.kind
                answered = "a denial answers" in frame.why  # the claim being denied
                scope = _own_part(text, sent, frame)
                if not answered and _contradicting(fold(scope), cues):
                    kind = "denial" if kind == "assertion" else kind
                claims.append(
                    DraftClaim(
                        span.start,
                        span.end,
                        frame.cue,
                        kind,
                        frame.direct,
                        actor.key,
                        chain,
                        frame.why,
                    )
                )
            if "a denial answers" in frame.why:
                continue  # "contrairement à ce qu'avait annoncé Y": Y is not the topic
            last = (actor, [(book.actors[k], c) for k, c in chain])
            last_paragraph = sent.paragraph
            if actor.kind == "person" and ":" not in actor.key:
                last_person = (last, n)
            if actor.kind == "anonymous_source":
                last_anon = last
            last_sentence = n
        # a quote standing alone right after a speaker: the same speaker goes on
        for q in sent.quotes:
            if any(c.start <= q.start < c.end or q.start <= c.start < q.end for c in covered):
                continue
            if any(f.names(q) for f in frames) or not speechlike(inside, q):
                continue  # 'citant une « source proche »', 'l'opération « Bouclier du Nord »'
            if _HEARSAY.match(text, q.end, sent.end):
                continue  # "« P », dit-on à Moscou": no one in particular
            opened = text[sent.start : q.start].rstrip(' \u00a0\u202f«“"„')
            if _AFTER_PREPOSITION.search(opened):
                continue  # "aspergée avec « un produit inflammable »": the narration's words
            named = _named_before(text, sent.start, q, sent.quotes, book, persons)
            if named is not None:
                last, last_sentence = (named, []), n - 1
            if last is not None and n - last_sentence <= 1 and q.end - q.start > 15:
                actor, hops = last
                for span in direct_claims(text, _bare(q)):
                    claims.append(
                        DraftClaim(
                            span.start,
                            span.end,
                            "",
                            "assertion",
                            True,
                            actor.key,
                            [(a.key, c) for a, c in hops],
                            "quote following the previous speaker's words",
                        )
                    )
                last_sentence = n
        if include_unattributed and not frames and not sent.quotes:
            s, e = sent.start, sent.end
            while e > s and text[e - 1] in " .":
                e -= 1
            claims.append(
                DraftClaim(
                    s,
                    e,
                    "",
                    "assertion",
                    False,
                    pub.key,
                    [],
                    "unattributed sentence (--include-unattributed)",
                )
            )
    claims = _dedupe(claims)
    contradictions(text, claims)
    listed = []
    for name in lay.sources:
        source = book.resolve(name, persons)
        if source is not None and source.key not in listed:
            listed.append(source.key)
    used = {c.originator for c in claims} | {k for c in claims for k, _ in c.chain}
    used |= set(listed) | {pub.key}
    used |= {a.affiliation for a in book.actors.values() if a.key in used and a.affiliation}
    actors = [a for a in book.actors.values() if a.key in used]
    notes = [] if claims else ["no attributed claim found: the draft has no claims"]
    return Extraction(text, claims, actors, pub, listed, lay.title, notes)


# "Plusieurs témoignages rapportés par RFI indiquent que P": the testimonies speak, RFI
# relays them (the whole subject resolved to RFI, the one name in it)
_RELAYED_BY = re.compile(
    # (no run of spaces can be split two ways: a mention of 1,000 spaces stays linear)
    r"^(?P<who>.*?\S),?\s+(?P<cue>(?:rapporté|cité|relayé|recueilli|diffusé|publié)e?s?\s+par"
    r"|(?:rapporté|cité|relayé|recueilli)e?s?\s+(?:dans|sur)"
    r")\s+(?P<by>.*\S)"
)


_AGENT_ONLY = re.compile(r"\b(?:rapporté|cité|relayé|recueilli|diffusé|publié)e?s?\s+$")


def _relayed_subject(text: str, frame: Frame) -> None:
    """Split "X rapportés par Y" as a verb's subject into its speaker X and a relay Y."""
    sp = frame.speaker
    if sp is None or sp.carry:
        return
    lead = _AGENT_ONLY.search(text, max(0, sp.start - 200), sp.start)
    if sp.text.startswith("par ") and lead is not None:
        # the parser took the agent for the subject: the subject is the words before
        start = max(text.rfind(c, 0, lead.start()) for c in ".;:!?\n") + 1
        sp = mention(text, start, sp.end)
    m = _RELAYED_BY.match(sp.text)
    if m is None or len(m.group("who").split()) > 8:
        return
    by = mention(text, sp.start + m.start("by"), sp.start + m.end("by"))
    frame.speaker = mention(text, sp.start, sp.start + m.end("who"))
    frame.hops.append((by, f"{m.group('cue')} {by.text}", 1))
    frame.why += f", relayed « {m.group('cue')} {by.text} »"


def _own_part(text: str, sent: Sentence, frame: Frame) -> str:
    """The sentence as far as it concerns the frame: "X a annoncé P, ce que Y a démenti"
    is no denial by X (the relative clause after P is Y's frame)."""
    rest = text[frame.content.end : sent.end]
    m = re.match(r"\s*[»”\"]?\s*,\s*ce\s+qu(?:e\s|['’])", rest, re.IGNORECASE)
    if m is not None and "relative « ce que »" not in frame.why:
        return text[sent.start : frame.content.end]
    return text[sent.start : sent.end]


def _contradicting(folded: str, cues: tuple[str, ...]) -> bool:
    """A contradiction cue as whole words ("nie", not the "nie" of "dernier")."""
    return any(re.search(r"(?<!\w)" + re.escape(c) + r"(?!\w)", folded) for c in cues)


def _split_speakers(frames: list[Frame]) -> list[Frame]:
    """ "selon l'OSDH et les Comités locaux": one claim per named source."""
    out: list[Frame] = []
    for f in frames:
        sp = f.speaker
        parts = re.split(r"\s+et\s+(?=(?:les?|la|des|du)\s|l['’]|[A-Z])", sp.text) if sp else []
        if (
            len(parts) == 2
            and re.search(r"\s(?:de|du|des|d['’])\s", parts[0])
            and re.match(r"(?:du|des)\s", parts[1])
        ):
            parts = []  # "les autorités portuaires de New York et du New Jersey": one body
        inside = r"\s(?:de|du|des|à|au|aux)\s+[A-Z][^,]*$"
        if len(parts) == 2 and re.search(inside, parts[0]) and re.match(r"[A-Z]", parts[1]):
            parts = []  # "le comité de soutien à X et Y": one body for two people
        if len(parts) == 2 and "," in parts[0]:  # "Le Parisien, Le Point et Libération"
            parts = [*re.split(r",\s*", parts[0]), parts[1]]
            if not all(re.match(r"(?:(?:les?|la|l['’])\s*)?[A-Z]", p) for p in parts):
                parts = []
        if sp is None or sp.carry or len(parts) < 2 or "," in "".join(parts):
            out.append(f)
            continue
        offset = sp.start
        for part in parts:
            start = sp.text.index(part, offset - sp.start) + sp.start
            out.append(
                Frame(
                    f.content,
                    f.cue_span,
                    f.cue,
                    f.verb,
                    f.kind,
                    f.direct,
                    Mention(start, start + len(part), part),
                    list(f.hops),
                    f.why,
                    f.sentence,
                )
            )
            offset = start + len(part)
    return out


def _named_before(
    text: str, start: int, q: Span, quotes: list[Span], book: ActorBook, persons: list[str]
) -> Actor | None:
    """« X « ... » »: a name right before a quote, with no verb between, says it."""
    prev = max([start, *(p.end + 1 for p in quotes if p.end < q.start)])
    prefix = text[prev : q.start - 1].strip(' ,«“"')
    lead = next((p for p in persons if " " in p and prefix.startswith(p + ",")), None)
    if lead is not None:  # "Jean Dupont, maire de X et qui a vu Y, l'a « trouvée fatiguée »"
        actor = book.resolve(lead, persons)
        return actor if actor is not None and actor.kind == "person" else None
    if not prefix or len(prefix.split()) > 12 or not any(p in prefix for p in persons):
        return None
    name = max((p for p in persons if p in prefix), key=len)
    end = prefix.rindex(name) + len(name)
    if len(prefix[end:].split()) > 2:
        # "Le président russe, Dmitri Medvedev a réitéré son attachement à l'idée « P »": the
        # words after the name are what he did, not more of his name
        prefix = prefix[:end]
    actor = book.resolve(prefix.split(",")[-1] if prefix.count(",") > 1 else prefix, persons)
    return actor if actor is not None and actor.kind != "other" else None


_APPOSED_ROLE = re.compile(r"\s*,\s*(?:le|la|l['’])\s*([^,;:«»]{3,80}?)\s*,\s*")


def _bare(q: Span) -> Frame:
    return Frame(q, q, "", None, "assertion", True, None)


def _dedupe(claims: list[DraftClaim]) -> list[DraftClaim]:
    claims.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[DraftClaim] = []
    for c in claims:
        if any(o.originator == c.originator and o.start < c.end and c.start < o.end for o in out):
            continue
        out.append(c)
    return out


def summary(extraction: Extraction) -> dict[str, Any]:
    return {"claims": len(extraction.claims), "actors": len(extraction.actors)}
