"""Tables of operations (issue 21): sweep counts, retention runs."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    Integer,
    String,
    Table,
)

from adapters.core.tables import AwareDateTime, metadata

# -- operations (issue 21): sweep counts, retention runs ------------------------------------------
# How often each sweep ran and failed, kept by the worker that runs them and read by /metrics.
sweep_runs = Table(
    "sweep_runs",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("runs", BigInteger, nullable=False),
    Column("failures", BigInteger, nullable=False),
    Column("last_started_at", AwareDateTime()),
    Column("last_seconds", Float),
    Column("last_success_at", AwareDateTime()),
    Column("last_failure_at", AwareDateTime()),
    Column("last_error", String(200)),  # the exception's class only
)

# Every pruning of a log, with the retention policy version and the cutoff it applied.
retention_runs = Table(
    "retention_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", AwareDateTime(), nullable=False),
    Column("log", String(32), nullable=False),
    Column("policy_version", String(32), nullable=False),
    Column("cutoff", AwareDateTime(), nullable=False),
    Column("removed", BigInteger, nullable=False),
    Column("partitions", JSON, nullable=False),
)

# SQLite: the cutoff the pruning transaction sets; the check log's DELETE trigger admits only
# rows older than it (PostgreSQL drops whole partitions instead).
retention_gate = Table(
    "retention_gate",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("cutoff", AwareDateTime(), nullable=False),
)
