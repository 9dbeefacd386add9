"""Tables of the credit files' views: subjects, records, list entries, commitments."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from adapters.core.tables import AwareDateTime, Position, metadata

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
    Column("registered_at", AwareDateTime(), nullable=False),
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
    Column("recorded_at", AwareDateTime(), nullable=False),
    Column("position", Position, nullable=False),
    Index("ix_record_view_public", "published", "status", "max_until"),
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
    Column("proposed_at", AwareDateTime(), nullable=False),
    Column("objection_deadline", Date, nullable=False),
    Column("until", Date),
    Column("valid_from", AwareDateTime()),
    Column("valid_to", AwareDateTime()),
    Column("ended_reason", String(16)),
    Column("position", Position, nullable=False),
    Index("ix_list_entries_current", "list", "status"),
    Index("ix_list_entries_valid", "list", "valid_from", "valid_to"),
)
# a list page in its order, off the index (migration 0115)
Index(
    "ix_list_entries_page",
    list_entries.c.list,
    list_entries.c.status,
    list_entries.c.valid_from.desc(),
    list_entries.c.listing_id,
)

# The public portal (issue 8): commitments as the public sees them (信用承诺 are public).
commitment_view = Table(
    "commitment_view",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("commitment_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("made_on", Date, nullable=False),
    Column("status", String(12), nullable=False),
    Column("breached_by", String(128)),
    Column("position", Position, nullable=False),
)
