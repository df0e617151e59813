"""The closed word lists and patterns the frame rules read French sentences with.

They are grammar, not data about the world: auxiliaries, fillers that may stand between an
auxiliary and its verb, pronouns that carry a speaker over, and the reporting verbs that
need a clause after them before they report anything.
"""

from __future__ import annotations

import re

#: the days of the week, for the patterns that skip a date ("a annoncé jeudi X")
WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"

# verbs that report speech only with a clause, a quote or "de + infinitive" after them
WEAK = frozenset(
    [
        "exclamer",
        "indigner",
        "insurger",
        "féliciter",
        "inquiéter",
        "alarmer",
        "réjouir",
        "étonner",
        "offusquer",
        "lancer",
        "compter",
        "appeler",
        # "a invité les journalistes", "recommande ce livre": a call only with whom to do what
        "inviter",
        "exhorter",
        "recommander",
        "observer",
        "noter",
        "rappeler",
        "avancer",
        "communiquer",
        "rejeter",
        "élever contre",
        "inscrire en faux contre",
        "juger",
        "considérer",
        "prévoir",
        "demander",
        "réclamer",
        "exiger",
        "souhaiter",
        "espérer",
        "insister",
        "craindre",
        "condamner",
        "répéter",
        "assurer",
        "indiquer",
        "signaler",
        "informer",
        "estimer",
        "évoquer",
        # "a plaidé que P", not "a plaidé coupable" nor "plaide pour un accord"
        "plaider",
        # "« P », a réagi X", not "a réagi à l'annonce"
        "réagir",
        # "doutent de ces résultats", "doute que P", not "doutent du gouvernement"
        "douter",
        # "« P », a tweeté X", not "a tweeté une photo"
        "tweeter",
        "twitter",
        # an opinion only with its que-clause or quote: "pense que P", not "pense à"
        "penser",
        "croire",
        # "a menacé les États-Unis": a threat is said with "de" or "que"
        "menacer",
        "démontrer",
        # "a déclaré son indépendance", "a proclamé l'état d'urgence", "reconnaître un pays": acts
        "déclarer",
        "proclamer",
        "reconnaître",
        "qualifier",
    ]
)
AUX = frozenset(
    [
        "a",
        "ont",
        "ait",
        "aient",
        "avait",
        "avaient",
        "aurait",
        "auraient",
        "aura",
        "auront",
        "est",
        "sont",
        "était",
        "étaient",
        "va",
        "vont",
        "vient",
        "viennent",
        "venait",
        # modals: "Claude Guéant devrait s'expliquer" named a speaker "… Guéant devrait"
        "doit",
        "doivent",
        "devait",
        "devaient",
        "devrait",
        "devraient",
        "dû",
        "peut",
        "peuvent",
        "pouvait",
        "pouvaient",
        "pourrait",
        "pourraient",
        "pu",
        "veut",
        "veulent",
        "voulait",
        "voudrait",
    ]
)
FILLERS = frozenset(
    [
        "dans",
        "le",
        "même",
        "temps",
        "quant",
        "à",
        "lui",
        "elle",
        "eux",
        "pour",
        "sa",
        "part",
        "leur",
        "également",
        "aussi",
        "encore",
        "déjà",
        "ainsi",
        "pourtant",
        "par",
        "exemple",  # "a-t-il par exemple déclaré"
        "contre",
        "effet",
        "surtout",
        "toujours",
        "ailleurs",
        "notamment",
        "néanmoins",
        "finalement",
        "donc",
        # "a au contraire soutenu"
        "au",
        "contraire",
        "en",
        "outre",
        "toutefois",
        "cependant",
        "enfin",
        "de",
        "son",
        "côté",
        "alors",
        "ensuite",
        "de",
        "d'",
        "d’",
        "n'",
        "ne",
        "pas",
        "plus",
        # "a plusieurs fois affirmé", "a à maintes reprises démenti", "a de nouveau nié"
        "plusieurs",
        "fois",
        "maintes",
        "reprises",
        "nouveau",
        # "a lui-même affirmé": the subject again, inside the verb group
        "lui-même",
        "elle-même",
        "eux-mêmes",
        "elles-mêmes",
        "eux",  # the model splits "eux-mêmes" into "eux", "-", "mêmes"
        "elles",
        "-",
        "mêmes",
    ]
)
CLITIC = re.compile(r"^\s*(?:-t-|-|\s*t-)(il|elle|ils|elles|on)\b", re.IGNORECASE)
# "a-t-il déclaré", and "a t-il déclaré" as often typed
CLITIC_IN = re.compile(r"(?:-t-|-|\st-)(il|elle|ils|elles|on)\b", re.IGNORECASE)
PRONOUNS = frozenset(
    [
        "ce dernier",
        "cette derniere",
        "ces derniers",
        "ces dernieres",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "celui-ci",
        "celle-ci",
        "ce",
        "dernier",
        "cette",
        "dernière",
    ]
)
# "a rejeté ces accusations": a weak verb that denies what its object names someone said
DENIED_OBJECT = re.compile(
    r"\s*(?:(?:catégoriquement|fermement|formellement|vivement|en bloc)\s+)?"
    r"(?:de\s+|d['’]\s*)?"  # "doutent de ces résultats"
    r"(?:ces|les|toutes les|cette|l['’]\s*|une|un|des|de telles|ses|leurs|son|sa)\s*(?:\w+\s+)?"
    r"(?:accusations?|allégations?|informations?|affirmations?|rumeurs?|critiques?|propos|"
    r"déclarations?|chiffres?|reproches?|soupçons?|imputations?|version|rapports?|articles?|"
    r"communiqués?|récits?|thèses?|conclusions|bilans?|insinuations?|résultats|données)\b",
    re.IGNORECASE,
)
RELATIVE_AFTER_SELON = re.compile(r"^\s*(lequel|laquelle|lesquels|lesquelles|que\b|qu['’])", re.I)
CONTRARY = re.compile(r"(contrairement a|a l'inverse de) ce qu'\s*(a|avait|ont|avaient)?$")
# "a démenti dans une vidéo mise en ligne vendredi que P": at most nine words before "que"
# ("a annoncé la fermeture, ce que X a démenti": "ce que" opens a relative, not the content)
# (a subordinator's que is none: "X demande son extradition, tandis que Y rejette" does not
# make "Y rejette" what X asked; nor does "de même que Y")
QUE_AFTER = re.compile(  # "a indiqué, samedi, qu'elle …": an aside before que
    r"[\s,]*((?:[\w’'-]+[\s,]+){0,9}?)(?<!ce )(?<!tandis )(?<!alors )(?<!bien )(?<!parce )"
    r"(?<!pendant )(?<!dès )(?<!avant )(?<!après )(?<!sans )(?<!afin )(?<!ainsi )"
    r"(?:(?<!de même )|(?<=tout de même ))(que\b|qu['’])",
    re.IGNORECASE,
)
# a subject, then a relative clause between commas: "Shekau, que l'armée a dit avoir tué,"
RELATIVE_ASIDE = re.compile(r"^[^,]*,\s*(?:qui|que|qu['’]|dont|lequel|laquelle)\b[^,]*,$", re.I)
# a cue inside such a relative clause, still open
RELATIVE_OPEN = re.compile(r"^[^,]*,\s*(?:qui|que|qu['’]|dont)\b[^,]*$", re.I)

# a weak verb's complement in "de": "a fait état de", "s'est déclarée convaincue de P"
CONVINCED = re.compile(
    r"\s*((?:convaincu|persuadé|certain|sûr|assuré)e?s?\s+(?=d)|(?:prêt|disposé)e?s?\s+à\s+)?"
    r"(?:de\s|d['’]|(?<=à\s))\s*"
    # "a lancé de nouvelles accusations": a partitive article, no complement
    r"(?!(?:nouvel|nouveaux|nouvelles?|nombreu\w*|graves|vives?|sérieu\w*|fortes?|lourdes?|"
    r"multiples|premi\w+|violentes?)\b)",
    re.IGNORECASE,
)
# "Le quotidien Izvestia, citant une source anonyme, a annoncé P": between the subject and
# its verb, an aside naming whom the subject cites (the one cited said P; the subject relays)
# "Le Figaro annonce que P, citant une source proche du dossier": after the content, the one
# the speaker cites (who said P first; the speaker relays)
# whom the words after a citing verb name: someone, a group, a quoted source or a name
_CITED_AHEAD = (
    r"(?=(?:une?|des|les?|la|l['’]|ses|sa|son|leurs?|plusieurs|deux|trois|[«“\"]|[A-ZÉ]))"
)
CITING_AFTER = re.compile(
    r",\s*(?:en\s+)?(?:citant|[ée]voquant|se\s+r[ée]f[ée]rant\s+(?:à|au|aux)|"
    r"s['’]appuyant\s+sur|se\s+basant\s+sur|se\s+fondant\s+sur)\s+" + _CITED_AHEAD,
    re.IGNORECASE,
)
# the same right after an incise's speaker, with no comma: "rapportent les médias se
# référant à des sources diplomatiques"
CITING_AFTER_BARE = re.compile(
    r"\s*(?:citant|se\s+r[ée]f[ée]rant\s+(?:à|au|aux)|s['’]appuyant\s+sur)\s+" + _CITED_AHEAD,
    re.IGNORECASE,
)
# where the words were said, before what was said: "a annoncé dans une vidéo diffusée par la
# radio basque, mercredi 22 mars, un cessez-le-feu"; the medium is no part of the content
_MEDIUM = (
    r"\s*(?:dans|lors d['’]|au cours d['’]|par)\s*(?:un|une|le|la|l['’]|son|sa|ses|leur)\s*"
    r"(?:vidéo|communiqué|entretien|interview|message|lettre|déclaration|allocution|"
    r"discours|émission|conférence de presse|enregistrement|courrier|tribune)\b"
)
_DAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|le)\b[^,;:«»]*,"
MEDIUM_FIRST = (
    re.compile(_MEDIUM + r"[^,;:«»]*,(?:\s*" + _DAY + ")?", re.IGNORECASE),
    # no comma: up to the first article ("dans un communiqué la fermeture de l'usine")
    re.compile(_MEDIUM + r"[^,;:«»]*?(?=\s(?:un|une|le|la|les|des|l['’])\s)", re.IGNORECASE),
)
CITING_SUBJECT = re.compile(
    r",\s*(?:en\s+)?(?:citant|reprenant|se\s+r[ée]f[ée]rant\s+(?:à|au|aux)|"
    r"s['’]appuyant\s+sur|se\s+basant\s+sur|se\s+fondant\s+sur)\s",
    re.IGNORECASE,
)


# words that open "Pour X, P" without naming who speaks
NOT_SPEAKERS = frozenset(
    [
        "noel",
        "paques",
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
        "rappel",
        "autant",
        "ce",
        "cela",
        "premier",
        "premiere",
        "dernier",
        "derniere",
        "seconde",
        "deuxieme",
        "troisieme",
        "fois",
        "moment",
        "heure",
        "instant",
    ]
)
SPEAKING_HEADS = frozenset(
    [
        "syndicat",
        "syndicats",
        "opposition",
        "parti",
        "experts",
        "analystes",
        "specialistes",
        "observateurs",
        "ong",
        "organisation",
        "association",
        "avocat",
        "avocats",
        "defense",
    ]
)


# a call: "a appelé Téhéran à revenir à la table", "a invité l'Iran à relancer" (the one
# called, then what to do), "a demandé à ses citoyens de rester chez eux" (to whom, then
# what); the claim is both, as annotators quote it. The word after "à"/"de" must be read
# as a verb too ("a appelé Jean Martin à quatre reprises": no call)
CALLS = frozenset(["appeler", "inviter", "exhorter", "inciter", "encourager", "presser"])
ASKS = frozenset(["demander", "recommander", "conseiller", "ordonner", "enjoindre"])
_INFINITIVE = r"(?:ne\s+pas\s+|ne\s+plus\s+|n['’]\s*)?(?P<inf>[a-zà-ÿ]+(?:er|ir|re|oir))\b"
CALLED = re.compile(
    r"\s*((?:l['’]|la\s|le\s|les\s|des\s|ses\s|son\s|sa\s|leurs?\s|tous\s|toutes\s|"
    r"[A-ZÉ])[^,;:«»()]{0,80}?)\s+à\s+(?:se\s+|s['’]\s*)?" + _INFINITIVE
)
ASKED = re.compile(
    r"\s*((?:à|aux?)\s+[^,;:«»()]{1,80}?)\s+(?:de\s+|d['’]\s*)(?:se\s+|s['’]\s*)?" + _INFINITIVE
)


def in_medium(text: str, after: int, end: int) -> bool:
    """ "a déclaré dans une lettre adressée à Y la disposition de X à …": a verb that
    may name an act ("a déclaré son indépendance") reports words when a medium of speech
    stands between it and its object."""
    return any(
        m is not None and m.end() < end - 3
        for m in (r.match(text, after, end) for r in MEDIUM_FIRST)
    )


# "Interrogé par la BBC, X a estimé", "Joint par l'AFP, X a affirmé": the outlet X spoke to,
# a relay (recipients.py), before the speaker's name (speakers.py)
LEAD_ASKED = re.compile(
    r"\s*((?:interrog|contact|sollicit|interview|questionn)[ée]e?s?|jointe?s?)\s+"
    r"(par|sur|à|au|aux)\s+([^,]+),",
    re.IGNORECASE,
)
