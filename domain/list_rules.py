"""Which listings the rulebook calls for: black, focus and red triggers, and focus escalation.

Pure functions of a subject's file, a day and the rulebook; the application turns their answers
into commands (ListingProposed, Listed, Delisted). Listing ids are derived from the subject and
the trigger, so a replayed or repeated evaluation proposes nothing twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.calendar import WorkingCalendar
from domain.grading import CreditFile, Grade, counts, whole_months
from domain.rulebook import Rulebook
from domain.time import service_day

LISTING_NAMESPACE = uuid.UUID("0b7f6f52-1d9c-4c5e-8f0a-6c3a2e9d4b10")


def listing_id_for(subject_id: str, key: str) -> str:
    return str(uuid.uuid5(LISTING_NAMESPACE, f"{subject_id}:{key}"))


@dataclass(frozen=True)
class Proposal:
    listing_id: str
    list_name: str
    rule_id: str
    reasons: list[str]
    basis_record_ids: list[str]
    legal_basis: str
    removal_conditions: list[str]


def day_of(instant: str) -> date:
    return service_day(datetime.fromisoformat(instant))


def _open(file: CreditFile, list_name: str) -> list[dict[str, Any]]:
    return [
        item
        for item in file.listings.values()
        if item["list"] == list_name and item["status"] in ("proposed", "listed")
    ]


def _black(file: CreditFile, subject_id: str, on: date, rb: Rulebook) -> list[Proposal]:
    out: list[Proposal] = []
    for record in sorted(file.records.values(), key=lambda r: r["record_id"]):
        if record["polarity"] != "negative" or not counts(record, on):
            continue
        for rule in rb.lists.black_rules:
            if record["catalogue_code"] not in rule.codes:
                continue
            if rule.tier is not None and record["tier"] != rule.tier:
                continue
            listing_id = listing_id_for(subject_id, f"{rule.rule_id}:{record['record_id']}")
            if listing_id in file.listings:
                break
            basis = record.get("legal_basis") or ""
            out.append(
                Proposal(
                    listing_id=listing_id,
                    list_name="black",
                    rule_id=rule.rule_id,
                    reasons=[
                        f"record {record['record_id']} ({record['catalogue_code']}, "
                        f"tier {record['tier']}, decision {record.get('decision_no') or '-'} "
                        f"of {record['decided_on']}) meets rule {rule.rule_id}"
                    ],
                    basis_record_ids=[record["record_id"]],
                    legal_basis="; ".join(x for x in (rb.lists.black.legal_basis, basis) if x),
                    removal_conditions=list(rb.lists.black.removal_conditions),
                )
            )
            break
    return out


def _focus(file: CreditFile, subject_id: str, on: date, rb: Rulebook) -> list[Proposal]:
    if _open(file, "focus") or _open(file, "black"):
        return []
    rules = rb.lists
    recent = sorted(
        r["record_id"]
        for r in file.records.values()
        if r["polarity"] == "negative"
        and r["tier"] == "general"
        and counts(r, on)
        and whole_months(date.fromisoformat(r["decided_on"]), on) < rules.focus_window_months
    )
    if len(recent) >= rules.focus_general_count:
        listing_id = listing_id_for(subject_id, "focus.general_count:" + ",".join(recent))
        if listing_id not in file.listings:
            return [
                Proposal(
                    listing_id=listing_id,
                    list_name="focus",
                    rule_id="focus.general_count",
                    reasons=[
                        f"{len(recent)} general-tier negative records within "
                        f"{rules.focus_window_months} months (rule: {rules.focus_general_count})"
                    ],
                    basis_record_ids=recent,
                    legal_basis=rules.focus.legal_basis,
                    removal_conditions=list(rules.focus.removal_conditions),
                )
            ]
    if not rules.focus_on_commitment_breach:
        return []
    for item in sorted(file.commitments.values(), key=lambda c: c.commitment_id):
        breach = file.records.get(item.breached_by or "")
        if item.status != "breached" or breach is None or not counts(breach, on):
            continue
        listing_id = listing_id_for(subject_id, f"focus.commitment_breach:{item.commitment_id}")
        if listing_id in file.listings:
            continue
        return [
            Proposal(
                listing_id=listing_id,
                list_name="focus",
                rule_id="focus.commitment_breach",
                reasons=[
                    f"credit commitment {item.commitment_id} breached "
                    f"(record {breach['record_id']})"
                ],
                basis_record_ids=[breach["record_id"]],
                legal_basis=rules.focus.legal_basis,
                removal_conditions=list(rules.focus.removal_conditions),
            )
        ]
    return []


def red_eligible(file: CreditFile, registered_on: date, on: date, rb: Rulebook, g: Grade) -> bool:
    """Class A, no negative record within the clean period, a file at least that old, and no
    delisting from the black or focus list within the rulebook's look-back (repaired or not)."""
    if whole_months(registered_on, on) < rb.lists.red_clean_months:
        return False
    if recently_delisted(file, on, rb) is not None:
        return False
    return red_kept(file, on, rb, g)


def recently_delisted(file: CreditFile, on: date, rb: Rulebook) -> dict[str, Any] | None:
    """A black or focus listing that ended within its list's red look-back before `on`."""
    lookback = rb.lists.red_lookback_months
    for item in sorted(file.listings.values(), key=lambda i: i["listing_id"]):
        ended = item.get("ended") or {}
        if item["list"] not in lookback or item["status"] != "delisted" or not ended.get("on"):
            continue
        if whole_months(date.fromisoformat(ended["on"]), on) < lookback[item["list"]]:
            return item
    return None


def red_kept(file: CreditFile, on: date, rb: Rulebook, g: Grade) -> bool:
    """A red listing stays while its removal conditions are unmet: still class A, on no black or
    focus list, no negative record within the clean period. (The file's age is a condition to
    enter the list, not a removal condition.)"""
    clean = rb.lists.red_clean_months
    if g.grade_class != "A":
        return False
    if _open(file, "black") or _open(file, "focus"):
        return False
    return not any(
        r["polarity"] == "negative"
        and r["status"] == "active"
        and whole_months(date.fromisoformat(r["decided_on"]), on) < clean
        for r in file.records.values()
    )


def _red(
    file: CreditFile, subject_id: str, registered_on: date, on: date, rb: Rulebook, g: Grade
) -> list[Proposal]:
    if _open(file, "red") or not red_eligible(file, registered_on, on, rb, g):
        return []
    n = sum(1 for item in file.listings.values() if item["list"] == "red")
    return [
        Proposal(
            listing_id=listing_id_for(subject_id, f"red.clean_class_a:{n}"),
            list_name="red",
            rule_id="red.clean_class_a",
            reasons=[f"class A and no negative record for {rb.lists.red_clean_months} months"],
            basis_record_ids=[],
            legal_basis=rb.lists.red.legal_basis,
            removal_conditions=list(rb.lists.red.removal_conditions),
        )
    ]


def proposals(
    file: CreditFile, subject_id: str, registered_on: date, on: date, rb: Rulebook, g: Grade
) -> list[Proposal]:
    return [
        *_black(file, subject_id, on, rb),
        *_focus(file, subject_id, on, rb),
        *_red(file, subject_id, registered_on, on, rb, g),
    ]


def rectify_by(
    listing: dict[str, Any], file: CreditFile, rb: Rulebook, calendar: WorkingCalendar
) -> date:
    """A focus listing's rectification deadline: the latest `content.rectify_by` of its basis
    records, else `focus_rectify_months` (3 by default) from the day it was listed."""
    stated = [
        date.fromisoformat(str(file.records[rid]["content"]["rectify_by"]))
        for rid in listing["basis_record_ids"]
        if rid in file.records and (file.records[rid].get("content") or {}).get("rectify_by")
    ]
    if stated:
        return max(stated)
    return calendar.period_last_day(day_of(listing["since"]), months=rb.lists.focus_rectify_months)


def replacement_of(file: CreditFile, listing_id: str) -> dict[str, Any] | None:
    """The open proposal that replaces a listing (an escalation to the black list), if any."""
    for item in file.listings.values():
        if item.get("replaces") == listing_id and item["status"] == "proposed":
            return item
    return None


def escalation(
    file: CreditFile, on: date, rb: Rulebook, calendar: WorkingCalendar
) -> tuple[dict[str, Any], str] | None:
    """A listed focus listing that must move to the black list, and why; None when none (or
    when its escalation is already proposed, or was proposed and cancelled)."""
    escalated = {i.get("replaces") for i in file.listings.values() if i.get("replaces")}
    listed = sorted(
        (
            i
            for i in file.listings.values()
            if i["list"] == "focus" and i["status"] == "listed" and i["listing_id"] not in escalated
        ),
        key=lambda i: i["since"],
    )
    rules = rb.lists
    for item in listed:
        deadline = rectify_by(item, file, rb, calendar)
        if on > deadline:
            return item, f"not rectified by {deadline.isoformat()}"
    recent = [
        i
        for i in file.listings.values()
        if i["list"] == "focus"
        and i["since"] is not None
        and whole_months(day_of(i["since"]), on) < rules.escalate_window_months
    ]
    if listed and len(recent) >= rules.escalate_after_listings:
        return listed[-1], (
            f"focus-listed {len(recent)} times within {rules.escalate_window_months} months"
        )
    return None
