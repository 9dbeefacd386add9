"""Policy values built in code (no files), mirroring policy/ so domain tests stay pure."""

from __future__ import annotations

from datetime import date, timedelta

from domain.calendar import HolidayYear
from domain.periods import PeriodRules, TierRule


def days(first: str, last: str) -> set[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


def dates(*values: str) -> frozenset[date]:
    return frozenset(date.fromisoformat(v) for v in values)


YEAR_2025 = HolidayYear(
    year=2025,
    holidays=frozenset(
        days("2025-01-01", "2025-01-01")
        | days("2025-01-28", "2025-02-04")
        | days("2025-04-04", "2025-04-06")
        | days("2025-05-01", "2025-05-05")
        | days("2025-05-31", "2025-06-02")
        | days("2025-10-01", "2025-10-08")
    ),
    makeup_workdays=dates("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
    source="test 2025",
)

YEAR_2026 = HolidayYear(
    year=2026,
    holidays=frozenset(
        days("2026-01-01", "2026-01-03")
        | days("2026-02-15", "2026-02-23")
        | days("2026-04-04", "2026-04-06")
        | days("2026-05-01", "2026-05-05")
        | days("2026-06-19", "2026-06-21")
        | days("2026-09-25", "2026-09-27")
        | days("2026-10-01", "2026-10-07")
    ),
    makeup_workdays=dates(
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"
    ),
    source="test 2026",
)


def rules(serious_min: int, serious_max: int, general_min: int, general_max: int) -> PeriodRules:
    return PeriodRules(
        tiers={
            "serious": TierRule(True, serious_min, serious_max, repair_needs_min=True),
            "general": TierRule(True, general_min, general_max, repair_needs_min=True),
            "light": TierRule(False, 0, 3, repair_needs_min=False),
            "default": TierRule(True, 0, 36, repair_needs_min=False),
        }
    )


RULES_2019 = rules(6, 36, 3, 12)
RULES_2026 = rules(12, 36, 3, 12)
