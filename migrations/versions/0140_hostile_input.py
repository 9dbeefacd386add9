"""Hostile input and the key lifecycle (issue 14): parked views, the key revision, portal
sessions kept on the server.

`view_failures`: a view that cannot apply an event is parked there alone (the others go on) and
`/readyz` names it. `key_revisions`: one row, bumped with every key created or revoked, which
every process polls to drop its key cache (a revoked key is refused everywhere within 2 s).
`portal_sessions`: the portal's logged-in sessions; the cookie holds only a random id.

Revision ID: 0140
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0140"
down_revision = "0002"
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "view_failures",
        sa.Column("view", sa.String(64), primary_key=True),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("failed_at", AT, nullable=False),
        sa.Column("retry_at", AT, nullable=False),
    )
    op.create_table(
        "key_revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO key_revisions (id, revision) VALUES (1, 0)")
    op.create_table(
        "portal_sessions",
        sa.Column("session_hash", sa.String(64), primary_key=True),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("last_seen_at", AT, nullable=False),
        sa.Column("expires_at", AT, nullable=False),
    )
    op.create_index("ix_portal_sessions_key_id", "portal_sessions", ["key_id"])


def downgrade() -> None:
    op.drop_index("ix_portal_sessions_key_id", table_name="portal_sessions")
    op.drop_table("portal_sessions")
    op.drop_table("key_revisions")
    op.drop_table("view_failures")
