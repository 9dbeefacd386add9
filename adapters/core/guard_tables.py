"""Tables of issue 14 (migration 0140): parked views, the key revision, portal sessions."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String, Table, Text

from adapters.core.tables import AwareDateTime, Position, metadata

# A view that failed to apply an event: parked at `position` (the event it failed on) until
# `retry_at`; the row goes when the view gets past it, or with a rebuild of the view.
view_failures = Table(
    "view_failures",
    metadata,
    Column("view", String(64), primary_key=True),
    Column("position", Position, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("failed_at", AwareDateTime(), nullable=False),
    Column("retry_at", AwareDateTime(), nullable=False),
)

# One row: bumped in the transaction of every key created or revoked, so every process learns
# by one cheap read that its key cache is stale.
key_revisions = Table(
    "key_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", BigInteger, nullable=False),
)

# A logged-in portal session: the cookie holds only the random id (stored as its SHA-256).
portal_sessions = Table(
    "portal_sessions",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("key_id", String(32), nullable=False, index=True),
    Column("subject_id", String(36), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("last_seen_at", AwareDateTime(), nullable=False),
    Column("expires_at", AwareDateTime(), nullable=False),
)
