"""Webhook deliveries in processes of their own (CREDIT_DELIVERY_PROCESSES=N).

By default (0) the deliverer is one of the worker's tasks and shares its interpreter with the
views and policies. In a burst both want the CPU at once, and one interpreter runs one of them
at a time: on this machine the views of a 1,000-event burst and its 1,000 webhook requests (100
subscribers, batched) took about 1 and 2 CPU-seconds, one after the other rather than side by
side. With N ≥ 1 the worker instead keeps N delivery processes (`python -m api.deliver`)
running while it holds its lease: started on its first round, restarted if one exits. Process k
delivers the subscriptions of shard k of N (a hash of the subscription id), so the deliveries of
a burst use as many cores as there are processes, beside the views.

A delivery process needs only the database: the public feed, the subscriptions and the delivery
log, and the event store for an endpoint's `subscription.disabled` notice. Each shard has a lease
of its own, so a second process for a shard (another worker's, or `credit-energy deliver` started
by hand) waits as a hot standby; a process stops when the worker that started it is gone.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from adapters.core.lease import WorkerLease
from adapters.core.settings import Settings
from adapters.sharing.webhooks import Deliverer

log = logging.getLogger(__name__)

# what a delivery process runs (`python -m api.deliver`): it builds the services of its own
DELIVERY_MODULE = "api.deliver"
RESTART_SECONDS = 5.0  # a delivery process that keeps exiting is restarted at most this often


def lease_name(shard: int, shards: int) -> str:
    return f"credit-energy-deliverer-{shard}-of-{shards}"


class DeliveryLoop:
    """Rounds of the deliverer behind the delivery lease: start the due jobs, then wait until a
    job ends or `poll_interval` passes."""

    def __init__(
        self,
        deliverer: Deliverer,
        lease: WorkerLease,
        poll_interval: float,
        wakeup: threading.Event,
    ) -> None:
        """`wakeup`: the event the deliverer sets when a job ends (its `wake`)."""
        self.deliverer = deliverer
        self.lease = lease
        self.poll_interval = poll_interval
        self._wake = wakeup

    def run(self, stop: threading.Event, alive: Callable[[], bool] = lambda: True) -> None:
        try:
            while not stop.is_set() and alive():
                if not self.lease.try_acquire():
                    stop.wait(1.0)  # hot standby
                    continue
                try:
                    self.deliverer()
                except Exception:
                    log.exception("delivery round failed; retrying")
                self._wake.wait(self.poll_interval)
                self._wake.clear()
        finally:
            self.deliverer.close()
            self.lease.release()


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as the environment variables that give them back in another process."""
    env: dict[str, str] = {}
    for name, value in settings.model_dump(by_alias=True).items():
        if value is None:
            continue
        env[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return env


class DeliveryProcesses:
    """A worker task: keeps one delivery process per shard running while the worker holds its
    lease."""

    def __init__(self, settings: Settings, count: int) -> None:
        self.env = {**os.environ, **settings_env(settings)}
        self.count = count
        self._children: list[subprocess.Popen[bytes] | None] = [None] * count
        self._started_at = [-RESTART_SECONDS] * count
        self._lock = threading.Lock()
        self._closed = False

    @property
    def pids(self) -> list[int | None]:
        return [child.pid if child is not None else None for child in self._children]

    def __call__(self) -> int:
        with self._lock:
            if self._closed:
                return 0
            for shard, child in enumerate(self._children):
                if child is not None and child.poll() is None:
                    continue
                if time.monotonic() - self._started_at[shard] < RESTART_SECONDS:
                    continue
                if child is not None:
                    log.warning(
                        "delivery process %s of %s exited (%s); starting another",
                        shard,
                        self.count,
                        child.returncode,
                    )
                command = [
                    sys.executable,
                    "-m",
                    DELIVERY_MODULE,
                    f"--shard={shard}",
                    f"--shards={self.count}",
                    f"--parent={os.getpid()}",
                ]
                self._children[shard] = subprocess.Popen(command, env=self.env)
                self._started_at[shard] = time.monotonic()
        return 0

    def close(self, timeout: float = 15.0) -> None:
        with self._lock:
            self._closed = True
            children = [c for c in self._children if c is not None and c.poll() is None]
            self._children = [None] * self.count
        for child in children:
            child.terminate()  # ends its jobs between two requests, commits what was delivered
        deadline = time.monotonic() + timeout
        for child in children:
            try:
                child.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
