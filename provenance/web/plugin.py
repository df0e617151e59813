"""The Datasette plugin `provenance serve` registers: search, a facet, the claim page.

* Search: Datasette matches its search box through the SQL function ``escape_fts``; this
  plugin replaces it (registered last) with the rule ``provenance claims --search`` uses,
  so "Attaqué" finds "attaques" in the box as on the command line.
* Facet ``contradicted``: whether a claim is contradicted is not a column; the facet counts
  both answers over the rows on show and filters with a ``_where`` clause.
* ``/-/claim/REF``: the quote in its sentence, its chains as an indented list, and the claims
  that contradict it (template ``provenance_claim.html``). Claim keys link to it.
"""

from __future__ import annotations

import sqlite3
import urllib.parse
from typing import Any

from datasette.facets import Facet
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup
from pluggy import HookimplMarker

from provenance.queries.card import sentence_around
from provenance.queries.chains import chain_tree_of, claims_named
from provenance.store.search import MAX_QUERY_WORDS, fts5_match, tokens

hookimpl = HookimplMarker("datasette")  # Datasette's own marker, typed

CONTRADICTED = "id in (select to_claim_id from claim_relations where type = 'contradicts')"
UNCONTESTED = "id not in (select to_claim_id from claim_relations where type = 'contradicts')"


def fts_query(query: str) -> str:
    """The MATCH expression ``--search`` would use; one that matches nothing when the
    command line would refuse the query (punctuation only, too many words)."""
    words = tokens(query)
    if not words or len(words) > MAX_QUERY_WORDS:
        return '""'
    return fts5_match(words)


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)


class ContradictedFacet(Facet):  # type: ignore[misc]
    type = "contradicted"

    async def suggest(self) -> list[dict[str, Any]]:
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results = []
        chosen = set(urllib.parse.parse_qs(self.request.query_string).get("_where", []))
        for config in self.get_configs():
            column = config["config"].get("simple", "id")
            sql = (
                f"select {column} in (select to_claim_id from claim_relations "
                f"where type = 'contradicts') as value, count(*) as count "
                f"from ({self.sql}) group by value order by value desc"
            )
            rows = (await self.ds.execute(self.database, sql, self.params)).rows
            values = []
            for row in rows:
                where = CONTRADICTED if row["value"] else UNCONTESTED
                selected = where in chosen
                change = path_with_removed_args if selected else path_with_added_args
                values.append(
                    {
                        "value": row["value"],
                        "label": "contradicted" if row["value"] else "uncontested",
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(
                            self.request, change(self.request, {"_where": where})
                        ),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": "contradicted",
                    "type": self.type,
                    "results": values,
                    "hideable": config["source"] != "metadata",
                    "toggle_url": self.ds.absolute_url(self.request, self.request.path),
                    "truncated": False,
                }
            )
        return results, []


@hookimpl
def register_facet_classes() -> list[type]:
    return [ContradictedFacet]


@hookimpl
def render_cell(row: Any, column: str, table: str | None, datasette: Any) -> Markup | None:
    """A claim's key links to its page."""
    # a sqlite3.Row: ``in`` would look among its values, not its column names
    if column == "key" and table in ("claims", "claim_table") and "id" in row.keys():  # noqa: SIM118
        return Markup('<a class="claim-page" href="{}">{}</a>').format(
            datasette.urls.path(f"/-/claim/{row['id']}"), row["key"]
        )
    return None


_CONTEXT = """
SELECT d.text, c.span_start, c.span_end, d.key, c.statement, c.kind
FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = :claim_id"""

_CONTRADICTED_BY = """
SELECT f.id, fd.key, f.key, o.name, f.quote
FROM claim_relations rel
JOIN claims f ON f.id = rel.from_claim_id
JOIN documents fd ON fd.id = f.document_id
JOIN actors o ON o.id = f.originator_id
WHERE rel.to_claim_id = :claim_id AND rel.type = 'contradicts'
ORDER BY fd.key, f.key"""

_REVIEWS = """
SELECT a.name, r.rating, r.rating_value, r.best, r.worst, r.url, r.reviewed_on
FROM claim_reviews r JOIN actors a ON a.id = r.author_id
WHERE r.claim_id = :claim_id
ORDER BY r.reviewed_on IS NULL, r.reviewed_on, r.id"""
_REVIEW_FIELDS = ("by", "rating", "rating_value", "best", "worst", "url", "date")


def claim_page_context(conn: sqlite3.Connection, claim_id: int) -> dict[str, Any] | None:
    """What the claim page shows, read in one go on Datasette's connection."""
    found = conn.execute(_CONTEXT, {"claim_id": claim_id}).fetchone()
    if found is None:
        return None
    text, start, end, document, statement, kind = found
    quote = text[start:end]
    sentence = sentence_around(text, start, end)
    at = max(sentence.find(quote), 0)
    return {
        "tree": chain_tree_of(conn.execute, claim_id),
        "before": sentence[:at],
        "quote": quote,
        "after": sentence[at + len(quote) :],
        "statement": statement,
        "kind": kind,
        "document": document,
        "contradicted_by": [
            {"id": i, "ref": f"{doc}/{key}", "by": by, "quote": quote}
            for i, doc, key, by, quote in conn.execute(_CONTRADICTED_BY, {"claim_id": claim_id})
        ],
        "reviews": [
            dict(zip(_REVIEW_FIELDS, row, strict=True))
            for row in conn.execute(_REVIEWS, {"claim_id": claim_id})
        ],
    }


async def claim_page(datasette: Any, request: Any) -> Response:
    ref = urllib.parse.unquote(request.url_vars["ref"])
    database = datasette.get_database()

    def read(conn: sqlite3.Connection) -> dict[str, Any] | None:
        named = claims_named(conn.execute, ref)
        return claim_page_context(conn, named[0][0]) if len(named) == 1 else None

    context = await database.execute_fn(read)
    if context is None:
        raise NotFound(f"no single claim is named {ref!r}; try DOCUMENT/KEY")
    context["database"] = database.name
    context["chain_url"] = datasette.urls.path(
        f"/{database.name}/chain?" + urllib.parse.urlencode({"claim": context["tree"]["id"]})
    )
    html = await datasette.render_template("provenance_claim.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """``/-/claim/REF``: REF as the command line takes it (KEY, DOCUMENT/KEY or an id)."""
    return [(r"^/-/claim/(?P<ref>[^/]+(?:/[^/]+)?)$", claim_page)]
