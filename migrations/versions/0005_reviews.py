"""fact-checkers' reviews of claims (schema.org ClaimReview)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

A new table only: a review names the claim, the fact-checker (an actor) and the document
whose annotation declared it, so re-importing that file replaces its reviews.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("declared_in_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Text(), nullable=True),
        sa.Column("rating_value", sa.Integer(), nullable=True),
        sa.Column("best", sa.Integer(), nullable=True),
        sa.Column("worst", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "rating IS NOT NULL OR rating_value IS NOT NULL",
            name=op.f("ck_claim_reviews_rated"),
        ),
        sa.CheckConstraint(
            "(best IS NULL OR worst IS NULL OR worst < best) "
            "AND (rating_value IS NULL OR best IS NULL OR rating_value <= best) "
            "AND (rating_value IS NULL OR worst IS NULL OR rating_value >= worst)",
            name=op.f("ck_claim_reviews_scale"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_reviews_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["actors.id"],
            name=op.f("fk_claim_reviews_author_id_actors"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["declared_in_id"],
            ["documents.id"],
            name=op.f("fk_claim_reviews_declared_in_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_reviews")),
        sa.UniqueConstraint(
            "declared_in_id",
            "claim_id",
            "author_id",
            name=op.f("uq_claim_reviews_declared_in_id_claim_id_author_id"),
        ),
    )
    for column in ("claim_id", "author_id", "declared_in_id"):
        op.create_index(op.f(f"ix_claim_reviews_{column}"), "claim_reviews", [column])


def downgrade() -> None:
    op.drop_table("claim_reviews")
