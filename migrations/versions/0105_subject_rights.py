"""Subjects' rights: evidence files, objection marks, review cases, notifications, credit reports.

Revision ID: 0105
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0105"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "evidence_files",
        sa.Column("evidence_id", sa.String(32), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("media_type", sa.String(128), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_at", TZ, nullable=False),
    )
    op.create_index("ix_evidence_files_subject_id", "evidence_files", ["subject_id"])
    op.create_table(
        "objection_marks",
        sa.Column("objection_id", sa.String(32), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(128)),
        sa.Column("listing_id", sa.String(64)),
        sa.Column("since", TZ, nullable=False),
        sa.Column("cleared_at", TZ),
        sa.Column("outcome", sa.String(8)),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_objection_marks_subject_id", "objection_marks", ["subject_id"])
    op.create_table(
        "review_cases",
        sa.Column("case_id", sa.String(32), primary_key=True),
        sa.Column("case_kind", sa.String(12), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(128)),
        sa.Column("listing_id", sa.String(64)),
        sa.Column("unit", sa.Text),
        sa.Column("grounds", sa.String(24)),
        sa.Column("stage", sa.String(12), nullable=False),
        sa.Column("pending", sa.Boolean, nullable=False),
        sa.Column("filed_at", TZ, nullable=False),
        sa.Column("due_by", sa.Date),
        sa.Column("decided_at", TZ),
        sa.Column("outcome", sa.String(12)),
        sa.Column("reasons", sa.Text),
        sa.Column("decided_by", sa.Text),
        sa.Column("late", sa.Boolean, nullable=False),
        sa.Column("escalations", sa.Integer, nullable=False),
        sa.Column("escalated_at", TZ),
        sa.Column("escalated_due", sa.Date),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_review_cases_subject_id", "review_cases", ["subject_id"])
    op.create_index("ix_review_cases_pending", "review_cases", ["pending", "unit"])
    op.create_table(
        "subject_notifications",
        sa.Column("position", POSITION, primary_key=True, autoincrement=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("ref_id", sa.String(128)),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index(
        "ix_subject_notifications_feed", "subject_notifications", ["subject_id", "position"]
    )
    op.create_table(
        "credit_reports",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
    )
    op.create_index("ix_credit_reports_subject_id", "credit_reports", ["subject_id"])


def downgrade() -> None:
    for table in (
        "credit_reports",
        "subject_notifications",
        "review_cases",
        "objection_marks",
        "evidence_files",
    ):
        op.drop_table(table)
