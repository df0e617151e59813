"""Fact-checkers' verdicts in v1 annotations: checked, stored, shown, filtered, exported.

tests/data/reviews/factcheck.yaml is a fact-check article reviewing two claims of the
seed article: one with a rating on a 1..5 scale, one with a text rating only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, SEEDS, Cli, corrupt, db_snapshot, problems, query, refused
from test_claimreview import problems as schema_problems
from typer.testing import CliRunner

FACTCHECK = DATA / "reviews" / "factcheck.yaml"
CENTCOM = "al-boukamal-2018-06-10/centcom-orchestrated"
OSDH = "al-boukamal-2018-06-10/osdh-daech-took-city"
#: Check Desk's review of CENTCOM, as the claim JSON and the web page give it
VERDICT = {
    "rating": "Non prouvé",
    "rating_value": 2,
    "best": 5,
    "worst": 1,
    "url": "https://checkdesk.example/2018/06/al-boukamal",
    "date": "2018-06-12",
}


@pytest.fixture
def reviewed(seeded: Cli) -> Cli:
    seeded.ok("import", str(FACTCHECK))
    return seeded


def test_a_claim_shows_its_reviews(reviewed: Cli) -> None:
    card = reviewed.json("claim", CENTCOM)
    assert card["reviews"] == [
        {
            "by": {"key": "checkdesk", "name": "Check Desk", "kind": "website"},
            **VERDICT,
            "declared_in": "factcheck-al-boukamal",
        }
    ]
    assert (
        reviewed.json("claim", "al-boukamal-2018-06-10/pub-daech-attempt-failed")["reviews"] == []
    )
    table = reviewed.ok("claim", CENTCOM).stdout
    assert "Reviews" in table
    assert "Non prouvé (2 on 1..5) by Check Desk, 2018-06-12" in table


def test_filters_on_reviews_reach_the_listings_and_exports(reviewed: Cli) -> None:
    every = {c["key"] for c in reviewed.json("claims")}
    with_reviews = {c["key"] for c in reviewed.json("claims", "--reviewed")}
    assert with_reviews == {"centcom-orchestrated", "osdh-daech-took-city"}
    assert {c["key"] for c in reviewed.json("claims", "--unreviewed")} == every - with_reviews
    assert [c["key"] for c in reviewed.json("claims", "--rating", "Vrai")] == [
        "osdh-daech-took-city"
    ]
    assert reviewed.json("claims", "--rating", "vrai") == []  # as the checker wrote it
    assert reviewed.json("claims", "--reviewed", "--rating", "Vrai", "--kind", "denial") == []
    csv = reviewed.ok("export", "csv", "--table", "claims", "--reviewed").stdout.splitlines()
    assert len(csv) == 3
    reviews = reviewed.ok("export", "csv", "--table", "reviews").stdout.splitlines()
    assert reviews == [
        "document,claim,by,rating,rating_value,best,worst,url,date,declared_in",
        "al-boukamal-2018-06-10,centcom-orchestrated,checkdesk,Non prouvé,2,5,1,"
        "https://checkdesk.example/2018/06/al-boukamal,2018-06-12,factcheck-al-boukamal",
        "al-boukamal-2018-06-10,osdh-daech-took-city,checkdesk,Vrai,,,,"
        "https://checkdesk.example/2018/06/al-boukamal#osdh,,factcheck-al-boukamal",
    ]
    narrowed = reviewed.ok("export", "csv", "-t", "reviews", "--rating", "Vrai").stdout
    assert len(narrowed.splitlines()) == 2 and "osdh-daech-took-city" in narrowed


def test_reimport_is_idempotent_and_replaces_a_documents_reviews(
    reviewed: Cli, tmp_path: Path
) -> None:
    before = db_snapshot(reviewed.url)
    result = reviewed.ok("import", str(SEEDS), str(FACTCHECK))
    assert "2 unchanged" in result.stdout
    assert db_snapshot(reviewed.url) == before
    edited = tmp_path / "factcheck.yaml"
    text = FACTCHECK.read_text(encoding="utf-8")
    edited.write_text(text.replace('rating: "Vrai"', 'rating: "Plutôt vrai"'), encoding="utf-8")
    assert "1 replaced" in reviewed.ok("import", str(edited)).stdout
    ratings = sorted(r[0] for r in query(reviewed.url, "SELECT rating FROM claim_reviews"))
    assert ratings == ["Non prouvé", "Plutôt vrai"]
    edited.write_text(text.split("reviews:")[0], encoding="utf-8")
    reviewed.ok("import", str(edited))
    assert query(reviewed.url, "SELECT count(*) FROM claim_reviews") == [(0,)]
    reviewed.ok("db", "check")


def _reviews_file(tmp_path: Path, *reviews: str) -> str:
    text = FACTCHECK.read_text(encoding="utf-8").split("reviews:")[0]
    path = tmp_path / "factcheck.yaml"
    path.write_text(text + "reviews:\n" + "".join(f"  - {r}\n" for r in reviews), "utf-8")
    return str(path)


BAD_REVIEWS = {
    "references-and-scales": (
        [
            "{claim: al-boukamal-2018-06-10/centcom-orchestratd, by: checkdesk, rating: Faux}",
            "{claim: cannot-confirm, by: chekdesk, rating: Faux}",
            "{claim: cannot-confirm, by: checkdesk, rating_value: 7, best: 5, worst: 1}",
            "{claim: cannot-confirm, by: checkdesk, rating_value: 3, best: 1, worst: 5}",
            "{claim: cannot-confrm, by: checkdesk, rating_value: 0, worst: 1}",
        ],
        [
            "reviews[0].claim: unknown claim 'centcom-orchestratd' in document "
            "'al-boukamal-2018-06-10' (did you mean "
            "'al-boukamal-2018-06-10/centcom-orchestrated'?)",
            "reviews[1].by: unknown actor 'chekdesk' (did you mean 'checkdesk'?)",
            "reviews[2].rating_value: rating_value 7 is outside the scale worst..best (1..5)",
            "reviews[3].worst: worst (5) must be lower than best (1)",
            "reviews[4].claim: unknown claim 'cannot-confrm' (did you mean 'cannot-confirm'?)",
            "reviews[4].rating_value: rating_value 0 is outside the scale worst..best (1..?)",
        ],
    ),
    "fields": (
        [
            "{claim: cannot-confirm, by: checkdesk, rating: Faux, url: not-a-url,"
            " date: 2018-02-30}",
            "{claim: cannot-confirm, by: checkdesk}",
            "{claim: 'no such/x', by: checkdesk, rating: Faux, stars: 2}",
            "{claim: cannot-confirm, by: checkdesk, rating_value: '2'}",
        ],
        [
            "reviews[0].url: 'not-a-url' is not a URL",
            "reviews[0].date: '2018-02-30' is not a valid date (YYYY-MM-DD): "
            "day value is outside expected range",
            "reviews[1]: a review needs a rating (text), a rating_value, or both",
            "reviews[2].claim: 'no such/x' is not a claim reference (KEY or DOCUMENT/KEY)",
            "reviews[2]: unknown field 'stars'",
            "reviews[3].rating_value: expected a whole number, got '2'",
        ],
    ),
    # one problem a field, in the order the fields are written: the review's claim and
    # checker, then its verdict, then where and when
    "every-field": (
        ["{claim: 'no such/x', by: '-x', rating: '', rating_value: a, url: nope, date: 2018}"],
        [
            "reviews[0].claim: 'no such/x' is not a claim reference (KEY or DOCUMENT/KEY)",
            "reviews[0].by: '-x' is not a valid key (letters, digits, '.', '_', ':' or '-',"
            " not starting with punctuation)",
            "reviews[0].rating: must not be empty",
            "reviews[0].rating_value: expected a whole number, got 'a'",
            "reviews[0].url: 'nope' is not a URL",
            "reviews[0].date: expected a date as YYYY-MM-DD, got 2018",
        ],
    ),
    # what passes the shape but not the database (an INTEGER column) or urlsplit: refused
    # by validate and import alike, never a traceback at the insert
    "too-large": (
        [
            "{claim: cannot-confirm, by: checkdesk, rating_value: 2147483648,"
            " best: 9223372036854775809}"
        ],
        [
            "reviews[0].rating_value: Input should be less than or equal to 2147483647 "
            "(got 2147483648)",
            "reviews[0].best: Input should be less than or equal to 2147483647 "
            "(got 9223372036854775809)",
        ],
    ),
    "unsplittable-url": (
        ["{claim: cannot-confirm, by: checkdesk, rating: Faux, url: 'https://[bad/review'}"],
        ["reviews[0].url: 'https://[bad/review' is not a URL (Invalid IPv6 URL)"],
    ),
    "reviewed-twice": (
        [
            "{claim: cannot-confirm, by: checkdesk, rating: Vrai}",
            "{claim: factcheck-al-boukamal/cannot-confirm, by: checkdesk, rating: Faux}",
        ],
        [
            "reviews[1]: claim 'factcheck-al-boukamal/cannot-confirm' is reviewed twice "
            "by 'checkdesk'"
        ],
    ),
}


@pytest.mark.parametrize("case", list(BAD_REVIEWS))
def test_bad_reviews_are_located_and_nothing_is_written(
    seeded: Cli, tmp_path: Path, case: str
) -> None:
    reviews, expected = BAD_REVIEWS[case]
    path = _reviews_file(tmp_path, *reviews)
    assert refused(seeded.url, path) == [f"{path}: {line}" for line in expected]


def test_reviewed_claims_are_exported_as_claimreview(reviewed: Cli) -> None:
    data = json.loads(reviewed.ok("export", "claimreview").stdout)
    graph: list[dict[str, Any]] = data["@graph"]
    reviews = [node for node in graph if node["@type"] == "ClaimReview"]
    assert len(graph) == len(reviewed.json("claims")) and len(reviews) == 2
    for node in graph:
        assert node["@type"] == "ClaimReview" or node["identifier"] not in (CENTCOM, OSDH)
    (review,) = [r for r in reviews if r["itemReviewed"]["identifier"] == CENTCOM]
    assert schema_problems({"@context": data["@context"], **review}) == []
    claim = review["itemReviewed"]
    assert {k: v for k, v in review.items() if k != "itemReviewed"} == {
        "@type": "ClaimReview",
        "url": "https://checkdesk.example/2018/06/al-boukamal",
        "datePublished": "2018-06-12",
        "author": {"@type": "Organization", "name": "Check Desk", "identifier": "checkdesk"},
        "claimReviewed": claim["text"],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": "2",
            "bestRating": "5",
            "worstRating": "1",
            "alternateName": "Non prouvé",
        },
    }
    assert claim["@type"] == "Claim" and claim["author"]["identifier"] == "syrian-military-source"


def test_a_review_without_url_is_exported_with_its_pages_url(seeded: Cli, tmp_path: Path) -> None:
    seeded.ok(
        "import", _reviews_file(tmp_path, "{claim: cannot-confirm, by: checkdesk, rating: Vrai}")
    )
    (review,) = json.loads(seeded.ok("export", "claimreview", "cannot-confirm").stdout)["@graph"]
    assert review["url"] == "https://checkdesk.example/2018/06/al-boukamal"
    assert "datePublished" not in review
    assert schema_problems(review) == []


def test_datasette_metadata_describes_the_reviews_table() -> None:
    from provenance.store.tables import claim_reviews
    from provenance.web.serve import metadata_for

    table = metadata_for("corpus")["databases"]["corpus"]["tables"]["claim_reviews"]
    assert table["title"] == "Reviews" and table["label_column"] == "rating"
    assert set(table["columns"]) == {c.name for c in claim_reviews.columns} - {"id"}


def test_the_web_claim_page_lists_the_reviews(runner: CliRunner, sqlite_url: str) -> None:
    import sqlite3

    from provenance.web.plugin import claim_page_context

    cli = Cli(runner, sqlite_url)
    cli.ok("import", str(SEEDS), str(FACTCHECK))
    claim_id = cli.json("claim", CENTCOM)["id"]
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        context = claim_page_context(conn, claim_id)
    assert context is not None
    assert context["reviews"] == [{"by": "Check Desk", **VERDICT}]


def test_db_check_finds_reviews_off_their_scale(reviewed: Cli) -> None:
    reviewed.ok("db", "check")
    if not reviewed.url.startswith("sqlite"):
        corrupt(
            reviewed.url,
            "ALTER TABLE claim_reviews DROP CONSTRAINT ck_claim_reviews_scale",
            "ALTER TABLE claim_reviews DROP CONSTRAINT ck_claim_reviews_rated",
        )
    corrupt(
        reviewed.url,
        "UPDATE claim_reviews SET rating_value = 9 WHERE rating = 'Non prouvé'",
        "UPDATE claim_reviews SET rating = NULL WHERE rating = 'Vrai'",
    )
    assert problems(reviewed) == [
        f"claim_reviews id 1 (claim {CENTCOM} by checkdesk): rating_value 9 is outside "
        "worst..best (1..5)",
        f"claim_reviews id 2 (claim {OSDH} by checkdesk): no rating and no rating_value",
    ]


def test_one_scale_rule_for_v1_files_markup_and_db_check() -> None:
    from provenance.store.rating_scale import scale_fault, scale_text

    assert scale_fault(3, 5, 1) is None
    assert scale_fault(None, 1, 5) == "order"  # worst not below best, whatever the value
    assert scale_fault(3, 3, 3) == "order"
    assert scale_fault(7, 5, 1) == "range"
    assert scale_fault(0, None, 1) == "range"  # an open end still bounds the other side
    assert scale_fault(99, None, None) is None
    assert (scale_text(5, 1), scale_text(None, 1), scale_text(5, None)) == ("1..5", "1..?", "?..5")
