"""Class notices and objection marks from the events other capabilities record (issues 3 and 5).

Those events are not in this branch's domain yet, so the views are fed events of the agreed names
and fields directly, as the runner would hand them over.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from adapters.joint.tables import check_log, check_view, notices
from api.bootstrap import Services
from application.commands import RegisterSubject
from application.ports import Actor
from domain.decision import measures_by_agency
from domain.subject import subject_id_for_uscc

USCC = "91350200776049653A"
AT = datetime.fromisoformat("2026-06-01T09:00:00+08:00")


def fake(part: str, kind: str, sid: uuid.UUID, **fields: Any) -> Any:
    cls = type(kind, (), {})
    cls.__qualname__ = f"{part}.{kind}"
    ev = cls()
    ev.__dict__.update(originator_id=sid, timestamp=AT, **fields)
    return ev


def registered(services: Services) -> uuid.UUID:
    services.files.register_subject(
        RegisterSubject.of(
            {
                "id_type": "uscc",
                "id": USCC,
                "name": "厦门恒源电力有限公司",
                "kind": "legal_person",
                "sectors": ["power"],
                "region": "350200",
            }
        ),
        Actor("provider", "国家能源局福建监管办公室"),
    )
    services.runner.catch_up()
    return subject_id_for_uscc(USCC)


def feed(services: Services, *items: tuple[int, Any]) -> None:
    for name in ("check_view", "notices"):
        with services.engine.begin() as conn:
            services.runner.by_name(name).apply(conn, list(items))


def graded(
    services: Services, sid: uuid.UUID, position: int, score: float, cls: str, previous: str
) -> None:
    """A `Graded` event at `position` fed to check_view and notices."""
    cause = {"rulebook_version": "2026-01", "explanation": [], "cause": "test"}
    fields = dict(score=score, grade_class=cls, previous_class=previous, **cause)
    feed(services, (position, fake("Grades", "Graded", sid, **fields)))


def test_entering_class_d_sends_sanctions_and_leaving_it_lifts_them(services: Services):
    sid = registered(services)
    graded(services, sid, 100, 35.0, "D", "C")
    graded(services, sid, 101, 72.0, "B", "D")
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(
                notices.c.position, notices.c.agency, notices.c.type, notices.c.grade_class
            ).order_by(notices.c.position, notices.c.agency)
        ).all()
        view = conn.execute(select(check_view.c.grade_class, check_view.c.score)).one()
    d_agencies = sorted(measures_by_agency(services.measures.in_force(), "D", "350200"))
    assert [(r.agency, r.type, r.grade_class) for r in rows if r.position == 100] == [
        (a, "sanction", "D") for a in d_agencies
    ]
    assert [(r.agency, r.type) for r in rows if r.position == 101] == [
        (a, "lift") for a in d_agencies
    ]
    assert tuple(view) == ("B", 72.0)


def test_one_grade_from_d_to_a_lifts_the_sanctions_and_sends_incentives_to_each_agency(
    services: Services,
):
    sid = registered(services)
    graded(services, sid, 100, 35.0, "D", "C")
    graded(services, sid, 101, 90.0, "A", "D")
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(notices.c.notice_id, notices.c.agency, notices.c.type).where(
                notices.c.position == 101
            )
        ).all()
    catalogue = services.measures.in_force()
    d_agencies, a_agencies = (set(measures_by_agency(catalogue, c, "350200")) for c in ("D", "A"))
    both = d_agencies & a_agencies
    assert both  # an agency with measures for both classes gets a lift and an incentive
    assert sorted((r.agency, r.type) for r in rows) == sorted(
        [(a, "lift") for a in d_agencies] + [(a, "incentive") for a in a_agencies]
    )
    assert len({r.notice_id for r in rows}) == len(rows)
    agency = sorted(both)[0]
    page = services.joint.inbox(agency, 100, limit=1)  # a page never splits a cause
    assert sorted(n["type"] for n in page["notices"]) == ["incentive", "lift"]
    assert page["next"] == "101"


def test_an_open_objection_marks_the_check_until_it_is_resolved(services: Services):
    sid = registered(services)
    feed(
        services,
        (
            100,
            fake(
                "Objections",
                "ObjectionFiled",
                sid,
                objection_id="O-1",
                record_id="R-1",
                listing_id=None,
                grounds="error",
                statement="",
                evidence=[],
                due_by="2026-06-15",
                filed_at="2026-06-01T01:00:00+00:00",
            ),
        ),
    )
    assert [(m["record_id"], m["objection_id"]) for m in marks(services)] == [("R-1", "O-1")]
    feed(
        services,
        (
            101,
            fake(
                "Objections",
                "ObjectionResolved",
                sid,
                objection_id="O-1",
                outcome="rejected",
                reasons="",
                by="x",
            ),
        ),
    )
    assert marks(services) == []


def marks(services: Services) -> list[dict[str, Any]]:
    agency = Actor("agency", "国家能源局", key_id="k")
    answer = services.checks.check_one(USCC, "licensing", False, agency)
    return orjson.loads(orjson.dumps(answer))["objection_marks"]


def test_the_check_log_refuses_updates_and_deletes(services: Services):
    registered(services)
    services.checks.check_one(USCC, "licensing", False, Actor("agency", "国家能源局"))
    for statement in (check_log.update().values(org="x"), check_log.delete()):
        with pytest.raises(DBAPIError), services.engine.begin() as conn:
            conn.execute(statement)
    with services.engine.connect() as conn:
        assert conn.execute(select(check_log.c.org)).scalars().all() == ["国家能源局"]
