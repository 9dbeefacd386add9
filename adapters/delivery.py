"""Webhook deliveries in a process of their own (CREDIT_DELIVERY_PROCESS=true).

By default the deliverer is one of the worker's tasks and shares its interpreter with the views
and policies. In a burst both want the CPU at once, and one interpreter runs one of them at a
time: on this machine the views of a 1,000-event burst and its 1,000 webhook requests (100
subscribers, batched) take about 1 and 2 CPU-seconds, one after the other rather than side by
side. With the setting on, the worker instead keeps `python -m adapters.delivery` running while
it holds its lease (started on its first round, restarted if it exits), and the views and the
deliveries run on both cores.

The delivery process needs only the database: the public feed, the subscriptions and the
delivery log, and the event store for an endpoint's `subscription.disabled` notice. It holds a
lease of its own, so a second one (another worker's, or `credit-energy deliver` started by hand)
waits as a hot standby, and it stops when the worker that started it is gone.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from adapters.lease import WorkerLease
from adapters.settings import Settings
from adapters.webhooks import Deliverer

log = logging.getLogger(__name__)

LEASE = "credit-energy-deliverer"
RESTART_SECONDS = 5.0  # a delivery process that keeps exiting is restarted at most this often


class DeliveryLoop:
    """Rounds of the deliverer behind the delivery lease: start the due jobs, then wait until a
    job ends or `poll_interval` passes."""

    def __init__(self, deliverer: Deliverer, lease: WorkerLease, poll_interval: float) -> None:
        self.deliverer = deliverer
        self.lease = lease
        self.poll_interval = poll_interval
        self._wake = threading.Event()
        deliverer.wake = self._wake.set

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


class DeliveryProcess:
    """A worker task: keeps the delivery process running while the worker holds its lease."""

    def __init__(self, settings: Settings) -> None:
        self.env = {**os.environ, **settings_env(settings)}
        self._child: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0
        self._lock = threading.Lock()
        self._closed = False

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child is not None else None

    def __call__(self) -> int:
        with self._lock:
            if self._closed:
                return 0
            child = self._child
            if child is not None and child.poll() is None:
                return 0
            if time.monotonic() - self._started_at < RESTART_SECONDS:
                return 0
            if child is not None:
                log.warning("the delivery process exited (%s); starting another", child.returncode)
            command = [sys.executable, "-m", "adapters.delivery", "--parent", str(os.getpid())]
            self._child = subprocess.Popen(command, env=self.env)
            self._started_at = time.monotonic()
            log.info("delivery process %s started", self._child.pid)
        return 0

    def close(self, timeout: float = 15.0) -> None:
        with self._lock:
            self._closed = True
            child, self._child = self._child, None
        if child is None or child.poll() is not None:
            return
        child.terminate()  # ends its jobs between two requests, commits what was delivered
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def serve(parent: int | None = None) -> None:
    """Run the delivery loop until SIGTERM or SIGINT, or until the parent process is gone."""
    from adapters.container import build_services

    settings = Settings()
    logging.basicConfig(level=settings.log_level)
    services = build_services(settings, run_migrations=False)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    loop = DeliveryLoop(
        services.extras["deliverer"], WorkerLease(services.engine, LEASE), settings.poll_interval
    )

    def alive() -> bool:
        return parent is None or os.getppid() == parent

    try:
        loop.run(stop, alive)
    finally:
        services.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--parent", type=int, help="stop when this process is gone")
    args: Any = parser.parse_args(argv)
    serve(args.parent)


if __name__ == "__main__":
    main()
