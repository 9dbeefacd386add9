"""The runner applies a page to every behind view in one transaction, each view fed only the
events it names: a failing page applies nothing, a moved view is left out, nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection, select

from adapters.core.clock import SimulatedClock
from adapters.core.projection import Item
from adapters.core.runner import ProjectionRunner, advance_many
from adapters.core.settings import Settings
from adapters.core.tables import projection_tracking
from adapters.files.tables import record_view
from api.bootstrap import Services, bootstrap
from demo.history import history_start, load_demo
from tests.api.support import add, register
from tests.conftest import Harness
from tests.viewstate import view_state

UNTIL = datetime.fromisoformat("2026-11-20T09:00:00+08:00")


class EveryEvent:
    """A view as it is, but handed every event of the log (no `event_names` filter)."""

    event_names = None

    def __init__(self, view: Any) -> None:
        self.view = view
        self.name = view.name
        self.tables = view.tables

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        self.view.apply(conn, items)


class Boom(RuntimeError):
    pass


class FailingView:
    name = "failing"
    tables = ()
    event_names = None

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        raise Boom("a view failed mid-page")


@pytest.fixture
def demo_services(settings: Settings) -> Iterator[Services]:
    built = bootstrap(settings, clock=SimulatedClock(history_start(UNTIL)))
    try:
        yield built
    finally:
        built.close()


def test_views_fed_only_the_events_they_name_equal_views_fed_every_event(
    demo_services: Services,
):
    services = demo_services
    load_demo(services, subjects=40, seed=3, until=UNTIL, step_days=28)
    runner = services.runner
    runner.catch_up()
    assert all(p.event_names is not None for p in runner.projections)  # the filter is in use
    filtered = {p.name: view_state(services.engine, p) for p in runner.projections}
    assert filtered["list_entries"]["list_entries"] and filtered["notices"]["notices"]

    for p in runner.projections:
        runner.reset(p.name)
    unfiltered = ProjectionRunner(
        services.engine, services.files, [EveryEvent(p) for p in runner.projections]
    )
    unfiltered.catch_up()
    assert {p.name: view_state(services.engine, p) for p in runner.projections} == filtered


def test_a_page_that_fails_in_one_view_applies_none_of_it_there_and_the_rest_once(
    harness: Harness,
):
    """The page's one transaction rolls back whole; then each view commits alone, and the one
    that fails stays before the event it fails on (parked): nothing is applied twice."""
    provider = harness.key("provider", org="华北能源监管局")
    register(harness, provider)
    harness.catch_up()
    services = harness.services
    add(harness, provider, record_id="R-PAGE")
    failing = ProjectionRunner(
        services.engine, services.files, [*services.runner.projections, FailingView()]
    )
    before = failing.positions()["failing"]

    failing.catch_up()

    positions = failing.positions()
    assert positions.pop("failing") == before
    assert set(positions.values()) == {services.files.position()}
    with services.engine.connect() as conn:
        assert conn.execute(select(record_view.c.record_id)).scalars().all() == ["R-PAGE"]
    services.runner.catch_up()
    with services.engine.connect() as conn:
        assert conn.execute(select(record_view.c.record_id)).scalars().all() == ["R-PAGE"]


def test_tracking_positions_move_together_only_where_they_were_expected(harness: Harness):
    engine = harness.services.engine
    with engine.begin() as conn:
        assert advance_many(conn, {"a": (0, 10), "b": (0, 10), "c": (0, 10)}) == {"a", "b", "c"}
    with engine.begin() as conn:
        # b was moved by someone else (it is at 10, not 5): it stays, the others move
        assert advance_many(conn, {"a": (10, 20), "b": (5, 20), "c": (10, 20)}) == {"a", "c"}
    with engine.connect() as conn:
        t = projection_tracking.c
        rows = conn.execute(select(t.view, t.position).where(t.view.in_(["a", "b", "c"])))
        assert dict(rows.all()) == {"a": 20, "b": 10, "c": 20}
