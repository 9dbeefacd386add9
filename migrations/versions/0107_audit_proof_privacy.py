"""Audit, proof and personal data: chain links, checkpoints, signing keys, keyring, subject keys,
personal-data access log; on PostgreSQL the service role that cannot alter events.

On PostgreSQL this creates the NOLOGIN role `credit_energy_app` (if absent) with INSERT and SELECT
only on the event-store tables and every privilege on the others (also on tables created later by
the role that runs the migrations). Give it to the service's login and make it that login's
default role:

    GRANT credit_energy_app TO credit_service;
    ALTER ROLE credit_service SET role = 'credit_energy_app';

Migrations themselves run as the owner (`credit-energy migrate` with the owner's URL).

Revision ID: 0107
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0107"
down_revision = "0002"
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TZ = sa.DateTime(timezone=True)
APP_ROLE = "credit_energy_app"
APPEND_ONLY = ("creditfiles_events", "creditfiles_snapshots")


def upgrade() -> None:
    op.create_table(
        "chain_links",
        sa.Column("position", POSITION, primary_key=True, autoincrement=False),
        sa.Column("link", sa.String(64), nullable=False),
        sa.Column("event_digest", sa.String(64), nullable=False),
    )
    op.create_table(
        "checkpoints",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("head", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.String(40), nullable=False),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
    )
    op.create_table(
        "signing_keys",
        sa.Column("key_id", sa.String(16), primary_key=True),
        sa.Column("public_key", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "keyring",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
        sa.Column("master_key_id", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "subject_keys",
        sa.Column("subject_id", sa.String(36), primary_key=True),
        sa.Column("wrapped_key", sa.LargeBinary),
        sa.Column("key_version", sa.Integer, nullable=False),
        sa.Column("master_key_id", sa.String(16)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("shredded_at", TZ),
    )
    op.create_table(
        "pii_access_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("actor_org", sa.Text, nullable=False),
        sa.Column("actor_key_id", sa.String(32)),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
    )
    op.create_index("ix_pii_access_log_subject_id", "pii_access_log", ["subject_id"])
    if op.get_bind().dialect.name == "postgresql":
        _grant_service_role()


def _grant_service_role() -> None:
    op.execute(
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- another database of this cluster created it at the same moment
        END $$"""
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO {APP_ROLE}")
    for table in APPEND_ONLY:
        op.execute(f"REVOKE ALL ON {table} FROM {APP_ROLE}")
        op.execute(f"GRANT SELECT, INSERT ON {table} TO {APP_ROLE}")


def downgrade() -> None:
    for name in (
        "pii_access_log",
        "subject_keys",
        "keyring",
        "signing_keys",
        "checkpoints",
        "chain_links",
    ):
        op.drop_table(name)
