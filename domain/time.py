"""The instant events are stamped with.

The domain reads no clock of its own: the application installs its `Clock` port here, so a manual
clock in tests and demos also moves recorded event times (API.md, "Keys and time"). One source per
process, like the process's one event store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from eventsourcing.domain import datetime_now_with_tzinfo

TimeSource = Callable[[], datetime]

_source: list[TimeSource] = [datetime_now_with_tzinfo]
_pinned: ContextVar[datetime | None] = ContextVar("pinned_instant", default=None)


def install_time_source(source: TimeSource) -> None:
    _source[0] = source


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
