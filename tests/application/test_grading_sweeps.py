"""The grading sweeps over their reader port: due subjects reconciled, the daily re-grade once per
(service day, rulebook in force), marked after it ran."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from application.grading_sweeps import GradingSweeps

MORNING = datetime.fromisoformat("2026-03-02T09:00:00+08:00")


@dataclass
class Due:
    """The reader port, in memory."""

    subjects: list[str]
    listed_until: dict[str, date] = field(default_factory=dict)
    marks: dict[str, str] = field(default_factory=dict)

    def publicity_ended(self, day: date) -> list[str]:
        return []

    def objection_windows_closed(self, day: date) -> list[str]:
        return []

    def listings_expired(self, day: date) -> list[str]:
        return sorted(s for s, until in self.listed_until.items() if until < day)

    def focus_listed(self) -> list[str]:
        return []

    def all_subjects(self) -> Iterable[str]:
        return iter(self.subjects)

    def mark(self, name: str) -> str | None:
        return self.marks.get(name)

    def set_mark(self, name: str, value: str) -> None:
        self.marks[name] = value


class Grading:
    """Records what it was asked to reconcile; the rulebook in force is `version`."""

    def __init__(self) -> None:
        self.version = "2026.1"
        self.calls: list[tuple[list[str], str]] = []

    def rulebook_on(self, day: date) -> Any:
        return SimpleNamespace(version=self.version)

    def reconcile_many(self, subject_ids: Iterable[str], now: datetime, cause: str) -> int:
        ids = list(subject_ids)
        self.calls.append((ids, cause))
        return len(ids)


def test_the_regrade_runs_once_a_day_and_again_when_another_rulebook_is_in_force() -> None:
    due, grading = Due(["a", "b"]), Grading()
    sweeps = GradingSweeps(due, grading)  # type: ignore[arg-type]
    assert sweeps.regrade(MORNING) == 2
    assert sweeps.regrade(MORNING.replace(hour=17)) == 0  # the same service day: done
    grading.version = "2026.2"
    assert sweeps.regrade(MORNING.replace(hour=18)) == 2
    assert [cause for _, cause in grading.calls] == [
        "regrade 2026-03-02 rulebook 2026.1",
        "regrade 2026-03-02 rulebook 2026.2",
    ]


def test_expired_listings_are_reconciled_on_the_service_day_after_their_term() -> None:
    due = Due([], listed_until={"a": date(2026, 3, 1), "b": date(2026, 3, 2)})
    grading = Grading()
    sweeps = GradingSweeps(due, grading)  # type: ignore[arg-type]
    # 00:30 in Beijing on 2 March is still 1 March in UTC: the service day is Beijing's
    assert sweeps.listings_expire(datetime.fromisoformat("2026-03-02T00:30:00+08:00")) == 1
    assert grading.calls == [(["a"], "sweep@2026-03-02T00:30:00+08:00")]
