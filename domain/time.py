"""The instant events are stamped with, and the day the service counts in.

The domain reads no clock of its own: the application installs its `Clock` port here, so a manual
clock in tests and demos also moves recorded event times (API.md, "Keys and time"). One source per
process, like the process's one event store.

The service's day is the calendar day in its time zone (`CREDIT_TIMEZONE`, default
Asia/Shanghai: China Standard Time), never the UTC day: "today", "in the future", deadlines,
publicity ends, sweeps and statistics all count days with `service_day`. The composition root
installs the zone from the settings; one zone per process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from eventsourcing.domain import datetime_now_with_tzinfo

TimeSource = Callable[[], datetime]
DEFAULT_ZONE = "Asia/Shanghai"

_source: list[TimeSource] = [datetime_now_with_tzinfo]
_zone: list[tzinfo] = [ZoneInfo(DEFAULT_ZONE)]
_pinned: ContextVar[datetime | None] = ContextVar("pinned_instant", default=None)


def install_time_source(source: TimeSource) -> None:
    _source[0] = source


def install_service_zone(zone: tzinfo | str) -> None:
    _zone[0] = ZoneInfo(zone) if isinstance(zone, str) else zone


def service_zone() -> tzinfo:
    return _zone[0]


def stored_instant(instant: datetime) -> datetime:
    """An instant as a column stored it: SQLite hands timestamps back without their offset
    (they were stored in UTC wall time), PostgreSQL with it; either way, with its offset."""
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def service_day(instant: datetime) -> date:
    """The day an instant falls on, as the service counts days (its time zone, never UTC)."""
    if instant.tzinfo is None:
        raise ValueError("an instant without an offset has no day")
    return instant.astimezone(_zone[0]).date()


def day_start(day: date) -> datetime:
    """The first instant of a service day (00:00 in the service's zone)."""
    return datetime.combine(day, time.min, tzinfo=_zone[0])


def event_instant() -> datetime:
    pinned = _pinned.get()
    return pinned if pinned is not None else _source[0]()


@contextmanager
def pinned_instant(instant: datetime) -> Iterator[None]:
    """Stamp every event of one command (one atomic save) with one instant read once."""
    token = _pinned.set(instant)
    try:
        yield
    finally:
        _pinned.reset(token)
