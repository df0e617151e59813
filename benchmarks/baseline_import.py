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
  0003+ also ``claims.search_text`` (see floor_input) and, through the
  schema's own triggers, the FTS5 index. ``--fts-bulk`` fills that index the way
  provenance's importer does (trigger set aside, one ``INSERT ... SELECT`` at the end): the
  floor as specified keeps the per-row trigger; run.py shows both.

It streams: memory is one document plus the actor table plus the (few) relations that
point to another document, which are resolved by SQL at the end.
Limits (not needed for the benchmark): documents already in the database are refused
rather than replaced; actor *merging* across files fills empty fields like provenance.

One module per job, beside this script: floor_input (vocabulary, files, hashes),
floor_actors, floor_documents (the checks), floor_rows (the writes); this script holds
the one transaction.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

from floor_actors import Actors
from floor_documents import Documents
from floor_input import FORMAT, Problems, annotation_files, display_path, open_floor_db
from floor_rows import Rows


class Floor:
    """The checkers and writers of one run on one connection (sqlite3, or the PostgreSQL
    floor's stand-in for it)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.problems = Problems()
        self.actors = Actors(db, self.problems)
        columns = db.execute("PRAGMA table_info(claims)")
        self.rows = Rows(db, search_column=any(r[1] == "search_text" for r in columns))
        self.documents = Documents(db, self.problems, self.actors, self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {**self.rows.counts, "actors": self.actors.added}


def load_files(floor: Floor, files: list[Path], cwd: Path) -> bool:
    """Every file read, checked and written through ``floor``; False (reported) on problems."""
    problems = floor.problems
    for path in files:
        label = display_path(path, cwd)
        if path.suffix.lower() != ".json":
            problems.add(label, "", "the baseline reads JSON only")
            continue
        try:
            ann = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.add(label, "", f"cannot read: {exc}")
            continue
        if not isinstance(ann, dict) or ann.get("format") != FORMAT:
            problems.add(label, "format", f"not a {FORMAT} annotation")
            continue
        if ann.get("actors"):
            floor.actors.define(label, ann["actors"])
        if ann.get("document") is not None:
            floor.documents.document(label, path, ann)
    floor.rows.flush()
    floor.actors.check_at_end()
    if not problems:
        floor.rows.cross_relations(problems)
    if problems:
        for line in problems[:50]:
            print(f"Error: {line}", file=sys.stderr)
        print(f"{len(problems)} problems found; nothing was written.", file=sys.stderr)
        return False
    return True


def summary(who: str, floor: Floor, files: int, t0: float) -> str:
    c = floor.counts
    return (
        f"{who} imported {files} files; documents: {c['documents']}; "
        f"claims: {c['claims']}; relays: {c['relays']}; relations: {c['relations']}; "
        f"actors: {c['actors']} in {time.perf_counter() - t0:.2f} s"
    )


def run(db_path: str, paths: list[str], *, fts_bulk: bool = False) -> int:
    t0 = time.perf_counter()
    cwd = Path.cwd().resolve()
    files = annotation_files(paths)
    db = open_floor_db(db_path)
    trigger = None
    if fts_bulk:  # what provenance's importer does: index the new claims in one statement
        (first_id,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM claims").fetchone()
        row = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_fts_insert'"
        ).fetchone()
        if row:
            trigger = row[0]
            db.execute("DROP TRIGGER claims_fts_insert")
    floor = Floor(db)
    try:
        if not load_files(floor, files, cwd):
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
    print(summary("Baseline", floor, len(files), t0))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    bulk = "--fts-bulk" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--fts-bulk"]
    sys.exit(run(args[0], args[1:], fts_bulk=bulk))
