"""The rules of French reporting syntax, one behaviour per test, on small real texts."""

from __future__ import annotations

from typing import Any

from drafts import said_by

from provenance.extract import draft_article, load_nlp


def claims_of(d: dict[str, Any]) -> list[dict[str, Any]]:
    return list(d["claims"])


def actor(d: dict[str, Any], key: str) -> dict[str, Any]:
    return next(a for a in d["actors"] if a["key"] == key)


def test_chrome_is_never_a_claim(draft: Any) -> None:
    text = (
        "Photo : ©AFP\nLire aussi : le ministre a déclaré que tout va bien\n"
        "Partager\nLe ministre a déclaré que les routes sont ouvertes.\n"
    )
    d = draft(text)
    quotes = [c["quote"] for c in claims_of(d)]
    assert quotes == ["les routes sont ouvertes"]


def test_sources_line_fills_listed_sources(draft: Any) -> None:
    d = draft("Selon Reuters, le port est fermé.\nSources : AFP, Reuters, Le Monde\n")
    assert d["document"]["listed_sources"] == ["afp", "reuters", "le-monde"]
    assert all("Sources" not in c["quote"] for c in claims_of(d))


def test_anonymous_source_with_affiliation(draft: Any) -> None:
    d = draft("Une source au sein de l'OTAN a affirmé que les frappes vont continuer.\n")
    (claim,) = claims_of(d)
    source = actor(d, claim["originator"])
    assert source["kind"] == "anonymous_source"
    assert source["affiliation"] == "nato"
    assert claim["quote"] == "les frappes vont continuer"


def test_incise_after_a_quote_and_carry_over(draft: Any) -> None:
    text = (
        "« Nous ne céderons rien », a déclaré Jean Dupont, maire de la ville.\n"
        "« Les travaux reprendront lundi », a-t-il ajouté.\n"
    )
    first, second = claims_of(draft(text))
    assert first["quote"] == "Nous ne céderons rien" and first["direct_quote"] is True
    assert second["quote"] == "Les travaux reprendront lundi"
    assert first["originator"] == second["originator"] == "jean-dupont"


def test_same_source_carried_with_its_chain(draft: Any) -> None:
    text = (
        "Selon l'agence Reuters, citant une source militaire, l'armée a reculé.\n"
        "La même source a précisé que trois villages ont été évacués.\n"
    )
    first, second = claims_of(draft(text))
    assert first["originator"] == second["originator"]
    assert [h["actor"] for h in first["chain"]] == ["reuters"]
    assert [h["actor"] for h in second["chain"]] == ["reuters"]


def test_chain_in_transmission_order(draft: Any) -> None:
    text = "Les combats ont repris, a déclaré un officier à l'agence Tasnim, rapporte Press TV.\n"
    (claim,) = claims_of(draft(text))
    assert [h["actor"] for h in claim["chain"]] == ["tasnim", "presstv"]


def test_registry_beats_a_wrong_ner_label(draft: Any) -> None:
    # spaCy's small model tags Tasnim News as a person
    d = draft("Selon Tasnim News, la frontière est fermée.\n")
    (claim,) = claims_of(d)
    assert claim["originator"] == "tasnim"
    assert actor(d, "tasnim")["kind"] == "news_agency"


def test_denial_contradicts_the_earlier_claim(draft: Any) -> None:
    text = (
        "Selon l'OSDH, les rebelles ont pris le contrôle de la ville de Homs.\n"
        "Le gouverneur a démenti que les rebelles contrôlent la ville de Homs.\n"
    )
    d = draft(text)
    first, second = claims_of(d)
    assert second["kind"] == "denial"
    assert d["relations"] == [{"from": second["key"], "type": "contradicts", "to": first["key"]}]


def test_unattributed_sentences_only_on_request(draft: Any) -> None:
    text = "La ville est calme.\n"
    assert claims_of(draft(text)) == []
    nlp = load_nlp()
    d = draft_article(text, nlp, key="t", text_file="t.txt", include_unattributed=True).draft
    assert [c["originator"] for c in d["claims"]] == ["unknown-publisher"]


def test_a_common_word_is_no_one_word_name(draft: Any) -> None:
    """Names are compared without case, but a one-word name written with capitals must be
    met with them: « libération » inside an organisation's name is not the newspaper, the
    article « un » is not the UN."""
    d = draft(
        "Le Front de libération nationale kanak et socialiste (FLNKS) a dénoncé une "
        "décision « disproportionnée ».\n"
    )
    (claim,) = claims_of(d)
    flnks = actor(d, claim["originator"])
    assert flnks["name"] == "Front de libération nationale kanak et socialiste"
    assert "FLNKS" in flnks["aliases"]
    assert all(a["key"] != "liberation" for a in d["actors"])
    d = draft(
        "Le ministre a démenti que l'armée ait abandonné la base, contrairement à ce "
        "qu'affirmait la veille un groupe jihadiste.\n"
    )
    assert {c["originator"] for c in claims_of(d)} == {"t:ministre", "t:groupe-jihadiste"}
    assert all(a["key"] != "un" for a in d["actors"])
    # written as a name, each is still found
    d = draft("Selon Libération, le port est fermé. L'UN a affirmé que la trêve tient.\n")
    assert [c["originator"] for c in claims_of(d)] == ["liberation", "un"]


def test_the_outlet_spoken_to_is_a_relay_not_the_speaker(draft: Any) -> None:
    d = draft(
        "« Les avions russes ont visé le marché », a affirmé à Reuters son directeur, "
        "Rami Abdel Rahmane.\n"
    )
    (claim,) = claims_of(d)
    assert claim["originator"] == "rami-abdel-rahmane"
    assert [h["actor"] for h in claim["chain"]] == ["reuters"]
    assert all("directeur" not in alias for alias in actor(d, "reuters").get("aliases", []))
    (claim,) = claims_of(
        draft("La ville est tombée, a indiqué à l'AFP dimanche une source policière.\n")
    )
    assert claim["originator"] == "t:source-policiere"
    assert [h["actor"] for h in claim["chain"]] == ["afp"]


def test_cited_by_and_who_cites_put_the_source_first(draft: Any) -> None:
    """ "X cité par Y" and "Y, qui cite X": X said it, Y relayed it."""
    (claim,) = claims_of(
        draft("Selon un élu local cité par RFI, les soldats auraient quitté le camp.\n")
    )
    assert claim["originator"] == "t:elu-local"
    assert [h["actor"] for h in claim["chain"]] == ["rfi"]
    d = draft(
        "D'après le New York Times, qui cite des responsables américains, la frappe a visé "
        "un convoi d'armes.\n"
    )
    (claim,) = claims_of(d)
    assert claim["originator"] == "t:responsables-americains"
    assert [h["actor"] for h in claim["chain"]] == ["new-york-times"]
    assert claim["quote"] == "la frappe a visé un convoi d'armes"


def test_an_incise_inside_the_quote_marks(draft: Any) -> None:
    """« P1, a déclaré X, P2 »: X said both halves, each a direct quote; a pronoun with no
    speaker before it stands for the one person the sentence before named."""
    d = draft("« Nous ne céderons pas, a déclaré le Premier ministre, le peuple est avec nous. »\n")
    assert [(c["quote"], c["originator"], c["direct_quote"]) for c in claims_of(d)] == [
        ("Nous ne céderons pas", "t:premier-ministre", True),
        ("le peuple est avec nous", "t:premier-ministre", True),
    ]
    d = draft(
        "Le président Jean Dupont est arrivé à Paris. « Nous ne céderons pas, a-t-il déclaré, "
        "le peuple est avec nous. »\n"
    )
    assert {c["originator"] for c in claims_of(d)} == {"jean-dupont"}
    assert len(claims_of(d)) == 2
    # two persons named before: the pronoun is not guessed
    d = draft(
        "Jean Dupont et Marie Curie sont arrivés. « Nous ne céderons pas », a-t-il affirmé.\n"
    )
    assert claims_of(d) == []


def test_a_quote_is_never_cut_inside_its_marks(draft: Any) -> None:
    (claim,) = claims_of(draft("L'armée affirme avoir tué « plus de trente soldats ».\n"))
    assert claim["quote"] == "avoir tué « plus de trente soldats »"


def test_a_headline_may_quote_and_is_no_claim(draft: Any) -> None:
    d = draft(
        "Gbagbo : « Je suis le président de la République de Côte d'Ivoire »\n\n"
        "Selon RSF, le mot est interdit.\n"
    )
    assert d["document"]["title"].startswith("Gbagbo : « Je suis le président")
    assert [c["quote"] for c in claims_of(d)] == ["le mot est interdit"]
    # a first line ending as a sentence does is the article's first sentence
    d = draft("Selon RSF, le mot est interdit.\nLe ministre a démenti.\n")
    assert "title" not in d["document"]


def test_what_someone_denied_in_a_relative(draft: Any) -> None:
    """ "X a annoncé P, ce que Y a démenti": X asserts P, Y denies it, and contradicts X."""
    for text, denier in (
        (
            "Le ministre a annoncé la fermeture des écoles, ce que les syndicats ont "
            "aussitôt démenti.\n",
            "t:syndicats",
        ),
        (
            "Le ministre a annoncé la fermeture des écoles, ce qu'a démenti Jean Dupont.\n",
            "jean-dupont",
        ),
    ):
        d = draft(text)
        announced, denied = claims_of(d)
        assert (announced["originator"], announced["kind"]) == ("t:ministre", "assertion")
        assert (denied["originator"], denied["kind"]) == (denier, "denial")
        assert announced["quote"] == denied["quote"] == "la fermeture des écoles"
        assert [(r["from"], r["type"], r["to"]) for r in d["relations"]] == [
            (denied["key"], "contradicts", announced["key"])
        ]


# -- a trial on ten unseen articles (2026-12-07): the patterns that misled most ---------


def test_a_name_in_quotes_after_lancer_is_not_speech(draft: Any) -> None:
    """ "a lancé l'opération « Bouclier du Nord »" names an operation: before, Tsahal
    "said" « Bouclier du Nord », and so did the spokesman who reported it."""
    d = draft("Tsahal a lancé l'opération « Bouclier du Nord », a annoncé un porte-parole.\n")
    assert said_by(d) == [("Tsahal a lancé l'opération « Bouclier du Nord »", "t:porte-parole", [])]


def test_an_incise_reports_the_whole_clause_ending_in_a_term_in_quotes(draft: Any) -> None:
    """The accused (Géorgie) became the originator of the accusation, and the speaker
    reported only « terre brûlée »."""
    d = draft('La Géorgie a lancé la tactique de la "terre brûlée", a déclaré Dmitri Medoïev.\n')
    assert said_by(d) == [
        ('La Géorgie a lancé la tactique de la "terre brûlée"', "dmitri-medoiev", [])
    ]


def test_a_day_and_a_place_before_the_inverted_speaker(draft: Any) -> None:
    """ "a affirmé jeudi à Paris Jean Dupont": the originator was "Jeudi"."""
    d = draft("Les négociations reprendront, a affirmé jeudi à Paris Jean Dupont, porte-parole.\n")
    assert said_by(d) == [("Les négociations reprendront", "jean-dupont", [])]


def test_the_source_an_outlet_cites_between_subject_and_verb(draft: Any) -> None:
    """ "Izvestia, se référant à une source anonyme, a annoncé P": the source said P and
    Izvestia relayed it; before, Izvestia was the originator (or a junk actor named
    "Se référant à une source anonyme"), and "L'agence Reuters, citant ..., rapporte"
    gave no claim at all."""
    d = draft(
        "Mardi, le quotidien russe Izvestia, se référant à une source anonyme, avait annoncé "
        "un retour de bombardiers à Cuba. L'agence Reuters, citant deux responsables "
        "marocains, rapporte qu'aucune discussion n'a eu lieu.\n"
    )
    assert said_by(d) == [
        ("un retour de bombardiers à Cuba", "t:source-anonyme", ["izvestia"]),
        ("aucune discussion n'a eu lieu", "t:responsables-marocains", ["reuters"]),
    ]


def test_cited_by_an_outlet_outside_the_registry(draft: Any) -> None:
    """ "Le maire, cité par France Bleu Normandie, a affirmé": the outlet was the
    originator; with a registry outlet (Le Figaro) it already worked."""
    d = draft(
        "Le maire, cité par France Bleu Normandie, a affirmé que des fûts avaient brûlé. "
        "Selon l'association Vigilance Seine, relayée par Ouest-France, des traces de suie "
        "ont été retrouvées.\n"
    )
    assert said_by(d) == [
        ("des fûts avaient brûlé", "t:maire", ["france-bleu-normandie"]),
        ("des traces de suie ont été retrouvées", "vigilance-seine", ["ouest-france"]),
    ]


def test_confier_reports_speech(draft: Any) -> None:
    d = draft("Une source proche du dossier a confié à l'AFP que les négociations ont repris.\n")
    assert said_by(d) == [("les négociations ont repris", "t:source-proche-du-dossier", ["afp"])]


def test_the_second_speaker_of_a_tandis_que_contrast_keeps_their_claim(draft: Any) -> None:
    """ "X estime que P, tandis que Y juge que Q": Q was dropped, or given to X; and in
    "X demande son extradition, tandis que ce dernier rejette ...", X "asked" the denial."""
    d = draft(
        "Pierre Valmont estime que la crise sera courte, tandis que Nadia Karimi juge "
        "qu'elle sera longue. La Grande-Bretagne demande son extradition, tandis que ce "
        "dernier rejette les accusations.\n"
    )
    assert said_by(d) == [
        ("la crise sera courte", "pierre-valmont", []),
        ("elle sera longue", "nadia-karimi", []),
    ]


def test_an_infinitive_reported_to_an_outlet(draft: Any) -> None:
    """ "a déclaré à l'AFP ne pas avoir été informé par la préfecture": nothing was drafted,
    or the préfecture became the originator of the mayor's words."""
    d = draft(
        "Le maire de Bois-Guillaume, Paul Lemaire, a déclaré à l'AFP ne pas avoir été "
        "informé par la préfecture. Le maire a déclaré avoir vu les fûts brûler.\n"
    )
    assert said_by(d) == [
        ("ne pas avoir été informé par la préfecture", "paul-lemaire", ["afp"]),
        ("avoir vu les fûts brûler", "paul-lemaire", []),  # the maire named before
    ]


def test_a_denial_pointing_back_contradicts_the_claim_before(draft: Any) -> None:
    """ "X a démenti cette information": the denial names what it denies only by pointing
    back; no contradiction was drafted."""
    d = draft(
        "Le quotidien Izvestia a annoncé un retour de bombardiers à Cuba. Le porte-parole du "
        "ministère, Ilchat Baïtchourine, a démenti cette information.\n"
    )
    keys = {c["key"]: (c["originator"], c["kind"]) for c in claims_of(d)}
    assert [(keys[r["from"]], r["type"], keys[r["to"]]) for r in d["relations"]] == [
        (("ilchat-baitchourine", "denial"), "contradicts", ("izvestia", "assertion"))
    ]


def test_a_named_official_after_the_role_and_an_organisation_the_model_calls_a_person(
    draft: Any,
) -> None:
    """ "La préfète de Seine-Maritime, Claire Dumont": the actor was the role (kind other);
    "l'association Vigilance Seine" was a person; "l'Agence nationale du tourisme" a news
    agency."""
    d = draft(
        "La préfète de Seine-Maritime, Claire Dumont, a assuré qu'il n'y avait aucun risque. "
        "Selon l'association Vigilance Seine, le feu est éteint. Selon l'Agence nationale du "
        "tourisme, deux touristes ont été enlevés.\n"
    )
    kinds = {c["originator"]: actor(d, c["originator"])["kind"] for c in claims_of(d)}
    assert kinds == {
        "claire-dumont": "person",
        "vigilance-seine": "ngo",
        "agence-nationale-du-tourisme": "government_body",
    }


def test_an_impersonal_passive_with_its_agent(draft: Any) -> None:
    """ "Il a été annoncé par Y que P": nothing was drafted."""
    d = draft(
        "Il a été annoncé par le porte-parole du gouvernement marocain, Karim Benali, que le "
        "Maroc rappelait son ambassadeur. Il a été annoncé par le ministère que le pont "
        "rouvrira.\n"
    )
    assert said_by(d) == [
        ("le Maroc rappelait son ambassadeur", "karim-benali", []),
        ("le pont rouvrira", "t:ministere", []),
    ]


def test_a_news_brief_footer_is_not_part_of_the_quote(draft: Any) -> None:
    """Wikinews briefs end each item with "– Source : AFP / yahoo.com (fr)"; the quote
    before it swallowed the footer."""
    d = draft(
        "- Belgique : selon un sondage, les électeurs doutent du gouvernement. "
        "– Source : EuroNews / yahoo.com (fr) : –\n"
    )
    assert [c["quote"] for c in claims_of(d)] == ["les électeurs doutent du gouvernement"]


def test_an_organisation_is_not_the_representative_named_after_it(draft: Any) -> None:
    """The last word of a role ("sud-ossètes") was taken for the representative's surname,
    so the authorities became their representative."""
    d = draft(
        "Les villages ont été rasés, a déclaré le représentant des autorités sud-ossètes. "
        "Les autorités sud-ossètes font état de plus de 15 civils tués.\n"
    )
    assert [c["originator"] for c in claims_of(d)] == [
        "t:representant-des-autorites-sud-ossetes",
        "t:autorites-sud-ossetes",
    ]


def test_an_inverted_clitic_typed_without_its_first_hyphen(draft: Any) -> None:
    """ "« P » a t-il déclaré", common on Wikinews: nothing was drafted."""
    d = draft(
        "Philippe Douste-Blazy était à Paris. « Je les condamne avec la plus grande fermeté » "
        "a t-il déclaré.\n"
    )
    assert said_by(d) == [
        ("Je les condamne avec la plus grande fermeté", "philippe-douste-blazy", [])
    ]


def test_a_participial_passive_is_a_circumstance(draft: Any) -> None:
    """ "Kibaki étant soutenu par les Kikuyu": the Kikuyu "said" the sentence before."""
    d = draft(
        "Les affrontements se déroulent entre tribus, Kibaki étant soutenu par les Kikuyu et "
        "Odinga par les Luo.\n"
    )
    assert said_by(d) == []


def test_a_pronoun_stands_for_the_one_person_named_in_its_sentence(draft: Any) -> None:
    """ "Laurent Gbagbo a tenu un discours : « P » a-t-il affirmé": P went to the last
    speaker of an earlier paragraph; a name inside the quote itself ("« Paul Biya, vous
    mentez »") is never the speaker."""
    d = draft(
        "Le président du Conseil a affirmé que le scrutin était valide.\n\n"
        "Laurent Gbagbo a tenu un discours offensif : « Ils nous font la guerre » a-t-il "
        "affirmé.\n"
    )
    assert [c["originator"] for c in claims_of(d)] == ["t:president-du-conseil", "laurent-gbagbo"]


def test_a_verb_after_its_subjects_apposition_is_no_incise(draft: Any) -> None:
    """ "son président, ami du candidat sortant, avait déclaré ce dernier vainqueur": read
    as an incise, it made an actor of "ce dernier vainqueur avec 52 % des voix", which then
    took the next speaker's quotes."""
    d = draft(
        "Le Conseil en a décidé autrement et son président, ami du candidat sortant, avait "
        "déclaré ce dernier vainqueur avec 52 % des voix. Les routes sont coupées, les écoles "
        "fermées, a déclaré le maire.\n"
    )
    assert said_by(d) == [("Les routes sont coupées, les écoles fermées", "t:maire", [])]


def test_a_role_set_beside_a_name_names_that_person_later(draft: Any) -> None:
    """ "Juan Manuel Santos, le ministre colombien de la Défense, a annoncé ... Le ministre
    colombien de la Défense a assuré": two actors for one man before."""
    d = draft(
        "Juan Manuel Santos, le ministre colombien de la Défense, a annoncé la libération. Le "
        "ministre colombien de la Défense a assuré que les membres des FARC seraient jugés.\n"
    )
    assert [c["originator"] for c in claims_of(d)] == ["juan-manuel-santos"] * 2


def test_through_its_agency_is_a_relay(draft: Any) -> None:
    """ "X, par l'intermédiaire de son agence de presse, affirme P": the agency was lost."""
    d = draft(
        "La Corée du Nord, par l'intermédiaire de son agence de presse gouvernementale, affirme "
        "avoir procédé à un essai nucléaire.\n"
    )
    assert said_by(d) == [
        (
            "avoir procédé à un essai nucléaire",
            "coree-du-nord",
            ["t:agence-de-presse-gouvernementale"],
        )
    ]


def test_a_noun_of_speech_with_its_author(draft: Any) -> None:
    """ "l'annonce par la police kéniane que P": nothing was drafted; "la déclaration
    d'indépendance que le pays a proclamée" names no author and stays no claim."""
    d = draft(
        "La violence a conduit à l'annonce par la police kéniane que toute personne aperçue "
        "dehors serait abattue. La déclaration d'indépendance que le pays a proclamée est "
        "contestée.\n"
    )
    assert said_by(d) == [("toute personne aperçue dehors serait abattue", "t:police-keniane", [])]
