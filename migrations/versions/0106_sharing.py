"""Sharing: the public feed, subscriptions, the delivery log.

Revision ID: 0106
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0106"
down_revision = "0002"
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feed_subjects",
        sa.Column("subject_id", sa.String(36), primary_key=True),
        sa.Column("uscc", sa.String(18)),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sectors", sa.JSON, nullable=False),
        sa.Column("region", sa.String(12), nullable=False),
        sa.Column("legal_representative", sa.Text),
    )
    op.create_table(
        "feed_records",
        sa.Column("record_id", sa.String(128), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "public_feed",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("subject_id", sa.String(36)),
        sa.Column("uscc", sa.String(18)),
        sa.Column("list", sa.String(8)),
        sa.Column("sectors", sa.JSON, nullable=False),
        sa.Column("owner", sa.Text),
        sa.Column("time", TZ, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_public_feed_position", "public_feed", ["position"])
    op.create_table(
        "subscriptions",
        sa.Column("subscription_id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("filter", sa.JSON, nullable=False),
        sa.Column("watch_count", sa.Integer, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("previous_secret", sa.Text),
        sa.Column("previous_secret_until", TZ),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("disabled_reason", sa.Text),
        sa.Column("disabled_count", sa.Integer, nullable=False),
        sa.Column("cursor", POSITION, nullable=False),
        sa.Column("cursor_id", sa.String(80)),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TZ),
        sa.Column("failing_since", TZ),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_subscriptions_owner", "subscriptions", ["owner"])
    op.create_index("ix_subscriptions_due", "subscriptions", ["status", "next_attempt_at"])
    op.create_table(
        "subscription_subjects",
        sa.Column("subscription_id", sa.String(36), primary_key=True),
        sa.Column("subject_id", sa.String(36), primary_key=True),
    )
    op.create_table(
        "deliveries",
        sa.Column("delivery_id", POSITION, primary_key=True, autoincrement=True),
        sa.Column("subscription_id", sa.String(36), nullable=False),
        sa.Column("event_id", sa.String(80), nullable=False),
        sa.Column("sequence", POSITION, nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("attempted_at", TZ, nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TZ),
    )
    op.create_index("ix_deliveries_subscription", "deliveries", ["subscription_id", "delivery_id"])


def downgrade() -> None:
    for name in (
        "deliveries",
        "subscription_subjects",
        "subscriptions",
        "public_feed",
        "feed_records",
        "feed_subjects",
    ):
        op.drop_table(name)
