"""Grades and lists kept current: the policy after each subject event, and the time sweeps.

`reconcile` brings one subject's file up to date at an instant: publicity that reached its
maximum ends, breached commitments are recorded, listings whose basis was revoked end,
advance-notice windows that closed list the subject, listings expire, focus listings escalate,
rules propose new listings, and the grade is recorded when its score or class changed. Every
step checks the file's state first, so running it twice changes nothing the second time.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from application.credit_files import CreditFiles
from application.ports import Actor
from domain.base import SubjectPart
from domain.errors import ConflictError, NoPolicyInForceError, NotPermittedError
from domain.grading import Grade, grade
from domain.list_rules import (
    escalation,
    listing_id_for,
    proposals,
    red_eligible,
    red_kept,
    replacement_of,
)
from domain.policy import PolicyHistory
from domain.rulebook import Rulebook
from domain.subject import MarketSubject
from domain.time import pinned_instant, service_day

log = logging.getLogger(__name__)

# The revision of the grading policy's code (not of its data): part of the daily re-grade's mark,
# so a store written by an earlier revision is reconciled once in full by the next sweep, under
# the rules as they are now (stored events are never rewritten: corrections are new events).
# Bump it whenever a change of `reconcile` or of the rules it calls would record anything else.
POLICY_REVISION = "2026-12-decision"
SKIP_EVENTS = {"Graded"}  # a grade never changes what grading reads
SUBJECT_EVENT = SubjectPart.Event
BATCH = 500


def event_name(ev: Any) -> str:
    return type(ev).__qualname__.rsplit(".", 1)[-1]


class Grading:
    def __init__(self, files: CreditFiles, rulebooks: PolicyHistory[Rulebook]) -> None:
        self.files = files
        self.rulebooks = rulebooks

    # -- rulebook --------------------------------------------------------------------------

    def rulebook_on(self, day: date) -> Rulebook | None:
        try:
            return self.rulebooks.in_force(day).value
        except NoPolicyInForceError:
            return None

    # -- the policy -------------------------------------------------------------------------

    def when_subject_events_reconcile(self, items: Sequence[tuple[int, Any]]) -> None:
        """The policy over a page (PolicyFollower's handler): after any event of a subject,
        bring its file up to date, each subject loaded (in one bulk read) and reconciled once,
        under the cause of its first event in the page. Reconciling reads the file as stored,
        not as of the event, and a second reconcile at the same instant changes nothing, so the
        later events of a subject in the page would find nothing to do."""
        causes: dict[uuid.UUID, str] = {}
        for position, ev in items:
            kind = event_name(ev)
            if kind in SKIP_EVENTS or not isinstance(ev, SUBJECT_EVENT):
                continue
            causes.setdefault(ev.originator_id, f"{kind}@{position}")
        if not causes:
            return
        subjects = self.files._load_subjects(list(causes))
        now = self.files.clock.now()
        for subject_id, cause in causes.items():
            subject = subjects.get(subject_id)
            if subject is None:
                continue  # a record key, an inspection draw: not a credit file
            with pinned_instant(self.files.clock.now()):
                dirty = self.reconcile(subject, now, cause=cause)
            if dirty:
                self._save(subject)

    # -- sweeps -----------------------------------------------------------------------------

    def reconcile_many(self, subject_ids: Iterable[str], now: datetime, cause: str) -> int:
        """Reconcile subjects in batches, one atomic append per batch; returns subjects changed."""
        changed = 0
        for chunk in _chunks(subject_ids, BATCH):
            subjects = self.files._load_subjects([uuid.UUID(s) for s in chunk])
            # one clock reading per batch (one atomic save), not one per event: the manual
            # clock is a database read
            with pinned_instant(self.files.clock.now()):
                dirty = [s for s in subjects.values() if self.reconcile(s, now, cause)]
            if dirty:
                self._save(*dirty)
                changed += len(dirty)
        return changed

    # -- one subject ------------------------------------------------------------------------

    def reconcile(self, subject: MarketSubject, now: datetime, cause: str) -> bool:
        """Apply every due change to the file (no save); True when events are pending."""
        day = service_day(now)
        rb = self.rulebook_on(day)
        if rb is None:
            return False
        pending_before = len(subject.pending_events)
        self._end_publicity(subject, day)
        self._record_breaches(subject)
        self._end_revoked_bases(subject, day)
        self._close_windows(subject, day, rb)
        self._expire(subject, day)
        self._escalate(subject, day, rb)
        current = grade(subject, day, rb)
        graded_at = len(subject.pending_events)
        self._propose(subject, day, rb, current)
        self._end_red(subject, day, rb)
        if len(subject.pending_events) != graded_at:  # the file changed since: grade it again
            current = grade(subject, day, rb)
        subject.record_grade(current, cause)
        return len(subject.pending_events) > pending_before

    def _end_publicity(self, subject: MarketSubject, day: date) -> None:
        for record in list(subject.records.values()):
            if record["publicity_ended"] is not None or record["status"] != "active":
                continue
            last = date.fromisoformat(record["max_until"])
            if day > last:
                subject.end_publicity(
                    record["record_id"], "expired", (last + timedelta(days=1)).isoformat()
                )

    def _record_breaches(self, subject: MarketSubject) -> None:
        for record in sorted(subject.records.values(), key=lambda r: r["record_id"]):
            cid = (record.get("content") or {}).get("commitment_id")
            if not isinstance(cid, str) or record["status"] != "active":
                continue
            item = subject.commitments.get(cid)
            if item is None or item.status == "breached":
                continue  # an unknown commitment, or one breached already by another record
            subject.breach_commitment(cid, record["record_id"])

    def _end_revoked_bases(self, subject: MarketSubject, day: date) -> None:
        for item in list(subject.listings.values()):
            revoked = [
                rid
                for rid in item["basis_record_ids"]
                if subject.records.get(rid, {}).get("status") == "revoked"
            ]
            if not revoked:
                continue
            if item["status"] == "proposed":
                subject.cancel_listing(
                    item["listing_id"], f"basis record revoked: {', '.join(revoked)}", "system"
                )
            elif item["status"] == "listed":
                subject.delist(item["listing_id"], "basis_revoked", day.isoformat())

    def _close_windows(self, subject: MarketSubject, day: date, rb: Rulebook) -> None:
        for item in list(subject.listings.values()):
            if item["status"] != "proposed" or item["held_by"]:
                continue
            if day <= date.fromisoformat(item["objection_deadline"]):
                continue  # the window is open through its last day
            if item["list"] == "red" and not self._still_red(subject, day, rb):
                subject.cancel_listing(item["listing_id"], "no longer eligible", "system")
                continue
            subject.confirm_listing(
                item["listing_id"], self._until(subject, item, day, rb), "system", day.isoformat()
            )

    def _until(self, subject: MarketSubject, item: dict[str, Any], day: date, rb: Rulebook) -> str:
        """The last day of a listing's term, listed on `day`, by its term rule: `duration_months`
        from the listing decision; under `basis_publicity` no later than the last day of its
        basis records' publicity."""
        rule = getattr(rb.lists, item["list"])
        last = self.files.policy.calendar.period_last_day(day, months=rule.duration_months)
        if item.get("term_rule") == "basis_publicity":
            ends = [
                date.fromisoformat(subject.records[rid]["max_until"])
                for rid in item["basis_record_ids"]
                if rid in subject.records
            ]
            if ends:
                last = min(last, max(ends))
        return str(last.isoformat())

    def _expire(self, subject: MarketSubject, day: date) -> None:
        for item in list(subject.listings.values()):
            if item["status"] != "listed":
                continue
            if replacement_of(subject, item["listing_id"]) is not None:
                continue  # kept until its escalation is listed or cancelled: no gap between lists
            if (
                item["until"]
                and day > date.fromisoformat(item["until"])
                or item.get("term_rule") == "basis_publicity"
                and self._basis_ended(subject, item)
            ):
                subject.delist(item["listing_id"], "expired", day.isoformat())

    @staticmethod
    def _basis_ended(subject: MarketSubject, item: dict[str, Any]) -> bool:
        basis = [subject.records.get(rid) for rid in item["basis_record_ids"]]
        return bool(basis) and all(r is not None and r["publicity_ended"] for r in basis)

    def _escalate(self, subject: MarketSubject, day: date, rb: Rulebook) -> None:
        found = escalation(subject, day, rb, self.files.policy.calendar)
        if found is None:
            return
        item, why = found
        basis = [
            rid
            for rid in item["basis_record_ids"]
            if subject.records.get(rid, {}).get("status") == "active"
        ]
        if not basis:
            return  # (a focus listing whose basis was revoked ends "basis_revoked" first)
        rule = rb.lists.black
        # the focus listing stays in force until this proposal is listed (it then ends
        # "escalated") or cancelled: the subject is never shown clear in between
        subject.propose_listing(
            listing_id=listing_id_for(str(subject.id), f"black.escalation:{item['listing_id']}"),
            list_name="black",
            rule_id="black.escalation",
            rulebook_version=rb.version,
            reasons=[f"focus listing {item['listing_id']} escalated: {why}"],
            basis_record_ids=basis,
            legal_basis=rule.legal_basis,
            objection_deadline=self._deadline(day, rule.notice_working_days),
            until=None,
            removal_conditions=list(rule.removal_conditions),
            term_rule=rule.term,
            replaces=item["listing_id"],
        )

    def _deadline(self, day: date, working_days: int) -> str:
        return str(self.files.policy.calendar.add_working_days(day, working_days).isoformat())

    def _propose(self, subject: MarketSubject, day: date, rb: Rulebook, current: Grade) -> None:
        registered = service_day(subject.created_on)
        for p in proposals(subject, str(subject.id), registered, day, rb, current):
            rule = getattr(rb.lists, p.list_name)
            subject.propose_listing(
                listing_id=p.listing_id,
                list_name=p.list_name,
                rule_id=p.rule_id,
                rulebook_version=rb.version,
                reasons=p.reasons,
                basis_record_ids=p.basis_record_ids,
                legal_basis=p.legal_basis,
                objection_deadline=self._deadline(day, rule.notice_working_days),
                until=None,
                removal_conditions=p.removal_conditions,
                term_rule=rule.term,
            )
            if rule.notice_working_days == 0:
                # no advance notice is due for an incentive: listed at once
                item = subject.listings[p.listing_id]
                until = self._until(subject, item, day, rb)
                subject.confirm_listing(p.listing_id, until, "system", day.isoformat())

    def _still_red(self, subject: MarketSubject, day: date, rb: Rulebook) -> bool:
        return red_eligible(
            subject, service_day(subject.created_on), day, rb, grade(subject, day, rb)
        )

    def _end_red(self, subject: MarketSubject, day: date, rb: Rulebook) -> None:
        for item in list(subject.listings.values()):
            listed_red = item["list"] == "red" and item["status"] == "listed"
            if listed_red and not red_kept(subject, day, rb, grade(subject, day, rb)):
                subject.delist(item["listing_id"], "decision", day.isoformat())

    # -- reviewers --------------------------------------------------------------------------

    def decide_listing(
        self, subject_id: str, listing_id: str, action: str, reasons: str, actor: Actor
    ) -> int:
        """A reviewer of a basis record's source unit, or an administrator: cancel while
        proposed; confirm once the advance-notice window has closed (lists at once)."""
        subject = self.files.get_subject(subject_id)
        item = subject.listing(listing_id)
        units = {subject.records[rid]["source_unit"] for rid in item["basis_record_ids"]}
        if not actor.is_admin and actor.org not in units:
            raise NotPermittedError(
                "only the source unit of a basis record or an administrator decides",
                field="listing_id",
            )
        by = actor.org
        day = self.files.today()
        if action == "cancel":
            subject.cancel_listing(listing_id, reasons, by)
        else:
            deadline = date.fromisoformat(item["objection_deadline"])
            if item["status"] == "proposed" and day <= deadline:
                raise ConflictError(
                    f"the advance-notice window is open through {deadline}: "
                    "the subject may still object",
                    field="action",
                )
            rb = self.rulebook_on(day)
            until = self._until(subject, item, day, rb) if rb else item["until"]
            subject.confirm_listing(listing_id, until, by, day.isoformat())
        return self._save(subject)

    def _save(self, *subjects: MarketSubject) -> int:
        return self.files.save_all(*subjects)


def _chunks(ids: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for sid in ids:
        chunk.append(sid)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
