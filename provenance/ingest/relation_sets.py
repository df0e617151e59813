"""Writing relations-only files: each is a relation set, whose relations it alone declares.

A set is keyed like a document: re-importing the same file (same key, same content, every
relation still stored) is "unchanged"; an edited one replaces its relations. Its relations
go through :class:`~provenance.ingest.relations_later.RelationsLater`, resolved once every document
of the run is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from provenance.ingest.co_declarers import hand_over
from provenance.ingest.relations_later import RelationsLater
from provenance.ingest.resolved import ResolvedRelationSet
from provenance.ingest.writer import ImportSummary, all_stored
from provenance.store import tables as schema


def write_relation_sets(
    conn: Connection,
    later: RelationsLater,
    summary: ImportSummary,
    relation_sets: Sequence[ResolvedRelationSet],
) -> None:
    sets, rel = schema.relation_sets, schema.claim_relations
    for relation_set in relation_sets:
        row = conn.execute(
            select(sets.c.id, sets.c.content_sha256).where(sets.c.key == relation_set.key)
        ).first()
        values = {
            "key": relation_set.key,
            "source_path": relation_set.source_path,
            "content_sha256": relation_set.content_sha256,
        }
        if row is None:
            conn.execute(insert(sets).values(**values))
            set_id = conn.execute(
                select(sets.c.id).where(sets.c.key == relation_set.key)
            ).scalar_one()
            summary.relation_sets_added += 1
        else:
            set_id = int(row[0])
            stored = conn.execute(
                select(func.count()).select_from(rel).where(rel.c.declared_in_set_id == set_id)
            ).scalar_one()
            held = stored >= len(relation_set.relations)
            if row[1] == relation_set.content_sha256 and (
                held or all_stored(conn, relation_set.relations)
            ):
                summary.relation_sets_unchanged += 1
                if not held and later.declared is not None:  # some held by another declarer
                    later.declared.add_unchanged(relation_set.relations, relation_set=set_id)
                continue
            conn.execute(update(sets).where(sets.c.id == set_id).values(**values))
            if later.declared is not None:
                later.declared.record_new()  # the run's declarations so far take part
            hand_over(conn, relation_set=set_id)  # what another annotation declares stays
            conn.execute(delete(rel).where(rel.c.declared_in_set_id == set_id))
            summary.relation_sets_replaced += 1
        for relation in relation_set.relations:
            later.add(relation, relation_set=set_id)
