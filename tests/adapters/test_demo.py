"""The demo set: a replayed history that leaves every state a newcomer should meet, one key per
role, and example subjects per status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.core.clock import SimulatedClock
from adapters.core.settings import Settings
from adapters.files.tables import commitment_view, list_entries
from adapters.joint.tables import notices
from adapters.subject_rights.tables import objection_marks
from api.bootstrap import Services, bootstrap
from application.ports import ROLES
from demo.history import create_demo_keys, demo_subjects, history_start, load_demo

UNTIL = datetime.fromisoformat("2026-11-20T09:00:00+08:00")


def _count(services: Services, query: Any) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


# One replay per database (it is the slow part), checked from every side a newcomer looks at.
@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Built as `credit-energy demo` builds them: on a simulated clock that starts in the past."""
    built = bootstrap(settings, clock=SimulatedClock(history_start(UNTIL)))
    try:
        yield built
    finally:
        built.close()


def test_the_demo_replays_a_history_that_leaves_every_state_to_try(services: Services):
    # four-week steps keep the test short; `credit-energy demo` steps by two weeks
    summary = load_demo(services, subjects=40, seed=3, until=UNTIL, step_days=28)

    # every record accepted, every scripted step done, the clock at the end and never beyond
    assert "(0 rejected)" in summary and "skipped" not in summary
    assert "history 2025-05-" in summary
    assert services.clock.now() == UNTIL

    # lists and grades
    portal = services.portal
    assert portal.list_page("black").total >= 1
    assert portal.list_page("red").total >= 1
    assert portal.list_page("focus").total >= 1
    e = list_entries.c
    delisted = select(func.count()).where(e.status == "delisted")
    assert _count(services, delisted.where(e.ended_reason == "repaired")) == 1
    assert _count(services, delisted.where(e.ended_reason == "expired")) >= 1
    grades = portal.grade_distribution()
    assert grades["A"] >= 1 and grades["D"] >= 1

    # objections (one open with its mark, one decided), commitments, notices to agencies
    m = objection_marks.c
    assert _count(services, select(func.count()).where(m.cleared_at.is_(None))) == 1
    assert _count(services, select(func.count()).where(m.outcome == "rejected")) == 1
    c = commitment_view.c
    assert _count(services, select(func.count()).where(c.status == "kept")) >= 1
    assert _count(services, select(func.count()).where(c.status == "breached")) == 1
    n = notices.c
    assert _count(services, select(func.count()).where(n.type == "sanction")) >= 1

    # one key per role, and subjects to try per status
    keys = create_demo_keys(services)
    assert sorted(role for role, _, _ in keys) == sorted(ROLES)
    for role, _org, key in keys:
        actor = services.keys.authenticate(key)
        assert actor is not None and actor.role == role
    statuses = {status for status, _, _ in demo_subjects(services)}
    assert {"black", "red", "focus", "delisted", "objection", "class A", "class D"} <= statuses
