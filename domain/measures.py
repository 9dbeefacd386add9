"""Joint reward and punishment measures (合作备忘录 / 措施清单) and the notices they imply.

A measure applies to one list (black, focus, red) or one class (A, D); the agency that signed the
memorandum applies it to a matter (licensing, procurement...). A catalogue version is policy data
with an effective date; every notice records the version it was issued under.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.errors import InvalidInputError
from domain.vocabulary import LISTS

CLASSES = ("A", "D")
MATTERS = (
    "licensing",
    "procurement",
    "subsidy",
    "financing",
    "bidding",
    "market_access",
    "inspection",
    "award",
    "other",
)
STAGES = ("pre_approval", "in_process", "post_supervision")
# a sanction for black/focus and class D, an incentive for red and class A
SANCTIONING = ("black", "focus", "D")


@dataclass(frozen=True)
class Measure:
    measure_id: str
    agency: str
    matter: str
    stage: str
    action: str
    legal_basis: str
    duration: str
    list: str | None = None
    grade_class: str | None = None
    # a regional regulator applies its measures only to subjects registered in its provinces
    # (two-digit prefixes of the administrative division code); empty = nationwide
    regions: tuple[str, ...] = ()

    def covers(self, region: str | None) -> bool:
        return not self.regions or (region is not None and region[:2] in self.regions)

    @property
    def target(self) -> str:
        """The list name or the class this measure applies to."""
        return self.list or self.grade_class or ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure_id": self.measure_id,
            "list": self.list,
            "class": self.grade_class,
            "agency": self.agency,
            "matter": self.matter,
            "stage": self.stage,
            "action": self.action,
            "legal_basis": self.legal_basis,
            "duration": self.duration,
            "regions": list(self.regions),
        }


def notice_type(target: str) -> str:
    return "sanction" if target in SANCTIONING else "incentive"


@dataclass(frozen=True)
class MeasureCatalogue:
    version: str
    effective_from: date
    measures: tuple[Measure, ...]
    feedback_working_days: int = 10
    _by_target: dict[str, tuple[Measure, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for m in self.measures:
            if m.measure_id in seen:
                raise InvalidInputError(
                    f"measure {m.measure_id!r} given twice", field="measures.measure_id"
                )
            seen.add(m.measure_id)
        if self.feedback_working_days < 1:
            raise InvalidInputError(
                "feedback_working_days must be at least 1", field="feedback_working_days"
            )
        for target in (*LISTS, *CLASSES):
            self._by_target[target] = tuple(m for m in self.measures if m.target == target)

    def for_target(self, target: str) -> tuple[Measure, ...]:
        return self._by_target.get(target, ())

    def find(self, measure_id: str) -> Measure | None:
        for m in self.measures:
            if m.measure_id == measure_id:
                return m
        return None

    def agencies(self) -> list[str]:
        return sorted({m.agency for m in self.measures})


def _text(raw: dict[str, Any], key: str, where: str, limit: int = 2000) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise InvalidInputError(f"{where}: {key} is required text", field=f"measures.{key}")
    return value.strip()


def parse_measure(raw: Any, index: int) -> Measure:
    """One measure row, validated; errors name the field as `measures.<key>`."""
    where = f"measure #{index + 1}"
    if not isinstance(raw, dict):
        raise InvalidInputError(f"{where}: expected a mapping", field="measures")
    known = {
        "measure_id",
        "list",
        "class",
        "agency",
        "matter",
        "stage",
        "action",
        "legal_basis",
        "duration",
        "regions",
    }
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InvalidInputError(
            f"{where}: unknown key {unknown[0]!r}", field=f"measures.{unknown[0]}"
        )
    measure_id = _text(raw, "measure_id", where, 64)
    where = f"measure {measure_id!r}"
    list_name, grade_class = raw.get("list"), raw.get("class")
    if (list_name is None) == (grade_class is None):
        raise InvalidInputError(
            f"{where}: give exactly one of list and class", field="measures.list"
        )
    if list_name is not None and list_name not in LISTS:
        raise InvalidInputError(f"{where}: list must be one of {', '.join(LISTS)}", "measures.list")
    if grade_class is not None and grade_class not in CLASSES:
        raise InvalidInputError(
            f"{where}: class must be one of {', '.join(CLASSES)}", "measures.class"
        )
    matter = raw.get("matter")
    if matter not in MATTERS:
        raise InvalidInputError(
            f"{where}: matter must be one of {', '.join(MATTERS)}", "measures.matter"
        )
    stage = raw.get("stage")
    if stage not in STAGES:
        raise InvalidInputError(
            f"{where}: stage must be one of {', '.join(STAGES)}", "measures.stage"
        )
    regions = raw.get("regions") or []
    if not isinstance(regions, list) or not all(
        isinstance(r, str) and len(r) == 2 and r.isdigit() for r in regions
    ):
        raise InvalidInputError(
            f"{where}: regions are two-digit province codes", "measures.regions"
        )
    return Measure(
        measure_id=measure_id,
        regions=tuple(regions),
        agency=_text(raw, "agency", where, 200),
        matter=matter,
        stage=stage,
        action=_text(raw, "action", where),
        legal_basis=_text(raw, "legal_basis", where),
        duration=_text(raw, "duration", where, 200),
        list=list_name,
        grade_class=grade_class,
    )


def build_catalogue(
    version: str,
    effective_from: date,
    measures: Iterable[Any],
    feedback_working_days: int = 10,
) -> MeasureCatalogue:
    rows = list(measures)
    if not rows:
        raise InvalidInputError("a catalogue needs at least one measure", field="measures")
    if not version or len(version) > 32:
        raise InvalidInputError("version: 1 to 32 characters", field="version")
    parsed = tuple(parse_measure(raw, i) for i, raw in enumerate(rows))
    return MeasureCatalogue(version, effective_from, parsed, feedback_working_days)
