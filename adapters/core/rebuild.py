"""Rebuilding one view from the start of the log, with or without a running worker.

The view is emptied and its position set to zero in one transaction; whoever holds the worker
lease then catches it up. When that is this process it applies the pages itself; otherwise it
watches the running worker do it (and takes over if that worker goes away).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from adapters.core.lease import WorkerLease
from adapters.core.runner import ProjectionRunner

Progress = Callable[[int], None]


def rebuild_view(
    runner: ProjectionRunner,
    lease: WorkerLease,
    view: str,
    progress: Progress | None = None,
    poll: float = 0.2,
    timeout: float | None = None,
) -> int:
    """Reset `view` and wait until it has caught up with the log head at reset time.

    `progress(position)` is told the view's position as it advances. Returns that position.
    """
    runner.reset(view)
    target = runner.app.recorder.max_notification_id() or 0
    deadline = None if timeout is None else time.monotonic() + timeout
    position = 0
    while True:
        if lease.try_acquire():
            runner.catch_up(only=[view], progress=lambda _n: _tell(runner, view, progress))
            return runner.positions()[view]
        position = runner.positions()[view]
        if progress:
            progress(position)
        if position >= target:
            return position
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"{view} is at {position} of {target}")
        time.sleep(poll)


def _tell(runner: ProjectionRunner, view: str, progress: Progress | None) -> None:
    if progress:
        progress(runner.positions()[view])
