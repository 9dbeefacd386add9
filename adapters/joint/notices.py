"""The joint reward and punishment policy, as a projection: its output is notice rows.

On `Listed`: one notice per agency whose measures apply to that list (sanction for black/focus,
incentive for red). On `Delisted`: a lift notice to every agency that got the sanction or
incentive for that listing. On `Graded` when the class enters or leaves A or D: class notices
(and lifts). The rows and the view's tracking position commit in one transaction, so a notice is
stored exactly once per cause, before anyone can read it from an inbox; its id is derived from the
cause's log position, the notice type and the agency (one `Graded` can both lift a class's
notices and issue the new class's, to the same agency), so a replay could only ever write the
same id again.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update

from adapters.core.bulk import insert_rows
from adapters.core.pii import SubjectKeys
from adapters.core.projection import Item, aggregate_type, event_type
from adapters.files.projections import shown_name
from adapters.joint.measures_data import load_published
from adapters.joint.tables import notice_subjects, notices
from application.measures import Measures
from domain.calendar import WorkingCalendar
from domain.decision import measures_by_agency
from domain.errors import NoPolicyInForceError
from domain.identifiers import ERASED
from domain.measures import CLASSES, Measure, notice_type
from domain.time import service_day

NOTICE_NAMESPACE = uuid.UUID("0b7f5b7e-2c41-4d8e-9a53-5f4f3e1b6c44")
SUBJECT_COLUMNS = ("subject_id", "uscc", "kind", "display_name", "region")


def notice_id(position: int, kind: str, agency: str) -> str:
    """Unique per cause: a cause sends an agency at most one notice of each type."""
    return str(uuid.uuid5(NOTICE_NAMESPACE, f"{position}:{kind}:{agency}"))


def _measure_row(m: Measure) -> dict[str, Any]:
    return {
        "measure_id": m.measure_id,
        "list": m.list,
        "class": m.grade_class,
        "matter": m.matter,
        "stage": m.stage,
        "action": m.action,
        "legal_basis": m.legal_basis,
        "duration": m.duration,
    }


class NoticesProjection:
    name = "notices"
    tables = (notices, notice_subjects)
    event_names = frozenset(
        {"Registered", "ProfileAmended", "PersonalDataErased", "Listed", "Delisted", "Graded"}
    )

    def __init__(
        self,
        measures: Measures,
        calendar: WorkingCalendar,
        personal: SubjectKeys | None = None,
    ) -> None:
        self.measures = measures
        self.calendar = calendar
        self.personal = personal

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        if self.measures.due():
            # on this page's connection: a reload on another would wait for this very writer
            self.measures.refresh(load_published(conn))
        page = _Page(conn)
        for position, ev in items:
            # part events are named for their part (`Listings.Listed`): go by the event's name
            if aggregate_type(ev) == "RecordKey":
                continue
            kind = event_type(ev)
            if kind == "Registered":
                sid = str(ev.originator_id)
                page.subjects[sid] = {
                    "subject_id": sid,
                    "uscc": ev.uscc,
                    "display_name": shown_name(self.personal, conn, sid, ev.kind, ev.name),
                    "region": ev.region,
                    "kind": ev.kind,
                }
                page.new_subjects.append(sid)
            elif kind == "ProfileAmended":
                self._amended(page, ev)
            elif kind == "PersonalDataErased":
                self._erased(page, str(ev.originator_id))
            elif kind == "Listed":
                self._issue(page, position, ev, ev.list, listing_id=ev.listing_id)
            elif kind == "Delisted":
                page.flush()
                self._lift(page, position, ev, notices.c.listing_id == ev.listing_id)
            elif kind == "Graded":
                self._graded(page, position, ev)
        page.flush()

    # -- causes ------------------------------------------------------------------------------

    def _issue(
        self, page: _Page, position: int, ev: Any, target: str, listing_id: str | None
    ) -> None:
        subject = page.subject(str(ev.originator_id))
        issued_on = service_day(ev.timestamp)
        try:
            catalogue = self.measures.in_force(issued_on, refresh=False)
        except NoPolicyInForceError:
            return  # before the first measures list took effect there was nothing to notify
        due = self.calendar.add_working_days(issued_on, catalogue.feedback_working_days)
        # the measures the decision says apply (domain.decision.measures_for: regions included)
        applying = measures_by_agency(catalogue, target, subject["region"])
        for agency, measures in sorted(applying.items()):
            page.add(
                self._row(position, ev, subject, agency, notice_type(target), due)
                | {
                    "listing_id": listing_id,
                    "list": target if listing_id else None,
                    "grade_class": None if listing_id else target,
                    "measures": [_measure_row(m) for m in measures],
                    "measures_version": catalogue.version,
                    "legal_basis": getattr(ev, "legal_basis", None)
                    or "；".join(sorted({m.legal_basis for m in measures})),
                }
            )

    def _lift(self, page: _Page, position: int, ev: Any, which: Any) -> None:
        t = notices.c
        sid = str(ev.originator_id)
        rows = conn_rows(
            page.conn,
            select(
                t.agency,
                t.measures,
                t.measures_version,
                t.listing_id,
                t.list,
                t.grade_class,
                t.legal_basis,
            )
            .where(which, t.subject_id == sid, t.type.in_(("sanction", "incentive")))
            .order_by(t.position),
        )
        if not rows:
            return
        subject = page.subject(sid)
        lifted_on = service_day(ev.timestamp)
        catalogue = self.measures.in_force(lifted_on, refresh=False)
        due = self.calendar.add_working_days(lifted_on, catalogue.feedback_working_days)
        by_agency: dict[str, dict[str, Any]] = {}
        for r in rows:
            by_agency[r["agency"]] = r  # the latest sanction/incentive of each agency
        for agency, r in sorted(by_agency.items()):
            page.add(
                self._row(position, ev, subject, agency, "lift", due)
                | {
                    "listing_id": r["listing_id"],
                    "list": r["list"],
                    "grade_class": r["grade_class"],
                    "measures": r["measures"],
                    "measures_version": r["measures_version"],
                    "legal_basis": r["legal_basis"],
                }
            )

    def _graded(self, page: _Page, position: int, ev: Any) -> None:
        new, old = ev.grade_class, ev.previous_class
        if new == old:
            return
        if old in CLASSES:
            page.flush()
            # lift the class notices issued since that class was last lifted
            t = notices.c
            sid = str(ev.originator_id)
            last_lift = page.conn.execute(
                select(t.position)
                .where(t.subject_id == sid, t.grade_class == old, t.type == "lift")
                .order_by(t.position.desc())
                .limit(1)
            ).scalar()
            self._lift(
                page,
                position,
                ev,
                (t.grade_class == old) & (t.position > (last_lift or 0)) & t.listing_id.is_(None),
            )
        if new in CLASSES:
            self._issue(page, position, ev, new, listing_id=None)

    def _amended(self, page: _Page, ev: Any) -> None:
        changes = {k: v for k, v in ev.changes.items() if k in ("name", "region")}
        if not changes:
            return
        page.flush()
        subject = page.subject(str(ev.originator_id))
        if "name" in changes:
            subject["display_name"] = shown_name(
                self.personal,
                page.conn,
                subject["subject_id"],
                subject["kind"],
                changes["name"],
            )
        if "region" in changes:
            subject["region"] = changes["region"]
        page.conn.execute(
            update(notice_subjects)
            .where(notice_subjects.c.subject_id == subject["subject_id"])
            .values(display_name=subject["display_name"], region=subject["region"])
        )

    @staticmethod
    def _erased(page: _Page, sid: str) -> None:
        page.flush()
        page.subject(sid)["display_name"] = ERASED
        page.conn.execute(
            update(notice_subjects)
            .where(notice_subjects.c.subject_id == sid)
            .values(display_name=ERASED)
        )
        page.conn.execute(
            update(notices).where(notices.c.subject_id == sid).values(subject_name=ERASED)
        )

    @staticmethod
    def _row(
        position: int, ev: Any, subject: dict[str, Any], agency: str, kind: str, due: date
    ) -> dict[str, Any]:
        return {
            "notice_id": notice_id(position, kind, agency),
            "position": position,
            "agency": agency,
            "type": kind,
            "cause": type(ev).__qualname__.rsplit(".", 1)[-1],
            "subject_id": subject["subject_id"],
            "uscc": subject["uscc"],
            "subject_name": subject["display_name"],
            "issued_at": ev.timestamp,
            "feedback_due": due,
        }


def conn_rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(stmt)]


class _Page:
    """Rows of one page, written in bulk; flushed before any read that could need them."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.subjects: dict[str, dict[str, Any]] = {}
        self.new_subjects: list[str] = []
        self.pending: list[dict[str, Any]] = []

    def subject(self, sid: str) -> dict[str, Any]:
        found = self.subjects.get(sid)
        if found is None:
            t = notice_subjects.c
            row = self.conn.execute(
                select(t.subject_id, t.uscc, t.kind, t.display_name, t.region).where(
                    t.subject_id == sid
                )
            ).first()
            found = (
                dict(row._mapping)
                if row
                else {"subject_id": sid, "uscc": None, "kind": "", "display_name": "", "region": ""}
            )
            self.subjects[sid] = found
        return found

    def add(self, row: dict[str, Any]) -> None:
        self.pending.append(row)

    def flush(self) -> None:
        insert_rows(
            self.conn,
            notice_subjects,
            [{k: self.subjects[s][k] for k in SUBJECT_COLUMNS} for s in self.new_subjects],
        )
        self.new_subjects = []
        insert_rows(self.conn, notices, self.pending)
        self.pending = []
