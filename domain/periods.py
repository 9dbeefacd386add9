"""Publicity periods (公示期) by severity tier, counted from the decision date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.calendar import WorkingCalendar
from domain.errors import InvalidInputError

DEFAULT_RULE = "default"  # rule for records without a tier, e.g. licences and honours


@dataclass(frozen=True)
class TierRule:
    published: bool
    min_months: int
    max_months: int
    repair_needs_min: bool

    def __post_init__(self) -> None:
        if not 0 <= self.min_months <= self.max_months:
            raise InvalidInputError("need 0 <= min_months <= max_months", field="min_months")


@dataclass(frozen=True)
class PeriodRules:
    tiers: dict[str, TierRule]

    def rule(self, tier: str | None) -> TierRule:
        key = DEFAULT_RULE if tier is None else tier
        try:
            return self.tiers[key]
        except KeyError:
            raise InvalidInputError(f"no publicity rule for tier {key!r}", field="tier") from None


@dataclass(frozen=True)
class PublicityWindow:
    """`min_until` and `max_until` are last days: the period is over from the next day."""

    starts: date
    min_until: date
    max_until: date
    published: bool


def publicity_window(
    tier: str | None, decided_on: date, rules: PeriodRules, calendar: WorkingCalendar
) -> PublicityWindow:
    rule = rules.rule(tier)
    return PublicityWindow(
        starts=decided_on,
        min_until=calendar.period_last_day(decided_on, months=rule.min_months),
        max_until=calendar.period_last_day(decided_on, months=rule.max_months),
        published=rule.published,
    )
