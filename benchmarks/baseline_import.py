"""The floor for ``provenance import``: the same files, checks and rows, standard library only.

    provenance --db DB db upgrade              # the very same tables, indexes, view
    python benchmarks/baseline_import.py DB DIR_OR_FILES... [--fts-bulk]

What it does, in ONE transaction (``BEGIN IMMEDIATE``; nothing is written on any problem),
with the connection settings provenance uses (foreign keys on, WAL, synchronous=NORMAL):

* reads every ``*.json`` annotation under the paths, sorted like provenance does
  (``json`` only; YAML is not the subject of the benchmark);
* checks what provenance checks on the way in: format version, key syntax, enum values,
  dates (and claim date <= publication date), duplicate claim/actor keys, actor
  references (originator, hops, publisher, listed sources, affiliation, with no
  affiliation cycle), chains without a repeated actor and never the originator, no
  chain given twice, every quote found in the text exactly once (or ``occurrence`` /
  ``start``-``end``), relation endpoints existing (in the same file, another file of
  the batch or the database), no self-relation, no duplicate relation;
* writes the same rows as provenance: actors (+ aliases incl. the name), documents with
  text and the same ``text_sha256`` / ``content_sha256`` (same algorithm), claims,
  relays, relations, document sources; ids are assigned in the same order, so the
  ``claim_table`` view of both databases is identical (run.py checks this); with schema
  0003+ also ``claims.search_text`` (a stdlib copy of provenance.store.search) and, through the
  schema's own triggers, the FTS5 index. ``--fts-bulk`` fills that index the way
  provenance's importer does (trigger set aside, one ``INSERT ... SELECT`` at the end): the
  floor as specified keeps the per-row trigger; run.py shows both.

It streams: memory is one document plus the actor table plus the (few) relations that
point to another document, which are resolved by SQL at the end.
Limits (not needed for the benchmark): documents already in the database are refused
rather than replaced; actor *merging* across files fills empty fields like provenance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import sqlite3
import sys
import time
import unicodedata
from pathlib import Path

FORMAT = "provenance/v1"
KEY = re.compile(r"[\w][\w.:-]*")
REF = re.compile(r"(?:([\w][\w.:-]*)/)?([\w][\w.:-]*)")
ACTOR_KINDS = frozenset(
    {
        "person", "news_agency", "broadcaster", "newspaper", "website", "government_body",
        "military", "armed_group", "ngo", "anonymous_source", "other",
    }
)  # fmt: skip
CLAIM_KINDS = frozenset(
    {
        "assertion", "accusation", "denial", "prediction", "observation", "retraction",
        "attribution", "other",
    }
)  # fmt: skip
RELATION_TYPES = frozenset(["contradicts", "supports", "repeats", "retracts", "updates"])
ACTOR_FIELDS = ("name", "kind", "country", "state_affiliated", "role", "description")
FLUSH_ROWS = 20_000

# claims.search_text (schema 0003+): a copy of provenance.store.search.search_text, stdlib only.
# run.py compares both databases row by row, so a drift between the two shows up there.
_ELISION = re.compile(r"\b(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+\*?")


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    while len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


class _Fold(dict):
    """str.translate table: combining marks dropped, other non-ASCII turned into a space.

    Equivalent to provenance's per-character filter for what follows: only [a-z0-9] runs
    are kept as words, so any other non-ASCII character only ever separates words.
    """

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        value = None if unicodedata.combining(ch) else (ch if cp < 128 else " ")
        self[cp] = value
        return value


_FOLD = _Fold()


class _Stems(dict):
    """Memoised stems: a corpus has far fewer distinct words than words."""

    def __missing__(self, word: str) -> str:
        value = self[word] = _stem(word)
        return value


_STEMS = _Stems()


def search_text(quote: str, statement: str | None) -> str:
    value = _ELISION.sub(" ", f"{quote} {statement or ''}").casefold()
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value).translate(_FOLD)
    words = _WORD.findall(value)
    if "*" not in value:
        return " ".join(map(_STEMS.__getitem__, words))
    return " ".join(
        (m[:-1].rstrip("e") + "*" if len(m) > 4 else m) if m.endswith("*") else _STEMS[m]
        for m in words
    )


class Problems(list):
    def add(self, label: str, where: str, msg: str) -> None:
        self.append(f"{label}: {where}: {msg}")


def annotation_files(paths: list[str]) -> list[Path]:
    out: dict[Path, Path] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in (".json", ".yaml", ".yml")
                and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found = [p]
        for f in found:
            out.setdefault(f.resolve(), f)
    return list(out.values())


def display_path(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd))
    except ValueError:
        return str(path)


def find_all(text: str, quote: str) -> list[int]:
    out, i = [], text.find(quote)
    while i != -1:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def date_or_none(value: object) -> dt.date | None:
    if value is None:
        return None
    return dt.date.fromisoformat(value)  # type: ignore[arg-type]


def content_hash(doc: dict, text_sha: str, claims: list, relations: list) -> str:
    """Byte-identical to provenance.ingest.resolved.content_hash."""
    payload = {
        "key": doc["key"],
        "title": doc.get("title"),
        "publisher": doc.get("publisher"),
        "published": str(date_or_none(doc.get("published"))),
        "language": doc.get("language"),
        "url": doc.get("url"),
        "text": text_sha,
        "sources": doc.get("listed_sources", []),
        "claims": claims,
        "relations": relations,
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


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


class Loader:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.problems = Problems()
        cur = db.cursor()
        self.actor_ids: dict[str, int] = {}
        self.actors: dict[str, dict] = {}  # definitions (batch and database)
        self.actor_origin: dict[str, str] = {}
        for row in cur.execute(
            "SELECT a.id, a.key, a.name, a.kind, a.country, a.state_affiliated, a.role, "
            "a.description, f.key FROM actors a LEFT JOIN actors f ON f.id = a.affiliation_id"
        ):
            self.actor_ids[row[1]] = row[0]
            self.actors[row[1]] = dict(
                zip(("id", "key", *ACTOR_FIELDS, "affiliation"), row, strict=True)
            )
            self.actor_origin[row[1]] = "database"
        self.pending_actors: dict[str, str] = {}  # referenced, not (yet) defined -> where
        self.next_actor = (cur.execute("SELECT max(id) FROM actors").fetchone()[0] or 0) + 1
        self.next_doc = (cur.execute("SELECT max(id) FROM documents").fetchone()[0] or 0) + 1
        self.next_claim = (cur.execute("SELECT max(id) FROM claims").fetchone()[0] or 0) + 1
        self.db_docs = {k for (k,) in cur.execute("SELECT key FROM documents")}
        self.search_column = any(
            r[1] == "search_text" for r in cur.execute("PRAGMA table_info(claims)")
        )
        self.batch_docs: dict[str, str] = {}
        self.cross: list[tuple] = []  # relations to claims of other documents
        self.buf: dict[str, list[tuple]] = {
            k: [] for k in ("documents", "claims", "relays", "relations", "sources")
        }
        self.rows = 0
        self.counts = dict.fromkeys(("documents", "claims", "relays", "relations", "actors"), 0)

    # -- actors ---------------------------------------------------------------------

    def actor_id(self, key: str, label: str, where: str) -> int | None:
        if not isinstance(key, str) or not KEY.fullmatch(key):
            self.problems.add(label, where, f"{key!r} is not a valid key")
            return None
        aid = self.actor_ids.get(key)
        if aid is None:  # defined later in the batch, or an error found at the end
            aid = self.actor_ids[key] = self.next_actor
            self.next_actor += 1
            self.pending_actors[key] = f"{label}: {where}"
        return aid

    def define_actors(self, label: str, actors: list) -> None:
        new_rows, alias_rows, local = [], [], set()
        for i, a in enumerate(actors):
            where = f"actors[{i}]"
            key = a.get("key")
            if not isinstance(key, str) or not KEY.fullmatch(key):
                self.problems.add(label, f"{where}.key", f"{key!r} is not a valid key")
                continue
            if key in local:
                self.problems.add(label, f"{where}.key", f"duplicate actor key '{key}'")
                continue
            local.add(key)
            if a.get("kind") not in ACTOR_KINDS or not a.get("name"):
                self.problems.add(label, where, "bad kind or missing name")
                continue
            country = a.get("country")
            if country is not None:
                country = country.strip().upper()
                if len(country) != 2 or not country.isalpha():
                    self.problems.add(label, f"{where}.country", f"'{country}' is not ISO 3166")
                    continue
            values = {
                "name": a["name"],
                "kind": a["kind"],
                "country": country,
                "state_affiliated": a.get("state_affiliated"),
                "role": a.get("role"),
                "description": a.get("description"),
                "affiliation": a.get("affiliation"),
            }
            aff = values["affiliation"]
            if aff == key:
                self.problems.add(label, f"{where}.affiliation", "an actor cannot belong to itself")
                continue
            aff_id = self.actor_id(aff, label, f"{where}.affiliation") if aff else None
            old = self.actors.get(key)
            if old is not None:  # defined before: same values or fill the gaps
                clash = [
                    f
                    for f in (*ACTOR_FIELDS, "affiliation")
                    if old.get(f) is not None and values[f] is not None and old[f] != values[f]
                ]
                if clash:
                    self.problems.add(
                        label,
                        where,
                        f"actor '{key}' defined differently in "
                        f"{self.actor_origin[key]}: {', '.join(clash)}",
                    )
                    continue
                fill = {
                    f: values[f]
                    for f in ACTOR_FIELDS
                    if old.get(f) is None and values[f] is not None
                }
                if aff and old.get("affiliation") is None:
                    fill["affiliation_id"] = aff_id
                    old["affiliation"] = aff
                if fill:
                    old.update({k: v for k, v in fill.items() if k != "affiliation_id"})
                    sets = ", ".join(f"{k} = ?" for k in fill)
                    self.db.execute(
                        f"UPDATE actors SET {sets} WHERE id = ?",
                        (*fill.values(), self.actor_ids[key]),
                    )
            else:
                aid = self.actor_ids.get(key)
                if aid is None:
                    aid = self.actor_ids[key] = self.next_actor
                    self.next_actor += 1
                self.pending_actors.pop(key, None)
                self.actors[key] = values
                self.actor_origin[key] = label
                new_rows.append(
                    (
                        aid,
                        key,
                        values["name"],
                        values["kind"],
                        country,
                        values["state_affiliated"],
                        aff_id,
                        values["role"],
                        values["description"],
                    )
                )
            aid = self.actor_ids[key]
            for alias in dict.fromkeys([a["name"], *a.get("aliases", [])]):
                alias_rows.append((aid, alias, alias.casefold()))
        self.db.executemany(
            "INSERT INTO actors (id, key, name, kind, country, state_affiliated, affiliation_id, "
            "role, description) VALUES (?,?,?,?,?,?,?,?,?)",
            new_rows,
        )
        self.db.executemany(
            "INSERT INTO actor_aliases (actor_id, alias, alias_folded) VALUES (?,?,?) "
            "ON CONFLICT (actor_id, alias) DO NOTHING",
            alias_rows,
        )
        self.counts["actors"] += len(new_rows)

    def check_actors_at_end(self) -> None:
        for key, where in self.pending_actors.items():
            self.problems.append(f"{where}: unknown actor '{key}'")
        for key, a in self.actors.items():
            seen, cur = [key], a.get("affiliation")
            while cur is not None and cur in self.actors:
                if cur in seen:
                    self.problems.append(
                        f"{self.actor_origin[key]}: affiliations form a cycle: "
                        + " -> ".join([*seen, cur])
                    )
                    break
                seen.append(cur)
                cur = self.actors[cur].get("affiliation")

    # -- documents ------------------------------------------------------------------

    def document(self, label: str, path: Path, ann: dict) -> None:
        doc = ann["document"]
        problems = self.problems
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
        publisher_id = self.actor_id(publisher, label, "document.publisher") if publisher else None
        sources = doc.get("listed_sources", [])
        source_ids = [
            self.actor_id(s, label, f"document.listed_sources[{i}]") for i, s in enumerate(sources)
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
            origin_id = self.actor_id(origin, label, f"{where}.originator")
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
                    hid = self.actor_id(actor, label, f"{where}.chain[{pos - 1}].actor")
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
        # relations
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
                self.cross.append(
                    (len(self.cross), fd, fk, rtype, td, tk, doc_id, r.get("note"), label, where)
                )
        if len(problems) != before:
            return
        text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        content_sha = content_hash(doc, text_sha, hash_claims, hash_rels)
        self.buf["documents"].append(
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
        self.buf["claims"].extend(claim_rows)
        self.buf["relays"].extend(relay_rows)
        self.buf["relations"].extend(rel_rows)
        self.buf["sources"].extend((doc_id, i, sid) for i, sid in enumerate(source_ids, start=1))
        self.next_doc += 1
        self.next_claim = claim_id
        self.rows += len(claim_rows) + len(relay_rows) + 1
        if self.rows >= FLUSH_ROWS:
            self.flush()

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
        self.rows = 0

    def cross_relations(self) -> None:
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
            self.problems.append(f"{label}: {place}: unknown claim '{ref}'")
        if self.problems:
            return
        cur = db.execute(
            f"INSERT INTO claim_relations (from_claim_id, type, to_claim_id, declared_in_id, note) "
            f"SELECT fc.id, p.type, tc.id, p.declared_in, p.note {resolved} "
            f"WHERE true ORDER BY p.n "
            f"ON CONFLICT (from_claim_id, type, to_claim_id) DO NOTHING"
        )
        self.counts["relations"] += cur.rowcount
        db.execute("DROP TABLE pending_rel")


def load_files(loader: Loader, files: list[Path], cwd: Path) -> bool:
    """Every file read, checked and written through ``loader``; False (reported) on problems."""
    for path in files:
        label = display_path(path, cwd)
        if path.suffix.lower() != ".json":
            loader.problems.add(label, "", "the baseline reads JSON only")
            continue
        try:
            ann = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            loader.problems.add(label, "", f"cannot read: {exc}")
            continue
        if not isinstance(ann, dict) or ann.get("format") != FORMAT:
            loader.problems.add(label, "format", f"not a {FORMAT} annotation")
            continue
        if ann.get("actors"):
            loader.define_actors(label, ann["actors"])
        if ann.get("document") is not None:
            loader.document(label, path, ann)
    loader.flush()
    loader.check_actors_at_end()
    if not loader.problems:
        loader.cross_relations()
    if loader.problems:
        for line in loader.problems[:50]:
            print(f"Error: {line}", file=sys.stderr)
        print(f"{len(loader.problems)} problems found; nothing was written.", file=sys.stderr)
        return False
    return True


def run(db_path: str, paths: list[str], *, fts_bulk: bool = False) -> int:
    t0 = time.perf_counter()
    cwd = Path.cwd().resolve()
    files = annotation_files(paths)
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("BEGIN IMMEDIATE")
    db.execute("PRAGMA defer_foreign_keys = ON")  # actors may be defined after first use
    trigger = None
    if fts_bulk:  # what provenance's importer does: index the new claims in one statement
        (first_id,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM claims").fetchone()
        row = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_fts_insert'"
        ).fetchone()
        if row:
            trigger = row[0]
            db.execute("DROP TRIGGER claims_fts_insert")
    loader = Loader(db)
    try:
        if not load_files(loader, files, cwd):
            db.execute("ROLLBACK")
            return 1
        if trigger:
            db.execute(
                "INSERT INTO claims_fts(rowid, search_text) "
                "SELECT id, search_text FROM claims WHERE id >= ?",
                (first_id,),
            )
            db.execute(trigger)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()
    print(summary("Baseline", loader, len(files), t0))
    return 0


def summary(who: str, loader: Loader, files: int, t0: float) -> str:
    c = loader.counts
    return (
        f"{who} imported {files} files; documents: {c['documents']}; "
        f"claims: {c['claims']}; relays: {c['relays']}; relations: {c['relations']}; "
        f"actors: {c['actors']} in {time.perf_counter() - t0:.2f} s"
    )


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    bulk = "--fts-bulk" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--fts-bulk"]
    sys.exit(run(args[0], args[1:], fts_bulk=bulk))
