"""Views of subjects' rights: objection marks, review cases (reviewers, statistics), the subject's
notification feed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, or_, update

from adapters.core.bulk import insert_rows
from adapters.core.projection import Item, aggregate_type, event_type
from adapters.subject_rights.tables import (
    objection_marks,
    review_cases,
    subject_notifications,
)
from domain.time import service_day


def _day(instant: datetime) -> date:
    # the same day as CreditFiles.today() sees it
    return service_day(instant)


def _subject_events(items: Sequence[Item]) -> list[tuple[int, str, Any]]:
    return [
        (position, event_type(ev), ev)
        for position, ev in items
        if aggregate_type(ev) == "MarketSubject"
    ]


class ObjectionMarksProjection:
    name = "objection_marks"
    tables = (objection_marks,)
    event_names = frozenset({"ObjectionFiled", "ObjectionResolved"})

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        for position, kind, ev in _subject_events(items):
            if kind == "ObjectionFiled":
                conn.execute(
                    insert(objection_marks).values(
                        objection_id=ev.objection_id,
                        subject_id=str(ev.originator_id),
                        record_id=ev.record_id,
                        listing_id=ev.listing_id,
                        since=ev.timestamp,
                        position=position,
                    )
                )
            elif kind == "ObjectionResolved":
                conn.execute(
                    update(objection_marks)
                    .where(objection_marks.c.objection_id == ev.objection_id)
                    .values(cleared_at=ev.timestamp, outcome=ev.outcome, position=position)
                )


class ReviewCasesProjection:
    name = "review_cases"
    tables = (review_cases,)
    event_names = frozenset(
        {
            "ObjectionFiled",
            "RepairRequested",
            "ObjectionResolved",
            "RepairDecided",
            "RepairAccepted",
            "RepairExtended",
            "ReviewEscalated",
        }
    )

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        t = review_cases.c
        for position, kind, ev in _subject_events(items):
            if kind in ("ObjectionFiled", "RepairRequested"):
                objection = kind == "ObjectionFiled"
                due = ev.due_by if objection else ev.accept_by
                conn.execute(
                    insert(review_cases).values(
                        case_id=ev.objection_id if objection else ev.repair_id,
                        case_kind="objection" if objection else "repair",
                        subject_id=str(ev.originator_id),
                        record_id=ev.record_id,
                        listing_id=ev.listing_id,
                        unit=ev.reviewer_unit,
                        grounds=ev.grounds if objection else None,
                        stage="open" if objection else "requested",
                        pending=True,
                        filed_at=ev.timestamp,
                        due_by=date.fromisoformat(due),
                        late=False,
                        escalations=0,
                        position=position,
                    )
                )
                continue
            case_id = getattr(ev, "objection_id", None) or getattr(ev, "repair_id", None)
            values: dict[str, Any] = {"position": position}
            day = _day(ev.timestamp)
            if kind in ("ObjectionResolved", "RepairDecided"):
                values.update(
                    stage=ev.outcome,
                    pending=False,
                    outcome=ev.outcome,
                    reasons=ev.reasons,
                    decided_by=ev.by,
                    decided_at=ev.timestamp,
                    late=or_(t.late, t.due_by < day),
                )
            elif kind == "RepairAccepted":
                values.update(
                    stage="accepted",
                    late=or_(t.late, t.due_by < day),
                    due_by=date.fromisoformat(ev.decide_by),
                )
            elif kind == "RepairExtended":
                values["due_by"] = date.fromisoformat(ev.decide_by)
            elif kind == "ReviewEscalated":
                case_id = ev.case_id
                values.update(
                    escalations=t.escalations + 1,
                    escalated_at=ev.timestamp,
                    escalated_due=date.fromisoformat(ev.due_by),
                )
            else:
                continue
            conn.execute(update(review_cases).where(t.case_id == case_id).values(values))


def _notification(kind: str, ev: Any) -> tuple[str, str | None, dict[str, Any]] | None:
    """What the subject is told about an event of its file: (kind, ref_id, data), or None."""
    if kind == "RecordAdded":
        data = {
            "record_id": ev.record_id,
            "catalogue_code": ev.catalogue_code,
            "tier": ev.tier,
            "decided_on": ev.decided_on,
            "source_unit": ev.source_unit,
        }
        return "record_added", ev.record_id, data
    if kind == "ListingProposed":
        data = {
            "listing_id": ev.listing_id,
            "list": ev.list,
            "objection_deadline": ev.objection_deadline,
            "reasons": ev.reasons,
        }
        return "listing_proposed", ev.listing_id, data
    if kind in ("Listed", "Delisted"):
        data = {"listing_id": ev.listing_id, "list": ev.list}
        if kind == "Delisted":
            data["reason"] = ev.reason
        return kind.lower(), ev.listing_id, data
    if kind == "ObjectionResolved":
        data = {
            "case_kind": "objection",
            "case_id": ev.objection_id,
            "outcome": ev.outcome,
            "reasons": ev.reasons,
        }
        return "case_decided", ev.objection_id, data
    if kind in ("RepairAccepted", "RepairExtended"):
        outcome = "accepted" if kind == "RepairAccepted" else "extended"
        data = {
            "case_kind": "repair",
            "case_id": ev.repair_id,
            "outcome": outcome,
            "decide_by": ev.decide_by,
        }
        return "case_decided", ev.repair_id, data
    if kind == "RepairDecided":
        data = {
            "case_kind": "repair",
            "case_id": ev.repair_id,
            "outcome": ev.outcome,
            "reasons": ev.reasons,
        }
        return "case_decided", ev.repair_id, data
    if kind == "ReminderSent":
        data = {"topic": ev.topic, "ref_id": ev.ref_id, "deadline": ev.deadline}
        return "deadline_approaching", ev.ref_id, data
    return None


class SubjectNotificationsProjection:
    name = "subject_notifications"
    tables = (subject_notifications,)
    event_names = frozenset(
        {
            "RecordAdded",
            "ListingProposed",
            "Listed",
            "Delisted",
            "ObjectionResolved",
            "RepairAccepted",
            "RepairExtended",
            "RepairDecided",
            "ReminderSent",
        }
    )

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        rows = []
        for position, kind, ev in _subject_events(items):
            told = _notification(kind, ev)
            if told is None:
                continue
            rows.append(
                {
                    "position": position,
                    "subject_id": str(ev.originator_id),
                    "kind": told[0],
                    "ref_id": told[1],
                    "data": told[2],
                    "created_at": ev.timestamp,
                }
            )
        insert_rows(conn, subject_notifications, rows)
