"""Policies that react to events by issuing commands (which record new events).

A `PolicyFollower` reads the log after its own tracked position and hands each page of events to
its handler.
Handlers must be idempotent (deterministic ids, "already done" checks in the aggregate): the
position advances after each page, so a crash replays at most that page, and replaying it changes
nothing. Policies whose output is SQL rows (notices, outboxes) should be projections instead: the
rows and the position then commit together, exactly once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select

from adapters.core.runner import advance_tracking
from adapters.core.tables import projection_tracking

log = logging.getLogger(__name__)

PageHandler = Callable[[list[tuple[int, Any]]], None]


class PolicyFollower:
    def __init__(
        self,
        name: str,
        engine: Engine,
        app: Any,
        *,
        page_handler: PageHandler,
        page_size: int = 200,
    ) -> None:
        """`page_handler` takes a whole page of (position, event)."""
        self.name = f"policy:{name}"
        self.engine = engine
        self.app = app
        self.page_handler = page_handler
        self.page_size = page_size

    def position(self) -> int:
        t = projection_tracking
        with self.engine.connect() as conn:
            value = conn.execute(select(t.c.position).where(t.c.view == self.name)).scalar()
        return int(value or 0)

    def __call__(self) -> int:
        """One page: handle its events, then advance. Returns how many events were handled."""
        start = self.position()
        notifications = self.app.recorder.select_notifications(
            start=start, limit=self.page_size, inclusive_of_start=False
        )
        self.page_handler([(n.id, self.app.mapper.to_domain_event(n)) for n in notifications])
        if notifications:
            with self.engine.begin() as conn:
                if not advance_tracking(conn, self.name, start, notifications[-1].id):
                    log.warning("%s moved under us", self.name)
        return len(notifications)
