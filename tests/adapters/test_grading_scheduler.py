"""The sweep scheduler: APScheduler with its job store in our database, run by the worker."""

from __future__ import annotations

from sqlalchemy import text

from adapters.scheduler import JOB_ID, SweepScheduler, mark_due
from application.sweeps import Sweeps


class FixedClock:
    def now(self):
        from datetime import UTC, datetime

        return datetime(2026, 6, 1, tzinfo=UTC)


def test_the_scheduler_stores_its_job_and_runs_sweeps_when_due(services):
    sweeps = Sweeps(FixedClock())
    ran: list[str] = []
    sweeps.register("probe", lambda now: ran.append(now.isoformat()) or 1)
    task = SweepScheduler(services.engine, sweeps, interval_seconds=3600)
    try:
        assert task() == 1  # the first step starts the scheduler and runs one round
        assert task() == 0  # nothing due until the scheduler fires
        mark_due(task.key)
        assert task() == 1
        with services.engine.connect() as conn:
            ids = conn.execute(text("SELECT id FROM apscheduler_jobs")).scalars().all()
        assert ids == [JOB_ID]
    finally:
        task.shutdown()
    assert len(ran) == 2
