"""The sweeps of grades and lists: which subjects are due (a reader port answers), then reconcile.

Each sweep asks `DueSubjects` for candidate subjects and hands them to `Grading.reconcile_many`,
which re-checks everything on the subject's file, so a candidate that is no longer due changes
nothing. The daily re-grade runs once per (service day, rulebook in force, POLICY_REVISION).
"""

from __future__ import annotations

from datetime import datetime

from application.grading import POLICY_REVISION, Grading
from application.ports import DueSubjects
from application.sweeps import Sweep
from domain.time import service_day

REGRADE = "regrade"  # the sweep mark of the daily re-grade


class GradingSweeps:
    def __init__(self, due: DueSubjects, grading: Grading) -> None:
        self.due = due
        self.grading = grading

    def named(self) -> tuple[tuple[str, Sweep], ...]:
        """Every sweep by its name, in the order they run."""
        return (
            ("publicity_ends", self.publicity_ends),
            ("notice_windows_close", self.notice_windows_close),
            ("listings_expire", self.listings_expire),
            ("focus_deadlines", self.focus_deadlines),
            (REGRADE, self.regrade),
        )

    def _reconcile(self, subject_ids: list[str], now: datetime) -> int:
        return self.grading.reconcile_many(subject_ids, now, f"sweep@{now.isoformat()}")

    def publicity_ends(self, now: datetime) -> int:
        """Active records whose publicity period ended before today."""
        return self._reconcile(self.due.publicity_ended(service_day(now)), now)

    def notice_windows_close(self, now: datetime) -> int:
        """Proposed listings whose objection window closed before today."""
        return self._reconcile(self.due.objection_windows_closed(service_day(now)), now)

    def listings_expire(self, now: datetime) -> int:
        """Listings whose term ended before today."""
        return self._reconcile(self.due.listings_expired(service_day(now)), now)

    def focus_deadlines(self, now: datetime) -> int:
        """Every subject on the focus list (its deadlines are on the file)."""
        return self._reconcile(self.due.focus_listed(), now)

    def regrade(self, now: datetime) -> int:
        """Once a day (recency bands move with the date), whenever another rulebook is in force
        than at the last run, and once after an upgrade that changed the grading policy itself
        (POLICY_REVISION): every subject is reconciled."""
        day = service_day(now)
        rb = self.grading.rulebook_on(day)
        if rb is None:
            return 0
        mark = f"{day.isoformat()}/{rb.version}/{POLICY_REVISION}"
        if self.due.mark(REGRADE) == mark:
            return 0
        cause = f"regrade {day.isoformat()} rulebook {rb.version}"
        changed = self.grading.reconcile_many(self.due.all_subjects(), now, cause)
        self.due.set_mark(REGRADE, mark)
        return changed
