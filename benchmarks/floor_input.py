"""The import floor's view of its input: the format's vocabulary, the files, hashing, words.

Part of benchmarks/baseline_import.py (standard library only, like the rest of the floor).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import unicodedata
from pathlib import Path

from provenance.store.words import stem

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


# claims.search_text (schema 0003+): provenance.store.words.search_text for the words the
# generator writes (French, Latin script), with the same stem() imported (stdlib only), and a
# faster fold that keeps ASCII words only; the package's rule, which keeps every script, costs
# the floor about 0.3 s CPU more per 100k claims. run.py compares both databases row by row,
# so a drift between the two shows up there.
_ELISION = re.compile(r"\b(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+\*?")


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
        value = self[word] = stem(word)
        return value


_STEMS = _Stems()


def open_floor_db(db_path: str) -> sqlite3.Connection:
    """Open the floor's database with the connection settings provenance's import uses,
    inside one write transaction, so both floors compare like with like."""
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -16384")  # provenance.ingest.importer.IMPORT_CACHE_KIB
    db.execute("BEGIN IMMEDIATE")
    db.execute("PRAGMA defer_foreign_keys = ON")  # actors may be defined after first use
    return db


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
