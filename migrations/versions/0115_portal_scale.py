"""Portal reads at a million subjects: list pages and evaluation results read off indexes.

`GET /lists/{list}` pages through the entries listed now, newest first; with an index on
(list, status, valid_from DESC, listing_id) a page, however deep, is read off the index and its
total is counted from it, without touching the subjects.

`GET /grades?grade_class=X` pages through one class in subject_id order; with an index on
(grade_class, subject_id) a page is read off the index (a deep page skips index entries, not
joined rows) instead of sorting every subject of the class. It replaces the index on
grade_class alone, which it covers.

PostgreSQL 14+: statistics on the sector filter's expression (`CAST(sectors AS VARCHAR)`, matched
with LIKE '%"coal"%'). Without them the planner guesses that a sector matches a handful of
subjects and scans every subject rather than walking a list's entries to the first page of matches.

Revision ID: 0115
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0115"
down_revision = "0002"
branch_labels = None
depends_on = "0103"  # grade_view is created there (list_entries in 0002)


SECTOR_STATISTICS = "st_subject_summary_sectors"


def _statistics_on_expressions() -> bool:
    bind = op.get_bind()
    return bind.dialect.name == "postgresql" and (bind.dialect.server_version_info or (0,)) >= (14,)


def upgrade() -> None:
    if _statistics_on_expressions():
        op.execute(
            f"CREATE STATISTICS {SECTOR_STATISTICS} ON (CAST(sectors AS VARCHAR)) "
            "FROM subject_summary"
        )
        op.execute("ANALYZE subject_summary")
    op.create_index(
        "ix_list_entries_page",
        "list_entries",
        ["list", "status", sa.text("valid_from DESC"), "listing_id"],
    )
    op.create_index("ix_grade_view_class_subject", "grade_view", ["grade_class", "subject_id"])
    op.drop_index("ix_grade_view_class", table_name="grade_view")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP STATISTICS IF EXISTS {SECTOR_STATISTICS}")
    op.create_index("ix_grade_view_class", "grade_view", ["grade_class"])
    op.drop_index("ix_grade_view_class_subject", table_name="grade_view")
    op.drop_index("ix_list_entries_page", table_name="list_entries")
