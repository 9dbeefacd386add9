"""The instant events are stamped with.

The domain reads no clock of its own: the application installs its `Clock` port here, so a manual
clock in tests and demos also moves recorded event times (API.md, "Keys and time"). One source per
process, like the process's one event store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from eventsourcing.domain import datetime_now_with_tzinfo

TimeSource = Callable[[], datetime]

_source: list[TimeSource] = [datetime_now_with_tzinfo]


def install_time_source(source: TimeSource) -> None:
    _source[0] = source


def event_instant() -> datetime:
    return _source[0]()
