"""Sweeps: idempotent jobs that turn due deadlines into commands (and so into events).

Each capability registers its sweeps by name; the scheduler (and, with the manual clock,
`POST /v1/admin/sweeps:run`) runs them. A sweep takes the current instant and returns how many
commands it issued; running it twice at one instant issues nothing the second time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from application.ports import Clock

Sweep = Callable[[datetime], int]
# told of every run: (name, the instant it ran at, the class name of the error it raised or None,
# the seconds it took)
Observer = Callable[[str, datetime, str | None, float], None]


class Sweeps:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._sweeps: dict[str, Sweep] = {}
        self._observers: list[Observer] = []

    def register(self, name: str, sweep: Sweep) -> None:
        if name in self._sweeps:
            raise ValueError(f"sweep {name} is registered twice")
        self._sweeps[name] = sweep

    def observe(self, observer: Observer) -> None:
        """Tell `observer` of every sweep run (metrics); a raising sweep still raises."""
        self._observers.append(observer)

    @property
    def names(self) -> list[str]:
        return list(self._sweeps)

    def run(self, name: str) -> int:
        return self._run(name, self.clock.now())

    def run_all(self) -> dict[str, int]:
        now = self.clock.now()
        return {name: self._run(name, now) for name in self._sweeps}

    def _run(self, name: str, now: datetime) -> int:
        if not self._observers:
            return self._sweeps[name](now)
        started = time.monotonic()
        try:
            done = self._sweeps[name](now)
        except BaseException as error:  # noted, then raised on: the caller handles it as before
            self._tell(name, now, type(error).__name__, time.monotonic() - started)
            raise
        self._tell(name, now, None, time.monotonic() - started)
        return done

    def _tell(self, name: str, now: datetime, error: str | None, seconds: float) -> None:
        for observer in self._observers:
            observer(name, now, error, seconds)
