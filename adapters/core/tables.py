"""The shared tables (views' positions, API keys, the service clock) and the one `metadata`.

Each capability keeps its own tables in its package (`adapters/<capability>/tables.py`);
adapters/schema.py gathers them all (Alembic migrations create them; these are their shape)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Dialect,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

metadata = MetaData()


class AwareDateTime(TypeDecorator[datetime]):
    """An instant column: `DateTime(timezone=True)` that reads back aware datetimes everywhere.

    SQLite keeps the UTC wall time without its offset; its values are read back in UTC. PostgreSQL
    (psycopg2, asyncpg) hands back aware values already, and pays nothing for this type."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name == "postgresql":  # aware already: the plain column's processor
            return self.impl_instance.result_processor(dialect, coltype)
        return super().result_processor(dialect, coltype)


Position = BigInteger().with_variant(Integer(), "sqlite")

projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("view", String(64), primary_key=True),
    Column("position", Position, nullable=False),
    Column("updated_at", AwareDateTime()),
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
    Column("created_at", AwareDateTime(), nullable=False),
    Column("revoked_at", AwareDateTime()),
)

service_clock = Table(
    "service_clock",
    metadata,
    Column("name", String(16), primary_key=True),
    Column("now", AwareDateTime(), nullable=False),
)

# -- personal data (issue 7): data keys, the persons' keys and the access log --------------------
# Data-encryption keys, each wrapped (AES-GCM) by the master key (CIPHER_KEY).
keyring = Table(
    "keyring",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("purpose", String(16), nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("master_key_id", String(16), nullable=False),
    Column("created_at", AwareDateTime(), nullable=False),
)

# One data key per natural person; erasing personal data destroys it (crypto-shredding).
subject_keys = Table(
    "subject_keys",
    metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("wrapped_key", LargeBinary),
    Column("key_version", Integer, nullable=False),
    Column("master_key_id", String(16)),
    Column("created_at", AwareDateTime(), nullable=False),
    Column("shredded_at", AwareDateTime()),
)

pii_access_log = Table(
    "pii_access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", AwareDateTime(), nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("actor_org", Text, nullable=False),
    Column("actor_key_id", String(32)),
    Column("subject_id", String(36), nullable=False, index=True),
    Column("purpose", String(64), nullable=False),
    Column("fields", JSON, nullable=False),
)

# the retention sweep prunes the access log by age (operations, issue 21)
Index("ix_pii_access_log_at", pii_access_log.c.at)
