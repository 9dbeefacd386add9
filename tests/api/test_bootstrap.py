"""The composition root: one wiring function whose parts tests replace, and the capabilities'
manifests wired in (their sweeps registered, the deliverer and worker sharing one wake-up)."""

from __future__ import annotations

import threading
from datetime import datetime

from adapters.core.clock import SimulatedClock
from adapters.core.settings import Settings
from api.bootstrap import bootstrap


def test_a_replaced_clock_is_the_services_clock_and_no_scheduler_runs(
    sqlite_settings: Settings,
) -> None:
    clock = SimulatedClock(datetime.fromisoformat("2026-03-02T09:00:00+08:00"))
    services = bootstrap(sqlite_settings, clock=clock)
    try:
        assert services.clock is clock and services.files.today().isoformat() == "2026-03-02"
        assert services.scheduler is None  # a simulated clock moves only when told
        assert services.sharing.deliverer.now() == clock.now()
    finally:
        services.close()


def test_every_capabilitys_sweeps_are_registered_and_the_deliverer_wakes_the_worker(
    sqlite_settings: Settings,
) -> None:
    wakeup = threading.Event()
    services = bootstrap(sqlite_settings, wakeup=wakeup, shard=(1, 2))
    try:
        names = set(services.sweeps.names)
        assert {"review_escalation", "objection_window_reminders"} <= names  # subject rights
        assert {"credit_china_export", "retention", "regrade"} <= names
        assert services.sharing.deliverer.shard == (1, 2)
        assert services.sharing.deliverer in services.worker.tasks  # no delivery processes
        services.sharing.deliverer.wake()  # a delivery job ended
        assert wakeup.is_set()
    finally:
        services.close()
