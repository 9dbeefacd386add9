"""Grades, list versions, sweep marks and the APScheduler job store.

Revision ID: 0103
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0103"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "grade_view",
        sa.Column("subject_id", sa.String(36), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("grade_class", sa.String(1), nullable=False),
        sa.Column("rulebook_version", sa.String(32), nullable=False),
        sa.Column("explanation", sa.JSON, nullable=False),
        sa.Column("graded_at", TZ, nullable=False),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_grade_view_class", "grade_view", ["grade_class"])
    op.create_table(
        "grade_history",
        sa.Column("position", POSITION, primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("previous_class", sa.String(1)),
        sa.Column("grade_class", sa.String(1), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("rulebook_version", sa.String(32), nullable=False),
        sa.Column("cause", sa.Text, nullable=False),
        sa.Column("cause_position", POSITION),
        sa.Column("graded_at", TZ, nullable=False),
    )
    op.create_index("ix_grade_history_subject_id", "grade_history", ["subject_id"])
    op.create_table(
        "list_versions",
        sa.Column("list", sa.String(8), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("listing_id", sa.String(64), nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_table(
        "sweep_marks",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(64), nullable=False),
    )
    # APScheduler 3.x SQLAlchemyJobStore's table, so that Alembic owns it too
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25)),
        sa.Column("job_state", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_apscheduler_jobs_next_run_time", "apscheduler_jobs", ["next_run_time"])


def downgrade() -> None:
    for table in (
        "apscheduler_jobs",
        "sweep_marks",
        "list_versions",
        "grade_history",
        "grade_view",
    ):
        op.drop_table(table)
