"""Read-model and operational tables (Alembic migrations create them; this is their shape)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql

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

# -- joint reward and punishment (issue 4): check view, notices, feedback, check log, measures ---

# JSON lists of subject ids: a PostgreSQL text[] (GIN-indexed) so a check log row is found by any
# subject in it; JSON text on SQLite.
SubjectIds = JSON().with_variant(postgresql.ARRAY(Text()), "postgresql")

# One row per subject: everything a check answers, so a check is one indexed lookup.
check_view = Table(
    "check_view",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("uscc", String(18), unique=True),
    Column("kind", String(24), nullable=False),
    Column("display_name", Text, nullable=False),  # masked for natural persons
    Column("status", String(8), nullable=False),  # black | focus | red | clear
    Column("lists", String(32), nullable=False),  # every list the subject is on: "black,focus"
    Column("grade_class", String(1)),
    Column("score", Float),
    Column("listings", JSON, nullable=False),
    Column("marks", JSON, nullable=False),
    Column("position", Position, nullable=False),
)

notice_subjects = Table(
    "notice_subjects",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("uscc", String(18)),
    Column("kind", String(24), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("region", String(12), nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("notice_id", String(36), primary_key=True),
    Column("position", Position, nullable=False),  # of the event that caused it
    Column("agency", Text, nullable=False),
    Column("type", String(12), nullable=False),  # sanction | incentive | lift
    Column("cause", String(16), nullable=False),  # Listed | Delisted | Graded
    Column("subject_id", String(36), nullable=False),
    Column("uscc", String(18)),
    Column("subject_name", Text, nullable=False),
    Column("listing_id", String(64)),
    Column("list", String(8)),
    Column("grade_class", String(1)),
    Column("measures", JSON, nullable=False),
    Column("measures_version", String(32), nullable=False),
    Column("legal_basis", Text),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("feedback_due", Date, nullable=False),
    Index("ix_notices_agency_position", "agency", "position"),
    Index("ix_notices_subject", "subject_id"),
    Index("ix_notices_listing", "listing_id"),
)

notice_feedback = Table(
    "notice_feedback",
    metadata,
    Column("feedback_id", String(36), primary_key=True),
    Column("notice_id", String(36), nullable=False, index=True),
    Column("agency", Text, nullable=False),
    Column("measure_id", String(64), nullable=False),
    Column("applied", Boolean, nullable=False),
    Column("outcome", Text),
    Column("key_id", String(32)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# 查询留痕: append-only (a trigger refuses UPDATE and DELETE).
check_log = Table(
    "check_log",
    metadata,
    Column("check_id", String(36), primary_key=True),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Column("key_id", String(32)),
    Column("org", Text, nullable=False),
    Column("org_code", String(18)),
    Column("role", String(16), nullable=False),
    Column("matter", String(16), nullable=False),
    Column("kind", String(8), nullable=False),  # single | batch
    Column("all_measures", Boolean, nullable=False),
    Column("position", Position),
    Column("count", Integer, nullable=False),
    Column("subject_ids", SubjectIds, nullable=False),
    Column("answers", JSON, nullable=False),  # [[subject_id, status, class], ...]
    Column("unknown", JSON, nullable=False),  # the refs that matched no subject
    Index("ix_check_log_checked_at", "checked_at"),
    Index("ix_check_log_org", "org", "checked_at"),
)

check_feedback = Table(
    "check_feedback",
    metadata,
    Column("feedback_id", String(36), primary_key=True),
    Column("check_id", String(36), nullable=False, index=True),
    Column("subject_id", String(36), nullable=False),
    Column("agency", Text, nullable=False),
    Column("measure_id", String(64), nullable=False),
    Column("applied", Boolean, nullable=False),
    Column("outcome", Text),
    Column("key_id", String(32)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# Measure catalogue versions published by administrators (merged with policy/measures/*.yaml).
measure_versions = Table(
    "measure_versions",
    metadata,
    Column("version", String(32), primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("feedback_working_days", Integer, nullable=False),
    Column("measures", JSON, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", Text, nullable=False),
)
