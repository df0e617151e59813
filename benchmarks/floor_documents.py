"""The import floor's documents: text, spans, chains, relations, the rows they become.

Part of benchmarks/baseline_import.py (standard library only, like the rest of the floor).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from floor_actors import Actors
from floor_input import (
    CLAIM_KINDS,
    FLUSH_ROWS,
    KEY,
    REF,
    RELATION_TYPES,
    Problems,
    content_hash,
    date_or_none,
    find_all,
    search_text,
)
from floor_rows import Rows


class Documents:
    """Checks one document's claims, chains and relations and buffers its rows; a document
    with any problem adds none."""

    def __init__(
        self, db: sqlite3.Connection, problems: Problems, actors: Actors, rows: Rows
    ) -> None:
        self.problems = problems
        self.actors = actors
        self.rows = rows
        cur = db.cursor()
        self.next_doc = (cur.execute("SELECT max(id) FROM documents").fetchone()[0] or 0) + 1
        self.next_claim = (cur.execute("SELECT max(id) FROM claims").fetchone()[0] or 0) + 1
        self.db_docs = {k for (k,) in cur.execute("SELECT key FROM documents")}
        self.search_column = rows.search_column
        self.batch_docs: dict[str, str] = {}

    def document(self, label: str, path: Path, ann: dict) -> None:
        doc = ann["document"]
        problems = self.problems
        actor_id = self.actors.actor_id
        before = len(problems)
        key = doc.get("key")
        if not isinstance(key, str) or not KEY.fullmatch(key):
            problems.add(label, "document.key", f"{key!r} is not a valid key")
            return
        if key in self.batch_docs or key in self.db_docs:
            problems.add(label, "document.key", f"document '{key}' is defined twice (or exists)")
            return
        self.batch_docs[key] = label
        if ("text" in doc) == ("text_file" in doc):
            problems.add(label, "document", "give exactly one of text_file or text")
            return
        if "text" in doc:
            text = doc["text"]
        else:
            try:
                text = (path.parent / doc["text_file"]).resolve().read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.add(label, "document.text_file", str(exc))
                return
        try:
            published = date_or_none(doc.get("published"))
        except (TypeError, ValueError):
            problems.add(label, "document.published", "not a date")
            published = None
        publisher = doc.get("publisher")
        publisher_id = actor_id(publisher, label, "document.publisher") if publisher else None
        sources = doc.get("listed_sources", [])
        source_ids = [
            actor_id(s, label, f"document.listed_sources[{i}]") for i, s in enumerate(sources)
        ]
        if len(set(sources)) != len(sources):
            problems.add(label, "document.listed_sources", "a source is listed twice")
        doc_id = self.next_doc
        claim_rows, relay_rows, hash_claims = [], [], []
        local: dict[str, int] = {}
        claim_id = self.next_claim
        for i, c in enumerate(ann.get("claims", [])):
            where = f"claims[{i}]"
            ckey = c.get("key")
            if not isinstance(ckey, str) or not KEY.fullmatch(ckey):
                problems.add(label, f"{where}.key", f"{ckey!r} is not a valid key")
                continue
            if ckey in local:
                problems.add(label, f"{where}.key", f"duplicate claim key '{ckey}'")
                continue
            kind = c.get("kind", "assertion")
            if kind not in CLAIM_KINDS:
                problems.add(label, f"{where}.kind", f"{kind!r} is not a claim kind")
            try:
                made_on = date_or_none(c.get("date"))
            except (TypeError, ValueError):
                problems.add(label, f"{where}.date", "not a date")
                made_on = None
            if made_on and published and made_on > published:
                problems.add(label, f"{where}.date", "claim dated after the document")
            origin = c.get("originator")
            origin_id = actor_id(origin, label, f"{where}.originator")
            # span
            quote, start, end = c.get("quote"), c.get("start"), c.get("end")
            if start is not None and end is not None:
                if not (0 <= start < end <= len(text)) or (
                    quote is not None and text[start:end] != quote
                ):
                    problems.add(label, f"{where}.start", "offsets do not hold the quote")
                    continue
            elif quote:
                found = find_all(text, quote)
                occ = c.get("occurrence")
                if not found:
                    problems.add(label, f"{where}.quote", "quote not found in the text")
                    continue
                if occ is None and len(found) > 1:
                    problems.add(label, f"{where}.quote", f"quote occurs {len(found)} times")
                    continue
                if occ is not None and not (1 <= occ <= len(found)):
                    problems.add(label, f"{where}.occurrence", "no such occurrence")
                    continue
                start = found[(occ or 1) - 1]
                end = start + len(quote)
            else:
                problems.add(label, where, "a claim needs a quote (or start and end)")
                continue
            # chains
            if "chain" in c and "chains" in c:
                problems.add(label, where, "give either chain or chains")
            raw_chains = c["chains"] if "chains" in c else ([c["chain"]] if c.get("chain") else [])
            chains: list[list[tuple[str, str | None]]] = []
            for chain in raw_chains:
                if not chain:
                    continue
                seen = [origin]
                hops = []
                for pos, hop in enumerate(chain, start=1):
                    actor, cue = (
                        (hop, None) if isinstance(hop, str) else (hop.get("actor"), hop.get("cue"))
                    )
                    hid = actor_id(actor, label, f"{where}.chain[{pos - 1}].actor")
                    if actor in seen:
                        problems.add(
                            label, f"{where}.chain[{pos - 1}]", f"chain loops back on '{actor}'"
                        )
                    seen.append(actor)
                    hops.append((actor, cue))
                    relay_rows.append((claim_id, len(chains) + 1, pos, hid, cue))
                chains.append(hops)
            if len({tuple(h) for h in chains}) != len(chains):
                problems.add(label, f"{where}.chains", "the same chain is given twice")
            direct = bool(c.get("direct_quote", False))
            made = made_on.isoformat() if made_on else None
            local[ckey] = claim_id
            row = (
                claim_id,
                doc_id,
                ckey,
                start,
                end,
                text[start:end],
                c.get("statement"),
                kind,
                direct,
                c.get("cue"),
                made,
                origin_id,
            )
            if self.search_column:
                row += (search_text(row[5], row[6]),)
            claim_rows.append(row)
            hash_claims.append(
                [
                    ckey,
                    start,
                    end,
                    c.get("statement"),
                    kind,
                    direct,
                    c.get("cue"),
                    str(made_on),
                    origin,
                    chains,
                ]
            )
            claim_id += 1
        rel_rows, hash_rels = self._relations(label, key, local, doc_id, ann)
        if len(problems) != before:
            return
        text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        content_sha = content_hash(doc, text_sha, hash_claims, hash_rels)
        self.rows.buf["documents"].append(
            (
                doc_id,
                key,
                doc.get("title"),
                publisher_id,
                published.isoformat() if published else None,
                doc.get("language"),
                doc.get("url"),
                text,
                text_sha,
                content_sha,
                label,
            )
        )
        self.rows.buf["claims"].extend(claim_rows)
        self.rows.buf["relays"].extend(relay_rows)
        self.rows.buf["relations"].extend(rel_rows)
        self.rows.buf["sources"].extend(
            (doc_id, i, sid) for i, sid in enumerate(source_ids, start=1)
        )
        self.next_doc += 1
        self.next_claim = claim_id
        self.rows.pending += len(claim_rows) + len(relay_rows) + 1
        if self.rows.pending >= FLUSH_ROWS:
            self.rows.flush()

    def _relations(
        self, label: str, key: str, local: dict[str, int], doc_id: int, ann: dict
    ) -> tuple[list[tuple], list[list]]:
        problems = self.problems
        rel_rows, hash_rels, seen_rel = [], [], set()
        for i, r in enumerate(ann.get("relations", [])):
            where = f"relations[{i}]"
            rtype = r.get("type")
            if rtype not in RELATION_TYPES:
                problems.add(label, f"{where}.type", f"{rtype!r} is not a relation type")
                continue
            ends = []
            for side in ("from", "to"):
                m = REF.fullmatch(r.get(side) or "")
                if m is None:
                    problems.add(label, f"{where}.{side}", "not a claim reference")
                    break
                ends.append((m.group(1) or key, m.group(2)))
            if len(ends) != 2:
                continue
            (fd, fk), (td, tk) = ends
            for d, k, side in ((fd, fk, "from"), (td, tk, "to")):
                if d == key and k not in local:
                    problems.add(label, f"{where}.{side}", f"unknown claim '{k}'")
            if ends[0] == ends[1]:
                problems.add(label, where, "a claim cannot relate to itself")
                continue
            ident = (fd, fk, rtype, td, tk)
            if ident in seen_rel:
                problems.add(label, where, "duplicate relation")
                continue
            seen_rel.add(ident)
            hash_rels.append([fd, fk, rtype, td, tk, r.get("note")])
            if fd == key and td == key:
                if fk in local and tk in local:
                    rel_rows.append((local[fk], rtype, local[tk], doc_id, r.get("note")))
            else:  # resolved by SQL once every document is in
                self.rows.cross.append(
                    (
                        len(self.rows.cross),
                        fd,
                        fk,
                        rtype,
                        td,
                        tk,
                        doc_id,
                        r.get("note"),
                        label,
                        where,
                    )
                )
        return rel_rows, hash_rels
