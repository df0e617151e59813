"""relation co-declarers: the other annotations declaring a relation one annotation owns

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

A relation two annotations declare was stored once, filed under the first; re-importing
that one without the relation deleted it although the other still declared it (silently:
``db check`` found nothing wrong). ``relation_co_declarers`` records the others, each with
its note, so that the first of them takes the relation over instead.

Relations stored before this revision have no co-declarers recorded: importing the files
that declare them again records them, unchanged files included.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ONE_DECLARER = "(declared_in_id IS NULL) <> (declared_in_set_id IS NULL)"


def upgrade() -> None:
    op.create_table(
        "relation_co_declarers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relation_id", sa.Integer(), nullable=False),
        sa.Column("declared_in_id", sa.Integer(), nullable=True),
        sa.Column("declared_in_set_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(ONE_DECLARER, name=op.f("ck_relation_co_declarers_one_declarer")),
        sa.ForeignKeyConstraint(
            ["declared_in_id"],
            ["documents.id"],
            name=op.f("fk_relation_co_declarers_declared_in_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["declared_in_set_id"],
            ["relation_sets.id"],
            name=op.f("fk_relation_co_declarers_declared_in_set_id_relation_sets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relation_id"],
            ["claim_relations.id"],
            name=op.f("fk_relation_co_declarers_relation_id_claim_relations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation_co_declarers")),
    )
    for column in ("relation_id", "declared_in_id", "declared_in_set_id"):
        op.create_index(
            op.f(f"ix_relation_co_declarers_{column}"),
            "relation_co_declarers",
            [column],
            unique=False,
        )


def downgrade() -> None:
    op.drop_table("relation_co_declarers")
