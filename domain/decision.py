"""What applies to a subject at an instant: one function of its file and the policy in force.

`decide(file, at, policy, agency=, matter=)` is the one answer to "what applies to this subject
now": its status (black > focus > red > clear), its class or *not yet evaluated* (with the
reason), its score, the listings in force with their term rule, the objection marks, and the
measures of the memorandum in force that apply to it for an agency and matter, regions included.
The caller folds the file up to the instant (a live file is folded up to now) and passes the
policy in force on the instant's service day; either policy document may be absent (a replay
before the first memorandum: no measures, `measures_version` None).

Every output answers through it: the check view stores `standing(file)` per subject (and the
province and targets the single check's SQL indexes), the check answer's JSON is `check_item`,
notices issue the measures `measures_for` names, replays call `decide` on the replayed file.
Time-driven changes (a listing's term ending, a class moving with the recency bands) are
recorded as events by the sweeps, so the decision reads the file as recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.measures import Measure, MeasureCatalogue
from domain.rulebook import Rulebook
from domain.vocabulary import LISTS, status_of, winning_lists

STATUS_ORDER = LISTS  # black wins over focus, focus over red; else clear
CLASSED = ("A", "D")  # the classes measures apply to
NOT_GRADED = "not yet graded"  # (short: a batch of 10,000 carries it for every new file)
OTHER_PROVINCES = "*"  # the lookup key of every province no regional measure names
LISTING_FIELDS = (
    "listing_id",
    "list",
    "since",
    "until",
    "basis_record_ids",
    "legal_basis",
    "term_rule",
)


class GradeOnFile(Protocol):
    """What the decision reads of a file's grade (domain.grades.GradeState)."""

    @property
    def grade_class(self) -> str | None: ...

    @property
    def score(self) -> float | None: ...

    @property
    def unrated_reason(self) -> str | None: ...


class ObjectionOnFile(Protocol):
    """What the decision reads of an objection (domain.objections.Objection)."""

    @property
    def objection_id(self) -> str: ...

    @property
    def record_id(self) -> str | None: ...

    @property
    def listing_id(self) -> str | None: ...

    @property
    def filed_at(self) -> str: ...

    @property
    def status(self) -> str: ...


class DecisionFile(Protocol):
    """The part of a credit file the decision reads (MarketSubject satisfies it; the check view
    keeps the same part per subject)."""

    region: str
    listings: dict[str, dict[str, Any]]

    @property
    def objections(self) -> Mapping[str, ObjectionOnFile]: ...

    @property
    def grade_state(self) -> GradeOnFile | None: ...


@dataclass(frozen=True)
class OpenObjection:
    """An open objection as a view keeps it for the decision (the check view's part)."""

    objection_id: str
    record_id: str | None
    listing_id: str | None
    filed_at: str
    status: str = "open"


@dataclass(frozen=True)
class Policy:
    """The policy in force on a day; either document may be absent."""

    rulebook: Rulebook | None = None
    measures: MeasureCatalogue | None = None


@dataclass(frozen=True)
class Standing:
    """What applies to the subject whoever asks: everything but the measures."""

    status: str
    lists: tuple[str, ...]
    grade_class: str | None
    score: float | None
    unrated_reason: str | None  # why there is no class (None once evaluated)
    listings: tuple[dict[str, Any], ...]
    marks: tuple[dict[str, Any], ...]
    region: str

    @property
    def targets(self) -> tuple[str, ...]:
        """What measures apply to: each list the subject is on, then class A or D."""
        return (*self.lists, *((self.grade_class,) if self.grade_class in CLASSED else ()))

    @property
    def province(self) -> str:
        return province_of(self.region)


@dataclass(frozen=True)
class Decision:
    standing: Standing
    at: datetime
    measures: tuple[Measure, ...]
    measures_version: str | None
    rulebook_version: str | None

    @property
    def status(self) -> str:
        return self.standing.status

    def item(self, subject: dict[str, Any], as_of: dict[str, Any]) -> dict[str, Any]:
        """The check answer's item for this decision (see `check_item`)."""
        s = self.standing
        return check_item(
            subject=subject,
            status=s.status,
            grade_class=s.grade_class,
            score=s.score,
            unrated_reason=s.unrated_reason,
            listings=list(s.listings),
            measures=[measure_shown(m) for m in self.measures],
            marks=list(s.marks),
            as_of=as_of,
        )


def province_of(region: str | None) -> str:
    """The two-digit province of an administrative division code ("" when unknown)."""
    return (region or "")[:2]


def shown_listing(item: dict[str, Any]) -> dict[str, Any]:
    """A listing in force as every answer shows it (files snapshotted before `term_rule` existed
    ran their term from the listing decision)."""
    out = {k: item.get(k) for k in LISTING_FIELDS}
    out["basis_record_ids"] = list(item.get("basis_record_ids") or ())
    out["term_rule"] = item.get("term_rule") or "from_listing"
    return out


def standing(file: DecisionFile) -> Standing:
    """Status, lists, class or unrated, listings in force and marks, from the recorded file."""
    listed = sorted(
        (i for i in file.listings.values() if i["status"] == "listed"),
        key=lambda i: (i["since"] or "", i["listing_id"]),
    )
    on = {i["list"] for i in listed}
    lists = winning_lists(on)
    state = file.grade_state
    if state is None:
        grade_class, score, reason = None, None, NOT_GRADED
    elif state.grade_class is None:
        grade_class, score, reason = None, None, state.unrated_reason or NOT_GRADED
    else:
        score = float(state.score) if state.score is not None else None  # given with a class
        grade_class, reason = state.grade_class, None
    marks = sorted(
        (
            {
                "objection_id": o.objection_id,
                "record_id": o.record_id,
                "listing_id": o.listing_id,
                "since": o.filed_at,
            }
            for o in file.objections.values()
            if o.status == "open"
        ),
        key=lambda m: (m["since"], m["objection_id"]),
    )
    return Standing(
        status=status_of(lists),
        lists=lists,
        grade_class=grade_class,
        score=score,
        unrated_reason=reason,
        listings=tuple(shown_listing(i) for i in listed),
        marks=tuple(marks),
        region=file.region or "",
    )


def measures_for(
    catalogue: MeasureCatalogue | None,
    targets: Iterable[str],
    region: str | None,
    agency: str | None = None,
    matter: str | None = None,
) -> tuple[Measure, ...]:
    """The measures that apply for these targets (lists, class) to a subject of `region`:
    a regional regulator's measure only in its provinces. `agency` None: every agency's;
    `matter` None: every matter. In target order, then the catalogue's."""
    if catalogue is None:
        return ()
    return tuple(
        m
        for target in targets
        for m in catalogue.for_target(target)
        if m.covers(region)
        and (agency is None or m.agency == agency)
        and (matter is None or m.matter == matter)
    )


def measures_by_agency(
    catalogue: MeasureCatalogue, target: str, region: str | None
) -> dict[str, list[Measure]]:
    """`measures_for` one target and every agency, grouped by agency (one notice each)."""
    out: dict[str, list[Measure]] = {}
    for m in measures_for(catalogue, (target,), region):
        out.setdefault(m.agency, []).append(m)
    return out


def decide(
    file: DecisionFile,
    at: datetime,
    policy: Policy,
    agency: str | None = None,
    matter: str | None = None,
) -> Decision:
    """What applies to the subject at `at` (its file folded up to then, the policy in force on
    that service day), with the measures for `agency` and `matter` (None: all)."""
    s = standing(file)
    catalogue = policy.measures
    return Decision(
        standing=s,
        at=at,
        measures=measures_for(catalogue, s.targets, s.region, agency, matter),
        measures_version=catalogue.version if catalogue is not None else None,
        rulebook_version=policy.rulebook.version if policy.rulebook is not None else None,
    )


def measure_lookup(
    catalogue: MeasureCatalogue | None, agency: str | None, matter: str | None
) -> dict[str, list[str]]:
    """`measures_for` as a map the single check's SQL only indexes: "target|province" → measure
    ids, for every target and every province a regional measure names, and "target|*" for the
    other provinces. `lookup_ids` reads it as the SQL does."""
    if catalogue is None:
        return {}
    provinces = sorted({p for m in catalogue.measures for p in m.regions})
    out: dict[str, list[str]] = {}
    for target in (*STATUS_ORDER, *CLASSED):
        for province in (*provinces, OTHER_PROVINCES):
            region = None if province == OTHER_PROVINCES else province
            out[f"{target}|{province}"] = [
                m.measure_id for m in measures_for(catalogue, (target,), region, agency, matter)
            ]
    return out


def lookup_ids(lookup: dict[str, list[str]], targets: Sequence[str], province: str) -> list[str]:
    """The measure ids `measure_lookup` gives for these targets and province."""
    out: list[str] = []
    for target in targets:
        found = lookup.get(f"{target}|{province}")
        if found is None:
            found = lookup.get(f"{target}|{OTHER_PROVINCES}", [])
        out.extend(found)
    return out


def measure_shown(m: Measure) -> dict[str, Any]:
    """A measure as a check answer shows it (its regions are in `GET /v1/measures`: the ones
    shown are those that apply to the subject's region)."""
    return {
        "measure_id": m.measure_id,
        "list": m.list,
        "class": m.grade_class,
        "agency": m.agency,
        "matter": m.matter,
        "stage": m.stage,
        "action": m.action,
        "legal_basis": m.legal_basis,
        "duration": m.duration,
    }


def check_item(
    *,
    subject: dict[str, Any],
    status: str,
    grade_class: str | None,
    score: float | None,
    unrated_reason: str | None,
    listings: Any,
    measures: Any,
    marks: Any,
    as_of: dict[str, Any],
) -> dict[str, Any]:
    """The one shape of a check answer's item (API.md "Agencies"): the single check, each
    result of a batch, and the model's expectation from `decide` build it here. (Which
    memorandum version named the measures is in as-of replays; a check answers under the one in
    force, `GET /v1/measures`.)"""
    return {
        "subject": subject,
        "status": status,
        "class": grade_class,
        "score": score,
        "unrated_reason": unrated_reason,
        "listings": listings,
        "measures": measures,
        "objection_marks": marks,
        "as_of": as_of,
    }
