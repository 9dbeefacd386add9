"""The portal's aggregate figures (evaluation results, lists by month, notices): each computed
over every subject, and cached (`PortalReads.cached`, STATS_TTL)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import (
    Engine,
    String,
    cast,
    exists,
    func,
    select,
)

from adapters.files.tables import list_entries, record_view, subject_summary
from adapters.grading.tables import grade_view
from adapters.joint.tables import notice_feedback, notices
from adapters.portal.queries import (
    BUCKETS,
    UNRATED,
    Page,
    _row,
    public_record_conditions,
    subject_filters,
)
from domain.vocabulary import LISTS


class PortalFigures:
    """The figures half of `PortalReads` (adapters/portal/reads.py), which gives them its engine
    and its cache."""

    engine: Engine
    cached: Callable[..., Any]

    # -- evaluation results ----------------------------------------------------------------------

    def grade_distribution(self, sector: str | None = None) -> dict[str, int]:
        table = grade_view

        def compute() -> dict[str, int]:
            g, s = table.c, subject_summary.c
            stmt = select(g.grade_class, func.count()).group_by(g.grade_class)
            if sector:
                stmt = stmt.join_from(table, subject_summary, s.subject_id == g.subject_id).where(
                    *subject_filters(sector, None)
                )
            with self.engine.connect() as conn:
                counts = {str(k or UNRATED): int(v) for k, v in conn.execute(stmt)}
            return {c: counts.get(c, 0) for c in BUCKETS}

        return self.cached(f"grades:{sector or ''}", compute)

    def graded_subjects(
        self,
        grade_class: str | None,
        sector: str | None,
        province: str | None,
        page: int = 1,
        size: int = 20,
    ) -> Page:
        table = grade_view
        g, s = table.c, subject_summary.c
        by_subject = list(subject_filters(sector, province))
        by_class = (
            [g.grade_class.is_(None)]
            if grade_class == UNRATED
            else [g.grade_class == grade_class]
            if grade_class
            else []
        )
        cols = (s.subject_id, s.uscc, s.kind, s.display_name, s.sectors, s.region,
                g.grade_class, g.score)  # fmt: skip
        offset = (page - 1) * size
        if by_subject:
            stmt = (
                select(*cols)
                .join_from(table, subject_summary, s.subject_id == g.subject_id)
                .where(*by_subject, *by_class)
                .order_by(g.subject_id)
                .limit(size + 1)
                .offset(offset)
            )
        else:
            # the page's ids off the index of grade_view alone (its primary key, or the class
            # index of migration 0115): a deep page skips index entries, not joined rows
            ids = (
                select(g.subject_id)
                .where(*by_class)
                .order_by(g.subject_id)
                .limit(size + 1)
                .offset(offset)
                .subquery()
            )
            stmt = (
                select(*cols)
                .join_from(ids, table, g.subject_id == ids.c.subject_id)
                .join(subject_summary, s.subject_id == g.subject_id)
                .order_by(g.subject_id)
            )
        with self.engine.connect() as conn:
            rows = [_row(x) for x in conn.execute(stmt)]
        return Page(rows[:size], None, page, size, len(rows) > size)

    # -- statistics ------------------------------------------------------------------------------

    def grades_by_sector(self) -> dict[str, dict[str, int]]:
        table = grade_view

        def compute() -> dict[str, dict[str, int]]:
            g, s = table.c, subject_summary.c
            sectors = cast(s.sectors, String)
            stmt = (
                select(sectors, g.grade_class, func.count())
                .join_from(table, subject_summary, s.subject_id == g.subject_id)
                .group_by(sectors, g.grade_class)
            )
            out: dict[str, dict[str, int]] = {}
            with self.engine.connect() as conn:
                for raw, grade_class, n in conn.execute(stmt):
                    for sector in re.findall(r'"([a-z_]+)"', str(raw)):
                        row = out.setdefault(sector, {c: 0 for c in BUCKETS})
                        bucket = str(grade_class or UNRATED)
                        row[bucket] = row.get(bucket, 0) + int(n)
            return out

        return self.cached("grades_by_sector", compute)

    def listings_by_month(self) -> dict[str, dict[str, int]]:
        """Listings that took effect per month (YYYY-MM) and list."""

        def compute() -> dict[str, dict[str, int]]:
            e = list_entries.c
            stmt = select(e.list, e.valid_from).where(e.valid_from.is_not(None))
            out: dict[str, dict[str, int]] = {}
            with self.engine.connect() as conn:
                for list_name, valid_from in conn.execute(stmt):
                    month = valid_from.strftime("%Y-%m")
                    row = out.setdefault(month, {n: 0 for n in LISTS})
                    row[list_name] = row.get(list_name, 0) + 1
            return dict(sorted(out.items()))

        return self.cached("listings_by_month", compute)

    def public_records_by_category(self, today: date) -> dict[str, int]:
        def compute() -> dict[str, int]:
            r = record_view.c
            stmt = (
                select(r.category, func.count())
                .where(*public_record_conditions(today))
                .group_by(r.category)
            )
            with self.engine.connect() as conn:
                return {str(k): int(v) for k, v in conn.execute(stmt)}

        return self.cached(f"records:{today.isoformat()}", compute)

    def notice_figures(self, today: date) -> dict[str, Any]:
        """Joint reward and punishment notices by type: issued, answered (at least one feedback
        from the agency), overdue (no feedback and past its due date), and the feedback rate."""

        def compute() -> dict[str, Any]:
            n = notices.c
            answered = exists().where(notice_feedback.c.notice_id == n.notice_id)
            stmt = select(
                n.type,
                func.count(),
                func.count().filter(answered),
                func.count().filter(~answered, n.feedback_due < today),
            ).group_by(n.type)
            by_type: dict[str, dict[str, int]] = {}
            with self.engine.connect() as conn:
                for kind, issued, done, overdue in conn.execute(stmt):
                    by_type[str(kind)] = {
                        "issued": int(issued),
                        "answered": int(done),
                        "overdue": int(overdue),
                    }
            total = {
                k: sum(row[k] for row in by_type.values())
                for k in ("issued", "answered", "overdue")
            }
            rate = total["answered"] / total["issued"] if total["issued"] else None
            return {**total, "rate": rate, "by_type": by_type}

        return self.cached(f"notices:{today.isoformat()}", compute)
