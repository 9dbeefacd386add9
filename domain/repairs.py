"""Credit repair (信用修复) and temporary shielding (暂时屏蔽) in a subject's file.

A repair is a `Repair` in `self.repairs` keyed by repair_id. Approval's effects (publicity
ends, listings lifted) are further events of the same save.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.errors import ConflictError, DomainError, NotFoundError, RecordRevokedError
from domain.records import case_target


class UnknownRepairError(NotFoundError):
    pass


class RepairOpenError(ConflictError):
    """One repair in progress per record (or listing)."""


class RepairStateError(ConflictError):
    pass


class PublicityAlreadyEndedError(ConflictError):
    pass


class RepairIneligibleError(DomainError):
    """Some conditions of repair are unmet; `conditions` lists every (condition, message)."""

    def __init__(self, conditions: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(m for _, m in conditions), field=conditions[0][0])
        self.conditions = conditions


@dataclass(frozen=True, kw_only=True)
class Repair:
    repair_id: str
    record_id: str | None
    listing_id: str | None
    commitment_id: str
    evidence: list[dict[str, Any]]
    accept_by: str
    decide_by: str | None = None
    reviewer_unit: str | None
    procedures_version: str
    requested_on: str
    status: str = "requested"  # requested | accepted | approved | rejected
    extensions: int = 0
    reasons: str | None = None
    decided_by: str | None = None
    escalated_for: list[str] = field(default_factory=list)  # due dates already escalated


@dataclass(frozen=True)
class RepairRule:
    """What the rules in force say about repairing one record."""

    needs_min_period: bool
    non_repairable: str | None  # the rule's reason, when a rule forbids repair


def repair_conditions(
    records: list[dict[str, Any]],
    rules: dict[str, RepairRule],
    commitment: str,
    evidence: list[dict[str, Any]],
    today: date,
) -> list[tuple[str, str]]:
    """Every unmet condition of repair (NDRC Order 36), named, with the date it will be met."""
    unmet: list[tuple[str, str]] = []
    for record in records:
        rid = record["record_id"]
        rule = rules[rid]
        if rule.non_repairable:
            unmet.append(("repairable", f"record {rid} cannot be repaired: {rule.non_repairable}"))
        min_until = date.fromisoformat(record["min_until"])
        if rule.needs_min_period and today <= min_until:
            ready = (min_until + timedelta(days=1)).isoformat()
            unmet.append(
                (
                    "min_period",
                    f"the minimum publicity period of record {rid} runs to {min_until.isoformat()};"
                    f" repair can be requested from {ready}",
                )
            )
    if not evidence:
        unmet.append(
            (
                "evidence",
                "evidence that every obligation was performed is required (fine paid, "
                "rectification done)",
            )
        )
    if not commitment.strip():
        unmet.append(("commitment", "a public credit commitment (信用承诺) is required"))
    return unmet


class Repairs(SubjectPart):
    if TYPE_CHECKING:
        records: dict[str, dict[str, Any]]
        listings: dict[str, dict[str, Any]]
        repairs: dict[str, Repair]

    def repair(self, repair_id: str) -> Repair:
        try:
            return self.repairs[repair_id]
        except KeyError:
            raise UnknownRepairError(f"no repair {repair_id}", "repair_id") from None

    def repair_targets(self, record_id: str | None, listing_id: str | None) -> list[dict[str, Any]]:
        """The records a repair concerns: the record, or the basis records of the listing."""
        record, listing = case_target(
            self.records, self.listings, record_id, listing_id, DomainError
        )
        if record is not None:
            if record["publicity_ended"] is not None:
                raise PublicityAlreadyEndedError(
                    f"publicity of record {record_id} already ended "
                    f"({record['publicity_ended']['reason']})",
                    "record_id",
                )
            return [record]
        assert listing is not None
        if listing["status"] != "listed":
            raise RepairStateError(f"listing {listing_id} is {listing['status']}", "listing_id")
        return [self.records[rid] for rid in listing["basis_record_ids"] if rid in self.records]

    def request_repair(
        self,
        repair_id: str,
        record_id: str | None,
        listing_id: str | None,
        commitment_id: str,
        commitment: str,
        evidence: list[dict[str, Any]],
        accept_by: str,
        reviewer_unit: str | None,
        procedures_version: str,
        rules: dict[str, RepairRule],
        today: date,
    ) -> None:
        if repair_id in self.repairs:
            return
        self.check_repair(record_id, listing_id, commitment, evidence, rules, today)
        self._repair_requested(
            repair_id=repair_id,
            record_id=record_id,
            listing_id=listing_id,
            commitment_id=commitment_id,
            evidence=list(evidence),
            accept_by=accept_by,
            reviewer_unit=reviewer_unit,
            procedures_version=procedures_version,
            requested_on=today.isoformat(),
        )

    def check_repair(
        self,
        record_id: str | None,
        listing_id: str | None,
        commitment: str,
        evidence: list[dict[str, Any]],
        rules: dict[str, RepairRule],
        today: date,
    ) -> None:
        """Raises unless a repair of this record (or listing) may be requested today."""
        targets = self.repair_targets(record_id, listing_id)
        for item in self.repairs.values():
            if item.status in ("requested", "accepted") and (
                item.record_id == record_id and item.listing_id == listing_id
            ):
                raise RepairOpenError(
                    f"repair {item.repair_id} is in progress",
                    "record_id" if record_id else "listing_id",
                )
        unmet = repair_conditions(targets, rules, commitment, evidence, today)
        if unmet:
            raise RepairIneligibleError(unmet)

    @event("RepairRequested")
    def _repair_requested(
        self,
        repair_id: str,
        record_id: str | None,
        listing_id: str | None,
        commitment_id: str,
        evidence: list[dict[str, Any]],
        accept_by: str,
        reviewer_unit: str | None,
        procedures_version: str,
        requested_on: str,
    ) -> None:
        self.repairs[repair_id] = Repair(
            repair_id=repair_id,
            record_id=record_id,
            listing_id=listing_id,
            commitment_id=commitment_id,
            evidence=evidence,
            accept_by=accept_by,
            reviewer_unit=reviewer_unit,
            procedures_version=procedures_version,
            requested_on=requested_on,
        )

    def _require(self, repair_id: str, *statuses: str) -> Repair:
        item = self.repair(repair_id)
        if item.status not in statuses:
            raise RepairStateError(f"repair {repair_id} is {item.status}", "action")
        return item

    def accept_repair(self, repair_id: str, decide_by: str, by: str) -> None:
        self._require(repair_id, "requested")
        self._repair_accepted(repair_id=repair_id, decide_by=decide_by, by=by)

    @event("RepairAccepted")
    def _repair_accepted(self, repair_id: str, decide_by: str, by: str) -> None:
        item = self.repairs[repair_id]
        self.repairs[repair_id] = replace(item, status="accepted", decide_by=decide_by)

    def extend_repair(
        self, repair_id: str, decide_by: str, allowed: int, reasons: str, by: str
    ) -> None:
        item = self._require(repair_id, "accepted")
        if item.extensions >= allowed:
            raise RepairStateError(
                f"repair {repair_id} was already extended {item.extensions} time(s)", "action"
            )
        self._repair_extended(repair_id=repair_id, decide_by=decide_by, reasons=reasons, by=by)

    @event("RepairExtended")
    def _repair_extended(self, repair_id: str, decide_by: str, reasons: str, by: str) -> None:
        item = self.repairs[repair_id]
        self.repairs[repair_id] = replace(item, decide_by=decide_by, extensions=item.extensions + 1)

    def decide_repair(self, repair_id: str, outcome: str, reasons: str, by: str) -> None:
        """Approve an accepted repair, or reject it at acceptance or after."""
        if outcome == "approved":
            self._require(repair_id, "accepted")
        elif outcome == "rejected":
            self._require(repair_id, "requested", "accepted")
            if not reasons.strip():
                raise DomainError("a rejection needs reasons", "reasons")
        else:
            raise DomainError("outcome must be approved or rejected", "action")
        self._repair_decided(repair_id=repair_id, outcome=outcome, reasons=reasons, by=by)

    @event("RepairDecided")
    def _repair_decided(self, repair_id: str, outcome: str, reasons: str, by: str) -> None:
        item = self.repairs[repair_id]
        self.repairs[repair_id] = replace(item, status=outcome, reasons=reasons, decided_by=by)

    # -- bankruptcy restructuring -------------------------------------------------------------

    def shield_record(
        self, record_id: str, statement: str, court_decision_no: str, by: str
    ) -> None:
        """Temporary shielding under a court-approved restructuring plan; publicity then ends."""
        record = self.records.get(record_id)
        if record is None:
            raise NotFoundError(f"no record {record_id}", "record_id")
        if record["status"] == "revoked":
            raise RecordRevokedError(f"record {record_id} is revoked", "record_id")
        if record["publicity_ended"] is not None:
            raise PublicityAlreadyEndedError(f"publicity of {record_id} already ended", "record_id")
        if not statement.strip():
            raise DomainError("a statement is required", "statement")
        if not court_decision_no.strip():
            raise DomainError("the court's decision number is required", "court_decision_no")
        self._record_shielded(
            record_id=record_id, statement=statement, court_decision_no=court_decision_no, by=by
        )

    @event("RecordShielded")
    def _record_shielded(
        self, record_id: str, statement: str, court_decision_no: str, by: str
    ) -> None:
        self.records[record_id]["shielded"] = {
            "statement": statement,
            "court_decision_no": court_decision_no,
        }
