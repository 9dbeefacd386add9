"""Tables of audit, proof and personal data (issue 7)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Integer,
    String,
    Table,
    Text,
)

from adapters.core.tables import AwareDateTime, Position, metadata

# -- audit, proof and personal data (issue 7) --------------------------------------------------
# link_n = SHA-256(link_{n-1} || stored bytes of event n), kept by the chain follower.
chain_links = Table(
    "chain_links",
    metadata,
    Column("position", Position, primary_key=True, autoincrement=False),
    Column("link", String(64), nullable=False),
    Column("event_digest", String(64), nullable=False),
)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("position", Position, nullable=False),
    Column("head", String(64), nullable=False),
    Column("signed_at", String(40), nullable=False),  # the exact string that was signed
    Column("signature", Text, nullable=False),
    Column("key_id", String(16), nullable=False),
)

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("key_id", String(16), primary_key=True),
    Column("public_key", Text, nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
)
