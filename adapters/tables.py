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
    LargeBinary,
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
    Column("graded_at", DateTime(timezone=True), nullable=False),
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
    Column("graded_at", DateTime(timezone=True), nullable=False),
)

# A published list's version: bumped by every Listed / Delisted on that list.
list_versions = Table(
    "list_versions",
    metadata,
    Column("list", String(8), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("listing_id", String(64), nullable=False),
    Column("change", String(16), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("position", Position, nullable=False),
)

# Last runs of once-a-day sweeps (the daily re-grade), so that a second run that day skips.
sweep_marks = Table(
    "sweep_marks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
)

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
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
)

# One row per objection; the mark (异议标注) stands while cleared_at is null.
objection_marks = Table(
    "objection_marks",
    metadata,
    Column("objection_id", String(32), primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("record_id", String(128)),
    Column("listing_id", String(64)),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("cleared_at", DateTime(timezone=True)),
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
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("due_by", Date),
    Column("decided_at", DateTime(timezone=True)),
    Column("outcome", String(12)),
    Column("reasons", Text),
    Column("decided_by", Text),
    Column("late", Boolean, nullable=False),
    Column("escalations", Integer, nullable=False),
    Column("escalated_at", DateTime(timezone=True)),
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
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_subject_notifications_feed", "subject_id", "position"),
)

credit_reports = Table(
    "credit_reports",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("format", String(8), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("content", JSON, nullable=False),
)

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
    Column("time", DateTime(timezone=True), nullable=False),
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
    Column("previous_secret_until", DateTime(timezone=True)),
    Column("status", String(12), nullable=False),  # active | paused | disabled
    Column("disabled_reason", Text),
    Column("disabled_count", Integer, nullable=False),
    Column("cursor", Position, nullable=False),  # last feed position delivered (or skipped)
    Column("cursor_id", String(80)),  # set only midway through a position's several items
    Column("generation", Integer, nullable=False),  # bumped by replay: stale workers stop
    Column("attempts", Integer, nullable=False),  # failed attempts of the head event
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("failing_since", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
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
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer),
    Column("outcome", String(12), nullable=False),  # delivered | failed | gone | refused
    Column("error", Text),
    Column("duration_ms", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("event_count", Integer),  # events in a batched attempt (0114); null = one
    Index("ix_deliveries_subscription", "subscription_id", "delivery_id"),
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

# -- operations (issue 21): sweep counts, retention runs ------------------------------------------
# How often each sweep ran and failed, kept by the worker that runs them and read by /metrics.
sweep_runs = Table(
    "sweep_runs",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("runs", BigInteger, nullable=False),
    Column("failures", BigInteger, nullable=False),
    Column("last_started_at", DateTime(timezone=True)),
    Column("last_seconds", Float),
    Column("last_success_at", DateTime(timezone=True)),
    Column("last_failure_at", DateTime(timezone=True)),
    Column("last_error", String(200)),  # the exception's class only
)

# Every pruning of a log, with the retention policy version and the cutoff it applied.
retention_runs = Table(
    "retention_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("log", String(32), nullable=False),
    Column("policy_version", String(32), nullable=False),
    Column("cutoff", DateTime(timezone=True), nullable=False),
    Column("removed", BigInteger, nullable=False),
    Column("partitions", JSON, nullable=False),
)

# SQLite: the cutoff the pruning transaction sets; the check log's DELETE trigger admits only
# rows older than it (PostgreSQL drops whole partitions instead).
retention_gate = Table(
    "retention_gate",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("cutoff", DateTime(timezone=True), nullable=False),
)

Index("ix_deliveries_attempted_at", deliveries.c.attempted_at)
Index("ix_pii_access_log_at", pii_access_log.c.at)
