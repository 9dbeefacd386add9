"""Tables of joint reward and punishment (issue 4)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql

from adapters.core.tables import AwareDateTime, Position, metadata

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
    Column("grade_class", String(1)),  # None: not yet evaluated (unrated_reason says why)
    Column("score", Float),
    Column("listings", JSON, nullable=False),
    Column("marks", JSON, nullable=False),
    Column("position", Position, nullable=False),
    # the rest of domain.decision.Standing (migration 0131): the single check's SQL indexes the
    # measure lookup by "target|province" and reads nothing else into a rule
    Column("region", String(12), nullable=False, server_default=""),
    Column("province", String(2), nullable=False, server_default=""),
    Column("targets", String(32), nullable=False, server_default=""),  # "black,focus,D"
    Column("unrated_reason", Text),
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
    Column("issued_at", AwareDateTime(), nullable=False),
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
    Column("recorded_at", AwareDateTime(), nullable=False),
)

# 查询留痕: append-only (a trigger refuses UPDATE and DELETE).
check_log = Table(
    "check_log",
    metadata,
    Column("check_id", String(36), primary_key=True),
    Column("checked_at", AwareDateTime(), nullable=False),
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
    Column("recorded_at", AwareDateTime(), nullable=False),
)

# Measure catalogue versions published by administrators (merged with policy/measures/*.yaml).
measure_versions = Table(
    "measure_versions",
    metadata,
    Column("version", String(32), primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("feedback_working_days", Integer, nullable=False),
    Column("measures", JSON, nullable=False),
    Column("published_at", AwareDateTime(), nullable=False),
    Column("published_by", Text, nullable=False),
)
