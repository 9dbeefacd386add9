"""The public portal: a name index suited to Chinese text, and the public commitments view.

PostgreSQL: pg_trgm GIN index on subject_summary.display_name (ILIKE '%q%' for 3+ characters) and
a text_pattern_ops btree for the 1–2 character prefix search. SQLite: an FTS5 trigram index kept
in step with subject_summary by triggers.

Revision ID: 0108
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0108"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE subject_name_fts USING fts5(display_name, content='subject_summary',"
    " content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER subject_name_fts_ai AFTER INSERT ON subject_summary BEGIN"
    " INSERT INTO subject_name_fts(rowid, display_name) VALUES (new.rowid, new.display_name); END",
    "CREATE TRIGGER subject_name_fts_ad AFTER DELETE ON subject_summary BEGIN"
    " INSERT INTO subject_name_fts(subject_name_fts, rowid, display_name)"
    " VALUES ('delete', old.rowid, old.display_name); END",
    "CREATE TRIGGER subject_name_fts_au AFTER UPDATE OF display_name ON subject_summary BEGIN"
    " INSERT INTO subject_name_fts(subject_name_fts, rowid, display_name)"
    " VALUES ('delete', old.rowid, old.display_name);"
    " INSERT INTO subject_name_fts(rowid, display_name) VALUES (new.rowid, new.display_name); END",
    "INSERT INTO subject_name_fts(subject_name_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_subject_summary_name_trgm ON subject_summary"
            " USING gin (display_name gin_trgm_ops)"
        )
        op.execute(
            "CREATE INDEX ix_subject_summary_name_prefix ON subject_summary"
            " (display_name text_pattern_ops)"
        )
    elif dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    op.create_table(
        "commitment_view",
        sa.Column("subject_id", sa.String(36), primary_key=True),
        sa.Column("commitment_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("made_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("breached_by", sa.String(128)),
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("commitment_view")
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_subject_summary_name_prefix")
        op.execute("DROP INDEX IF EXISTS ix_subject_summary_name_trgm")
    elif dialect == "sqlite":
        for name in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS subject_name_fts_{name}")
        op.execute("DROP TABLE IF EXISTS subject_name_fts")
