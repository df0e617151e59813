"""relation sets: relations declared by a relations-only annotation file

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

``provenance links --format yaml`` writes a file with ``relations:`` and no ``document:``.
Its relations belong to no document: if they were filed under one of the documents they
name, re-importing that document would drop them. ``relation_sets`` holds one row per
such file (its key, path and content hash), and ``claim_relations.declared_in_set_id``
names it; exactly one of ``declared_in_id`` and ``declared_in_set_id`` is set.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ONE_DECLARER = "(declared_in_id IS NULL) <> (declared_in_set_id IS NULL)"


def _rebuilding_claim_relations(sqlite_legacy: bool) -> None:
    """SQLite alters a table by copying it and renaming the copy; the rename checks every
    view, and ``claim_table`` names the table that is gone for that instant. The legacy
    rename skips that check and the view reads the new table by name."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA legacy_alter_table = {'ON' if sqlite_legacy else 'OFF'}")


def upgrade() -> None:
    op.create_table(
        "relation_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column(
            "imported_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation_sets")),
        sa.UniqueConstraint("key", name=op.f("uq_relation_sets_key")),
    )
    _rebuilding_claim_relations(True)
    with op.batch_alter_table("claim_relations", schema=None) as batch_op:
        batch_op.alter_column("declared_in_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("declared_in_set_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_claim_relations_declared_in_set_id_relation_sets"),
            "relation_sets",
            ["declared_in_set_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(
            batch_op.f("ix_claim_relations_declared_in_set_id"),
            ["declared_in_set_id"],
            unique=False,
        )
        batch_op.create_check_constraint("one_declarer", ONE_DECLARER)
        batch_op.drop_index(batch_op.f("ix_claim_relations_to_claim_id"))
        batch_op.create_index(
            batch_op.f("ix_claim_relations_to_claim_id"), ["to_claim_id", "type"], unique=False
        )
    _rebuilding_claim_relations(False)


def downgrade() -> None:
    # relations of relation sets have no document to belong to in 0004: they go
    op.execute("DELETE FROM claim_relations WHERE declared_in_set_id IS NOT NULL")
    _rebuilding_claim_relations(True)
    with op.batch_alter_table("claim_relations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_claim_relations_one_declarer"), type_="check")
        batch_op.drop_index(batch_op.f("ix_claim_relations_to_claim_id"))
        batch_op.create_index(
            batch_op.f("ix_claim_relations_to_claim_id"), ["to_claim_id"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_claim_relations_declared_in_set_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_claim_relations_declared_in_set_id_relation_sets"), type_="foreignkey"
        )
        batch_op.drop_column("declared_in_set_id")
        batch_op.alter_column("declared_in_id", existing_type=sa.Integer(), nullable=False)
    _rebuilding_claim_relations(False)
    op.drop_table("relation_sets")
