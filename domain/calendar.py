"""The working-day calendar and period counting (Civil Code arts. 201-203, APL art. 85)."""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.errors import InvalidInputError

# Used only for years whose State Council schedule is not yet published.
_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (5, 3), (10, 1), (10, 2), (10, 3)})


@dataclass(frozen=True)
class HolidayYear:
    """One year's published schedule: public holidays and weekend days worked instead (调休)."""

    year: int
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    source: str

    def __post_init__(self) -> None:
        both = self.holidays & self.makeup_workdays
        if both:
            raise InvalidInputError(
                f"{min(both)} is both a holiday and a make-up working day", field="makeup_workdays"
            )
        weekdays = sorted(d for d in self.makeup_workdays if d.weekday() < 5)
        if weekdays:
            raise InvalidInputError(
                f"make-up working day {weekdays[0]} is not a weekend day", field="makeup_workdays"
            )


def corresponding_last_day(start: date, *, months: int = 0, years: int = 0, days: int = 0) -> date:
    """Last day of a period by Civil Code arts. 201-202, before any holiday extension.

    The start day is not counted; months and years end on the corresponding day of the final
    month, or on that month's last day when it has no such day.
    """
    if min(months, years, days) < 0:
        raise InvalidInputError("a period cannot be negative", field="period")
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, _gregorian.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=days)


class WorkingCalendar:
    """Working days from the published yearly schedules, with a stated fallback for other years."""

    def __init__(self, years: Iterable[HolidayYear]) -> None:
        self._years: dict[int, HolidayYear] = {}
        for holiday_year in years:
            if holiday_year.year in self._years:
                raise InvalidInputError(f"year {holiday_year.year} given twice", field="year")
            self._years[holiday_year.year] = holiday_year
        self._holidays = frozenset().union(*(y.holidays for y in self._years.values()))
        self._makeup = frozenset().union(*(y.makeup_workdays for y in self._years.values()))
        # the calendar never changes once built: period ends are remembered (imports ask for
        # the same few decision dates thousands of times)
        self._period_ends: dict[tuple[date, int, int, int], date] = {}

    def is_published(self, year: int) -> bool:
        """False when `year` falls back to weekends plus the fixed-date holidays."""
        return year in self._years

    def source(self, year: int) -> str:
        if year in self._years:
            return self._years[year].source
        return "fallback: weekends and fixed-date holidays (schedule not published)"

    def is_working_day(self, d: date) -> bool:
        if d in self._makeup:
            return True
        if d in self._holidays:
            return False
        if not self.is_published(d.year) and (d.month, d.day) in _FIXED_HOLIDAYS:
            return False
        return d.weekday() < 5

    def next_working_day_on_or_after(self, d: date) -> date:
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day counted from the day after `start` (APL art. 85); n=0 is `start`."""
        if n < 0:
            raise InvalidInputError("cannot count a negative number of working days", field="n")
        d = start
        for _ in range(n):
            d = self.next_working_day_on_or_after(d + timedelta(days=1))
        return d

    def period_last_day(
        self, start: date, *, months: int = 0, years: int = 0, days: int = 0
    ) -> date:
        """Last day of a period (Civil Code arts. 201-203).

        The corresponding day of the final month; if that is not a working day (a public
        holiday, or a weekend that is not a make-up day) the period ends on the next working
        day. A period of length zero ends on its start day.
        """
        if months == years == days == 0:
            return start
        key = (start, months, years, days)
        found = self._period_ends.get(key)
        if found is None:
            last = corresponding_last_day(start, months=months, years=years, days=days)
            found = self._period_ends[key] = self.next_working_day_on_or_after(last)
        return found
