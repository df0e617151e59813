"""The errors `provenance` raises on purpose.

The library never prints and never exits: it raises one of these, and the CLI turns
each into a single ``Error: ...`` line on stderr with exit code 1. Anything else that
escapes is a bug, not bad input.
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class: a problem the user can fix, reported in one line."""


class ConfigError(ProvenanceError):
    """The database location or driver cannot be used."""


class DatabaseUnavailable(ProvenanceError):
    """The database server cannot be reached."""


class NotADatabase(DatabaseUnavailable):
    """The SQLite path names a file that is no SQLite database (checked before SQLite,
    which takes a one-byte file for an empty database and writes over it)."""

    reason = "file is not a database"


class SchemaOutOfDate(ProvenanceError):
    """The database is at an older schema revision than this version of provenance."""


class SchemaTooNew(ProvenanceError):
    """The database was written by a newer version of provenance."""


class ValidationFailed(ProvenanceError):
    """One or more annotation files are invalid; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class NotFound(ProvenanceError):
    """A claim, actor or document reference matches nothing."""


class Ambiguous(ProvenanceError):
    """A reference matches more than one thing."""


class ImportConflict(ProvenanceError):
    """The import would contradict what the database (or another file) already says."""


class ExportError(ProvenanceError):
    """An export cannot be produced (missing optional tool or package)."""


class BadQuery(ProvenanceError):
    """A search or filter that cannot be run as given."""


class DatabaseBusy(ProvenanceError):
    """Another process held the database's lock for longer than the busy timeout."""


class StorageError(ProvenanceError):
    """The database cannot be written: a read-only file or mount, a full disk, an I/O error."""


class NotUtf8(ProvenanceError):
    """Text read from the database is not UTF-8: a file written by other software, or edited."""


class MigrationError(ProvenanceError):
    """A schema upgrade or downgrade cannot be done as asked (unknown revision, foreign file)."""


class ExtractError(ProvenanceError):
    """An article cannot be read for extraction (missing, binary, not UTF-8)."""


class ExtractUnavailable(ProvenanceError):
    """The `extract` extra (spaCy and its French model) is not installed."""
