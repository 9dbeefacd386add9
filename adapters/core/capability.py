"""What every capability is built from (`Core`) and what it hands back (`Capability`).

Each capability's `build(core)` returns its services (a typed dataclass of its own), the views it
adds to the projection runner, the worker tasks it runs and the sweeps it registers: a manifest
the composition root (api/bootstrap.py) reads, instead of lists passed in and appended to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine

from adapters.core.pii import SubjectKeys
from adapters.core.settings import Settings
from application.credit_files import CreditFiles
from application.folding import Folder
from application.measures import Measures

S = TypeVar("S")

Sweep = Callable[[datetime], int]
SweepObserver = Callable[[str, datetime, str | None, float], None]


@dataclass(frozen=True)
class Core:
    """The shared parts: settings, the database, the credit files and the clock."""

    settings: Settings
    engine: Engine
    cipher_key: str
    clock: Any
    files: CreditFiles
    personal: SubjectKeys
    measures: Measures
    # set to wake the worker for another round at once (a delivery job ended)
    wakeup: threading.Event
    # the as-of replays' kept history (issue 7), one for the auditors' replay and the what-if
    history: Folder


@dataclass(frozen=True)
class Capability(Generic[S]):
    """A capability's manifest: its services, views, worker tasks and sweeps."""

    services: S
    projections: tuple[Any, ...] = ()
    tasks: tuple[Any, ...] = ()
    sweeps: tuple[tuple[str, Sweep], ...] = ()
    observers: tuple[SweepObserver, ...] = ()
