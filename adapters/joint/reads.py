"""The feedback loop (发起–响应–反馈): agency inboxes, feedback, the check log and statistics."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Text, and_, exists, insert, select, text, type_coerce
from sqlalchemy.dialects import postgresql

from adapters.joint.tables import check_feedback, check_log, notice_feedback, notices
from application.measures import Measures
from application.ports import Actor
from application.replay import LoggedCheck
from domain.errors import DomainError, InvalidInputError, NotFoundError, NotPermittedError
from domain.time import service_day

INBOX_PAGE = 500
LOG_PAGE = 1000


class UnknownNoticeError(NotFoundError):
    pass


class UnknownCheckError(NotFoundError):
    pass


class UnknownMeasureError(DomainError):
    pass


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def notice_out(r: Any) -> dict[str, Any]:
    return {
        "notice_id": r.notice_id,
        "type": r.type,
        "cause": r.cause,
        "subject": {"subject_id": r.subject_id, "uscc": r.uscc, "name": r.subject_name},
        "listing_id": r.listing_id,
        "list": r.list,
        "class": r.grade_class,
        "measures": r.measures,
        "measures_version": r.measures_version,
        "legal_basis": r.legal_basis,
        "issued_at": _iso(r.issued_at),
        "feedback_due": _iso(r.feedback_due),
        "position": r.position,
    }


class JointReads:
    def __init__(self, engine: Engine, measures: Measures, clock: Any) -> None:
        self.engine = engine
        self.measures = measures
        self.clock = clock
        self.postgres = engine.dialect.name == "postgresql"

    # -- inbox and notice feedback -------------------------------------------------------------

    def inbox(self, agency: str, after: int, limit: int = INBOX_PAGE) -> dict[str, Any]:
        """An agency's notices after a cursor (the causes' log position). A cause may send an
        agency two notices (a class lifted and the next one's): a page never splits a cause."""
        t = notices.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(notices)
                .where(t.agency == agency, t.position > after)
                .order_by(t.position, t.notice_id)
                .limit(limit)
            ).all()
            if len(rows) == limit:
                last = rows[-1]
                rows += conn.execute(
                    select(notices)
                    .where(
                        t.agency == agency,
                        t.position == last.position,
                        t.notice_id > last.notice_id,
                    )
                    .order_by(t.notice_id)
                ).all()
        return {
            "notices": [notice_out(r) for r in rows],
            "next": str(rows[-1].position if rows else after),
        }

    def notice_feedback(self, notice_id: str, actor: Actor, body: dict[str, Any]) -> str:
        t = notices.c
        now = self.clock.now()  # before the transaction: SQLite allows one writer at a time
        with self.engine.begin() as conn:
            row = conn.execute(select(t.agency, t.measures).where(t.notice_id == notice_id)).first()
            if row is None:
                raise UnknownNoticeError(f"no notice {notice_id}", field="notice_id")
            if row.agency != actor.org and not actor.is_admin:
                raise NotPermittedError(
                    "a notice is answered by the agency it went to", "notice_id"
                )
            if body["measure_id"] not in {m["measure_id"] for m in row.measures}:
                raise UnknownMeasureError(
                    f"measure {body['measure_id']} is not in this notice", field="measure_id"
                )
            feedback_id = str(uuid.uuid4())
            conn.execute(
                insert(notice_feedback).values(
                    feedback_id=feedback_id,
                    notice_id=notice_id,
                    agency=row.agency,
                    measure_id=body["measure_id"],
                    applied=body["applied"],
                    outcome=body.get("outcome"),
                    key_id=actor.key_id,
                    recorded_at=now,
                )
            )
        return feedback_id

    # -- checks: feedback and the log ----------------------------------------------------------

    def _has_subject(self, subject_id: str) -> Any:
        if self.postgres:
            ids = type_coerce(check_log.c.subject_ids, postgresql.ARRAY(Text()))
            return ids.contains([subject_id])  # @> ARRAY[...], served by the GIN index
        return text(
            "EXISTS (SELECT 1 FROM json_each(check_log.subject_ids) WHERE value = :sid)"
        ).bindparams(sid=subject_id)

    def check_feedback(
        self, check_id: str, subject_id: str, actor: Actor, body: dict[str, Any]
    ) -> str:
        t = check_log.c
        if self.measures.find(body["measure_id"]) is None:
            raise UnknownMeasureError(f"no measure {body['measure_id']}", field="measure_id")
        now = self.clock.now()
        with self.engine.begin() as conn:
            row = conn.execute(select(t.org).where(t.check_id == check_id)).first()
            if row is None:
                raise UnknownCheckError(f"no check {check_id}", field="check_id")
            if row.org != actor.org:
                raise NotPermittedError("feedback comes from the agency that checked", "check_id")
            if not conn.execute(
                select(exists().where(t.check_id == check_id, self._has_subject(subject_id)))
            ).scalar():
                raise InvalidInputError("the subject was not in this check", field="subject")
            feedback_id = str(uuid.uuid4())
            conn.execute(
                insert(check_feedback).values(
                    feedback_id=feedback_id,
                    check_id=check_id,
                    subject_id=subject_id,
                    agency=actor.org,
                    measure_id=body["measure_id"],
                    applied=body["applied"],
                    outcome=body.get("outcome"),
                    key_id=actor.key_id,
                    recorded_at=now,
                )
            )
        return feedback_id

    def audit_checks(
        self, subject_id: str | None, agency: str | None, since: datetime | None
    ) -> list[dict[str, Any]]:
        t = check_log.c
        conditions = []
        if subject_id:
            conditions.append(self._has_subject(subject_id))
        if agency:
            conditions.append(t.org == agency)
        if since:
            conditions.append(t.checked_at >= since.astimezone(UTC))
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(check_log)
                .where(and_(True, *conditions))
                .order_by(t.checked_at.desc(), t.check_id)
                .limit(LOG_PAGE)
            ).all()
        out = []
        for r in rows:
            answers = [answer_out(a) for a in r.answers if subject_id is None or a[0] == subject_id]
            out.append(
                {
                    "check_id": r.check_id,
                    "checked_at": _iso(r.checked_at),
                    "key_id": r.key_id,
                    "agency": r.org,
                    "org_code": r.org_code,
                    "role": r.role,
                    "matter": r.matter,
                    "kind": r.kind,
                    "all_measures": r.all_measures,
                    "position": r.position,
                    "count": r.count,
                    "answers": answers[:100],
                    "answers_total": len(answers),
                    "unknown": list(r.unknown)[:100],
                }
            )
        return out

    def logged_check(self, check_id: str) -> LoggedCheck:
        t = check_log.c
        with self.engine.connect() as conn:
            r = conn.execute(select(check_log).where(t.check_id == check_id)).first()
        if r is None:
            raise UnknownCheckError(f"no check {check_id}", field="check_id")
        checked_at = r.checked_at
        return LoggedCheck(
            check_id=r.check_id,
            checked_at=checked_at,
            org=r.org,
            matter=r.matter,
            all_measures=bool(r.all_measures),
            position=int(r.position or 0),
            answers=[list(a) for a in r.answers],
            unknown=list(r.unknown),
        )

    def my_checks(self, subject_id: str) -> list[dict[str, Any]]:
        """Who checked this subject: agency names, dates and matters only."""
        t = check_log.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.org, t.checked_at, t.matter)
                .where(self._has_subject(subject_id))
                .order_by(t.checked_at.desc())
                .limit(LOG_PAGE)
            ).all()
        return [
            {"agency": r.org, "date": service_day(r.checked_at).isoformat(), "matter": r.matter}
            for r in rows
        ]

    # -- statistics ----------------------------------------------------------------------------

    def notice_statistics(self, today: date) -> dict[str, Any]:
        """Per agency and measure: issued, acknowledged (any feedback), applied, overdue."""
        n, f = notices.c, notice_feedback.c
        with self.engine.connect() as conn:
            issued = conn.execute(
                select(n.notice_id, n.agency, n.type, n.measures, n.feedback_due)
            ).all()
            answered = conn.execute(select(f.notice_id, f.measure_id, f.applied)).all()
        feedback: dict[str, dict[str, bool]] = defaultdict(dict)
        for notice, measure, applied in answered:
            feedback[notice][measure] = feedback[notice].get(measure, False) or bool(applied)
        agencies: dict[str, dict[str, Any]] = {}
        for r in issued:
            a = agencies.setdefault(r.agency, {"agency": r.agency, **_zero(), "measures": {}})
            got = feedback.get(r.notice_id, {})
            due = (
                r.feedback_due
                if isinstance(r.feedback_due, date)
                else date.fromisoformat(str(r.feedback_due))
            )
            overdue = not got and today > due
            _count(a, bool(got), any(got.values()), overdue)
            for m in r.measures:
                per = a["measures"].setdefault(
                    m["measure_id"], {"measure_id": m["measure_id"], **_zero()}
                )
                _count(per, bool(got), got.get(m["measure_id"], False), overdue)
        totals = _zero()
        for a in agencies.values():
            for key in totals:
                totals[key] += a[key]
            a["measures"] = sorted(a["measures"].values(), key=lambda m: m["measure_id"])
        return {
            "as_of": today.isoformat(),
            "totals": totals,
            "agencies": sorted(agencies.values(), key=lambda a: a["agency"]),
        }


def answer_out(a: list[Any]) -> dict[str, Any]:
    """A logged answer: [subject_id, status, class] (+ score, listing_ids, measure_ids)."""
    out = {"subject_id": a[0], "status": a[1], "class": a[2]}
    if len(a) >= 6:
        out.update(score=a[3], listing_ids=a[4], measure_ids=a[5])
    return out


def _zero() -> dict[str, int]:
    return {"issued": 0, "acknowledged": 0, "applied": 0, "overdue": 0}


def _count(bucket: dict[str, Any], acknowledged: bool, applied: bool, overdue: bool) -> None:
    bucket["issued"] += 1
    bucket["acknowledged"] += int(acknowledged)
    bucket["applied"] += int(applied)
    bucket["overdue"] += int(overdue)
