"""The rules of French reporting syntax, one behaviour per test, on small real texts."""

from __future__ import annotations

from typing import Any

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
