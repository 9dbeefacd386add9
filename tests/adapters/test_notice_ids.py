"""Notices of one cause: a class change straight from A to D lifts A's notice and issues D's."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from adapters.joint.tables import notices
from tests.conftest import Harness

SUBJECT = uuid.UUID("5e6f7a8b-0000-5000-8000-000000000001")
AT = datetime.fromisoformat("2026-06-02T10:00:00+08:00")


class MarketSubject:
    """Stand-ins named like the subject's events (projections go by class names)."""

    class Registered:
        def __init__(self, **fields: Any) -> None:
            self.__dict__.update(originator_id=SUBJECT, timestamp=AT, **fields)

    class Graded(Registered):
        pass


def test_a_class_change_from_a_straight_to_d_lifts_and_issues_at_every_agency(
    sqlite_harness: Harness,
):
    services = sqlite_harness.services
    projection = services.runner.by_name("notices")
    items = [
        (
            1,
            MarketSubject.Registered(
                uscc="91350200776049653A",
                kind="legal_person",
                name="厦门恒源电力有限公司",
                region="350200",
            ),
        ),
        (2, MarketSubject.Graded(grade_class="A", previous_class=None)),
        (3, MarketSubject.Graded(grade_class="D", previous_class="A")),
    ]
    with services.engine.begin() as conn:
        projection.apply(conn, items)
        rows = conn.execute(
            select(notices.c.notice_id, notices.c.position, notices.c.agency, notices.c.type)
        ).all()
    at_3 = {(r.agency, r.type) for r in rows if r.position == 3}
    agencies_a = {r.agency for r in rows if r.position == 2}
    assert {(a, "lift") for a in agencies_a} <= at_3
    assert any(kind == "sanction" for _, kind in at_3)
    assert len({r.notice_id for r in rows}) == len(rows)
