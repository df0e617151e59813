"""References between documents of one run, checked once every document of the run is known.

A relation may name a claim of a document checked later, so such references wait for the
end of the run. :class:`RunClaims` is where they wait, with the claims of the documents
checked so far. ``validate`` keeps both in memory (:class:`ClaimsInMemory`); ``import``
keeps them in temporary tables (:class:`ClaimsInTemporaryTables`), so its memory does not
grow with the corpus. The messages are written once, here, from what either one answers.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Table, Text, text
from sqlalchemy.engine import Connection

from provenance.ingest.bulk import insert_rows, sqlite_executemany
from provenance.ingest.problems import Problems, closest


@dataclass(frozen=True)
class ClaimReference:
    """``document/key`` written at ``where`` in file ``label``; ``at`` is its report place."""

    label: str
    where: str
    document: str
    key: str
    at: int


class RunClaims(ABC):
    """The claim keys of the run's checked documents, and the references waiting for them."""

    def __init__(self) -> None:
        self._elsewhere: list[tuple[int, str, str]] = []

    @abstractmethod
    def add(self, document: str, keys: Collection[str]) -> None:
        """Record the claims of a document that passed its checks."""

    @abstractmethod
    def refer(self, ref: ClaimReference) -> None:
        """A reference to a claim of another document of the run, checked at the end."""

    @abstractmethod
    def unknown(self) -> Iterator[ClaimReference]:
        """The references naming no recorded claim, in the order they were made."""

    @abstractmethod
    def keys_of(self, document: str) -> list[str]:
        """The recorded claim keys of one document."""

    @abstractmethod
    def documents_holding(self, key: str) -> list[str]:
        """The recorded documents that have a claim with this key, sorted."""

    def look_elsewhere(self, problem: int, document: str, key: str) -> None:
        """An unknown claim of ``document``: at the end, say which other document has it."""
        self._elsewhere.append((problem, document, key))

    def report(self, problems: Problems, skip: Collection[str]) -> None:
        """Add a problem for each unknown reference, except those into documents in ``skip``
        (documents with problems of their own, whose claims were not recorded)."""
        for ref in self.unknown():
            if ref.document in skip:
                continue
            message = functools.partial(self._unknown_claim, ref)
            problems.unknown_reference(ref.label, ref.where, message, at=ref.at)
        for problem, document, key in self._elsewhere:
            holders = [d for d in self.documents_holding(key) if d != document]
            if holders:
                problems.amend(
                    problem, f" (it is in document '{holders[0]}': write '{holders[0]}/{key}')"
                )

    def _unknown_claim(self, ref: ClaimReference) -> str:
        hint = closest(ref.key, self.keys_of(ref.document))
        suffix = f" (did you mean '{ref.document}/{hint}'?)" if hint else ""
        return f"unknown claim '{ref.key}' in document '{ref.document}'{suffix}"


class ClaimsInMemory(RunClaims):
    """For ``validate``: everything in dictionaries."""

    def __init__(self) -> None:
        super().__init__()
        self._claims: dict[str, set[str]] = {}
        self._refs: list[ClaimReference] = []

    def add(self, document: str, keys: Collection[str]) -> None:
        self._claims[document] = set(keys)

    def refer(self, ref: ClaimReference) -> None:
        self._refs.append(ref)

    def unknown(self) -> Iterator[ClaimReference]:
        for ref in self._refs:
            if ref.key not in self._claims.get(ref.document, ()):
                yield ref

    def keys_of(self, document: str) -> list[str]:
        return sorted(self._claims.get(document, ()))

    def documents_holding(self, key: str) -> list[str]:
        return sorted(d for d, keys in self._claims.items() if key in keys)


_TEMPORARY = MetaData()
_REFS = Table(
    "import_refs",
    _TEMPORARY,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("label", Text, nullable=False),
    Column("place", Text, nullable=False),
    Column("doc", Text, nullable=False),
    Column("ckey", Text, nullable=False),
    Column("report_at", Integer, nullable=False),
)
_CLAIMS = Table(
    "import_claims",
    _TEMPORARY,
    Column("doc", Text, primary_key=True),
    Column("ckey", Text, primary_key=True),
)


def create_temporary_table(conn: Connection, columns: str, name: str) -> None:
    """An empty temporary table: gone with the connection on SQLite, with the transaction
    on PostgreSQL (a pooled SQLite connection may still hold the last run's rows)."""
    suffix = " ON COMMIT DROP" if conn.dialect.name == "postgresql" else ""
    conn.execute(text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({columns}){suffix}"))
    conn.execute(text(f"DELETE FROM {name}"))


class ClaimsInTemporaryTables(RunClaims):
    """For ``import``: rows in temporary tables, written in batches."""

    BATCH = 5000

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self.conn = conn
        self._claim_docs: list[str] = []  # with _claim_keys: one claim a position
        self._claim_keys: list[str] = []
        self._refs: list[dict[str, Any]] = []
        self._seq = 0
        self._created = False

    def add(self, document: str, keys: Collection[str]) -> None:
        self._claim_docs.extend(document for _ in keys)
        self._claim_keys.extend(keys)
        if len(self._claim_keys) >= self.BATCH:
            self._write()

    def refer(self, ref: ClaimReference) -> None:
        self._refs.append(
            {
                "seq": self._seq,
                "label": ref.label,
                "place": ref.where,
                "doc": ref.document,
                "ckey": ref.key,
                "report_at": ref.at,
            }
        )
        self._seq += 1
        if len(self._refs) >= self.BATCH:
            self._write()

    def _write(self) -> None:
        if not self._created:
            create_temporary_table(
                self.conn,
                "doc TEXT NOT NULL, ckey TEXT NOT NULL, PRIMARY KEY (doc, ckey)",
                "import_claims",
            )
            create_temporary_table(
                self.conn,
                "seq INTEGER PRIMARY KEY, label TEXT NOT NULL, place TEXT NOT NULL, "
                "doc TEXT NOT NULL, ckey TEXT NOT NULL, report_at INTEGER NOT NULL",
                "import_refs",
            )
            self._created = True
        if self._claim_keys:
            self._write_claims()
        if self._refs:
            insert_rows(self.conn, _REFS, self._refs)
        self._claim_docs, self._claim_keys, self._refs = [], [], []

    def _write_claims(self) -> None:
        """Two columns of plain strings: a COPY on PostgreSQL (sent while the checks go on),
        the driver's executemany on SQLite (per-row parameter handling would cost more
        than the insert itself)."""
        if self.conn.dialect.name == "postgresql":
            rows = zip(self._claim_docs, self._claim_keys, strict=True)
            insert_rows(self.conn, _CLAIMS, [{"doc": d, "ckey": k} for d, k in rows])
        else:
            sqlite_executemany(
                self.conn,
                "INSERT INTO import_claims (doc, ckey) VALUES (?, ?)",
                list(zip(self._claim_docs, self._claim_keys, strict=True)),
            )

    def unknown(self) -> Iterator[ClaimReference]:
        self._write()
        rows = self.conn.execute(
            text(
                "SELECT label, place, doc, ckey, report_at FROM import_refs r WHERE NOT EXISTS ("
                "SELECT 1 FROM import_claims c WHERE c.doc = r.doc AND c.ckey = r.ckey) "
                "ORDER BY seq"
            )
        )
        for label, place, doc, key, at in rows.all():
            yield ClaimReference(label, place, doc, key, int(at))

    def keys_of(self, document: str) -> list[str]:
        self._write()
        query = text("SELECT ckey FROM import_claims WHERE doc = :doc")
        return sorted(str(r[0]) for r in self.conn.execute(query, {"doc": document}))

    def documents_holding(self, key: str) -> list[str]:
        self._write()
        query = text("SELECT doc FROM import_claims WHERE ckey = :key")
        return sorted(str(r[0]) for r in self.conn.execute(query, {"key": key}))
