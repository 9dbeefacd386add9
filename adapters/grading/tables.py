"""Tables of grades, lists and time (issue 3)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from adapters.core.tables import AwareDateTime, Position, metadata

# -- Grades, lists and time (issue 3) --------------------------------------------------------

# The current grade per subject, from its latest Graded event.
grade_view = Table(
    "grade_view",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("score", Float, nullable=False),
    Column("grade_class", String(1)),  # NULL: not yet evaluated (migration 0131)
    Column("rulebook_version", String(32), nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("graded_at", AwareDateTime(), nullable=False),
    Column("position", Position, nullable=False),
    Index("ix_grade_view_class_subject", "grade_class", "subject_id"),  # migration 0115
)

# Class changes: which event caused each one and under which rulebook version.
grade_history = Table(
    "grade_history",
    metadata,
    Column("position", Position, primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("previous_class", String(1)),
    Column("grade_class", String(1)),  # NULL: not yet evaluated (migration 0131)
    Column("score", Float, nullable=False),
    Column("rulebook_version", String(32), nullable=False),
    Column("cause", Text, nullable=False),
    Column("cause_position", Position),
    Column("graded_at", AwareDateTime(), nullable=False),
)

# A published list's version: bumped by every Listed / Delisted on that list.
list_versions = Table(
    "list_versions",
    metadata,
    Column("list", String(8), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("listing_id", String(64), nullable=False),
    Column("change", String(16), nullable=False),
    Column("changed_at", AwareDateTime(), nullable=False),
    Column("position", Position, nullable=False),
)

# Last runs of once-a-day sweeps (the daily re-grade), so that a second run that day skips.
sweep_marks = Table(
    "sweep_marks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
)
