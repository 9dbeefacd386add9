"""Objections (异议) against a record or a listing, and the review procedure shared with repairs.

An objection is an `Objection` in `self.objections` keyed by objection_id. While open, its
record (or listing) carries `objection_mark` {"objection_id", "since"}; a listing
proposal inside its advance-notice window is held (`held_by`) until the objection is decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.errors import ConflictError, DomainError, NotFoundError
from domain.records import case_target
from domain.repairs import Repair

GROUNDS = (
    "error",
    "incomplete",
    "duplicate",
    "not_public",
    "past_period",
    "mismatch",
    "secret_or_privacy",
)
OUTCOMES = ("upheld", "rejected")
CASE_KINDS = ("objection", "repair")


class UnknownObjectionError(NotFoundError):
    pass


class ObjectionOpenError(ConflictError):
    """One open objection per record (or listing)."""


class NoNewEvidenceError(DomainError):
    """A decided objection is filed again only with evidence not seen before."""


class ObjectionDecidedError(ConflictError):
    pass


class ObjectionTargetError(DomainError):
    pass


@dataclass(frozen=True, kw_only=True)
class Objection:
    objection_id: str
    record_id: str | None
    listing_id: str | None
    grounds: str
    statement: str
    evidence: list[dict[str, Any]]
    due_by: str
    filed_at: str
    reviewer_unit: str | None
    procedures_version: str
    holds: list[str]  # the listing proposals it holds
    status: str = "open"  # open | upheld | rejected
    reasons: str | None = None
    decided_by: str | None = None
    escalated_for: list[str] = field(default_factory=list)  # due dates already escalated


def evidence_hashes(evidence: list[dict[str, Any]]) -> set[str]:
    return {str(item["sha256"]) for item in evidence if item.get("sha256")}


class Objections(SubjectPart):
    if TYPE_CHECKING:
        records: dict[str, dict[str, Any]]
        listings: dict[str, dict[str, Any]]
        objections: dict[str, Objection]
        repairs: dict[str, Repair]
        reminders: dict[str, str]

    def objection(self, objection_id: str) -> Objection:
        try:
            return self.objections[objection_id]
        except KeyError:
            raise UnknownObjectionError(f"no objection {objection_id}", "objection_id") from None

    def open_objection_on(self, record_id: str | None, listing_id: str | None) -> str | None:
        for item in self.objections.values():
            if (
                item.status == "open"
                and item.record_id == record_id
                and item.listing_id == listing_id
            ):
                return item.objection_id
        return None

    def objection_marks(self) -> list[dict[str, Any]]:
        """The marks (异议标注) of every open objection, as checks and files show them."""
        return [
            {
                "record_id": item.record_id,
                "listing_id": item.listing_id,
                "objection_id": item.objection_id,
                "since": item.filed_at,
            }
            for item in self.objections.values()
            if item.status == "open"
        ]

    def check_objection_target(self, record_id: str | None, listing_id: str | None) -> None:
        _, listing = case_target(
            self.records, self.listings, record_id, listing_id, ObjectionTargetError
        )
        if listing is not None and listing["status"] not in ("proposed", "listed"):
            raise ObjectionTargetError(f"listing {listing_id} is {listing['status']}", "listing_id")

    def listings_to_hold(
        self, record_id: str | None, listing_id: str | None, today: date
    ) -> list[str]:
        """Proposals still inside their advance-notice window that this objection concerns."""
        held = []
        for item in self.listings.values():
            if item["status"] != "proposed" or item["held_by"]:
                continue
            if today > date.fromisoformat(item["objection_deadline"]):
                continue
            if item["listing_id"] == listing_id or (
                record_id is not None and record_id in item["basis_record_ids"]
            ):
                held.append(str(item["listing_id"]))
        return held

    def file_objection(
        self,
        objection_id: str,
        record_id: str | None,
        listing_id: str | None,
        grounds: str,
        statement: str,
        evidence: list[dict[str, Any]],
        due_by: str,
        filed_at: str,
        reviewer_unit: str | None,
        procedures_version: str,
        today: date,
    ) -> None:
        if objection_id in self.objections:
            return
        self.check_objection_target(record_id, listing_id)
        if grounds not in GROUNDS:
            raise DomainError(f"grounds must be one of {', '.join(GROUNDS)}", "grounds")
        if not statement.strip():
            raise DomainError("a statement is required", "statement")
        open_id = self.open_objection_on(record_id, listing_id)
        if open_id:
            raise ObjectionOpenError(
                f"objection {open_id} on this {'record' if record_id else 'listing'} is open",
                "record_id" if record_id else "listing_id",
            )
        seen: set[str] = set()
        decided_before = False
        for item in self.objections.values():
            if item.record_id == record_id and item.listing_id == listing_id:
                decided_before = True
                seen |= evidence_hashes(item.evidence)
        if decided_before and not (evidence_hashes(evidence) - seen):
            raise NoNewEvidenceError(
                "this was decided before: file again only with new evidence", "evidence"
            )
        self._objection_filed(
            objection_id=objection_id,
            record_id=record_id,
            listing_id=listing_id,
            grounds=grounds,
            statement=statement,
            evidence=list(evidence),
            due_by=due_by,
            filed_at=filed_at,
            reviewer_unit=reviewer_unit,
            procedures_version=procedures_version,
            holds=self.listings_to_hold(record_id, listing_id, today),
        )

    @event("ObjectionFiled")
    def _objection_filed(
        self,
        objection_id: str,
        record_id: str | None,
        listing_id: str | None,
        grounds: str,
        statement: str,
        evidence: list[dict[str, Any]],
        due_by: str,
        filed_at: str,
        reviewer_unit: str | None,
        procedures_version: str,
        holds: list[str],
    ) -> None:
        self.objections[objection_id] = Objection(
            objection_id=objection_id,
            record_id=record_id,
            listing_id=listing_id,
            grounds=grounds,
            statement=statement,
            evidence=evidence,
            due_by=due_by,
            filed_at=filed_at,
            reviewer_unit=reviewer_unit,
            procedures_version=procedures_version,
            holds=list(holds),
        )
        mark = {"objection_id": objection_id, "since": filed_at}
        if record_id is not None:
            self.records[record_id]["objection_mark"] = mark
        if listing_id is not None:
            self.listings[listing_id]["objection_mark"] = mark
        for held in holds:
            self.listings[held]["held_by"] = objection_id

    def resolve_objection(self, objection_id: str, outcome: str, reasons: str, by: str) -> None:
        item = self.objection(objection_id)
        if item.status != "open":
            raise ObjectionDecidedError(f"objection {objection_id} is {item.status}", "outcome")
        if outcome not in OUTCOMES:
            raise DomainError(f"outcome must be one of {', '.join(OUTCOMES)}", "outcome")
        if not reasons.strip():
            raise DomainError("the decision needs reasons", "reasons")
        self._objection_resolved(objection_id=objection_id, outcome=outcome, reasons=reasons, by=by)

    @event("ObjectionResolved")
    def _objection_resolved(self, objection_id: str, outcome: str, reasons: str, by: str) -> None:
        item = self.objections[objection_id]
        self.objections[objection_id] = replace(
            item, status=outcome, reasons=reasons, decided_by=by
        )
        if item.record_id is not None:
            self.records[item.record_id]["objection_mark"] = None
        if item.listing_id is not None:
            self.listings[item.listing_id]["objection_mark"] = None
        for held in item.holds:
            if self.listings[held]["held_by"] == objection_id:
                self.listings[held]["held_by"] = None

    # -- the review procedure, shared by objections and repairs ------------------------------

    def case(self, case_kind: str, case_id: str) -> Objection | Repair:
        cases: dict[str, Objection] | dict[str, Repair]
        cases = self.objections if case_kind == "objection" else self.repairs
        try:
            return cases[case_id]
        except KeyError:
            raise NotFoundError(f"no {case_kind} {case_id}", "case_id") from None

    @staticmethod
    def case_deadline(item: Objection | Repair) -> str | None:
        """The date the current stage must be decided by, or None when nothing is pending."""
        if isinstance(item, Objection):
            return item.due_by if item.status == "open" else None
        if item.status == "requested":
            return item.accept_by
        if item.status == "accepted":
            return str(item.decide_by)
        return None

    def escalate_review(self, case_kind: str, case_id: str, today: date) -> bool:
        """Record once per deadline that a review is overdue; True when it was recorded now."""
        if case_kind not in CASE_KINDS:
            raise DomainError(f"case_kind must be one of {', '.join(CASE_KINDS)}", "case_kind")
        item = self.case(case_kind, case_id)
        due = self.case_deadline(item)
        if due is None or today <= date.fromisoformat(due) or due in item.escalated_for:
            return False
        self._review_escalated(
            case_kind=case_kind,
            case_id=case_id,
            stage=item.status,
            due_by=due,
            unit=item.reviewer_unit,
        )
        return True

    @event("ReviewEscalated")
    def _review_escalated(
        self, case_kind: str, case_id: str, stage: str, due_by: str, unit: str | None
    ) -> None:
        if case_kind == "objection":
            item = self.objections[case_id]
            self.objections[case_id] = replace(item, escalated_for=[*item.escalated_for, due_by])
        else:
            repair = self.repairs[case_id]
            self.repairs[case_id] = replace(repair, escalated_for=[*repair.escalated_for, due_by])

    def remind(self, topic: str, ref_id: str, deadline: str) -> bool:
        """Tell the subject once that a deadline of its own approaches (an objection window)."""
        key = f"{topic}:{ref_id}:{deadline}"
        if key in self.reminders:
            return False
        self._reminder_sent(topic=topic, ref_id=ref_id, deadline=deadline)
        return True

    @event("ReminderSent")
    def _reminder_sent(self, topic: str, ref_id: str, deadline: str) -> None:
        self.reminders[f"{topic}:{ref_id}:{deadline}"] = deadline
