"""The words that name actors in French news: determiners to strip, kinds to guess.

A new actor's kind comes from its head noun ("agence" -> news_agency, "ministère" ->
government_body, a title such as "général" -> person); a document noun ("communiqué",
"bilan") is a carrier, whose source is its complement.
"""

from __future__ import annotations

import hashlib
import re

from provenance.extract.lexicon import fold

DETERMINERS = re.compile(
    r"^(?:(?:(?:selon|d['’]après|par|pour|à|au|aux|chez|de|du|des|le|la|les|un|une|"
    r"plusieurs|certains|certaines|quelques|deux|trois|cette|ce|ces|son|sa|ses|leur|leurs|"
    r"m\.|mme)\s+)|(?:l['’]|d['’])\s*)+",
    re.IGNORECASE,
)
LEADING = re.compile(
    r"^(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui|demain|"
    r"ce (?:matin|soir|midi)|cette nuit|soir|matin|le lendemain|la veille|l['’]avant-veille|"
    r"la semaine dernière|le mois dernier|plus tôt|plus tard|"
    r"(?:le )?\d{1,2}(?:er)? \w+(?: \d{4})?|\d{4}|or|mais|et|puis|alors|enfin|ainsi|"
    r"c['’]est|ce sont|que|qu['’]|ainsi que|de son côté|pour sa part|quant à)"
    r"(?:[\s,.–—:-]+|(?<=['’])))+",
    re.IGNORECASE,
)
# a date or time after a name: "avait annoncé le Cameroun mercredi dernier"
TRAILING_TIME = re.compile(
    r"\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?:\s+(?:dernier|soir|matin))?|"
    r"hier|aujourd['’]hui|la semaine dernière|le mois dernier|ce (?:matin|soir)|"
    # "au matin du 12 juin 2005", "le 3 mars"
    r"(?:(?:au|dans la) (?:matin|soir|nuit|soirée) )?(?:du|le) \d{1,2}(?:er)? \w+(?: \d{4})?|"
    # where or how he spoke: "le correspondant de RIA Novosti sur place", "… par téléphone"
    r"sur place|par téléphone|au téléphone|(?:à|aux) (?:des |la )?(?:journalistes|presse))$",
    re.IGNORECASE,
)
# documents that carry a source's words: the source is their complement ("un communiqué du
# palais", "le décompte du Bureau maritime international")
CARRIERS = frozenset(
    [
        "communique",
        "communiques",
        "bilan",
        "decompte",
        "rapport",
        "declaration",
        "message",
        "lettre",
        "texte",
        "document",
        "enquete",
        "etude",
        "note",
        "site",
        "compte",
        "depeche",
        "releve",
        "estimation",
        "chiffres",
        # "selon les éléments donnés par son journal", "selon les informations du Monde"
        "elements",
        "article",
        "resultats",
        "sondage",
        "statistiques",
        "informations",
        "donnees",
        "indications",
        "precisions",
        "images",
        "video",
        "videos",
    ]
)
# "un premier bilan", "le dernier rapport": the carrier noun comes after these
CARRIER_ADJECTIVES = re.compile(
    r"^(?:premier|premiere|dernier|derniere|nouveau|nouvel|nouvelle|recent|recente|"
    r"precedent|precedente|ultime|bref|breve|long|longue|nouveaux|nouvelles|"
    r"premiers|premieres|derniers|dernieres|recents|recentes)\s+"
)
# the publication of a document, after its noun: "un bilan diffusé vers 10 h 30 (UTC)"
PUBLISHED = re.compile(
    r"\s+(?:publié|diffusé|rendu|transmis|envoyé|adressé|remis|dressé|établi|parvenu|"
    r"mis en ligne|posté|lu|signé|daté)e?s?\b.*$",
    re.IGNORECASE,
)
# the one who gave a document out: "les éléments donnés par son journal"
GIVEN_BY = re.compile(
    r"\s(?:publié|diffusé|donné|fourni|rendu|transmis|communiqué|avancé|relayé|dressé|établi|"
    r"dévoilé|annoncé|présenté)"
    r"e?s?(?:\s+[\w'’]+){0,4}?\s+par\s+(.+)$",
    re.IGNORECASE,
)
NOT_NAMES = frozenset(
    {"et", "ou", "mais", "qui", "que", "il", "elle", "ils", "elles", "on", "ce", "cela"}
    | {"ceci", "celui", "celle", "lui", "eux", "tout", "tous"}
)
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("agence", "news_agency"),
    ("chaine", "broadcaster"),
    ("chaîne", "broadcaster"),
    ("television", "broadcaster"),
    ("radio", "broadcaster"),
    ("station", "broadcaster"),
    ("journal", "newspaper"),
    ("quotidien", "newspaper"),
    ("hebdomadaire", "newspaper"),
    ("magazine", "newspaper"),
    ("site", "website"),
    ("ministere", "government_body"),
    ("gouvernement", "government_body"),
    ("presidence", "government_body"),
    ("police", "government_body"),
    ("autorites", "government_body"),
    ("prefecture", "government_body"),
    ("parquet", "government_body"),
    ("mairie", "government_body"),
    ("departement", "government_body"),
    ("institut", "government_body"),
    ("armee", "military"),
    ("etat-major", "military"),
    ("forces armees", "military"),
    ("observatoire", "ngo"),
    ("ong", "ngo"),
    ("association", "ngo"),
    ("comite", "ngo"),
    ("organisation", "ngo"),
    ("groupe", "armed_group"),
    ("milice", "armed_group"),
    ("rebelles", "armed_group"),
)
PERSON_WORDS = frozenset(
    [
        # roles seen heading unnamed or named speakers in unseen articles (2026-12-07)
        "prefete",
        "sous-prefet",
        "sous-prefete",
        "chercheur",
        "chercheuse",
        "professeur",
        "professeure",
        "officier",
        "expert",
        "experte",
        "analyste",
        "economiste",
        "politologue",
        "consul",
        "consule",
        "vice-president",
        "vice-presidente",
        "adjoint",
        "adjointe",
        "gouverneure",
        "ancien",
        "ancienne",
        "president",
        "presidente",
        "ministre",
        "vice-ministre",
        "porte-parole",
        "general",
        "chef",
        "directeur",
        "directrice",
        "secretaire",
        "correspondant",
        "correspondante",
        "journaliste",
        "depute",
        "deputee",
        "senateur",
        "senatrice",
        "maire",
        "avocat",
        "avocate",
        "frere",
        "soeur",
        "pere",
        "mere",
        "epouse",
        "mari",
        "premier",
        "premiere",
        "dirigeant",
        "dirigeante",
        "commandant",
        "colonel",
        "capitaine",
        "juge",
        "procureur",
        "avocat",
        "avocate",
        "ambassadeur",
        "ambassadrice",
        "roi",
        "reine",
        "pasteur",
        "reverend",
        "eveque",
        "pape",
        "imam",
        "chancelier",
        "chanceliere",
        "leader",
        "commissaire",
        "gouverneur",
        "prefet",
        "conseiller",
        "conseillere",
        "patron",
        "patronne",
        "fondateur",
        "fondatrice",
        "responsable",
        "representant",
        "representante",
        "emir",
        "prince",
        "princesse",
        "dessinateur",
        "ecrivain",
        "chercheur",
        "chercheuse",
        "professeur",
        "docteur",
        "sismologue",
    ]
)
MEDIA = frozenset({"news_agency", "broadcaster", "newspaper", "website"})


def trailing_name(words: str) -> str | None:
    """The capitalised words that end a description: "le général X Y" -> "X Y"; a comma
    ends the name ("le président de la société Naftogaz, Oleg Doubina" -> "Oleg Doubina")."""
    parts = words.split()
    run: list[str] = []
    while parts and parts[-1][:1].isupper() and not parts[-1].endswith(",") and len(run) < 3:
        run.insert(0, parts.pop())
    while len(run) > 2 and parts and parts[-1] in {"de", "du", "des", "la", "le"}:
        parts.append(run.pop(0))
    if len(run) < 2 or not parts:
        return None
    return " ".join(run)


def slug(text: str) -> str:
    """An ASCII key for a name; a name without Latin letters ("Владимир Путин") gets one
    from its digest (all were "actor", and two drafts' "actor" collided on import)."""
    value = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if not re.search(r"[a-z]", value) and text.strip():
        return "actor-" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:10]
    return value[:60].strip("-") or "actor"


def short_key(key: str, most: int) -> str:
    """``key`` cut to ``most`` characters, a digest of the whole keeping cut keys apart.

    Keys may have 200 characters; a file name or a document key a caller chose can be
    longer, and a draft whose keys the importer refuses is no draft.
    """
    if len(key) <= most:
        return key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return key[: most - 9].rstrip("-._:") + "-" + digest


_PUBLIC_AGENCY = re.compile(
    r"\bagence\s+(?:nationale|internationale|gouvernementale|europeenne|spatiale|federale|"
    r"regionale|publique|americaine|francaise|pour|de (?:l'|la |le )?(?:sante|securite|"
    r"energie|environnement|developpement|renseignement|tourisme|eau|emploi))"
)


def guess_kind(name: str) -> tuple[str, str]:
    """The kind a new actor's own words suggest, and the word that decided it."""
    words = name.split()
    folded = fold(name)
    # the head noun may be plural: "les agences internationales", "des chaînes"
    kind = next((k for w, k in KIND_WORDS if re.search(r"\b" + fold(w) + r"[sx]?\b", folded)), None)
    first = folded.split()[0] if folded else ""
    if kind == "news_agency" and _PUBLIC_AGENCY.search(folded):
        kind = "government_body"  # "l'Agence nationale du tourisme": no news agency
    if kind is None and first in PERSON_WORDS:
        kind = "person"
    if kind is None:
        capitals = [w for w in words if w[:1].isupper()]
        kind = "person" if 2 <= len(capitals) == len(words) <= 4 else "other"
    return kind, first
