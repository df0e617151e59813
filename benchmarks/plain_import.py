"""The plain floor for ``provenance import``: the same rows, written without a single check.

    provenance --db DB db upgrade              # the very same tables, indexes, view
    python benchmarks/plain_import.py DB DIR_OR_FILES...

What a load costs when nothing is checked: ``json`` reads each file, ``sqlite3``'s
executemany writes the rows in one transaction (``BEGIN IMMEDIATE``, the connection
settings provenance uses), and the full-text index is filled by one ``INSERT ... SELECT``
at the end (its per-row trigger set aside meanwhile, as provenance's importer does).
Quotes are still placed (``str.find``: a span is a column) and the words of
``claims.search_text`` still computed (floor_input.search_text), since both are rows.

No check of any kind: not the format, keys, dates, actor references, chains, duplicate
or missing quotes, relation endpoints. It trusts its input, so it only makes sense on a
corpus provenance accepts (``generate.py``'s); run.py then compares the ``claim_table``
view of both databases. Where baseline_import.py is the floor for the same checks, this
is the floor for no checks: what is left is json, sqlite3 and the index.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from floor_input import annotation_files, content_hash, open_floor_db, search_text

FLUSH_DOCUMENTS = 200


def _hop(hop: Any) -> tuple[str, str | None]:
    return (hop, None) if isinstance(hop, str) else (hop["actor"], hop.get("cue"))


def _ref(ref: str, doc: str) -> tuple[str, str]:
    other, slash, key = ref.rpartition("/")
    return (other, key) if slash else (doc, ref)


def _span(text: str, claim: dict[str, Any]) -> tuple[int, int]:
    if claim.get("start") is not None:
        return claim["start"], claim["end"]
    quote = claim["quote"]
    i = text.find(quote)
    for _ in range(claim.get("occurrence", 1) - 1):
        i = text.find(quote, i + 1)
    return i, i + len(quote)


class Plain:
    """Rows buffered per FLUSH_DOCUMENTS documents, ids assigned as provenance assigns them."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.actor_ids: dict[str, int] = dict(db.execute("SELECT key, id FROM actors"))
        self.next = {
            t: db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {t}").fetchone()[0]
            for t in ("actors", "documents", "claims")
        }
        self.first_claim = self.next["claims"]
        self.rows: dict[str, list[tuple[Any, ...]]] = {
            t: [] for t in ("documents", "claims", "relays", "sources", "relations")
        }
        self.counts = dict.fromkeys(("documents", "claims", "relays", "relations", "actors"), 0)
        self.docs = 0

    def _id(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value

    def actors(self, actors: list[dict[str, Any]]) -> None:
        rows, aliases = [], []
        for a in actors:
            key = a["key"]
            if key not in self.actor_ids:
                self.actor_ids[key] = self._id("actors")
                country = a.get("country")
                rows.append(
                    (
                        self.actor_ids[key],
                        key,
                        a["name"],
                        a["kind"],
                        country.strip().upper() if country else None,
                        a.get("state_affiliated"),
                        a.get("role"),
                        a.get("description"),
                    )
                )
            for alias in dict.fromkeys([a["name"], *a.get("aliases", [])]):
                aliases.append((self.actor_ids[key], alias, alias.casefold()))
        self.db.executemany(
            "INSERT INTO actors (id, key, name, kind, country, state_affiliated, role, "
            "description) VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )
        self.db.executemany(
            "INSERT INTO actor_aliases (actor_id, alias, alias_folded) VALUES (?,?,?) "
            "ON CONFLICT (actor_id, alias) DO NOTHING",
            aliases,
        )
        # affiliations after every actor of the file has its id
        self.db.executemany(
            "UPDATE actors SET affiliation_id = ? WHERE id = ?",
            [
                (self.actor_ids[a["affiliation"]], self.actor_ids[a["key"]])
                for a in actors
                if a.get("affiliation")
            ],
        )
        self.counts["actors"] += len(rows)

    def document(self, path: Path, label: str, ann: dict[str, Any]) -> None:
        doc, ids, rows = ann["document"], self.actor_ids, self.rows
        text = doc.get("text")
        if text is None:
            text = (path.parent / doc["text_file"]).read_bytes().decode("utf-8")
        text = text.removeprefix("\ufeff")
        doc_id = self._id("documents")
        hashed = []
        for c in ann.get("claims", []):
            claim_id = self._id("claims")
            start, end = _span(text, c)
            quote = text[start:end]
            chains = c.get("chains") or ([c["chain"]] if c.get("chain") else [])
            hops = [[_hop(h) for h in chain] for chain in chains]
            rows["claims"].append(
                (
                    claim_id,
                    doc_id,
                    c["key"],
                    start,
                    end,
                    quote,
                    c.get("statement"),
                    c.get("kind", "assertion"),
                    c.get("direct_quote", False),
                    c.get("cue"),
                    c.get("date"),
                    ids[c["originator"]],
                    search_text(quote, c.get("statement")),
                )
            )
            rows["relays"].extend(
                (claim_id, n, pos, ids[actor], cue)
                for n, chain in enumerate(hops, start=1)
                for pos, (actor, cue) in enumerate(chain, start=1)
            )
            hashed.append(
                [
                    c["key"],
                    start,
                    end,
                    c.get("statement"),
                    c.get("kind", "assertion"),
                    c.get("direct_quote", False),
                    c.get("cue"),
                    str(c.get("date")),
                    c["originator"],
                    hops,
                ]
            )
        relations = []
        for r in ann.get("relations", []):
            (fd, fk), (td, tk) = _ref(r["from"], doc["key"]), _ref(r["to"], doc["key"])
            relations.append([fd, fk, r["type"], td, tk, r.get("note")])
            rows["relations"].append((fd, fk, r["type"], td, tk, doc_id, r.get("note")))
        sources = doc.get("listed_sources", [])
        rows["sources"].extend((doc_id, i, ids[k]) for i, k in enumerate(sources, start=1))
        text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rows["documents"].append(
            (
                doc_id,
                doc["key"],
                doc.get("title"),
                ids[doc["publisher"]] if doc.get("publisher") else None,
                doc.get("published"),
                doc.get("language"),
                doc.get("url"),
                text,
                text_sha,
                content_hash(doc, text_sha, hashed, relations),
                label,
            )
        )
        self.docs += 1
        if self.docs % FLUSH_DOCUMENTS == 0:
            self.flush()

    def flush(self) -> None:
        rows, ex = self.rows, self.db.executemany
        ex(
            "INSERT INTO documents (id, key, title, publisher_id, published, language, url, text, "
            "text_sha256, content_sha256, source_path) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows["documents"],
        )
        ex(
            "INSERT INTO claims (id, document_id, key, span_start, span_end, quote, statement, "
            "kind, direct_quote, cue, made_on, originator_id, search_text) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows["claims"],
        )
        ex(
            "INSERT INTO relays (claim_id, chain_no, position, actor_id, cue) VALUES (?,?,?,?,?)",
            rows["relays"],
        )
        ex(
            "INSERT INTO document_sources (document_id, position, actor_id) VALUES (?,?,?)",
            rows["sources"],
        )
        ex("INSERT INTO plain_relations VALUES (?,?,?,?,?,?,?)", rows["relations"])
        for name in ("documents", "claims", "relays", "relations"):
            self.counts[name] += len(rows[name])
        for buffered in rows.values():
            buffered.clear()

    def relations(self) -> None:
        """Every relation resolved to claim ids in one statement, in the order declared."""
        self.db.execute(
            "INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id, note) "
            "SELECT fc.id, p.type, tc.id, p.declared_in, p.note FROM plain_relations p "
            "JOIN documents fd ON fd.key = p.from_doc "
            "JOIN claims fc ON fc.document_id = fd.id AND fc.key = p.from_key "
            "JOIN documents td ON td.key = p.to_doc "
            "JOIN claims tc ON tc.document_id = td.id AND tc.key = p.to_key "
            "WHERE true ORDER BY p.rowid "
            "ON CONFLICT (from_claim_id, type, to_claim_id) DO NOTHING"
        )


def run(db_path: str, paths: list[str]) -> int:
    t0 = time.perf_counter()
    cwd = Path.cwd().resolve()
    files = annotation_files(paths)
    db = open_floor_db(db_path)
    try:
        db.execute(
            "CREATE TEMP TABLE plain_relations (from_doc TEXT, from_key TEXT, type TEXT, "
            "to_doc TEXT, to_key TEXT, declared_in INTEGER, note TEXT)"
        )
        (trigger,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_fts_insert'"
        ).fetchone()
        db.execute("DROP TRIGGER claims_fts_insert")
        plain = Plain(db)
        for path in files:
            ann = json.loads(path.read_bytes())
            if ann.get("actors"):
                plain.actors(ann["actors"])
            if ann.get("document") is not None:
                try:
                    label = str(path.resolve().relative_to(cwd))
                except ValueError:
                    label = str(path)
                plain.document(path, label, ann)
        plain.flush()
        plain.relations()
        db.execute(
            "INSERT INTO claims_fts(rowid, search_text) "
            "SELECT id, search_text FROM claims WHERE id >= ?",
            (plain.first_claim,),
        )
        db.execute(trigger)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()
    c = plain.counts
    print(
        f"Plain floor imported {len(files)} files; documents: {c['documents']}; "
        f"claims: {c['claims']}; relays: {c['relays']}; actors: {c['actors']} "
        f"in {time.perf_counter() - t0:.2f} s"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(run(sys.argv[1], sys.argv[2:]))
