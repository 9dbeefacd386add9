"""Wiring and stores of subjects' rights: evidence files, credit reports, review queries, sweeps."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, MetaData, Table, and_, case, func, insert, inspect, or_, select

from adapters.files.tables import list_entries, record_view, subject_summary
from adapters.subject_rights.tables import (
    credit_reports,
    evidence_files,
    review_cases,
    subject_notifications,
)
from application.credit_files import CreditFiles
from application.objections import Objections
from domain.canonical import canonical_json
from domain.errors import InvalidInputError
from domain.policy import PolicyHistory
from domain.procedures import ProcedureRules


def canonical_hash(content: Any) -> str:
    return hashlib.sha256(canonical_json(content, allow_nan=True)).hexdigest()


class EvidenceTooLargeError(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"an evidence file may hold at most {limit} bytes")
        self.limit = limit


class EvidenceStore:
    """Evidence files a subject uploads, kept with their SHA-256 so decisions can cite them."""

    def __init__(self, engine: Engine, files: CreditFiles, procedures: PolicyHistory[Any]) -> None:
        self.engine = engine
        self.files = files
        self.procedures = procedures

    @property
    def max_bytes(self) -> int:
        return int(self.procedures.in_force(self.files.today()).value.evidence_max_bytes)

    def save(self, subject_id: str, name: str, media_type: str, data: bytes) -> dict[str, Any]:
        if len(data) > self.max_bytes:
            raise EvidenceTooLargeError(self.max_bytes)
        if not data:
            raise InvalidInputError("the evidence file is empty", "file")
        row = {
            "evidence_id": f"EV-{uuid.uuid4().hex[:16].upper()}",
            "subject_id": subject_id,
            "name": (name or "evidence")[:200],
            "media_type": (media_type or "application/octet-stream")[:128],
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "content": data,
            "uploaded_at": self.files.clock.now(),
        }
        with self.engine.begin() as conn:
            conn.execute(insert(evidence_files).values(row))
        return {k: row[k] for k in ("evidence_id", "name", "media_type", "sha256", "size")}

    def resolve(self, subject_id: str, refs: Sequence[Any]) -> list[dict[str, Any]]:
        """Evidence ids (the subject's own uploads) or inline {name, sha256} → event items."""
        out: list[dict[str, Any]] = []
        t = evidence_files.c
        with self.engine.connect() as conn:
            for i, ref in enumerate(refs):
                if isinstance(ref, str):
                    row = conn.execute(
                        select(t.evidence_id, t.name, t.sha256, t.size).where(
                            t.evidence_id == ref, t.subject_id == subject_id
                        )
                    ).first()
                    if row is None:
                        raise InvalidInputError(f"no evidence {ref} of yours", f"evidence.{i}")
                    out.append(dict(row._mapping))
                else:
                    out.append(
                        {
                            "evidence_id": None,
                            "name": ref["name"],
                            "sha256": ref["sha256"],
                            "size": None,
                        }
                    )
        return out


class CreditReports:
    """Issued credit reports, stored so that anyone can verify a report by its code."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def issue(
        self, subject_id: str, content: dict[str, Any], issued_at: datetime, fmt: str
    ) -> dict[str, Any]:
        code = "CE-" + "-".join(secrets.token_hex(2).upper() for _ in range(4))
        digest = canonical_hash(content)
        with self.engine.begin() as conn:
            conn.execute(
                insert(credit_reports).values(
                    code=code,
                    subject_id=subject_id,
                    issued_at=issued_at,
                    format=fmt,
                    content_hash=digest,
                    content=content,
                )
            )
        return {"code": code, "issued_at": issued_at.isoformat(), "content_hash": digest}

    def find(self, code: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(credit_reports).where(credit_reports.c.code == code)).first()
        if row is None:
            return None
        out = dict(row._mapping)
        out["valid"] = canonical_hash(out["content"]) == out["content_hash"]
        return out


class ReviewQueries:
    """Reviewers' queue and statistics, read from review_cases and list_entries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def pending(self, unit: str | None, today: date) -> dict[str, list[dict[str, Any]]]:
        """Pending cases of a unit (None: every unit, for administrators)."""
        t = review_cases.c
        query = (
            select(review_cases, subject_summary.c.display_name)
            .outerjoin(subject_summary, subject_summary.c.subject_id == t.subject_id)
            .where(t.pending.is_(True))
            .order_by(t.due_by, t.case_id)
        )
        if unit is not None:
            query = query.where(t.unit == unit)
        out: dict[str, list[dict[str, Any]]] = {"objections": [], "repairs": [], "listings": []}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                m = row._mapping
                out["objections" if m["case_kind"] == "objection" else "repairs"].append(
                    {
                        "case_id": m["case_id"],
                        "case_kind": m["case_kind"],
                        "subject_id": m["subject_id"],
                        "subject_name": m["display_name"],
                        "record_id": m["record_id"],
                        "listing_id": m["listing_id"],
                        "grounds": m["grounds"],
                        "stage": m["stage"],
                        "unit": m["unit"],
                        "filed_at": m["filed_at"].isoformat(),
                        "due_by": m["due_by"].isoformat() if m["due_by"] else None,
                        "overdue": m["due_by"] is not None and today > m["due_by"],
                        "escalated": m["escalations"] > 0,
                    }
                )
            out["listings"] = self._proposals(conn, unit, today)
        return out

    def _proposals(self, conn: Any, unit: str | None, today: date) -> list[dict[str, Any]]:
        rows = conn.execute(
            select(list_entries)
            .where(list_entries.c.status == "proposed")
            .order_by(list_entries.c.objection_deadline)
        ).all()
        units = dict(
            conn.execute(
                select(record_view.c.record_id, record_view.c.source_unit).where(
                    record_view.c.record_id.in_(
                        [rid for r in rows for rid in r._mapping["basis_record_ids"]]
                    )
                )
            ).all()
        )
        out = []
        for row in rows:
            m = row._mapping
            basis = [units.get(rid) for rid in m["basis_record_ids"]]
            owner = next((u for u in basis if u), None)
            if unit is not None and owner != unit:
                continue
            out.append(
                {
                    "listing_id": m["listing_id"],
                    "subject_id": m["subject_id"],
                    "list": m["list"],
                    "basis_record_ids": m["basis_record_ids"],
                    "unit": owner,
                    "due_by": m["objection_deadline"].isoformat(),
                    "overdue": today > m["objection_deadline"],
                }
            )
        return out

    def statistics(self, today: date) -> dict[str, Any]:
        t = review_cases.c
        overdue = and_(t.pending.is_(True), t.due_by < today)
        query = (
            select(
                t.unit,
                t.case_kind,
                _count(t.pending.is_(True)).label("open"),
                func.count().label("total"),
                _count(overdue).label("overdue"),
                _count(and_(t.pending.is_(False), t.late.is_(True))).label("late"),
                _count(t.escalations > 0).label("escalated"),
            )
            .group_by(t.unit, t.case_kind)
            .order_by(t.unit, t.case_kind)
        )
        units: dict[str, dict[str, Any]] = {}
        totals = {"open": 0, "decided": 0, "overdue": 0, "decided_late": 0, "escalated": 0}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                m = row._mapping
                name = m["unit"] or "(administrators)"
                entry = units.setdefault(
                    name, {"unit": name, **{k: 0 for k in totals}, "by_kind": {}}
                )
                counts = {
                    "open": int(m["open"] or 0),
                    "decided": int(m["total"]) - int(m["open"] or 0),
                    "overdue": int(m["overdue"] or 0),
                    "decided_late": int(m["late"] or 0),
                    "escalated": int(m["escalated"] or 0),
                }
                entry["by_kind"][m["case_kind"]] = counts
                for k, v in counts.items():
                    entry[k] += v
                    totals[k] += v
        return {"as_of": today.isoformat(), "units": list(units.values()), "totals": totals}


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


class GradeReader:
    """Reads issue 3's grade_view when that capability is installed; None otherwise."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._table: Table | None = None

    def grade(self, subject_id: str) -> dict[str, Any] | None:
        if self._table is None:
            if not inspect(self.engine).has_table("grade_view"):
                return None
            self._table = Table("grade_view", MetaData(), autoload_with=self.engine)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(self._table).where(self._table.c.subject_id == subject_id)
            ).first()
        return dict(row._mapping) if row else None


class Notifications:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def feed(self, subject_id: str, after: int, limit: int) -> list[dict[str, Any]]:
        t = subject_notifications.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(subject_notifications)
                .where(t.subject_id == subject_id, t.position > after)
                .order_by(t.position)
                .limit(limit)
            ).all()
        return [
            {
                "id": m["position"],
                "kind": m["kind"],
                "ref_id": m["ref_id"],
                "data": m["data"],
                "created_at": m["created_at"].isoformat(),
            }
            for m in (r._mapping for r in rows)
        ]


class ReviewEscalationSweep:
    """Overdue reviews escalate: one ReviewEscalated per case and deadline."""

    def __init__(self, engine: Engine, objections: Objections) -> None:
        self.engine = engine
        self.objections = objections

    def __call__(self, now: datetime) -> int:
        today = self.objections.files.today()
        t = review_cases.c
        with self.engine.connect() as conn:
            due = conn.execute(
                select(t.subject_id, t.case_kind, t.case_id).where(
                    t.pending.is_(True),
                    t.due_by < today,
                    or_(t.escalated_due.is_(None), t.escalated_due != t.due_by),
                )
            ).all()
        return sum(self.objections.escalate(sid, kind, cid) for sid, kind, cid in due)


class ObjectionWindowReminderSweep:
    """Reminds a subject, a few working days ahead, that its window to object closes."""

    def __init__(
        self, engine: Engine, objections: Objections, procedures: PolicyHistory[ProcedureRules]
    ) -> None:
        self.engine = engine
        self.objections = objections
        self.procedures = procedures

    def __call__(self, now: datetime) -> int:
        files = self.objections.files
        today = files.today()
        ahead = self.procedures.in_force(today).value.reminder_days
        horizon = files.policy.calendar.add_working_days(today, ahead)
        t = list_entries.c
        with self.engine.connect() as conn:
            due = conn.execute(
                select(t.subject_id, t.listing_id, t.objection_deadline).where(
                    t.status == "proposed",
                    t.objection_deadline >= today,
                    t.objection_deadline <= horizon,
                )
            ).all()
        return sum(
            self.objections.remind_of_listing_window(sid, lid, deadline.isoformat())
            for sid, lid, deadline in due
        )
