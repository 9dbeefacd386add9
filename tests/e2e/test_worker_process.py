"""The worker process: killed mid catch-up it resumes exactly once; two workers, one applies."""

from __future__ import annotations

import signal
import time

from api.bootstrap import Services
from tests.e2e.conftest import (
    PROVIDER,
    Stack,
    record_rows,
    register_subjects,
    settled,
    wait_until,
)
from tests.viewstate import view_state

SUBJECTS = 150
RECORDS = 2400  # with registrations and record keys: ≈ 5,000 events


def backlog(stack: Stack) -> int:
    services = stack.services()
    try:
        usccs = register_subjects(services, SUBJECTS)
        outcome = services.files.add_records(enumerate(record_rows(usccs, RECORDS)), PROVIDER)
        assert outcome.accepted == RECORDS
        for rid in ("E-000001", "E-000002"):
            services.files.revoke_record(rid, "撤销", PROVIDER)
        services.files.correct_record("E-000003", {"decided_on": "2026-02-02"}, "更正", PROVIDER)
        return services.files.position()
    finally:
        services.close()


def live_and_rebuilt(services: Services) -> tuple[dict, dict]:
    runner = services.runner
    live = {p.name: view_state(services.engine, p) for p in runner.projections}
    for p in runner.projections:
        runner.reset(p.name)
    runner.catch_up()
    rebuilt = {p.name: view_state(services.engine, p) for p in runner.projections}
    return live, rebuilt


def test_a_worker_killed_mid_catch_up_resumes_without_applying_anything_twice(stack: Stack):
    head = backlog(stack)
    assert head > 4900
    services = stack.services()
    try:
        worker = stack.start("worker", name="worker-1", CREDIT_PROJECTION_PAGE="100")
        # kill it once some pages are applied and others are not
        wait_until(lambda: max(services.runner.positions().values()) >= 1500, 60, "some pages")
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        at_kill = services.runner.positions()
        assert min(at_kill.values()) < head, f"the worker finished before the kill: {at_kill}"

        stack.start("worker", name="worker-2", CREDIT_PROJECTION_PAGE="100")
        wait_until(lambda: settled(services), 120, "the catch-up")
        stack.procs[-1].send_signal(signal.SIGTERM)
        assert stack.procs[-1].wait(20) == 0

        live, rebuilt = live_and_rebuilt(services)
        assert live == rebuilt
        assert len(live["records"]["record_view"]) == RECORDS
        summary = live["subject_summary"]["subject_summary"]
        assert len(summary) == SUBJECTS
        assert sum(row[7] for row in summary) == RECORDS  # records_total: each added once
        assert sum(row[8] for row in summary) == RECORDS - 2  # two revoked
        # the policies the worker ran replayed their interrupted page without doing anything
        # twice: a grade is recorded only when it changes, and the chain links every event once
        grades: dict[str, list[tuple[str, float]]] = {}
        for row in live["grades"]["grade_history"]:  # position, subject_id, previous, class, score
            grades.setdefault(row[1], []).append((row[3], row[4]))
        assert len(grades) == SUBJECTS
        assert all(a != b for seq in grades.values() for a, b in zip(seq, seq[1:], strict=False))
        chain = services.chain.verify()
        assert chain.ok and chain.checked == services.files.position(), chain
    finally:
        services.close()


def test_two_workers_one_applies_the_other_takes_over_when_it_dies(stack: Stack):
    services = stack.services()
    try:
        usccs = register_subjects(services, 20)
        first = stack.start("worker", name="w-a")
        second = stack.start("worker", name="w-b")
        procs = {"w-a": first, "w-b": second}
        wait_until(lambda: settled(services), 60, "catch-up")

        def holders() -> list[str]:
            return [n for n in procs if "lease acquired" in stack.log(n)]

        wait_until(lambda: len(holders()) == 1, 10, "one lease holder")
        wait_until(
            lambda: all("waiting for the lease" in stack.log(n) for n in procs), 10, "both up"
        )
        # a standby retries every second: after a few retries it still has not got the lease
        time.sleep(2.5)
        assert len(holders()) == 1
        (leader,) = holders()
        standby = "w-b" if leader == "w-a" else "w-a"

        procs[leader].send_signal(signal.SIGKILL)
        procs[leader].wait(10)
        wait_until(lambda: "lease acquired" in stack.log(standby), 20, "the standby takes over")

        outcome = services.files.add_records(enumerate(record_rows(usccs, 50)), PROVIDER)
        assert outcome.accepted == 50
        wait_until(lambda: settled(services), 30, "the standby")
        live, rebuilt = live_and_rebuilt(services)
        assert live == rebuilt
        assert len(live["records"]["record_view"]) == 50
    finally:
        services.close()
