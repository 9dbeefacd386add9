"""Joint reward and punishment: check view, notices, feedback, check log, measure versions.

Revision ID: 0104
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0104"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SUBJECT_IDS = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")

APPEND_ONLY_PG = """
CREATE OR REPLACE FUNCTION check_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'check_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER check_log_append_only BEFORE UPDATE OR DELETE ON check_log
  FOR EACH ROW EXECUTE FUNCTION check_log_append_only();
"""


def upgrade() -> None:
    op.create_table(
        "check_view",
        sa.Column("subject_id", sa.String(36), primary_key=True),
        sa.Column("uscc", sa.String(18), unique=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("lists", sa.String(32), nullable=False),
        sa.Column("grade_class", sa.String(1)),
        sa.Column("score", sa.Float),
        sa.Column("listings", sa.JSON, nullable=False),
        sa.Column("marks", sa.JSON, nullable=False),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_table(
        "notice_subjects",
        sa.Column("subject_id", sa.String(36), primary_key=True),
        sa.Column("uscc", sa.String(18)),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("region", sa.String(12), nullable=False),
    )
    op.create_table(
        "notices",
        sa.Column("notice_id", sa.String(36), primary_key=True),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("type", sa.String(12), nullable=False),
        sa.Column("cause", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("uscc", sa.String(18)),
        sa.Column("subject_name", sa.Text, nullable=False),
        sa.Column("listing_id", sa.String(64)),
        sa.Column("list", sa.String(8)),
        sa.Column("grade_class", sa.String(1)),
        sa.Column("measures", sa.JSON, nullable=False),
        sa.Column("measures_version", sa.String(32), nullable=False),
        sa.Column("legal_basis", sa.Text),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("feedback_due", sa.Date, nullable=False),
    )
    op.create_index("ix_notices_agency_position", "notices", ["agency", "position"])
    op.create_index("ix_notices_subject", "notices", ["subject_id"])
    op.create_index("ix_notices_listing", "notices", ["listing_id"])
    op.create_table(
        "notice_feedback",
        sa.Column("feedback_id", sa.String(36), primary_key=True),
        sa.Column("notice_id", sa.String(36), nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("measure_id", sa.String(64), nullable=False),
        sa.Column("applied", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.Text),
        sa.Column("key_id", sa.String(32)),
        sa.Column("recorded_at", TZ, nullable=False),
    )
    op.create_index("ix_notice_feedback_notice_id", "notice_feedback", ["notice_id"])
    op.create_table(
        "check_log",
        sa.Column("check_id", sa.String(36), primary_key=True),
        sa.Column("checked_at", TZ, nullable=False),
        sa.Column("key_id", sa.String(32)),
        sa.Column("org", sa.Text, nullable=False),
        sa.Column("org_code", sa.String(18)),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("matter", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("all_measures", sa.Boolean, nullable=False),
        sa.Column("position", POSITION),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("subject_ids", SUBJECT_IDS, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("unknown", sa.JSON, nullable=False),
    )
    op.create_index("ix_check_log_checked_at", "check_log", ["checked_at"])
    op.create_index("ix_check_log_org", "check_log", ["org", "checked_at"])
    op.create_table(
        "check_feedback",
        sa.Column("feedback_id", sa.String(36), primary_key=True),
        sa.Column("check_id", sa.String(36), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("measure_id", sa.String(64), nullable=False),
        sa.Column("applied", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.Text),
        sa.Column("key_id", sa.String(32)),
        sa.Column("recorded_at", TZ, nullable=False),
    )
    op.create_index("ix_check_feedback_check_id", "check_feedback", ["check_id"])
    op.create_table(
        "measure_versions",
        sa.Column("version", sa.String(32), primary_key=True),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("feedback_working_days", sa.Integer, nullable=False),
        sa.Column("measures", sa.JSON, nullable=False),
        sa.Column("published_at", TZ, nullable=False),
        sa.Column("published_by", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_check_log_subject_ids", "check_log", ["subject_ids"], postgresql_using="gin"
        )
        op.execute(APPEND_ONLY_PG)
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER check_log_no_{verb.lower()} BEFORE {verb} ON check_log "
                "BEGIN SELECT RAISE(ABORT, 'check_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS check_log_append_only ON check_log")
        op.execute("DROP FUNCTION IF EXISTS check_log_append_only()")
    for name in (
        "measure_versions",
        "check_feedback",
        "check_log",
        "notice_feedback",
        "notices",
        "notice_subjects",
        "check_view",
    ):
        op.drop_table(name)
