"""Tables of sharing (issue 6): the public feed, subscriptions, the delivery log."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from adapters.core.tables import AwareDateTime, Position, metadata

# -- sharing (issue 6): the public feed, its own state, subscriptions, the delivery log ---------

# What the feed knows of each subject: public fields only (natural persons' names masked).
feed_subjects = Table(
    "feed_subjects",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("uscc", String(18)),
    Column("kind", String(24), nullable=False),
    Column("name", Text, nullable=False),
    Column("sectors", JSON, nullable=False),
    Column("region", String(12), nullable=False),
    Column("legal_representative", Text),
)

# Each record's standing in the feed: private | public | ended | retracted, and its public fields.
feed_records = Table(
    "feed_records",
    metadata,
    Column("record_id", String(128), primary_key=True),
    Column("subject_id", String(36), nullable=False),
    Column("state", String(12), nullable=False),
    Column("data", JSON, nullable=False),
)

# Listings as the feed knows them (listed | ended): an objection to a listed one is public
# (migration 0131).
feed_listings = Table(
    "feed_listings",
    metadata,
    Column("listing_id", String(64), primary_key=True),
    Column("subject_id", String(36), nullable=False),
    Column("state", String(8), nullable=False),
)

# Objections the feed published as `objection.filed` (to publish their resolution alike).
feed_objections = Table(
    "feed_objections",
    metadata,
    Column("objection_id", String(32), primary_key=True),
    Column("subject_id", String(36), nullable=False),
    Column("record_id", String(128)),
    Column("listing_id", String(64)),
    Column("published", Boolean, nullable=False),
)

# One CloudEvent per public change, in log order; `body` is the exact JSON every delivery sends.
public_feed = Table(
    "public_feed",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("position", Position, nullable=False, index=True),
    Column("type", String(40), nullable=False),
    Column("subject_id", String(36)),
    Column("uscc", String(18)),
    Column("list", String(8)),
    Column("sectors", JSON, nullable=False),
    Column("owner", Text),  # set only for items addressed to one subscriber organisation
    Column("time", AwareDateTime(), nullable=False),
    Column("body", Text, nullable=False),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("subscription_id", String(36), primary_key=True),
    Column("owner", Text, nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("filter", JSON, nullable=False),  # lists, sectors, types; subjects live in a table
    Column("watch_count", Integer, nullable=False),
    Column("secret", Text, nullable=False),  # AES-GCM under a key derived from CIPHER_KEY
    Column("previous_secret", Text),
    Column("previous_secret_until", AwareDateTime()),
    Column("status", String(12), nullable=False),  # active | paused | disabled
    Column("disabled_reason", Text),
    Column("disabled_count", Integer, nullable=False),
    Column("cursor", Position, nullable=False),  # last feed position delivered (or skipped)
    Column("cursor_id", String(80)),  # set only midway through a position's several items
    Column("generation", Integer, nullable=False),  # bumped by replay: stale workers stop
    Column("attempts", Integer, nullable=False),  # failed attempts of the head event
    Column("next_attempt_at", AwareDateTime()),
    Column("failing_since", AwareDateTime()),
    Column("created_at", AwareDateTime(), nullable=False),
    # opt-in batched content mode (0114): up to batch_size events per POST; null = one per POST
    Column("batch_size", Integer),
    Column("batch_until_position", Position),  # the batch in flight, pinned until delivered
    Column("batch_until_id", String(80)),
    Index("ix_subscriptions_due", "status", "next_attempt_at"),
)

subscription_subjects = Table(
    "subscription_subjects",
    metadata,
    Column("subscription_id", String(36), primary_key=True),
    Column("subject_id", String(36), primary_key=True),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("delivery_id", Position, primary_key=True, autoincrement=True),
    Column("subscription_id", String(36), nullable=False),
    Column("event_id", String(80), nullable=False),
    Column("sequence", Position, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("attempted_at", AwareDateTime(), nullable=False),
    Column("status_code", Integer),
    Column("outcome", String(12), nullable=False),  # delivered | failed | gone | refused
    Column("error", Text),
    Column("duration_ms", Integer, nullable=False),
    Column("next_attempt_at", AwareDateTime()),
    Column("event_count", Integer),  # events in a batched attempt (0114); null = one
    Index("ix_deliveries_subscription", "subscription_id", "delivery_id"),
)

# the retention sweep prunes the delivery log by age (operations, issue 21)
Index("ix_deliveries_attempted_at", deliveries.c.attempted_at)
