"""The grade: one pure function of a subject's file at an instant and the rulebook in force.

The same function serves the live policy (after each subject event and in the daily sweep), the
as-of replay of an auditor and the what-if run of a draft rulebook. Its explanation names every
record, commitment and listing that contributed, and the rule that made it count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from domain.commitments import Commitment
from domain.rulebook import Rulebook
from domain.time import service_day


class CreditFile(Protocol):
    """What grading reads of a subject's file (the MarketSubject aggregate satisfies it)."""

    sectors: list[str]
    records: dict[str, dict[str, Any]]
    listings: dict[str, dict[str, Any]]
    commitments: dict[str, Commitment]


@dataclass(frozen=True)
class Grade:
    score: float
    grade_class: str | None  # None: not yet evaluated (see `unrated_reason`)
    rulebook_version: str
    explanation: list[dict[str, Any]]
    unrated_reason: str | None = None


def whole_months(earlier: date, later: date) -> int:
    """Completed months from `earlier` to `later` (0 when `later` is not after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def counts(record: dict[str, Any], on: date) -> bool:
    """A record weighs in the grade while it is active, in effect and decided by `on`."""
    return (
        record["status"] == "active"
        and record["publicity_ended"] is None
        and date.fromisoformat(record["decided_on"]) <= on
    )


def source_of(record: dict[str, Any], rulebook: Rulebook) -> tuple[str, float]:
    name = record.get("source_unit") or ""
    for rule in rulebook.negative.sources:
        if not rule.match or any(m in name for m in rule.match):
            return rule.source, rule.factor
    return "other", 1.0  # unreachable: the rulebook's last source rule matches everything


def recency_factor(decided_on: date, on: date, rulebook: Rulebook) -> tuple[int, float]:
    age = whole_months(decided_on, on)
    for band in rulebook.negative.recency:
        if age < band.within_months:
            return age, band.factor
    return age, rulebook.negative.older_factor


def deduction_of(
    record: dict[str, Any], on: date, sectors: list[str], rb: Rulebook
) -> tuple[float, str]:
    """A negative record's points and their explanation (by its tier, source and decision date)."""
    base = rb.deduction(record["tier"], sectors)
    source, source_factor = source_of(record, rb)
    age, age_factor = recency_factor(date.fromisoformat(record["decided_on"]), on, rb)
    detail = (
        f"{base:g} points x source {source} {source_factor:g}"
        f" x recency {age_factor:g} (decided {age} months before {on})"
    )
    return round(base * source_factor * age_factor, 2), detail


def _negative(file: CreditFile, on: date, rb: Rulebook) -> tuple[float, list[dict[str, Any]]]:
    items: list[dict[str, Any]] = []
    total = 0.0
    # records alike in tier, source unit and decision date weigh alike: work each out once
    # (a long file has hundreds of records from a few units on a few dates)
    alike: dict[tuple[Any, Any, str], tuple[float, str]] = {}
    for record in sorted(file.records.values(), key=lambda r: (r["decided_on"], r["record_id"])):
        if record["polarity"] != "negative" or not counts(record, on):
            continue
        key = (record["tier"], record.get("source_unit"), record["decided_on"])
        found = alike.get(key)
        if found is None:
            found = alike[key] = deduction_of(record, on, file.sectors, rb)
        points, detail = found
        total += points
        items.append(
            {
                "rule": f"negative.tier.{record['tier'] or 'untiered'}",
                "record_id": record["record_id"],
                "catalogue_code": record["catalogue_code"],
                "points": -points,
                "detail": detail,
            }
        )
    for item in sorted(file.commitments.values(), key=lambda c: c.commitment_id):
        breach = file.records.get(item.breached_by or "")
        if item.status != "breached" or breach is None or not counts(breach, on):
            continue
        points = rb.negative.commitment_breached
        total += points
        items.append(
            {
                "rule": "negative.commitment_breached",
                "commitment_id": item.commitment_id,
                "record_id": breach["record_id"],
                "points": -points,
                "detail": f"credit commitment breached: {points:g} points",
            }
        )
    if total > rb.negative.cap:
        items.append(
            {
                "rule": "negative.cap",
                "points": round(total - rb.negative.cap, 2),
                "detail": f"deductions capped at {rb.negative.cap:g}",
            }
        )
        total = rb.negative.cap
    return total, items


def _positive(file: CreditFile, on: date, rb: Rulebook) -> tuple[float, list[dict[str, Any]]]:
    pm = rb.positive
    items: list[dict[str, Any]] = []
    for record in sorted(file.records.values(), key=lambda r: (r["decided_on"], r["record_id"])):
        if not counts(record, on):
            continue
        if record["catalogue_code"] in pm.honour_codes:
            items.append(
                {
                    "rule": "positive.honour",
                    "record_id": record["record_id"],
                    "points": pm.honour,
                    "detail": f"honour or reward: +{pm.honour:g}",
                }
            )
        elif (
            record["catalogue_code"] == pm.evaluation_code
            and str((record.get("content") or {}).get("result", "")) in pm.good_evaluations
        ):
            items.append(
                {
                    "rule": "positive.good_evaluation",
                    "record_id": record["record_id"],
                    "points": pm.good_evaluation,
                    "detail": f"good evaluation result: +{pm.good_evaluation:g}",
                }
            )
    for item in sorted(file.commitments.values(), key=lambda c: c.commitment_id):
        if item.kind not in pm.commitment_kinds:
            continue  # a repair commitment is a condition of the repair, not a kept commitment
        if item.status == "kept" and date.fromisoformat(item.made_on) <= on:
            items.append(
                {
                    "rule": "positive.commitment_kept",
                    "commitment_id": item.commitment_id,
                    "points": pm.commitment_kept,
                    "detail": f"credit commitment kept: +{pm.commitment_kept:g}",
                }
            )
    for listing in sorted(file.listings.values(), key=lambda x: x["listing_id"]):
        if listing["list"] == "red" and listing["status"] == "listed":
            items.append(
                {
                    "rule": "positive.red_list",
                    "listing_id": listing["listing_id"],
                    "points": pm.red_list,
                    "detail": f"on the red list: +{pm.red_list:g}",
                }
            )
    total = sum(float(i["points"]) for i in items)
    if total > pm.cap:
        items.append(
            {
                "rule": "positive.cap",
                "points": round(pm.cap - total, 2),
                "detail": f"positive module capped at {pm.cap:g}",
            }
        )
        total = pm.cap
    return total, items


def serious_dishonesty(file: CreditFile, on: date, rb: Rulebook) -> list[dict[str, Any]]:
    """Active serious-dishonesty list records and black listings: each forces class D."""
    found: list[dict[str, Any]] = []
    for listing in sorted(file.listings.values(), key=lambda x: x["listing_id"]):
        if listing["list"] == "black" and listing["status"] == "listed":
            found.append(
                {
                    "rule": "class.serious_dishonesty",
                    "listing_id": listing["listing_id"],
                    "points": 0,
                    "detail": "on the black (serious-dishonesty) list: class D",
                }
            )
    for record in sorted(file.records.values(), key=lambda r: r["record_id"]):
        if record["catalogue_code"] in rb.serious_dishonesty_codes and counts(record, on):
            found.append(
                {
                    "rule": "class.serious_dishonesty",
                    "record_id": record["record_id"],
                    "points": 0,
                    "detail": "an active serious-dishonesty list record: class D",
                }
            )
    return found


def registered_on(file: CreditFile) -> date | None:
    """The service day the file was opened (None for a file that does not say)."""
    created = getattr(file, "created_on", None)
    return service_day(created) if isinstance(created, datetime) else None


def unrated_reason(file: CreditFile, on: date, rb: Rulebook) -> str | None:
    """Why a file that would be class A is not yet evaluated (None: the evidence is there)."""
    rules = rb.evaluation
    missing: list[str] = []
    opened = registered_on(file)
    age = whole_months(opened, on) if opened is not None else 0
    if age < rules.min_file_months:  # (no age in the text: it would change every month)
        missing.append(f"the file is less than {rules.min_file_months} months old")
    held = set()
    for record in file.records.values():
        if not counts(record, on):
            continue
        if record["polarity"] == "positive":
            held.add("positive_record")
        if record["catalogue_code"] == rb.positive.evaluation_code:
            held.add("published_evaluation")
    if not held & set(rules.evidence):
        names = {
            "positive_record": "positive record",
            "published_evaluation": "published evaluation",
        }
        missing.append("it holds no " + " or ".join(names[e] for e in rules.evidence))
    if not missing:
        return None
    return "not yet evaluated: " + "; ".join(missing)


def grade(file: CreditFile, on: date, rulebook: Rulebook) -> Grade:
    """Score = base - negative (capped) + positive (capped), clamped to 0..100; class by bands.

    Class A needs evidence (the rulebook's `evaluation`): a file that would be class A without it
    is not yet evaluated (class None, with the reason). The serious-dishonesty veto gives D."""
    negative, neg_items = _negative(file, on, rulebook)
    positive, pos_items = _positive(file, on, rulebook)
    score = round(min(100.0, max(0.0, rulebook.base - negative + positive)), 2)
    explanation: list[dict[str, Any]] = [
        {"rule": "score.base", "points": rulebook.base, "detail": "base of the 100-point model"},
        *neg_items,
        *pos_items,
    ]
    grade_class = rulebook.class_of(score)
    explanation.append(
        {
            "rule": f"class.band.{grade_class}",
            "points": 0,
            "detail": rulebook.band_text(grade_class),
        }
    )
    vetoes = serious_dishonesty(file, on, rulebook)
    if vetoes:
        explanation.extend(vetoes)
        return Grade(score, "D", rulebook.version, explanation)
    if grade_class == "A":
        reason = unrated_reason(file, on, rulebook)
        if reason is not None:
            explanation.append({"rule": "class.unrated", "points": 0, "detail": reason})
            return Grade(score, None, rulebook.version, explanation, reason)
    return Grade(score, grade_class, rulebook.version, explanation)
