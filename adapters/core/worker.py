"""The worker: projections (and later policies, sweeps, deliveries) behind one lease.

In `serve` it runs as a thread beside the API; `credit-energy worker` runs it alone. A second
worker waits as a hot standby until the lease frees.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from adapters.core.lease import WorkerLease
from adapters.core.runner import ProjectionRunner

log = logging.getLogger(__name__)

Task = Callable[[], int]

VIEWS_SECONDS = 1.0  # the most a round spends on the views' pages before the tasks' turn
MAX_BACKOFF_SECONDS = 30.0  # the longest wait between failed steps (the database away)


class Worker:
    def __init__(
        self,
        runner: ProjectionRunner,
        lease: WorkerLease,
        poll_interval: float = 0.2,
        tasks: list[Task] | None = None,
        wakeup: threading.Event | None = None,
    ) -> None:
        self.runner = runner
        self.lease = lease
        self.poll_interval = poll_interval
        self.tasks: list[Task] = list(tasks or [])
        self._wake = wakeup or threading.Event()  # set: another round at once
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        return self.lease.held

    def wake(self) -> None:
        self._wake.set()

    def step(self) -> int:
        """One round: the views' pages while they come full (for up to VIEWS_SECONDS), then each
        task once. Returns work done.

        In a burst the views (the read models that checks, the portal and the public feed read)
        catch up before the policies' and sweeps' turn rather than one page between each of
        their turns; the policies follow the event log, not the views, and lose nothing by it."""
        started = time.monotonic()
        done = read = self.runner.run_once()
        while read >= self.runner.page_size and time.monotonic() - started < VIEWS_SECONDS:
            read = self.runner.run_once()
            done += read
        for task in self.tasks:
            done += task()
        return done

    def run(self) -> None:
        log.info("worker started; waiting for the lease")
        failures = 0
        while not self._stop.is_set():
            was_held = self.lease.held
            if not self.lease.try_acquire():
                self._stop.wait(1.0)  # hot standby
                continue
            if not was_held:
                log.info("worker lease acquired: applying views and tasks")
            try:
                busy = self.step()
            except Exception as error:
                # a view's failure parks that view alone (adapters/core/parking.py); what
                # reaches here stops every view (the database away): retried with back-off,
                # logged once a step
                failures += 1
                wait = min(self.poll_interval * 2**failures, MAX_BACKOFF_SECONDS)
                if failures == 1:
                    log.exception("worker step failed; retrying in %.1f s", wait)
                else:
                    log.error(
                        "worker step failed %d times; retrying in %.1f s: %s",
                        failures,
                        wait,
                        str(error)[:300],
                    )
                self._stop.wait(wait)
                continue
            if failures:
                log.info("worker step succeeded after %d failures", failures)
                failures = 0
            if not busy:
                self._wake.wait(self.poll_interval)
                self._wake.clear()
        self.lease.release()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="credit-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
