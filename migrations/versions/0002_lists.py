"""List entries with valid-from / valid-to.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "list_entries",
        sa.Column("listing_id", sa.String(64), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("list", sa.String(8), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("rulebook_version", sa.String(32), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("basis_record_ids", sa.JSON, nullable=False),
        sa.Column("legal_basis", sa.Text, nullable=False),
        sa.Column("removal_conditions", sa.JSON, nullable=False),
        sa.Column("proposed_at", TZ, nullable=False),
        sa.Column("objection_deadline", sa.Date, nullable=False),
        sa.Column("until", sa.Date),
        sa.Column("valid_from", TZ),
        sa.Column("valid_to", TZ),
        sa.Column("ended_reason", sa.String(16)),
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    )
    op.create_index("ix_list_entries_subject_id", "list_entries", ["subject_id"])
    op.create_index("ix_list_entries_current", "list_entries", ["list", "status"])
    op.create_index("ix_list_entries_valid", "list_entries", ["list", "valid_from", "valid_to"])


def downgrade() -> None:
    op.drop_table("list_entries")
