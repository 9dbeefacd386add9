"""The composition root: one wiring function whose parts tests replace, and the capabilities'
manifests wired in (their sweeps registered, the deliverer and worker sharing one wake-up)."""

from __future__ import annotations

import threading
from datetime import datetime

from adapters.core.clock import SimulatedClock
from adapters.core.policies import PolicyFollower
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


def test_the_views_catch_up_and_the_sweeps_run_in_the_manifests_order(
    sqlite_settings: Settings,
) -> None:
    services = bootstrap(sqlite_settings)
    try:
        assert [p.name for p in services.runner.projections] == [
            # files
            "subject_summary",
            "records",
            "list_entries",
            "commitments",
            # grading
            "grades",
            "list_versions",
            # sharing
            "public_feed",
            # joint rewards and sanctions
            "check_view",
            "notices",
            # subjects' rights
            "objection_marks",
            "review_cases",
            "subject_notifications",
        ]
        assert services.public_feed is services.sharing.public_feed
        assert list(services.sweeps.names) == [
            "publicity_ends",
            "notice_windows_close",
            "listings_expire",
            "focus_deadlines",
            "regrade",
            "review_escalation",
            "objection_window_reminders",
            "credit_china_export",
            "retention",
        ]
        # the deliverer first, then the chain and the grading follower (no scheduler: manual clock)
        deliverer, chain, follower = services.worker.tasks
        assert deliverer is services.sharing.deliverer and chain is services.chain
        assert isinstance(follower, PolicyFollower) and follower.name == "policy:grading"
    finally:
        services.close()
