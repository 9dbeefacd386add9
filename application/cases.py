"""What objections and repairs share: case ids, finding a case's subject, who may review it."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from application.credit_files import CreditFiles
from application.ports import Actor
from domain.cases import CaseKey, case_key_id
from domain.errors import NotFoundError, NotPermittedError, UnknownRecordError
from domain.objections import Objection
from domain.policy import PolicyHistory, Versioned
from domain.procedures import ProcedureRules
from domain.repairs import Repair
from domain.subject import MarketSubject, RecordKey, record_key_id


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16].upper()}"


class CaseBase:
    def __init__(self, files: CreditFiles, procedures: PolicyHistory[ProcedureRules]) -> None:
        self.files = files
        self.procedures = procedures

    def rules_in_force(self) -> Versioned[ProcedureRules]:
        return self.procedures.in_force(self.files.today())

    def subject_of_case(self, case_id: str, case_kind: str) -> MarketSubject:
        try:
            key: Any = self.files.repository.get(case_key_id(case_id))
        except AggregateNotFoundError:
            raise NotFoundError(f"no {case_kind} {case_id}", f"{case_kind}_id") from None
        if not isinstance(key, CaseKey) or key.case_kind != case_kind:
            raise NotFoundError(f"no {case_kind} {case_id}", f"{case_kind}_id")
        return self.files.get_subject(key.subject_id)

    def subject_of_record(self, record_id: str) -> MarketSubject:
        try:
            key: Any = self.files.repository.get(record_key_id(record_id))
        except AggregateNotFoundError:
            raise UnknownRecordError(f"no record {record_id}", "record_id") from None
        assert isinstance(key, RecordKey)
        return self.files.get_subject(key.subject_id)

    @staticmethod
    def reviewer_unit(
        subject: MarketSubject, record_id: str | None, listing_id: str | None
    ) -> str | None:
        """谁认定、谁修复: the unit that made the finding reviews it (admins review the rest)."""
        if record_id is not None:
            return str(subject.record(record_id)["source_unit"])
        if listing_id is not None:
            for rid in subject.listing(listing_id)["basis_record_ids"]:
                if rid in subject.records:
                    return str(subject.records[rid]["source_unit"])
        return None

    @staticmethod
    def check_reviewer(item: Objection | Repair, actor: Actor) -> None:
        if actor.is_admin:
            return
        if item.reviewer_unit is None or item.reviewer_unit != actor.org:
            raise NotPermittedError(
                "only the source unit of the finding or an administrator decides this case",
                "case_id",
            )

    def lift_listings_of(self, subject: MarketSubject, record_id: str, reason: str) -> None:
        """A listing stands on its basis: a revoked or repaired basis lifts it (or its proposal)."""
        today = self.files.today().isoformat()
        for listing in list(subject.listings.values()):
            if record_id not in listing["basis_record_ids"]:
                continue
            if listing["status"] == "proposed":
                subject.cancel_listing(
                    listing["listing_id"], f"basis record {record_id} {reason}", "system"
                )
            elif listing["status"] == "listed":
                delist_reason = "repaired" if reason == "repaired" else "basis_revoked"
                subject.delist(listing["listing_id"], delist_reason, today)

    def escalate(self, subject_id: str, case_kind: str, case_id: str) -> int:
        """Sweep command: record once that a review missed its deadline. Returns 1 if recorded."""
        subject = self.files.get_subject(subject_id)
        if not subject.escalate_review(case_kind, case_id, self.files.today()):
            return 0
        self.files.save_all(subject)
        return 1
