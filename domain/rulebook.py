"""The rulebook: the NEA composite grade model, list rules and supervision ratios, as policy data.

Every figure lives in a dated YAML file (`policy/rulebook/<version>.yaml`) loaded and validated at
start-up; the dataclasses here are its shape and its internal consistency checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.errors import InvalidInputError

CLASSES = ("A", "B", "C", "D")
# how a listing's term ends (stated per list in the rulebook, recorded on each listing):
# from_listing: `duration_months` from the listing decision; basis_publicity: when the publicity of
# every basis record has ended, at the latest `duration_months` from the listing decision
TERM_RULES = ("from_listing", "basis_publicity")
# what evidence lets a file be evaluated class A (the rulebook names the ones it accepts)
EVIDENCE = ("positive_record", "published_evaluation")
TIERS = ("light", "general", "serious")
SOURCES = ("nea_department", "regional_regulator", "industry_org", "other")


@dataclass(frozen=True)
class SourceRule:
    """A source unit is of `source` when its name contains one of `match` (first rule wins)."""

    source: str
    match: tuple[str, ...]
    factor: float

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise InvalidInputError(f"source must be one of {', '.join(SOURCES)}", "source")
        if not 0 <= self.factor <= 2:
            raise InvalidInputError("a source factor lies in 0..2", "factor")


@dataclass(frozen=True)
class RecencyBand:
    """Decisions younger than `within_months` (whole months) count with `factor`."""

    within_months: int
    factor: float


@dataclass(frozen=True)
class NegativeModule:
    cap: float
    deductions: dict[str, float]
    untiered: float
    commitment_breached: float
    sources: tuple[SourceRule, ...]
    recency: tuple[RecencyBand, ...]
    older_factor: float

    def __post_init__(self) -> None:
        missing = set(TIERS) - set(self.deductions)
        if missing:
            raise InvalidInputError(f"deductions miss {', '.join(sorted(missing))}", "deductions")
        if any(v < 0 for v in self.deductions.values()):
            raise InvalidInputError("deductions are positive numbers of points", "deductions")
        months = [b.within_months for b in self.recency]
        if not months or months != sorted(set(months)):
            raise InvalidInputError("recency bands need rising within_months", "recency")
        if not any(not s.match for s in self.sources):
            raise InvalidInputError("the last source rule must match everything", "sources")


@dataclass(frozen=True)
class PositiveModule:
    cap: float
    honour_codes: tuple[str, ...]
    honour: float
    commitment_kept: float
    evaluation_code: str
    good_evaluations: tuple[str, ...]
    good_evaluation: float
    red_list: float
    # kinds of kept commitments that earn points (a repair commitment is a condition of repair)
    commitment_kinds: tuple[str, ...] = ("access", "general", "industry")


@dataclass(frozen=True)
class BlackRule:
    rule_id: str
    codes: tuple[str, ...]
    tier: str | None  # None: any tier of these codes


@dataclass(frozen=True)
class ListRule:
    """One list's due process and duration; the triggers differ per list (below)."""

    notice_working_days: int
    duration_months: int
    legal_basis: str
    removal_conditions: tuple[str, ...]
    term: str = "from_listing"

    def __post_init__(self) -> None:
        if self.notice_working_days < 0 or self.duration_months <= 0:
            raise InvalidInputError("notice days >= 0 and a positive duration", "lists")
        if self.term not in TERM_RULES:
            raise InvalidInputError(f"term must be one of {', '.join(TERM_RULES)}", "lists.term")


@dataclass(frozen=True)
class ListRules:
    black: ListRule
    black_rules: tuple[BlackRule, ...]
    focus: ListRule
    focus_general_count: int
    focus_window_months: int
    focus_on_commitment_breach: bool
    focus_rectify_months: int
    escalate_after_listings: int
    escalate_window_months: int
    red: ListRule
    red_clean_months: int
    # no red listing within this many months after a delisting from black / focus (any reason)
    red_lookback_months: dict[str, int] = field(default_factory=lambda: {"black": 36, "focus": 12})

    def __post_init__(self) -> None:
        if set(self.red_lookback_months) != {"black", "focus"} or any(
            v < 0 for v in self.red_lookback_months.values()
        ):
            raise InvalidInputError(
                "red lookback_months gives months >= 0 for black and focus", "lists.red"
            )


@dataclass(frozen=True)
class Evaluation:
    """When a file may be class A: a file that would be class A is "not yet evaluated" until it
    is `min_file_months` old and holds one of the `evidence` items. Classes below A rest on the
    file's negative findings and need no such evidence; the serious-dishonesty veto (class D)
    applies at once."""

    min_file_months: int = 12
    evidence: tuple[str, ...] = EVIDENCE

    def __post_init__(self) -> None:
        if self.min_file_months < 0:
            raise InvalidInputError("min_file_months >= 0", "evaluation.min_file_months")
        unknown = set(self.evidence) - set(EVIDENCE)
        if unknown or not self.evidence:
            raise InvalidInputError(
                f"evidence: one or more of {', '.join(EVIDENCE)}", "evaluation.evidence"
            )


@dataclass(frozen=True)
class Rulebook:
    version: str
    base: float
    negative: NegativeModule
    positive: PositiveModule
    class_floors: dict[str, float]  # A, B, C: inclusive lower edges; D below C's
    serious_dishonesty_codes: tuple[str, ...]
    sector_overrides: dict[str, dict[str, float]]  # sector -> tier -> deduction
    lists: ListRules
    sampling: dict[str, float]
    evaluation: Evaluation = field(default_factory=Evaluation)
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        floors = [self.class_floors.get(c) for c in ("A", "B", "C")]
        if None in floors or not (100 >= floors[0] > floors[1] > floors[2] > 0):  # type: ignore[operator]
            raise InvalidInputError("class floors need 100 >= A > B > C > 0", "classes")
        if not 0 <= self.base <= 100:
            raise InvalidInputError("the base score lies in 0..100", "score.base")
        if set(self.sampling) != set(CLASSES) or not all(
            0 <= v <= 1 for v in self.sampling.values()
        ):
            raise InvalidInputError("sampling gives a ratio 0..1 for A, B, C and D", "sampling")
        for sector, tiers in self.sector_overrides.items():
            unknown = set(tiers) - set(TIERS)
            if unknown:
                raise InvalidInputError(f"sector {sector}: unknown tier {min(unknown)}", "sectors")

    def class_of(self, score: float) -> str:
        for name in ("A", "B", "C"):
            if score >= self.class_floors[name]:
                return name
        return "D"

    def band_text(self, name: str) -> str:
        a, b, c = (self.class_floors[k] for k in ("A", "B", "C"))
        return {
            "A": f"A: score >= {a:g}",
            "B": f"B: {b:g} <= score < {a:g}",
            "C": f"C: {c:g} <= score < {b:g}",
            "D": f"D: score < {c:g}",
        }[name]

    def deduction(self, tier: str | None, sectors: list[str]) -> float:
        """The deduction for a tier; in overridden sectors the largest applicable one."""
        if tier is None:
            return self.negative.untiered
        points = self.negative.deductions.get(tier, self.negative.untiered)
        for sector in sectors:
            override = self.sector_overrides.get(sector, {})
            if tier in override:
                points = max(points, override[tier])
        return points
