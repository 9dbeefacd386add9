"""Webhook batches: an opt-in batched content mode per subscription, and its delivery log.

`subscriptions.batch_size` (null: one structured-mode CloudEvent per POST, the default) and the
pinned extent of the batch in flight (`batch_until_position`, `batch_until_id`), so a retry, or a
restart after a crash, re-sends exactly the same batch under the same webhook-id.
`deliveries.event_count`: how many events one logged attempt carried (null: one).

Revision ID: 0114
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0114"
down_revision = "0002"
branch_labels = None
depends_on = "0106"  # the sharing tables

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("subscriptions", sa.Column("batch_size", sa.Integer))
    op.add_column("subscriptions", sa.Column("batch_until_position", POSITION))
    op.add_column("subscriptions", sa.Column("batch_until_id", sa.String(80)))
    op.add_column("deliveries", sa.Column("event_count", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("event_count")
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("batch_until_id")
        batch.drop_column("batch_until_position")
        batch.drop_column("batch_size")
