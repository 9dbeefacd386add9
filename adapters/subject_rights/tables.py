"""Tables of subjects' rights (issue 5)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from adapters.core.tables import AwareDateTime, Position, metadata

# -- Subjects' rights (issue 5): evidence, objection marks, review cases, notifications, reports --

evidence_files = Table(
    "evidence_files",
    metadata,
    Column("evidence_id", String(32), primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("media_type", String(128), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_at", AwareDateTime(), nullable=False),
)

# One row per objection; the mark (异议标注) stands while cleared_at is null.
objection_marks = Table(
    "objection_marks",
    metadata,
    Column("objection_id", String(32), primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("record_id", String(128)),
    Column("listing_id", String(64)),
    Column("since", AwareDateTime(), nullable=False),
    Column("cleared_at", AwareDateTime()),
    Column("outcome", String(8)),
    Column("position", Position, nullable=False),
)

# Objections and repairs as reviewers and statistics see them; due_by is the current stage's.
review_cases = Table(
    "review_cases",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("case_kind", String(12), nullable=False),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("record_id", String(128)),
    Column("listing_id", String(64)),
    Column("unit", Text),
    Column("grounds", String(24)),
    Column("stage", String(12), nullable=False),
    Column("pending", Boolean, nullable=False),
    Column("filed_at", AwareDateTime(), nullable=False),
    Column("due_by", Date),
    Column("decided_at", AwareDateTime()),
    Column("outcome", String(12)),
    Column("reasons", Text),
    Column("decided_by", Text),
    Column("late", Boolean, nullable=False),
    Column("escalations", Integer, nullable=False),
    Column("escalated_at", AwareDateTime()),
    Column("escalated_due", Date),
    Column("position", Position, nullable=False),
    Index("ix_review_cases_pending", "pending", "unit"),
)

# The subject's own feed: one row per event that concerns it; the position is the cursor.
subject_notifications = Table(
    "subject_notifications",
    metadata,
    Column("position", Position, primary_key=True, autoincrement=False),
    Column("subject_id", String(36), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("ref_id", String(128)),
    Column("data", JSON, nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
    Index("ix_subject_notifications_feed", "subject_id", "position"),
)

credit_reports = Table(
    "credit_reports",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("issued_at", AwareDateTime(), nullable=False),
    Column("format", String(8), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("content", JSON, nullable=False),
)
