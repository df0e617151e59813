"""The import floor's writes: buffered multi-row INSERTs, and relations across documents.

Part of benchmarks/baseline_import.py (standard library only, like the rest of the floor).
"""

from __future__ import annotations

import itertools
import sqlite3

from floor_input import Problems

MULTIROW = 200
flat = itertools.chain.from_iterable


def multirow(db: sqlite3.Connection, insert: str, rows: list[tuple]) -> None:
    """INSERT ... VALUES (...), (...), ...: MULTIROW rows per statement, not one.

    Same rows as executemany, but far fewer statements: the FTS5 trigger on claims
    flushes its pending index data at every statement, so this is what keeps the
    full-text index cheap (and what SQLAlchemy's insertmanyvalues does for provenance).
    """
    if not rows:
        return
    one = "(" + ",".join("?" * len(rows[0])) + ")"
    full, rest = divmod(len(rows), MULTIROW)
    if full:
        sql = f"{insert} VALUES " + ",".join([one] * MULTIROW)
        db.executemany(
            sql,
            (tuple(flat(rows[i : i + MULTIROW])) for i in range(0, full * MULTIROW, MULTIROW)),
        )
    if rest:
        db.execute(
            f"{insert} VALUES " + ",".join([one] * rest), tuple(flat(rows[full * MULTIROW :]))
        )


class Rows:
    """The rows of the documents read so far, written every FLUSH_ROWS rows."""

    def __init__(self, db: sqlite3.Connection, *, search_column: bool) -> None:
        self.db = db
        self.search_column = search_column
        self.cross: list[tuple] = []  # relations to claims of other documents
        self.buf: dict[str, list[tuple]] = {
            k: [] for k in ("documents", "claims", "relays", "relations", "sources")
        }
        self.pending = 0
        self.counts = dict.fromkeys(("documents", "claims", "relays", "relations"), 0)

    def flush(self) -> None:
        b, ex = self.buf, self.db.executemany
        ex(
            "INSERT INTO documents (id, key, title, publisher_id, published, language, url, text, "
            "text_sha256, content_sha256, source_path) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            b["documents"],
        )
        multirow(
            self.db,
            "INSERT INTO claims (id, document_id, key, span_start, span_end, quote, statement, "
            "kind, direct_quote, cue, made_on, originator_id"
            + (", search_text)" if self.search_column else ")"),
            b["claims"],
        )
        ex(
            "INSERT INTO relays (claim_id, chain_no, position, actor_id, cue) VALUES (?,?,?,?,?)",
            b["relays"],
        )
        ex(
            "INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id, note) "
            "VALUES (?,?,?,?,?) ON CONFLICT (from_claim_id, type, to_claim_id) DO NOTHING",
            b["relations"],
        )
        ex(
            "INSERT INTO document_sources (document_id, position, actor_id) VALUES (?,?,?)",
            b["sources"],
        )
        for name in ("documents", "claims", "relays", "relations"):
            self.counts[name] += len(b[name])
        for v in b.values():
            v.clear()
        self.pending = 0

    def cross_relations(self, problems: Problems) -> None:
        """Relations naming a claim of another document: resolved (and checked) in SQL."""
        if not self.cross:
            return
        db = self.db
        db.execute(
            "CREATE TEMP TABLE pending_rel (n INTEGER PRIMARY KEY, from_doc TEXT, from_key TEXT, "
            "type TEXT, to_doc TEXT, to_key TEXT, declared_in INTEGER, note TEXT, label TEXT, "
            "place TEXT)"
        )
        db.executemany("INSERT INTO pending_rel VALUES (?,?,?,?,?,?,?,?,?,?)", self.cross)
        resolved = """
            FROM pending_rel p
            LEFT JOIN documents fd ON fd.key = p.from_doc
            LEFT JOIN claims fc ON fc.document_id = fd.id AND fc.key = p.from_key
            LEFT JOIN documents td ON td.key = p.to_doc
            LEFT JOIN claims tc ON tc.document_id = td.id AND tc.key = p.to_key
        """
        for label, place, fdoc, fkey, tdoc, tkey, fid, _tid in db.execute(
            f"SELECT p.label, p.place, p.from_doc, p.from_key, p.to_doc, p.to_key, fc.id, tc.id "
            f"{resolved} WHERE fc.id IS NULL OR tc.id IS NULL ORDER BY p.n LIMIT 50"
        ):
            ref = f"{fdoc}/{fkey}" if fid is None else f"{tdoc}/{tkey}"
            problems.append(f"{label}: {place}: unknown claim '{ref}'")
        if problems:
            return
        cur = db.execute(
            f"INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id, note) "
            f"SELECT fc.id, p.type, tc.id, p.declared_in, p.note {resolved} "
            f"WHERE true ORDER BY p.n "
            f"ON CONFLICT (from_claim_id, type, to_claim_id) DO NOTHING"
        )
        self.counts["relations"] += cur.rowcount
        db.execute("DROP TABLE pending_rel")
