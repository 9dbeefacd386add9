"""Sweeps: idempotent jobs that turn due deadlines into commands (and so into events).

Each capability registers its sweeps by name; the scheduler (and, with the manual clock,
`POST /v1/admin/sweeps:run`) runs them. A sweep takes the current instant and returns how many
commands it issued; running it twice at one instant issues nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from application.ports import Clock

Sweep = Callable[[datetime], int]


class Sweeps:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._sweeps: dict[str, Sweep] = {}

    def register(self, name: str, sweep: Sweep) -> None:
        if name in self._sweeps:
            raise ValueError(f"sweep {name} is registered twice")
        self._sweeps[name] = sweep

    @property
    def names(self) -> list[str]:
        return list(self._sweeps)

    def run(self, name: str) -> int:
        return self._sweeps[name](self.clock.now())

    def run_all(self) -> dict[str, int]:
        now = self.clock.now()
        return {name: sweep(now) for name, sweep in self._sweeps.items()}
