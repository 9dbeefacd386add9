"""Read-model and operational tables (Alembic migrations create them; this is their shape)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

Position = BigInteger().with_variant(Integer(), "sqlite")

projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("view", String(64), primary_key=True),
    Column("position", Position, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("secret_hash", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("org", Text, nullable=False),
    Column("org_code", String(18)),
    Column("subject_id", String(36)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

subject_summary = Table(
    "subject_summary",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("uscc", String(18), unique=True),
    Column("kind", String(24), nullable=False),
    # natural persons' names are stored masked: no read-model row holds personal data in clear
    Column("display_name", Text, nullable=False),
    Column("sectors", JSON, nullable=False),
    Column("region", String(12), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("records_total", Integer, nullable=False, default=0),
    Column("records_active", Integer, nullable=False, default=0),
    Column("version", Integer, nullable=False),
    Column("position", Position, nullable=False),
    Index("ix_subject_summary_region", "region"),
)

record_view = Table(
    "record_view",
    metadata,
    Column("record_id", String(128), primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("catalogue_code", String(64), nullable=False),
    Column("catalogue_version", String(32), nullable=False),
    Column("category", String(16), nullable=False),
    Column("polarity", String(8), nullable=False),
    Column("visibility", String(16), nullable=False),
    Column("tier", String(8)),
    Column("source_unit", Text, nullable=False),
    Column("source_unit_code", String(18)),
    Column("decision_no", Text),
    Column("decided_on", Date, nullable=False),
    Column("legal_basis", Text),
    Column("summary", Text),
    Column("content", JSON, nullable=False),
    Column("publicity_from", Date, nullable=False),
    Column("min_until", Date, nullable=False),
    Column("max_until", Date, nullable=False),
    Column("published", Boolean, nullable=False),
    Column("period_rules_version", String(32), nullable=False),
    Column("status", String(8), nullable=False),
    Column("publicity_ended_on", Date),
    Column("publicity_ended_reason", String(16)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("position", Position, nullable=False),
    Index("ix_record_view_public", "published", "status", "max_until"),
)

service_clock = Table(
    "service_clock",
    metadata,
    Column("name", String(16), primary_key=True),
    Column("now", DateTime(timezone=True), nullable=False),
)

# One row per listing; valid_from / valid_to (instants) let any list be read as of a past instant.
list_entries = Table(
    "list_entries",
    metadata,
    Column("listing_id", String(64), primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("list", String(8), nullable=False),
    Column("status", String(12), nullable=False),
    Column("rule_id", String(64), nullable=False),
    Column("rulebook_version", String(32), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("basis_record_ids", JSON, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("removal_conditions", JSON, nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("objection_deadline", Date, nullable=False),
    Column("until", Date),
    Column("valid_from", DateTime(timezone=True)),
    Column("valid_to", DateTime(timezone=True)),
    Column("ended_reason", String(16)),
    Column("position", Position, nullable=False),
    Index("ix_list_entries_current", "list", "status"),
    Index("ix_list_entries_valid", "list", "valid_from", "valid_to"),
)


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
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Data-encryption keys, each wrapped (AES-GCM) by the master key (CIPHER_KEY).
keyring = Table(
    "keyring",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("purpose", String(16), nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("master_key_id", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# One data key per natural person; erasing personal data destroys it (crypto-shredding).
subject_keys = Table(
    "subject_keys",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("wrapped_key", LargeBinary),
    Column("key_version", Integer, nullable=False),
    Column("master_key_id", String(16)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("shredded_at", DateTime(timezone=True)),
)

pii_access_log = Table(
    "pii_access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("actor_org", Text, nullable=False),
    Column("actor_key_id", String(32)),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("purpose", String(64), nullable=False),
    Column("fields", JSON, nullable=False),
)
