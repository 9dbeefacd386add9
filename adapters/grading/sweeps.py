"""The sweeps of grades and lists: which subjects are due, read from the views; then reconcile.

Each sweep picks candidate subjects by SQL and hands them to `Grading.reconcile_many`, which
re-checks everything on the subject's file, so a candidate that is no longer due changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, select

from adapters.files.tables import list_entries, record_view, subject_summary
from adapters.grading.tables import sweep_marks
from application.grading import POLICY_REVISION, Grading
from domain.time import service_day


def _ids(engine: Engine, query: Any) -> list[str]:
    with engine.connect() as conn:
        return sorted({str(row[0]) for row in conn.execute(query)})


def all_subject_ids(engine: Engine, page: int = 5000) -> Iterator[str]:
    """Every subject id, in pages by key (no long-held cursor)."""
    after = ""
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(subject_summary.c.subject_id)
                .where(subject_summary.c.subject_id > after)
                .order_by(subject_summary.c.subject_id)
                .limit(page)
            ).all()
        if not rows:
            return
        for (sid,) in rows:
            yield sid
        after = rows[-1][0]


class GradingSweeps:
    def __init__(self, engine: Engine, grading: Grading) -> None:
        self.engine = engine
        self.grading = grading

    def register(self, sweeps: Any) -> None:
        sweeps.register("publicity_ends", self.publicity_ends)
        sweeps.register("notice_windows_close", self.notice_windows_close)
        sweeps.register("listings_expire", self.listings_expire)
        sweeps.register("focus_deadlines", self.focus_deadlines)
        sweeps.register("regrade", self.regrade)

    def _reconcile(self, query: Any, now: datetime) -> int:
        return self.grading.reconcile_many(
            _ids(self.engine, query), now, f"sweep@{now.isoformat()}"
        )

    def publicity_ends(self, now: datetime) -> int:
        r = record_view.c
        query = select(r.subject_id).where(
            and_(
                r.status == "active", r.publicity_ended_on.is_(None), r.max_until < service_day(now)
            )
        )
        return self.grading.reconcile_many(
            _ids(self.engine, query), now, f"sweep@{now.isoformat()}"
        )

    def notice_windows_close(self, now: datetime) -> int:
        e = list_entries.c
        query = select(e.subject_id).where(
            and_(e.status == "proposed", e.objection_deadline < service_day(now))
        )
        return self.grading.reconcile_many(
            _ids(self.engine, query), now, f"sweep@{now.isoformat()}"
        )

    def listings_expire(self, now: datetime) -> int:
        e = list_entries.c
        query = select(e.subject_id).where(and_(e.status == "listed", e.until < service_day(now)))
        return self.grading.reconcile_many(
            _ids(self.engine, query), now, f"sweep@{now.isoformat()}"
        )

    def focus_deadlines(self, now: datetime) -> int:
        e = list_entries.c
        query = select(e.subject_id).where(and_(e.status == "listed", e.list == "focus"))
        return self.grading.reconcile_many(
            _ids(self.engine, query), now, f"sweep@{now.isoformat()}"
        )

    def regrade(self, now: datetime) -> int:
        """Once a day (recency bands move with the date), whenever another rulebook is in force
        than at the last run, and once after an upgrade that changed the grading policy itself
        (POLICY_REVISION): every subject is reconciled."""
        day = service_day(now)
        rb = self.grading.rulebook_on(day)
        if rb is None:
            return 0
        mark = f"{day.isoformat()}/{rb.version}/{POLICY_REVISION}"
        with self.engine.connect() as conn:
            last = conn.execute(
                select(sweep_marks.c.value).where(sweep_marks.c.name == "regrade")
            ).scalar()
        if last == mark:
            return 0
        cause = f"regrade {day.isoformat()} rulebook {rb.version}"
        changed = self.grading.reconcile_many(all_subject_ids(self.engine), now, cause)
        with self.engine.begin() as conn:
            if last is None:
                conn.execute(sweep_marks.insert().values(name="regrade", value=mark))
            else:
                conn.execute(
                    sweep_marks.update().where(sweep_marks.c.name == "regrade").values(value=mark)
                )
        return changed
