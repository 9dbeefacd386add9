from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import HolidayYear, WorkingCalendar, corresponding_last_day
from domain.errors import InvalidInputError
from tests.domain.policy_values import YEAR_2026


def test_working_days_skip_a_public_holiday_weekend(calendar: WorkingCalendar) -> None:
    # Friday 2026-04-03; Apr 4-6 is the Qingming holiday.
    assert calendar.add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)


def test_a_make_up_saturday_is_a_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(date(2026, 2, 14))
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)


def test_an_ordinary_saturday_is_not_a_working_day(calendar: WorkingCalendar) -> None:
    assert not calendar.is_working_day(date(2026, 3, 7))


def test_working_days_are_counted_from_the_day_after_the_triggering_act(
    calendar: WorkingCalendar,
) -> None:
    # Thursday before Spring Festival: Fri 13 (1), make-up Sat 14 (2), Feb 15-23 off, Tue 24 (3).
    assert calendar.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert calendar.add_working_days(date(2026, 3, 2), 3) == date(2026, 3, 5)


def test_an_unpublished_year_says_so_and_falls_back_to_fixed_date_holidays(
    calendar: WorkingCalendar,
) -> None:
    assert calendar.is_published(2026)
    assert not calendar.is_published(2031)
    assert not calendar.is_working_day(date(2031, 10, 2))  # a Thursday
    assert not calendar.is_working_day(date(2031, 10, 4))  # a Saturday
    assert calendar.is_working_day(date(2031, 10, 6))
    assert "not published" in calendar.source(2031)


def test_a_year_period_ends_on_the_corresponding_day_not_counting_the_start_day() -> None:
    assert corresponding_last_day(date(2026, 5, 1), years=1) == date(2027, 5, 1)
    assert corresponding_last_day(date(2026, 5, 1), months=12) == date(2027, 5, 1)


def test_a_period_whose_last_day_is_a_holiday_ends_on_the_next_working_day(
    calendar: WorkingCalendar,
) -> None:
    assert corresponding_last_day(date(2026, 9, 1), months=1) == date(2026, 10, 1)
    assert calendar.period_last_day(date(2026, 9, 1), months=1) == date(2026, 10, 8)


def test_a_year_period_ending_in_an_unpublished_year_uses_the_fallback_holidays(
    calendar: WorkingCalendar,
) -> None:
    # 2027-05-01 is a Saturday, May 2 a Sunday, May 3 a fixed-date holiday.
    assert calendar.period_last_day(date(2026, 5, 1), years=1) == date(2027, 5, 4)


def test_a_month_period_from_the_31st_ends_on_the_last_day_of_a_shorter_month(
    calendar: WorkingCalendar,
) -> None:
    assert corresponding_last_day(date(2028, 1, 31), months=1) == date(2028, 2, 29)
    # 2026-02-28 is a Saturday but a make-up working day, so the period is not extended.
    assert calendar.period_last_day(date(2026, 1, 31), months=1) == date(2026, 2, 28)


def test_a_period_ending_on_an_ordinary_weekend_ends_on_monday(calendar: WorkingCalendar) -> None:
    assert calendar.period_last_day(date(2026, 3, 4), days=3) == date(2026, 3, 9)


def test_next_working_day_on_or_after_keeps_a_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day_on_or_after(date(2026, 10, 8)) == date(2026, 10, 8)
    assert calendar.next_working_day_on_or_after(date(2026, 10, 1)) == date(2026, 10, 8)


def test_a_day_cannot_be_both_holiday_and_make_up_day() -> None:
    with pytest.raises(InvalidInputError, match="both a holiday and a make-up"):
        HolidayYear(2026, frozenset({date(2026, 2, 14)}), frozenset({date(2026, 2, 14)}), "x")


def test_a_make_up_working_day_must_be_a_weekend_day() -> None:
    with pytest.raises(InvalidInputError, match="not a weekend day"):
        HolidayYear(2026, frozenset(), frozenset({date(2026, 2, 13)}), "x")


def test_a_calendar_rejects_two_schedules_for_one_year() -> None:
    with pytest.raises(InvalidInputError, match="2026 given twice"):
        WorkingCalendar([YEAR_2026, YEAR_2026])
