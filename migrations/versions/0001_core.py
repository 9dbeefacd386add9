"""Event store, tracking, API keys, subject summary and records views.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from adapters.core.persistence import event_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    bind = op.get_bind()
    for app_name in ("CreditFiles",):
        for table in event_tables(app_name):
            table.create(bind, checkfirst=False)

    op.create_table(
        "projection_tracking",
        sa.Column("view", sa.String(64), primary_key=True),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("updated_at", TZ),
    )
    op.create_table(
        "service_clock",
        sa.Column("name", sa.String(16), primary_key=True),
        sa.Column("now", TZ, nullable=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("org", sa.Text, nullable=False),
        sa.Column("org_code", sa.String(18)),
        sa.Column("subject_id", sa.String(36)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ),
    )
    op.create_table(
        "subject_summary",
        sa.Column("subject_id", sa.String(36), primary_key=True),
        sa.Column("uscc", sa.String(18), unique=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("sectors", sa.JSON, nullable=False),
        sa.Column("region", sa.String(12), nullable=False),
        sa.Column("registered_at", TZ, nullable=False),
        sa.Column("records_total", sa.Integer, nullable=False),
        sa.Column("records_active", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_subject_summary_region", "subject_summary", ["region"])
    op.create_table(
        "record_view",
        sa.Column("record_id", sa.String(128), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("catalogue_code", sa.String(64), nullable=False),
        sa.Column("catalogue_version", sa.String(32), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("polarity", sa.String(8), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("tier", sa.String(8)),
        sa.Column("source_unit", sa.Text, nullable=False),
        sa.Column("source_unit_code", sa.String(18)),
        sa.Column("decision_no", sa.Text),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("legal_basis", sa.Text),
        sa.Column("summary", sa.Text),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("publicity_from", sa.Date, nullable=False),
        sa.Column("min_until", sa.Date, nullable=False),
        sa.Column("max_until", sa.Date, nullable=False),
        sa.Column("published", sa.Boolean, nullable=False),
        sa.Column("period_rules_version", sa.String(32), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("publicity_ended_on", sa.Date),
        sa.Column("publicity_ended_reason", sa.String(16)),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("position", POSITION, nullable=False),
    )
    op.create_index("ix_record_view_subject_id", "record_view", ["subject_id"])
    op.create_index("ix_record_view_public", "record_view", ["published", "status", "max_until"])


def downgrade() -> None:
    for name in (
        "record_view",
        "subject_summary",
        "api_keys",
        "service_clock",
        "projection_tracking",
    ):
        op.drop_table(name)
    for table in event_tables("CreditFiles"):
        table.drop(op.get_bind())
