"""A view that cannot apply an event stops alone: the others keep up, the failure is reported once
per back-off step and in /readyz, and a rebuild or a restart after the fix resumes it; no stored
string (a NUL from before the input policy) stops any view."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Connection

from adapters.core.rebuild import rebuild_view
from adapters.core.runner import ProjectionRunner
from application.commands import RegisterSubject
from application.ports import Actor
from tests.api.support import COMPANY, PENALTY, USCC, add, register
from tests.conftest import Harness
from tests.viewstate import view_state

PROVIDER = Actor("provider", "国家能源局市场监管司")


class Poisoned:
    """The records view, made to fail on the record POISON until it is fixed."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.tables = inner.tables
        self.event_names = inner.event_names
        self.broken = True

    def apply(self, conn: Connection, items: Sequence[tuple[int, Any]]) -> None:
        if self.broken and any(getattr(e, "record_id", None) == "POISON" for _, e in items):
            raise ValueError("cannot apply the POISON record")
        self.inner.apply(conn, items)


def poison(h: Harness) -> Poisoned:
    runner = h.services.runner
    i = next(i for i, p in enumerate(runner.projections) if p.name == "records")
    runner.projections[i] = Poisoned(runner.projections[i])
    return runner.projections[i]


def history(h: Harness) -> tuple[dict[str, str], int]:
    """A subject with records R1, POISON, R2; returns the provider's key and the position
    POISON's submission answered (its event's, or its record claim's just after)."""
    provider = h.key("provider")
    register(h, provider)
    add(h, provider, record_id="R1")
    at = add(h, provider, record_id="POISON")["position"]
    add(h, provider, record_id="R2")
    return provider, at


def public_record_ids(h: Harness) -> list[str]:
    page = h.client.get(f"/v1/public/subjects/{USCC}").json()
    return sorted(r["record_id"] for r in page["records"])


def test_a_view_failing_on_one_event_stops_alone_and_the_others_keep_up(
    harness: Harness, caplog: pytest.LogCaptureFixture
):
    broken = poison(harness)
    provider, at = history(harness)
    with caplog.at_level(logging.ERROR, logger="adapters.core.parking"):
        harness.catch_up()
        add(harness, provider, record_id="R3")  # the log goes on
        harness.catch_up()
        for _ in range(5):
            harness.services.worker.step()  # within the back-off: no retry, no new log line
    head = harness.services.files.position()
    ready = harness.client.get("/readyz").json()
    assert ready["status"] == "degraded"
    [(view, failed_at)] = [(d["view"], d["position"]) for d in ready["degraded"]]
    assert view == "records" and at - 1 <= failed_at <= at
    positions = harness.services.runner.positions()
    assert positions.pop("records") == failed_at - 1  # just before the event it fails on
    assert set(positions.values()) == {head}
    stopped = [r for r in caplog.records if "view records stopped" in r.getMessage()]
    assert len(stopped) == 1
    assert f"position {failed_at}" in stopped[0].getMessage()
    assert "POISON" in ready["degraded"][0]["error"]
    check = harness.client.get(f"/v1/checks/{USCC}?matter=licensing", headers=harness.key("agency"))
    assert check.json()["as_of"]["position"] == head
    assert public_record_ids(harness) == ["R1"]
    assert broken.broken


def test_after_the_fix_a_rebuild_resumes_the_stopped_view(harness: Harness):
    broken = poison(harness)
    history(harness)
    harness.catch_up()
    broken.broken = False  # the fix
    runner = harness.services.runner
    rebuild_view(runner, harness.services.worker.lease, "records")
    harness.services.worker.lease.release()
    assert runner.positions()["records"] == harness.services.files.position()
    assert harness.client.get("/readyz").json()["status"] == "ready"
    assert public_record_ids(harness) == ["POISON", "R1", "R2"]


def test_after_the_fix_a_restart_resumes_the_stopped_view(harness: Harness):
    broken = poison(harness)
    history(harness)
    harness.catch_up()
    broken.broken = False
    old = harness.services.runner
    restarted = ProjectionRunner(old.engine, old.app, old.projections, page_size=old.page_size)
    restarted.catch_up()  # parked views aside: catching up alone does not retry it
    assert restarted.positions()["records"] < harness.services.files.position()
    while restarted.run_once():  # a new runner tries every parked view at once
        pass
    assert restarted.positions()["records"] == harness.services.files.position()
    assert harness.client.get("/readyz").json()["degraded"] == []
    assert public_record_ids(harness) == ["POISON", "R1", "R2"]


def test_a_nul_stored_before_the_input_policy_stops_no_view(harness: Harness):
    """Defence in depth: the edge refuses NUL, and a NUL already stored reads as U+FFFD."""
    files = harness.services.files
    files.register_subject(RegisterSubject.of({**COMPANY, "name": "空字符\u0000公司"}), PROVIDER)
    files.add_record(USCC, {**PENALTY, "summary": "事实\u0000"}, PROVIDER)
    harness.catch_up()
    assert set(harness.services.runner.positions().values()) == {files.position()}
    assert harness.client.get("/readyz").json()["status"] == "ready"
    page = harness.client.get(f"/v1/public/subjects/{USCC}").json()
    assert page["name"] == "空字符\ufffd公司"
    assert page["records"][0]["summary"] == "事实\ufffd"
    live = view_state(harness.services.engine, harness.services.runner.by_name("records"))
    rebuild_view(harness.services.runner, harness.services.worker.lease, "records")
    harness.services.worker.lease.release()
    assert view_state(harness.services.engine, harness.services.runner.by_name("records")) == live
