"""claim_table view: the rows `provenance export csv` writes, readable by any SQL client

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The view has one row per claim. ``chain`` is the originator then each hop, display names
joined by " > "; several chains are joined by " | ". ``contradicted_by`` / ``contradicts``
list claim keys joined by "; ", prefixed with ``document/`` when the other claim lives in
another document. The SQL differs per dialect only in how strings are aggregated in order.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# {agg_path}, {agg_name}, {agg_key}: ordered string aggregation, spelled per dialect.
_VIEW = """
CREATE VIEW claim_table AS
SELECT
  d.key AS document,
  c.key AS key,
  c.quote AS quote,
  c.span_start AS "start",
  c.span_end AS "end",
  c.statement AS statement,
  c.kind AS kind,
  c.cue AS cue,
  o.key AS originator,
  COALESCE((
    SELECT {agg_path} FROM (
      SELECT r1.chain_no AS chain_no, o.name || ' > ' || (
        SELECT {agg_name} FROM (
          SELECT a2.name AS name, r2.position AS position
          FROM relays r2 JOIN actors a2 ON a2.id = r2.actor_id
          WHERE r2.claim_id = c.id AND r2.chain_no = r1.chain_no
          ORDER BY r2.position
        ) hop
      ) AS path
      FROM relays r1
      WHERE r1.claim_id = c.id AND r1.position = 1
      ORDER BY r1.chain_no
    ) chains
  ), o.name) AS chain,
  (
    SELECT {agg_key} FROM (
      SELECT CASE WHEN f.document_id = c.document_id THEN f.key
                  ELSE fd.key || '/' || f.key END AS k
      FROM claim_relations rel
      JOIN claims f ON f.id = rel.from_claim_id
      JOIN documents fd ON fd.id = f.document_id
      WHERE rel.to_claim_id = c.id AND rel.type = 'contradicts'
      ORDER BY k
    ) keys
  ) AS contradicted_by,
  (
    SELECT {agg_key} FROM (
      SELECT CASE WHEN t.document_id = c.document_id THEN t.key
                  ELSE td.key || '/' || t.key END AS k
      FROM claim_relations rel
      JOIN claims t ON t.id = rel.to_claim_id
      JOIN documents td ON td.id = t.document_id
      WHERE rel.from_claim_id = c.id AND rel.type = 'contradicts'
      ORDER BY k
    ) keys
  ) AS contradicts,
  o.name AS originator_name,
  c.direct_quote AS direct_quote,
  c.made_on AS date,
  c.id AS id
FROM claims c
JOIN documents d ON d.id = c.document_id
JOIN actors o ON o.id = c.originator_id
"""

_SQLITE = {
    "agg_path": "group_concat(path, ' | ')",
    "agg_name": "group_concat(name, ' > ')",
    "agg_key": "group_concat(k, '; ')",
}
_POSTGRES = {
    "agg_path": "string_agg(path, ' | ' ORDER BY chain_no)",
    "agg_name": "string_agg(name, ' > ' ORDER BY position)",
    "agg_key": "string_agg(k, '; ' ORDER BY k COLLATE \"C\")",
}


def upgrade() -> None:
    spelling = _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES
    op.execute(_VIEW.format(**spelling))


def downgrade() -> None:
    op.execute("DROP VIEW claim_table")
