"""Objections (异议): filed by the subject, decided by the source unit by a policy deadline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.cases import CaseBase, new_id
from application.ports import Actor
from domain.cases import CaseKey
from domain.errors import InvalidInputError, NotPermittedError
from domain.objections import Objection
from domain.procedures import working_deadline


@dataclass(frozen=True)
class ObjectionFiledResult:
    objection_id: str
    due_by: str
    position: int


class Objections(CaseBase):
    def file_objection(
        self,
        actor: Actor,
        record_id: str | None,
        listing_id: str | None,
        grounds: str,
        statement: str,
        evidence: list[dict[str, Any]],
    ) -> ObjectionFiledResult:
        if actor.subject_id is None:
            raise NotPermittedError("only a subject files objections about its own file")
        subject = self.files.get_subject(actor.subject_id)
        today = self.files.today()
        rules = self.rules_in_force()
        objection_id = new_id("OBJ")
        calendar = self.files.policy.calendar
        due_by = working_deadline(calendar, today, rules.value.objection_review_days)
        subject.check_objection_target(record_id, listing_id)
        subject.file_objection(
            objection_id=objection_id,
            record_id=record_id,
            listing_id=listing_id,
            grounds=grounds,
            statement=statement,
            evidence=evidence,
            due_by=due_by,
            filed_at=self.files.clock.now().isoformat(),
            reviewer_unit=self.reviewer_unit(subject, record_id, listing_id),
            procedures_version=rules.version,
            today=today,
        )
        key = CaseKey.claim(objection_id, "objection", str(subject.id))
        position = self.files.save_all(subject, key)
        return ObjectionFiledResult(objection_id, due_by, position)

    def decide_objection(
        self,
        objection_id: str,
        outcome: str,
        reasons: str,
        revoke: bool,
        correction: dict[str, Any],
        actor: Actor,
    ) -> int:
        subject = self.subject_of_case(objection_id, "objection")
        item = subject.objection(objection_id)
        self.check_reviewer(item, actor)
        record_id, listing_id = item.record_id, item.listing_id
        if outcome == "upheld":
            if revoke and correction:
                raise InvalidInputError("revoke the record or correct it, not both", "correction")
            if listing_id is not None and (revoke or correction):
                raise InvalidInputError(
                    "an objection to a listing is upheld by cancelling or lifting the listing",
                    "revoke" if revoke else "correction",
                )
        elif revoke or correction:
            raise InvalidInputError("a rejected objection changes nothing", "outcome")
        # Validated before anything is saved: a refused outcome leaves the objection open.
        subject.resolve_objection(objection_id, outcome, reasons, actor.org)
        if outcome == "upheld" and record_id is not None and correction:
            # the correction recomputes publicity windows like a provider's :correct; then the
            # resolution is recorded on the corrected file
            self.files.correct_record(record_id, correction, reasons, actor)
            subject = self.files.get_subject(str(subject.id))
            subject.resolve_objection(objection_id, outcome, reasons, actor.org)
        elif outcome == "upheld":
            self._uphold(subject, item, reasons, revoke, actor)
        return self.files.save_all(subject)

    def _uphold(
        self, subject: Any, item: Objection, reasons: str, revoke: bool, actor: Actor
    ) -> None:
        today = self.files.today().isoformat()
        record_id, listing_id = item.record_id, item.listing_id
        if record_id is not None and revoke:
            subject.revoke_record(record_id, reasons, actor.org, True)
            self.lift_listings_of(subject, record_id, "revoked")
        elif record_id is not None and item.grounds == "past_period":
            subject.end_publicity(record_id, "expired", today)
        elif listing_id is not None:
            listing = subject.listing(listing_id)
            if listing["status"] == "proposed":
                subject.cancel_listing(listing_id, reasons, actor.org)
            elif listing["status"] == "listed":
                subject.delist(listing_id, "decision", today)

    def remind_of_listing_window(self, subject_id: str, listing_id: str, deadline: str) -> int:
        """Sweep command: tell the subject its window to object to a proposal closes soon."""
        subject = self.files.get_subject(subject_id)
        if not subject.remind("objection_window", listing_id, deadline):
            return 0
        self.files.save_all(subject)
        return 1
