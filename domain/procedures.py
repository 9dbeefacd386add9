"""Procedure deadlines for objections and credit repair, and sector rules on repairability.

Versioned policy data (policy/procedures/<version>.yaml); every case records the version it used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.calendar import WorkingCalendar
from domain.errors import InvalidInputError


@dataclass(frozen=True)
class NonRepairableRule:
    """A sector rule declaring findings non-repairable; empty matchers match everything."""

    rule_id: str
    reason: str
    catalogue_codes: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()

    def matches(self, catalogue_code: str, tier: str | None, sectors: list[str]) -> bool:
        if self.catalogue_codes and catalogue_code not in self.catalogue_codes:
            return False
        if self.tiers and tier not in self.tiers:
            return False
        return not self.sectors or bool(set(self.sectors) & set(sectors))


@dataclass(frozen=True)
class ProcedureRules:
    objection_review_days: int
    repair_accept_days: int
    repair_decide_days: int
    repair_extension_days: int
    repair_extensions_allowed: int
    reminder_days: int
    evidence_max_bytes: int
    non_repairable: tuple[NonRepairableRule, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in (
            "objection_review_days",
            "repair_accept_days",
            "repair_decide_days",
            "repair_extension_days",
        ):
            if getattr(self, name) < 1:
                raise InvalidInputError(f"{name} must be at least 1 working day", field=name)
        if self.repair_extensions_allowed < 0 or self.reminder_days < 0:
            raise InvalidInputError("counts cannot be negative", field="repair_extensions_allowed")
        if self.evidence_max_bytes < 1:
            raise InvalidInputError("evidence_max_bytes must be positive", "evidence_max_bytes")

    def non_repairable_rule(
        self, catalogue_code: str, tier: str | None, sectors: list[str]
    ) -> NonRepairableRule | None:
        for rule in self.non_repairable:
            if rule.matches(catalogue_code, tier, sectors):
                return rule
        return None


def working_deadline(calendar: WorkingCalendar, start: date, days: int) -> str:
    """The last day (ISO) of a period of `days` working days counted from the day after `start`."""
    return calendar.add_working_days(start, days).isoformat()
