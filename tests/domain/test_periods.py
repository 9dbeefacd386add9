from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import WorkingCalendar
from domain.errors import InvalidInputError
from domain.periods import PublicityWindow, TierRule, publicity_window
from domain.policy import PolicyHistory, Versioned
from tests.domain.policy_values import RULES_2019, RULES_2026

REGIMES = PolicyHistory(
    [
        Versioned("2019-07", date(2019, 7, 1), RULES_2019),
        Versioned("2026-04", date(2026, 4, 1), RULES_2026),
    ]
)
MAY_1_2026 = date(2026, 5, 1)
JAN_10_2025 = date(2025, 1, 10)


def window(tier: str | None, decided_on: date, calendar: WorkingCalendar) -> PublicityWindow:
    return publicity_window(tier, decided_on, REGIMES.in_force(decided_on).value, calendar)


def test_serious_record_under_2026_rules_is_public_one_to_three_years_extended_past_holidays(
    calendar: WorkingCalendar,
) -> None:
    # 2027-05-01 and 2029-05-01 fall in May Day holidays (fallback years): next working days.
    assert window("serious", MAY_1_2026, calendar) == PublicityWindow(
        starts=MAY_1_2026, min_until=date(2027, 5, 4), max_until=date(2029, 5, 4), published=True
    )


def test_general_record_under_2026_rules_is_public_three_months_to_one_year(
    calendar: WorkingCalendar,
) -> None:
    # 2026-08-01 is a Saturday.
    assert window("general", MAY_1_2026, calendar) == PublicityWindow(
        starts=MAY_1_2026, min_until=date(2026, 8, 3), max_until=date(2027, 5, 4), published=True
    )


def test_light_record_under_2026_rules_is_unpublished_with_no_minimum_and_three_months_max(
    calendar: WorkingCalendar,
) -> None:
    assert window("light", MAY_1_2026, calendar) == PublicityWindow(
        starts=MAY_1_2026, min_until=MAY_1_2026, max_until=date(2026, 8, 3), published=False
    )


def test_a_record_without_tier_uses_the_default_rule_and_is_published(
    calendar: WorkingCalendar,
) -> None:
    result = window(None, MAY_1_2026, calendar)
    assert result.published
    assert result.min_until == MAY_1_2026
    assert result.max_until == date(2029, 5, 4)


def test_serious_record_decided_in_2025_uses_the_2019_minimum_of_six_months(
    calendar: WorkingCalendar,
) -> None:
    assert window("serious", JAN_10_2025, calendar) == PublicityWindow(
        starts=JAN_10_2025, min_until=date(2025, 7, 10), max_until=date(2028, 1, 10), published=True
    )


def test_general_record_under_2019_rules_ends_after_a_weekend_when_the_year_ends_on_one(
    calendar: WorkingCalendar,
) -> None:
    # 2026-01-10 is an ordinary Saturday.
    assert window("general", JAN_10_2025, calendar) == PublicityWindow(
        starts=JAN_10_2025, min_until=date(2025, 4, 10), max_until=date(2026, 1, 12), published=True
    )


def test_light_record_under_2019_rules_is_unpublished_for_at_most_three_months(
    calendar: WorkingCalendar,
) -> None:
    assert window("light", JAN_10_2025, calendar) == PublicityWindow(
        starts=JAN_10_2025, min_until=JAN_10_2025, max_until=date(2025, 4, 10), published=False
    )


def test_periods_run_from_the_decision_date_under_the_regime_in_force_on_it(
    calendar: WorkingCalendar,
) -> None:
    assert window("serious", date(2026, 3, 31), calendar).min_until == date(2026, 9, 30)
    assert window("serious", date(2026, 4, 1), calendar).min_until == date(2027, 4, 1)


def test_a_tier_without_a_rule_is_rejected_on_the_tier_field(calendar: WorkingCalendar) -> None:
    with pytest.raises(InvalidInputError) as raised:
        publicity_window("severe", MAY_1_2026, RULES_2026, calendar)
    assert raised.value.field == "tier"


def test_a_tier_rule_minimum_cannot_exceed_its_maximum() -> None:
    with pytest.raises(InvalidInputError):
        TierRule(published=True, min_months=13, max_months=12, repair_needs_min=True)
