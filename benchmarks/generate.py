"""Deterministic synthetic corpus of provenance/v1 annotations (JSON), for the benchmarks.

    python benchmarks/generate.py --claims 100000 --out benchmarks/work/corpus-100000

Layout written under OUT::

    manifest.json                     counts, seed, sample claim refs (NOT an annotation)
    annotations/actors.json           {"format", "actors"}: every shared actor, once
    annotations/docs/NNN/dNNNNNNN.json one document, ~20 claims, its relations
    annotations/docs/NNN/dNNNNNNN.fr.txt  text of every 10th document (``text_file``);
                                      the others carry their text inline (``document.text``)

Shape, chosen to look like real annotation work:

* ``--actors`` shared actors (default 3000) with names in French (accents, ``’``),
  countries, affiliations (always to an earlier actor: no cycles), roles and aliases;
* ~20 claims per document (15-25), each quote a real span of the document's text; a
  quote occurring more than once in its text gets ``occurrence`` (about 1 claim in 60
  quotes a stock phrase that repeats on purpose);
* relay chains of 0-4 hops (40/25/15/10/10 %), hops distinct and never the originator;
  about 3 % of claims have two chains (``chains:``); hops carry a cue half the time;
* ~3 relations per document (contradicts / supports / repeats), one in three of them to
  a claim of an earlier document (``other-doc/claim-key``).

Every document depends only on (seed, its index), so generation is parallel and the
output is byte-identical for the same arguments whatever ``--jobs`` is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from floor_input import find_all  # the same search the floor checks quotes with

FORMAT = "provenance/v1"
CLAIMS_PER_DOC = 20
TEXT_FILE_EVERY = 10
SHARD = 1000  # documents per sub-folder

# -- vocabulary ---------------------------------------------------------------------
# fmt: off

FIRST = [
    "Hélène", "François", "Zoé", "Jérôme", "Anaïs", "Loïc", "Céline", "Noël", "Gaëlle", "Rémi",
    "Maïa", "Benoît", "Chloé", "Frédéric", "Agnès", "Mehdi", "Yasmine", "Karim", "Olga", "Igor",
    "Hassan", "Leïla", "Samir", "Ahmad", "Nadia", "Oleg", "Dmitri", "Inès",
]
LAST = [
    "Lefèvre", "Mercier", "Béranger", "Dupré", "Faure", "Gauthier", "Hébert", "Leroy", "Mohamad",
    "Haddad", "Khalil", "Nassar", "Petrov", "Ivanov", "Konachinkov", "Sokolov", "Moreau",
    "Roussel", "Chevalier", "Bénard", "Aubé", "Crépin", "Delacroix", "Évrard",
]
ORGS = [
    "Agence", "Observatoire", "Ministère", "Comité", "Média", "Radio", "Télévision", "Journal",
    "Réseau", "Conseil", "Bureau", "Coordination", "Collectif", "Centre",
]
ORG_OF = [
    "de la Défense", "des droits de l’Homme", "de l’Information", "d’État", "du Levant",
    "de l’Euphrate", "de la Résistance", "arabe syrien", "iranien", "russe", "américain",
    "de Deir Ezzor", "d’al-Boukamal", "de Palmyre", "indépendant", "régional", "libre",
]
KINDS = [
    ("person", 30), ("news_agency", 10), ("broadcaster", 8), ("newspaper", 10), ("website", 8),
    ("government_body", 8), ("military", 6), ("armed_group", 6), ("ngo", 6),
    ("anonymous_source", 6), ("other", 2),
]
COUNTRIES = ["SY", "IR", "RU", "US", "FR", "GB", "IQ", "JO", "TR", "LB", "IL", "DE", "QA"]
ROLES = [
    "porte-parole", "correspondant", "analyste", "commandant", "rédacteur en chef",
    "chef du comité de sécurité", "député", "ministre", "chercheur", "officier",
]
VERBS = [
    "a déclaré que", "affirme que", "accuse", "dément que", "assure que", "rapporte que",
    "a indiqué que", "estime que", "prévient que", "confirme que", "a révélé que",
]
CUE_VERBS = [
    "selon", "d’après", "rapporte", "cité par", "relayé par", "a confirmé", "selon l’agence",
]
SUBJECTS = [
    "les terroristes", "la milice", "l’armée syrienne", "les forces américaines", "la coalition",
    "les habitants", "le gouvernement", "les Forces démocratiques syriennes", "l’aviation russe",
    "les observateurs", "la population", "les combattants", "l’état-major",
    "les services de sécurité", "la délégation", "les ONG", "le commandement US",
]
ACTIONS = [
    "ont lancé une offensive contre", "se sont retirés de", "ont bombardé", "contrôlent",
    "ont été repoussés près de", "préparent une attaque sur", "ont évacué", "ont libéré",
    "ont encerclé", "renforcent leurs positions autour de", "ont abandonné",
    "négocient une trêve à", "ont reçu des armes à", "ont pillé", "ont déployé des blindés vers",
    "ont détruit un dépôt près de",
]
PLACES = [
    "al-Boukamal", "Deir Ezzor", "Al-Tanf", "Palmyre", "Raqqa", "Hajin", "Mayadine",
    "la frontière irakienne", "l’aéroport militaire", "la vallée de l’Euphrate", "Abou Kamal",
    "Albou Kamal", "Qaïm", "la base d’al-Omar", "Soukhné", "Hama",
]
TIMES = [
    "dans la nuit de samedi", "mardi matin", "à l’aube", "depuis trois jours",
    "la semaine dernière", "hier soir", "au début du mois", "jeudi", "vendredi après-midi",
    "depuis l’été", "il y a deux jours", "à plusieurs reprises",
]
DETAILS = [
    "avec l’appui de drones", "sans rencontrer de résistance", "malgré les frappes aériennes",
    "en violation du cessez-le-feu", "sous l’ordre du commandement US",
    "avec des véhicules piégés", "selon des témoins", "au prix de lourdes pertes",
    "avant de se replier", "à l’aide d’hélicoptères", "en dépit des démentis officiels",
    "après d’intenses combats", "sous couvert d’opérations humanitaires",
]
FILLER = [
    "La situation reste confuse dans la région.",
    "Aucune source indépendante n’a pu confirmer ces informations.",
    "Les communications sont coupées depuis plusieurs heures.",
    "Ville hautement stratégique, la localité se trouve sur le triangle frontalier.",
    "Les journalistes n’ont pas accès à la zone.", "Le bilan n’a pas été précisé.",
    "Les autorités n’ont pas souhaité réagir.",
]
# Quoted on purpose by more than one claim of a document: exercises ``occurrence``.
STOCK_PHRASE = "selon la même source"
KEY_WORDS_A = [
    "daech", "armee", "us", "coalition", "fds", "osdh", "russie", "iran", "tanf", "milice",
    "frontiere", "aviation", "civils", "treve", "base", "drones", "convoi", "otages", "raqqa",
    "hajin", "palmyre", "euphrate", "petrole", "aeroport", "hama", "qaim", "kamikazes", "blindes",
    "armes", "refugies", "hopital", "pont", "ecole", "village", "checkpoint", "tunnel", "caserne",
    "puits", "silo", "marche", "route", "colline", "barrage", "station", "depot", "camp", "prison",
    "mosquee", "usine", "port", "ambassade", "mission", "patrouille", "pilote", "general",
    "ministre", "observateurs", "journaliste", "chef", "porte-parole",
]
KEY_WORDS_B = [
    "attack", "retreat", "denial", "accusation", "seized", "liberated", "bombed", "shelled",
    "evacuated", "killed", "wounded", "captured", "surrounded", "advance", "truce", "losses",
    "deployment", "supply", "control", "support", "withdrawal", "offensive", "ambush", "strike",
    "raid", "siege", "escape", "arrival", "visit", "statement", "warning", "claim", "report",
    "rumour", "leak", "threat", "deal", "talks", "ceasefire", "breach", "smuggling", "training",
    "funding", "arming", "looting", "recapture", "counterattack", "infiltration", "sabotage",
    "blockade", "airdrop", "convoy", "mines", "tunnels", "drone", "rocket", "mortar", "sniper",
    "hostages", "exchange",
]
CLAIM_KINDS = [
    ("assertion", 45), ("accusation", 20), ("denial", 10), ("observation", 8), ("prediction", 5),
    ("attribution", 5), ("retraction", 2), ("other", 5),
]
REL_TYPES = ["contradicts", "supports", "repeats"]
# fmt: on


def _weighted(pairs: list[tuple[str, int]]) -> list[str]:
    return [name for name, w in pairs for _ in range(w)]


KIND_POOL = _weighted(KINDS)
CLAIM_KIND_POOL = _weighted(CLAIM_KINDS)
HOPS_POOL = [0] * 40 + [1] * 25 + [2] * 15 + [3] * 10 + [4] * 10


# -- actors -------------------------------------------------------------------------


def actor_key(i: int) -> str:
    return f"a{i:05d}"


def make_actors(n: int, seed: int) -> list[dict]:
    rng = random.Random(f"{seed}:actors")
    actors = []
    for i in range(n):
        kind = rng.choice(KIND_POOL)
        if kind in ("person", "anonymous_source"):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} ({i})"
        else:
            name = f"{rng.choice(ORGS)} {rng.choice(ORG_OF)} n°{i}"
        a: dict = {"key": actor_key(i), "name": name, "kind": kind}
        if rng.random() < 0.8:
            a["country"] = rng.choice(COUNTRIES)
        if rng.random() < 0.6:
            a["state_affiliated"] = rng.random() < 0.5
        if i > 10 and kind in ("person", "anonymous_source", "military") and rng.random() < 0.5:
            a["affiliation"] = actor_key(rng.randrange(0, i))  # earlier actor: never a cycle
        if kind == "person" and rng.random() < 0.6:
            a["role"] = rng.choice(ROLES)
        if rng.random() < 0.3:
            a["description"] = f"Acteur synthétique n°{i}, créé pour les mesures d’échelle"
        n_alias = rng.choice([0, 0, 1, 1, 2, 3])
        if n_alias:
            a["aliases"] = [f"{name} — alias {j}" for j in range(1, n_alias + 1)]
        actors.append(a)
    return actors


# -- documents ----------------------------------------------------------------------


def doc_key(d: int) -> str:
    return f"d{d:07d}"


def claims_in(d: int, seed: int) -> int:
    """How many claims document d has (15-25, mean 20): needed by other documents' refs."""
    return 15 + (d * 7919 + seed * 104729) % 11


def claim_key(d: int, n: int, seed: int) -> str:
    """Descriptive-looking keys that repeat across documents (like real ones: 'pub-...')."""
    h = (d * 2654435761 + n * 40503 + seed) & 0xFFFFFFFF
    a = KEY_WORDS_A[h % len(KEY_WORDS_A)]
    b = KEY_WORDS_B[(h >> 8) % len(KEY_WORDS_B)]
    return f"{a}-{b}-{n:02d}"


def doc_path(d: int) -> str:
    return f"docs/{d // SHARD:03d}/{doc_key(d)}"


def make_document(d: int, seed: int, n_actors: int) -> tuple[dict, str | None]:
    """One annotation (and its text if it goes to a ``.txt`` file)."""
    rng = random.Random(seed * 10_000_019 + d)
    key = doc_key(d)
    n_claims = claims_in(d, seed)
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 3650))
    publisher = rng.randrange(n_actors)
    sources = rng.sample(range(n_actors), rng.choice([0, 1, 2, 3]))
    parts: list[str] = [f"{rng.choice(PLACES).capitalize()} — {rng.choice(FILLER)}"]
    pos = len(parts[0]) + 1  # running length of " ".join(parts)
    claims: list[dict] = []
    spans: list[tuple[int, int]] = []
    for n in range(1, n_claims + 1):
        originator = rng.randrange(n_actors)
        verb = rng.choice(VERBS)
        clause = (
            f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(PLACES)} "
            f"{rng.choice(TIMES)} {rng.choice(DETAILS)}"
        )
        stock = rng.random() < 1 / 60
        if stock:
            sentence = f"{clause.capitalize()}, {STOCK_PHRASE}."
            q_off, quote = len(clause) + 2, STOCK_PHRASE
        else:
            lead = f"La source n°{originator} {verb} "
            sentence = f"{lead}{clause}."
            q_off, quote = len(lead), clause
        if rng.random() < 0.3:
            sentence += " " + rng.choice(FILLER)
        start = pos + q_off
        parts.append(sentence)
        pos += len(sentence) + 1
        spans.append((start, start + len(quote)))
        c: dict = {"key": claim_key(d, n, seed), "quote": quote}
        if rng.random() < 0.5:
            c["statement"] = f"Claim {n} of {key}: {clause}"
        c["kind"] = rng.choice(CLAIM_KIND_POOL)
        if rng.random() < 0.15:
            c["direct_quote"] = True
        if rng.random() < 0.4:
            c["cue"] = verb
        if rng.random() < 0.7:
            c["date"] = (published - dt.timedelta(days=rng.randrange(0, 5))).isoformat()
        c["originator"] = actor_key(originator)
        n_chains = 2 if rng.random() < 0.03 else 1
        chains = []
        for _ in range(n_chains):
            hops = rng.choice(HOPS_POOL) if n_chains == 1 else rng.randint(1, 4)
            if not hops:
                continue
            chosen: list[int] = []
            while len(chosen) < hops:
                h = rng.randrange(n_actors)
                if h != originator and h not in chosen:
                    chosen.append(h)
            chain = []
            for h in chosen:
                if rng.random() < 0.5:
                    chain.append({"actor": actor_key(h), "cue": f"{rng.choice(CUE_VERBS)} n°{h}"})
                else:
                    chain.append(actor_key(h))  # bare-key shorthand
            if chain not in chains:
                chains.append(chain)
        if len(chains) == 1:
            c["chain"] = chains[0]
        elif chains:
            c["chains"] = chains
        claims.append(c)
    text = " ".join(parts) + "\n"
    for c, (start, end) in zip(claims, spans, strict=True):
        assert text[start:end] == c["quote"]
        found = find_all(text, c["quote"])
        if len(found) > 1:
            c["occurrence"] = found.index(start) + 1
    relations = []
    seen = set()
    for _ in range(3):
        a = rng.randrange(n_claims)
        cross = d > 0 and rng.random() < 1 / 3
        if cross:
            other = rng.randrange(max(0, d - 500), d)
            n_other = rng.randrange(claims_in(other, seed)) + 1
            target = f"{doc_key(other)}/{claim_key(other, n_other, seed)}"
        else:
            b = rng.randrange(n_claims)
            if b == a:
                continue
            target = claims[b]["key"]
        ident = (claims[a]["key"], target)
        if ident in seen:
            continue
        seen.add(ident)
        relations.append({"from": claims[a]["key"], "type": rng.choice(REL_TYPES), "to": target})
    document: dict = {
        "key": key,
        "title": f"{rng.choice(PLACES).capitalize()} : {rng.choice(SUBJECTS)} "
        f"{rng.choice(ACTIONS)} {rng.choice(PLACES)}",
    }
    text_file = d % TEXT_FILE_EVERY == 0
    if text_file:
        document["text_file"] = f"{key}.fr.txt"
    else:
        document["text"] = text
    document.update(
        {
            "language": "fr",
            "published": published.isoformat(),
            "publisher": actor_key(publisher),
            "url": f"https://exemple.org/articles/{key}",
            "listed_sources": [actor_key(s) for s in sources],
        }
    )
    annotation = {"format": FORMAT, "document": document, "claims": claims, "relations": relations}
    return annotation, (text if text_file else None)


def _write_range(args: tuple[str, int, int, int, int]) -> tuple[int, int, int, list[str]]:
    root, first, last, seed, n_actors = args
    out = Path(root)
    claims = relations = relays = 0
    chain4: list[str] = []
    for d in range(first, last):
        ann, text = make_document(d, seed, n_actors)
        path = out / (doc_path(d) + ".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(ann, ensure_ascii=False, separators=(",", ":")), "utf-8")
        if text is not None:
            (path.parent / ann["document"]["text_file"]).write_text(text, "utf-8")
        claims += len(ann["claims"])
        relations += len(ann["relations"])
        for c in ann["claims"]:
            hops = [c["chain"]] if "chain" in c else c.get("chains", [])
            relays += sum(len(h) for h in hops)
            if len(chain4) < 3 and "chain" in c and len(c["chain"]) == 4:
                chain4.append(f"{ann['document']['key']}/{c['key']}")
    return claims, relations, relays, chain4


def generate(out: Path, claims: int, seed: int = 2018, n_actors: int = 3000, jobs: int = 0) -> dict:
    """Write the corpus (if ``manifest.json`` is missing or differs) and return the manifest."""
    n_docs = max(1, round(claims / CLAIMS_PER_DOC))
    wanted = {"claims_requested": claims, "seed": seed, "actors": n_actors, "documents": n_docs}
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text("utf-8"))
        if all(old.get(k) == v for k, v in wanted.items()) and (out / "annotations").is_dir():
            old["annotations"] = str(out / "annotations")  # wherever the folder is now
            return old
    t0 = time.perf_counter()
    ann_dir = out / "annotations"
    ann_dir.mkdir(parents=True, exist_ok=True)
    (ann_dir / "actors.json").write_text(
        json.dumps(
            {"format": FORMAT, "actors": make_actors(n_actors, seed)},
            ensure_ascii=False,
            indent=1,
        ),
        "utf-8",
    )
    jobs = jobs or os.cpu_count() or 1
    step = max(1, min(SHARD, -(-n_docs // (jobs * 4))))
    tasks = [
        (str(ann_dir), i, min(i + step, n_docs), seed, n_actors) for i in range(0, n_docs, step)
    ]
    totals = [0, 0, 0]
    chain4: list[str] = []
    if jobs == 1 or len(tasks) == 1:
        results = map(_write_range, tasks)
    else:
        pool = ProcessPoolExecutor(jobs)
        results = pool.map(_write_range, tasks)
    for c, r, h, c4 in results:
        totals[0] += c
        totals[1] += r
        totals[2] += h
        chain4.extend(c4)
    # a 4-hop claim from the middle of the corpus (not the first file read)
    ref = chain4[len(chain4) // 2] if chain4 else None
    manifest = {
        **wanted,
        "claims": totals[0],
        "relations": totals[1],
        "relays": totals[2],
        "annotations": str(ann_dir),
        "chain_ref": ref,
        "generated_in_s": round(time.perf_counter() - t0, 2),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--claims", type=int, default=10_000)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=2018)
    p.add_argument("--actors", type=int, default=3000)
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: all CPUs)")
    a = p.parse_args(argv)
    m = generate(a.out, a.claims, a.seed, a.actors, a.jobs)
    json.dump(m, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
