"""One APScheduler per deployment, started by the worker that holds the lease.

The job store is our database (`apscheduler_jobs`, created by Alembic), so the schedule survives
restarts and a standby worker that takes over finds it. The job itself only marks the sweeps as
due; the worker thread runs them between its other tasks, so every write of the deployment's
worker happens on one thread and sweeps never race the policies on a subject's stream.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

log = logging.getLogger(__name__)

JOB_ID = "credit-energy-sweeps"
_DUE: dict[str, threading.Event] = {}


def mark_due(key: str) -> None:
    """The scheduled job (stored by reference, so it must be a module-level function)."""
    flag = _DUE.get(key)
    if flag is not None:
        flag.set()


class SweepScheduler:
    """A worker task: starts the scheduler on the worker's first step (it holds the lease by
    then), and runs `sweeps.run_all` whenever the scheduler marked them due."""

    def __init__(self, engine: Engine, sweeps: Any, interval_seconds: int = 60) -> None:
        self.engine = engine
        self.sweeps = sweeps
        self.interval = interval_seconds
        self.key = uuid.uuid4().hex
        self.due = threading.Event()
        self._scheduler: BackgroundScheduler | None = None

    def start(self) -> None:
        _DUE[self.key] = self.due
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
            timezone="UTC",
        )
        scheduler.start()
        # replace_existing: the stored job then carries this process's key
        scheduler.add_job(
            "adapters.scheduler:mark_due",
            "interval",
            seconds=self.interval,
            args=[self.key],
            id=JOB_ID,
            replace_existing=True,
        )
        self._scheduler = scheduler
        self.due.set()  # one round at start-up: deadlines may have passed while no worker ran
        log.info("scheduler started: sweeps every %s s", self.interval)

    def __call__(self) -> int:
        if self._scheduler is None:
            self.start()
        if not self.due.is_set():
            return 0
        self.due.clear()
        results = self.sweeps.run_all()
        return sum(results.values())

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        _DUE.pop(self.key, None)
