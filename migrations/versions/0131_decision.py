"""One decision everywhere (issue 13): the check view keeps the decision's standing; unrated
grades; the public feed learns of objection marks.

- check_view: `region`, `province`, `targets` (what the single check's SQL indexes the measure
  lookup by: "target|province") and `unrated_reason`. Existing rows are filled here from what
  they hold (targets: their lists, then class A or D; province: their subject's region; listings
  gain `term_rule`, which before this revision was always "from_listing"), so checks keep
  answering while the store is corrected: the next `regrade` sweep reconciles every file once
  under the rules as they are now (its mark names the grading policy's revision), which records
  the corrections as new events (a class withdrawn to "not yet evaluated", a red listing ended)
  and the views follow them. No stored event is rewritten.
- grade_view.grade_class and grade_history.grade_class become nullable: NULL is "not yet
  evaluated".
- feed_listings (listings the public feed knows as listed, filled from list_entries) and
  feed_objections (objections published as `objection.filed`).

Revision ID: 0131
Revises: 0002
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0131"
down_revision = "0002"
branch_labels = None
depends_on = ("0103", "0104", "0106")  # grade_view, check_view, the feed's tables

CLASSED = ("A", "D")
ORDER = ("black", "focus", "red")


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str | bytes) else value


def upgrade() -> None:
    with op.batch_alter_table("check_view") as batch:
        batch.add_column(sa.Column("region", sa.String(12), nullable=False, server_default=""))
        batch.add_column(sa.Column("province", sa.String(2), nullable=False, server_default=""))
        batch.add_column(sa.Column("targets", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("unrated_reason", sa.Text()))
    with op.batch_alter_table("grade_view") as batch:
        batch.alter_column("grade_class", existing_type=sa.String(1), nullable=True)
    with op.batch_alter_table("grade_history") as batch:
        batch.alter_column("grade_class", existing_type=sa.String(1), nullable=True)
    op.create_table(
        "feed_listings",
        sa.Column("listing_id", sa.String(64), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
    )
    op.create_table(
        "feed_objections",
        sa.Column("objection_id", sa.String(32), primary_key=True),
        sa.Column("subject_id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(128)),
        sa.Column("listing_id", sa.String(64)),
        sa.Column("published", sa.Boolean(), nullable=False),
    )
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "INSERT INTO feed_listings (listing_id, subject_id, state) "
            "SELECT listing_id, subject_id, 'listed' FROM list_entries WHERE status = 'listed'"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE check_view SET region = coalesce((SELECT s.region FROM subject_summary s "
            "WHERE s.subject_id = check_view.subject_id), '')"
        )
    )
    bind.execute(sa.text("UPDATE check_view SET province = substr(region, 1, 2)"))
    rows = bind.execute(
        sa.text(
            "SELECT subject_id, lists, grade_class, listings FROM check_view "
            "WHERE lists <> '' OR grade_class IN ('A', 'D')"
        )
    ).all()
    for subject_id, lists, grade_class, listings in rows:
        names = [n for n in ORDER if n in (lists or "").split(",")]
        targets = [*names, *([grade_class] if grade_class in CLASSED else [])]
        items = [{**i, "term_rule": i.get("term_rule") or "from_listing"} for i in _json(listings)]
        bind.execute(
            sa.text(
                "UPDATE check_view SET targets = :targets, listings = :listings "
                "WHERE subject_id = :sid"
            ).bindparams(
                sa.bindparam("listings", type_=sa.JSON()),
            ),
            {"targets": ",".join(targets), "listings": items, "sid": subject_id},
        )


def downgrade() -> None:
    op.drop_table("feed_objections")
    op.drop_table("feed_listings")
    with op.batch_alter_table("check_view") as batch:
        batch.drop_column("unrated_reason")
        batch.drop_column("targets")
        batch.drop_column("province")
        batch.drop_column("region")
