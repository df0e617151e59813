"""ClaimReview markup in: schema.org's example, a Fact Check Tools response, our own export.

Each review page becomes a document whose text is the claims it reviews; the claimant is
the originator, the fact-checker an actor, the verdict a review. Bad markup is refused
with its JSON path, all or nothing, the same from validate and import.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from helpers import DATA, SEEDS, Cli, db_snapshot, query, refused

MARKUP = DATA / "claimreview"
EXAMPLE = MARKUP / "schema-org-example.jsonld"
API = MARKUP / "fact-check-tools.json"
FACTCHECK = DATA / "reviews" / "factcheck.yaml"

CLAIM_ROWS = (
    "SELECT c.key, c.quote, c.statement, c.made_on, a.key FROM claims c "
    "JOIN actors a ON a.id = c.originator_id"
)
REVIEW_ROWS = (
    "SELECT c.key, a.key, r.rating, r.rating_value, r.best, r.worst, r.url, r.reviewed_on "
    "FROM claim_reviews r JOIN claims c ON c.id = r.claim_id JOIN actors a ON a.id = r.author_id"
)


def rows(cli: Cli, sql: str, where: str = "") -> list[tuple[Any, ...]]:
    return sorted(tuple(str(v) for v in r) for r in query(cli.url, f"{sql} {where}"))


def test_the_schema_org_example(cli: Cli) -> None:
    out = cli.ok("import", str(EXAMPLE)).stdout
    assert "documents: 1 added" in out and "reviews: 1 written" in out
    (doc,) = cli.json("claims")
    assert doc["quote"] == "The world is flat"
    assert doc["document"] == "example-com-texas-statements-2016-mar-10-flat-world"
    assert doc["date"] == "2016-06-20"
    assert doc["originator"] == {
        "key": "square-world-society",
        "name": "Square World Society",
        "kind": "other",
    }
    (review,) = cli.json("claim", doc["key"])["reviews"]
    assert review == {
        "by": {
            "key": "example-com-science-watch",
            "name": "Example.com science watch",
            "kind": "website",
        },
        "rating": "False",
        "rating_value": 1,
        "best": 5,
        "worst": 1,
        "url": "https://www.example.com/texas/statements/2016/mar/10/flat-world",
        "date": "2016-06-22",
        "declared_in": doc["document"],
    }


def test_a_fact_check_tools_response(cli: Cli) -> None:
    assert cli.ok("validate", str(API)).stdout.startswith("OK: 1 file, 3 document(s), 4 claims")
    cli.ok("import", str(API))
    documents = cli.ok("export", "csv", "-t", "documents").stdout.splitlines()[1:]
    assert [line.split(",")[0] for line in documents] == [
        "factdesk-example-org-checks-2020-03-hot-water-virus",
        "verif-example-fr-2020-03-17-eau-chaude",
        "factdesk-example-org-checks-2021-05-libraries",
    ]
    # one page reviewing two claims: its text holds both, each at its span
    two = cli.json("claims", "--document", "factdesk-example-org-checks-2021-05-libraries")
    assert [(c["quote"], c["originator"]["key"], c["date"]) for c in two] == [
        ("The city council voted to close every public library in June.", "jane-roe", "2021-05-02"),
        ("A photo shows the river flooding the old bridge last week.", "unknown-claimant", None),
    ]
    # one claim reviewed by two checkers: the same key in both pages
    hot = [c["key"] for c in cli.json("claims", "--search", "hot water")]
    assert len(hot) == 2 and hot[0] == hot[1]
    assert rows(cli, REVIEW_ROWS, "WHERE r.rating IN ('False', 'Faux')") == [
        (
            hot[0],
            "factdesk-example-org",
            "False",
            "None",
            "None",
            "None",
            "https://factdesk.example.org/checks/2020/03/hot-water-virus",
            "2020-03-16",
        ),
        (
            hot[0],
            "verif-example-fr",
            "Faux",
            "None",
            "None",
            "None",
            "https://verif.example.fr/2020/03/17/eau-chaude",
            "2020-03-17",
        ),
    ]
    assert [c["key"] for c in cli.json("claims", "--rating", "Mostly false")] == [two[0]["key"]]


def test_reimport_is_idempotent(cli: Cli) -> None:
    cli.ok("import", str(MARKUP))
    before = db_snapshot(cli.url)
    out = cli.ok("import", str(MARKUP)).stdout
    assert "documents: 0 added, 0 replaced, 4 unchanged" in out
    assert db_snapshot(cli.url) == before
    cli.ok("db", "check")


def test_an_array_and_a_graph_of_claimreviews(cli: Cli, tmp_path: Path) -> None:
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    other = copy.deepcopy(example)
    other["url"] = "https://www.example.com/checks/moon"
    other["claimReviewed"] = "The moon is made of cheese"
    other["reviewRating"] = {"@type": "Rating", "alternateName": "Pants on fire"}
    array = tmp_path / "reviews.json"
    array.write_text(json.dumps([example, other]), encoding="utf-8")
    page = tmp_path / "page.jsonld"
    page.write_text(
        json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, other]}),
        encoding="utf-8",
    )
    assert cli.ok("validate", str(array)).stdout.startswith("OK: 1 file, 2 document(s)")
    cli.ok("import", str(array))
    assert "1 unchanged" in cli.ok("import", str(page)).stdout  # the same page, found in @graph
    assert sorted(c["quote"] for c in cli.json("claims")) == [
        "The moon is made of cheese",
        "The world is flat",
    ]


def test_bad_markup_is_located_by_json_path(seeded: Cli, tmp_path: Path) -> None:
    data = json.loads(API.read_text(encoding="utf-8"))
    first, second = data["claims"][0]["claimReview"]
    first["url"] = "factdesk/hot-water"
    first["reviewDate"] = "16/03/2020"
    del second["publisher"]
    data["claims"][1]["claimant"] = {"site": 3}
    del data["claims"][2]["claimReview"][0]["textualRating"]
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert refused(seeded.url, str(path)) == [
        f"{path}: claims[0].claimReview[0].url: 'factdesk/hot-water' is not a URL",
        f"{path}: claims[0].claimReview[0].reviewDate: '16/03/2020' is not a date "
        "(YYYY-MM-DD or an ISO 8601 date-time)",
        f"{path}: claims[0].claimReview[1].publisher: required field missing (the fact-checker)",
        f"{path}: claims[1].claimant.site: expected text, got 3",
        f"{path}: claims[2].claimReview[0].textualRating: required field missing",
    ]


def test_bad_jsonld_is_located_and_a_good_file_beside_it_is_not_imported(
    seeded: Cli, tmp_path: Path
) -> None:
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    example["reviewRating"]["ratingValue"] = "7"
    example["itemReviewed"]["datePublished"] = "yesterday"
    del example["url"]
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps({"@graph": [{"@type": "WebSite"}, example]}), encoding="utf-8")
    empty = tmp_path / "empty.jsonld"
    empty.write_text(json.dumps([{"@type": "WebPage"}]), encoding="utf-8")
    assert refused(seeded.url, str(API), str(bad), str(empty)) == [
        f"{bad}: @graph[1].url: required field missing (the review's page)",
        f"{bad}: @graph[1].itemReviewed.datePublished: 'yesterday' is not a date "
        "(YYYY-MM-DD or an ISO 8601 date-time)",
        f"{bad}: @graph[1].reviewRating.ratingValue: 7 is outside worstRating..bestRating (1..5)",
        f"{empty}: no ClaimReview found (expected @type ClaimReview, or claims[])",
    ]


def test_round_trip_through_export_claimreview(seeded: Cli, tmp_path: Path) -> None:
    """The seed with reviews, exported, imported into a fresh database: the same rows."""
    seeded.ok("import", str(FACTCHECK))
    exported = tmp_path / "reviews.jsonld"
    seeded.ok("export", "claimreview", "-o", str(exported))
    fresh = Cli(seeded.runner, f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.ok("import", str(exported))
    reviewed = "WHERE c.id IN (SELECT claim_id FROM claim_reviews)"
    assert rows(fresh, CLAIM_ROWS) == rows(seeded, CLAIM_ROWS, reviewed)
    assert rows(fresh, REVIEW_ROWS) == rows(seeded, REVIEW_ROWS)
    assert len(rows(fresh, REVIEW_ROWS)) == 2
    # into the database it came from: its actors are used as they are, nothing conflicts
    seeded.ok("import", str(exported))
    assert rows(
        seeded,
        REVIEW_ROWS,
        "WHERE r.declared_in_id IN (SELECT id FROM documents WHERE key LIKE 'checkdesk-example%')",
    ) == rows(fresh, REVIEW_ROWS)
    assert query(seeded.url, "SELECT kind FROM actors WHERE key = 'syrian-military-source'") == [
        ("anonymous_source",)
    ]


def test_a_folder_with_annotations_and_markup(cli: Cli) -> None:
    out = cli.ok("import", str(SEEDS), str(MARKUP)).stdout
    assert out.startswith("Imported 3 files; documents: 5 added")


def test_markup_a_database_cannot_hold_or_split_is_refused(seeded: Cli, tmp_path: Path) -> None:
    """A rating past an INTEGER column and a URL urlsplit refuses ("https://[x/y") pass the
    shape: each is refused by its JSON path, where they once raised at the insert."""
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    example["reviewRating"]["ratingValue"] = 1e300
    example["reviewRating"]["bestRating"] = 2**31
    example["url"] = "https://[fact.example/check"
    example["author"]["url"] = "http://[::1"
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps(example), encoding="utf-8")
    assert refused(seeded.url, str(bad)) == [
        f"{bad}: url: 'https://[fact.example/check' is not a URL (Invalid IPv6 URL)",
        f"{bad}: author.url: 'http://[::1' is not a URL (Invalid IPv6 URL)",
        f"{bad}: reviewRating.ratingValue: 1e+300 is out of range (at most 2147483647)",
        f"{bad}: reviewRating.bestRating: 2147483648 is out of range (at most 2147483647)",
    ]
