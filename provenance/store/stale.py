"""Documents whose stored rows fall short of their annotation, and the mark that says so.

``import --drop-dependent-relations`` (and ``remove --drop-dependent-relations``) may
delete relations that another document's annotation (or a relations-only file) declares:
they named a claim the import (or the removal) took away.
That declarer's content hash is then replaced by :data:`STALE`, never a digest: its next
import rewrites it instead of reporting it unchanged, and ``db check`` names it until then.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from provenance.store import tables as schema

STALE = "stale"


def stale_documents(conn: Connection) -> list[str]:
    """One ``db check`` line per document or relation set marked stale."""
    problems: list[str] = []
    for what, table in (("document", schema.documents), ("relation set", schema.relation_sets)):
        rows = conn.execute(
            select(table.c.key).where(table.c.content_sha256 == STALE).order_by(table.c.key)
        )
        problems.extend(
            f"{what} {key}: relations or reviews its annotation declares were dropped "
            "(--drop-dependent-relations); import its file again"
            for (key,) in rows
        )
    return problems
