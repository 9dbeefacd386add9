"""Credit repair (信用修复): eligibility, the acceptance/decision procedure, and shielding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from application.cases import CaseBase, new_id
from application.ports import Actor
from application.records import RecordRejectedError
from domain.cases import CaseKey
from domain.errors import DomainError, NotPermittedError
from domain.procedures import ProcedureRules, working_deadline
from domain.repairs import Repair, RepairIneligibleError, RepairRule
from domain.subject import MarketSubject

ACTIONS = ("accept", "reject", "approve", "extend")


class RepairRefusedError(RecordRejectedError):
    """422 naming every unmet condition of repair."""


@dataclass(frozen=True)
class RepairFiled:
    repair_id: str
    accept_by: str
    commitment_id: str
    position: int


class Repairs(CaseBase):
    def _rule(
        self, subject: MarketSubject, record: dict[str, Any], rules: ProcedureRules
    ) -> RepairRule:
        """The rules that govern this record: its own period and catalogue versions, and the
        sector rules in force today."""
        policy = self.files.policy
        period = policy.periods.by_version(record["period_rules_version"]).value
        catalogue = policy.catalogues.by_version(record["catalogue_version"])
        reason = None
        entry = catalogue.value.entries.get(record["catalogue_code"])
        if entry is not None and not entry.repairable:
            reason = f"catalogue {catalogue.version} declares {entry.code} non-repairable"
        sector_rule = rules.non_repairable_rule(
            record["catalogue_code"], record["tier"], subject.sectors
        )
        if reason is None and sector_rule is not None:
            reason = f"sector rule {sector_rule.rule_id}: {sector_rule.reason}"
        return RepairRule(period.rule(record["tier"]).repair_needs_min, reason)

    def request_repair(
        self,
        actor: Actor,
        record_id: str | None,
        listing_id: str | None,
        commitment: str,
        evidence: list[dict[str, Any]],
    ) -> RepairFiled:
        if actor.subject_id is None:
            raise NotPermittedError("only a subject requests repair of its own file")
        subject = self.files.get_subject(actor.subject_id)
        today = self.files.today()
        procedures = self.rules_in_force()
        targets = subject.repair_targets(record_id, listing_id)
        rules = {r["record_id"]: self._rule(subject, r, procedures.value) for r in targets}
        try:
            subject.check_repair(record_id, listing_id, commitment, evidence, rules, today)
        except RepairIneligibleError as e:
            raise RepairRefusedError(e.conditions) from e
        repair_id, commitment_id = new_id("REP"), new_id("COM")
        accept_by = working_deadline(
            self.files.policy.calendar, today, procedures.value.repair_accept_days
        )
        subject.make_commitment(commitment_id, "repair", commitment, today.isoformat())
        subject.request_repair(
            repair_id=repair_id,
            record_id=record_id,
            listing_id=listing_id,
            commitment_id=commitment_id,
            commitment=commitment,
            evidence=evidence,
            accept_by=accept_by,
            reviewer_unit=self.reviewer_unit(subject, record_id, listing_id),
            procedures_version=procedures.version,
            rules=rules,
            today=today,
        )
        key = CaseKey.claim(repair_id, "repair", str(subject.id))
        position = self.files.save_all(subject, key)
        return RepairFiled(repair_id, accept_by, commitment_id, position)

    def decide_repair(self, repair_id: str, action: str, reasons: str, actor: Actor) -> int:
        if action not in ACTIONS:
            raise DomainError(f"action must be one of {', '.join(ACTIONS)}", "action")
        subject = self.subject_of_case(repair_id, "repair")
        item = subject.repair(repair_id)
        self.check_reviewer(item, actor)
        # deadlines follow the procedure version the case was filed under
        rules = self.procedures.by_version(item.procedures_version).value
        calendar = self.files.policy.calendar
        today = self.files.today()
        if action == "accept":
            decide_by = working_deadline(calendar, today, rules.repair_decide_days)
            subject.accept_repair(repair_id, decide_by, actor.org)
        elif action == "extend":
            if not reasons.strip():
                raise DomainError("an extension needs reasons", "reasons")
            current = date.fromisoformat(item.decide_by or today.isoformat())
            decide_by = working_deadline(calendar, current, rules.repair_extension_days)
            subject.extend_repair(
                repair_id, decide_by, rules.repair_extensions_allowed, reasons, actor.org
            )
        elif action == "reject":
            subject.decide_repair(repair_id, "rejected", reasons, actor.org)
        else:
            subject.decide_repair(repair_id, "approved", reasons, actor.org)
            self._approved(subject, item)
        return self.files.save_all(subject)

    def _approved(self, subject: MarketSubject, item: Repair) -> None:
        """终止公示 and lift the sanctions that stood on the repaired finding."""
        today = self.files.today().isoformat()
        if item.record_id is not None:
            subject.end_publicity(item.record_id, "repaired", today)
            self.lift_listings_of(subject, item.record_id, "repaired")
        else:
            subject.delist(str(item.listing_id), "repaired", today)

    def shield_record(
        self, record_id: str, statement: str, court_decision_no: str, actor: Actor
    ) -> int:
        """暂时屏蔽 under a court-approved restructuring plan: publicity ends with a statement."""
        subject = self.subject_of_record(record_id)
        record = subject.record(record_id)
        if not actor.is_admin and record["source_unit"] != actor.org:
            raise NotPermittedError(
                "only the source unit or an administrator shields a record", "record_id"
            )
        subject.shield_record(record_id, statement, court_decision_no, actor.org)
        subject.end_publicity(record_id, "shielded", self.files.today().isoformat())
        return self.files.save_all(subject)
