"""The Clock port: the system clock, a manual one shared through the database (tests, demos), or
a simulated one held in memory by one process (the demo's synthetic history)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from adapters.db import read_connection
from adapters.tables import service_clock
from domain.time import stored_instant


class ClockMovedBackwardsError(ValueError):
    pass


class SystemClock:
    manual = False

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """Reads the instant an administrator set (`PUT /v1/admin/clock`); the system time until then.

    Kept in the database so that every process of a deployment (API and worker) agrees.
    """

    manual = True

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def now(self) -> datetime:
        with read_connection(self.engine) as conn:
            value = conn.execute(
                select(service_clock.c.now).where(service_clock.c.name == "manual")
            ).scalar()
        if value is None:
            return datetime.now(UTC)
        return stored_instant(value)

    def set(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("the instant needs an offset")
        instant = instant.astimezone(UTC)
        with self.engine.begin() as conn:
            current = conn.execute(
                select(service_clock.c.now).where(service_clock.c.name == "manual")
            ).scalar()
            if current is not None:
                current = stored_instant(current)
                if instant < current:
                    raise ClockMovedBackwardsError(
                        f"the clock is at {current.isoformat()}; it never moves backwards"
                    )
                conn.execute(
                    service_clock.update()
                    .where(service_clock.c.name == "manual")
                    .values(now=instant)
                )
            else:
                conn.execute(service_clock.insert().values(name="manual", now=instant))
        return instant


class SimulatedClock:
    """A clock one process moves forward by itself (`credit-energy demo` replays a history with
    it); like the manual clock it never moves backwards, and nothing runs on its own schedule."""

    manual = True

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the instant needs an offset")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("the instant needs an offset")
        instant = instant.astimezone(UTC)
        if instant < self._now:
            raise ClockMovedBackwardsError(
                f"the clock is at {self._now.isoformat()}; it never moves backwards"
            )
        self._now = instant
        return instant
