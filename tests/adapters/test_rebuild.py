"""A rebuilt view equals the live one, with or without a worker holding the lease."""

from __future__ import annotations

import threading

import pytest

from adapters.core.lease import WorkerLease
from adapters.core.rebuild import rebuild_view
from tests.api.support import PERSON_ID, add, register
from tests.conftest import Harness
from tests.viewstate import view_state

VIEWS = ["subject_summary", "records", "list_entries"]


def busy_history(h: Harness) -> None:
    provider = h.key("provider", org="华北能源监管局")
    register(h, provider)
    register(h, provider, id="91440101MA5CJQ4N59", name="广州某燃气有限公司", sectors=["oil_gas"])
    person = {
        "id_type": "resident_id",
        "id": PERSON_ID,
        "name": "王伟明",
        "kind": "natural_person",
        "sectors": ["power"],
        "region": "110105",
    }
    assert h.client.post("/v1/subjects", json=person, headers=provider).status_code == 201
    for i in range(30):
        add(h, provider, record_id=f"R-{i:03d}", tier=["light", "general", "serious"][i % 3])
    add(h, provider, uscc="91440101MA5CJQ4N59", record_id="G-1")
    h.client.post("/v1/records/R-001:revoke", json={"reason": "撤销"}, headers=provider)
    h.client.post(
        "/v1/records/R-002:correct",
        json={"changes": {"decided_on": "2026-02-02", "content": {"fine": 1}}, "reason": "更正"},
        headers=provider,
    )
    h.catch_up()


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_rebuilt_from_zero_equals_the_live_view(harness: Harness, view: str):
    busy_history(harness)
    runner = harness.services.runner
    live = view_state(harness.services.engine, runner.by_name(view))
    seen: list[int] = []
    position = rebuild_view(runner, harness.services.worker.lease, view, progress=seen.append)
    harness.services.worker.lease.release()
    assert position == harness.services.files.position()
    assert seen and seen[-1] == position
    assert view_state(harness.services.engine, runner.by_name(view)) == live


def test_the_live_views_hold_every_record_and_count(harness: Harness):
    busy_history(harness)
    engine, runner = harness.services.engine, harness.services.runner
    records = view_state(engine, runner.by_name("records"))["record_view"]
    summary = view_state(engine, runner.by_name("subject_summary"))["subject_summary"]
    assert len(records) == 31
    totals = sorted((row[7], row[8]) for row in summary)  # records_total, records_active
    assert totals == [(0, 0), (1, 1), (30, 29)]
    assert PERSON_ID not in repr(summary) and "王伟明" not in repr(summary)


def test_a_view_rebuilds_while_a_worker_holds_the_lease(harness: Harness):
    busy_history(harness)
    services = harness.services
    live = view_state(services.engine, services.runner.by_name("records"))
    services.worker.start()
    try:
        for _ in range(100):
            if services.worker.active:
                break
            threading.Event().wait(0.05)
        assert services.worker.active
        mine = WorkerLease(services.engine)
        position = rebuild_view(services.runner, mine, "records", poll=0.05, timeout=30)
        assert not mine.held  # the worker did the work
    finally:
        services.worker.stop()
    assert position == services.files.position()
    assert view_state(services.engine, services.runner.by_name("records")) == live
    add(harness, harness.key("provider", org="华北能源监管局"), record_id="AFTER")
    harness.catch_up()
    assert len(view_state(services.engine, services.runner.by_name("records"))["record_view"]) == 32
