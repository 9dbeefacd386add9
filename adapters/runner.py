"""Our exactly-once projection runner (DESIGN.md §8).

Reads the notification log in pages, decodes each event once, and applies every page to each view
in one transaction together with a compare-and-set of that view's tracking position. A second
worker that raced past the lease would find the position moved and roll back, so no event is
applied twice and none is skipped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from adapters.db import read_connection
from adapters.projections.base import Item, Projection
from adapters.tables import projection_tracking

log = logging.getLogger(__name__)


class PositionMovedError(RuntimeError):
    """Another worker applied this view since we read its position."""


def advance_tracking(conn: Connection, view: str, expected: int, new: int) -> bool:
    """INSERT … ON CONFLICT DO UPDATE … WHERE position = expected RETURNING: atomic CAS."""
    t = projection_tracking
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(t).values(view=view, position=new, updated_at=datetime.now(UTC))
    stmt = stmt.on_conflict_do_update(
        index_elements=[t.c.view],
        set_={"position": stmt.excluded.position, "updated_at": stmt.excluded.updated_at},
        where=t.c.position == expected,
    ).returning(t.c.position)
    return conn.execute(stmt).first() is not None


class ProjectionRunner:
    def __init__(
        self,
        engine: Engine,
        app: Any,
        projections: Sequence[Projection],
        page_size: int = 500,
    ) -> None:
        self.engine = engine
        self.app = app
        self.projections = list(projections)
        self.page_size = page_size
        self._applied = threading.Condition()

    def by_name(self, name: str) -> Projection:
        for p in self.projections:
            if p.name == name:
                return p
        raise KeyError(name)

    def positions(self) -> dict[str, int]:
        t = projection_tracking
        with read_connection(self.engine) as conn:
            rows = dict(conn.execute(select(t.c.view, t.c.position)).all())
        return {p.name: int(rows.get(p.name, 0)) for p in self.projections}

    def run_once(self, only: Sequence[str] | None = None) -> int:
        """Apply one page to every view that is behind; returns how many events were read."""
        positions = self.positions()
        names = set(only) if only else set(positions)
        start = min(positions[n] for n in names)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=self.page_size, inclusive_of_start=False
        )
        if not notifications:
            return 0
        items: list[Item] = [(n.id, self.app.mapper.to_domain_event(n)) for n in notifications]
        for projection in self.projections:
            if projection.name not in names:
                continue
            behind = [it for it in items if it[0] > positions[projection.name]]
            if behind:
                self._apply(projection, positions[projection.name], behind)
        with self._applied:
            self._applied.notify_all()
        return len(items)

    def _apply(self, projection: Projection, expected: int, items: list[Item]) -> None:
        try:
            with self.engine.begin() as conn:
                if not advance_tracking(conn, projection.name, expected, items[-1][0]):
                    raise PositionMovedError(projection.name)
                projection.apply(conn, items)
        except PositionMovedError:
            log.warning("view %s moved under us; re-reading its position", projection.name)

    def catch_up(
        self, only: Sequence[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        total = 0
        while True:
            n = self.run_once(only)
            if not n:
                return total
            total += n
            if progress:
                progress(n)

    def wait_for(self, position: int, timeout: float = 10.0) -> bool:
        """Block until every view has applied `position` (tests and read-your-writes)."""
        deadline = time.monotonic() + timeout
        while True:
            if min(self.positions().values(), default=0) >= position:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._applied:
                self._applied.wait(min(remaining, 0.05))

    def reset(self, name: str) -> None:
        """Empty one view and set its position to 0, atomically; catch_up then rebuilds it."""
        projection = self.by_name(name)
        with self.engine.begin() as conn:
            # the tracking row first: a worker applying a page of this view holds that row's
            # lock, so we wait for its commit (its CAS then fails on our 0) instead of deadlocking
            # on the view's rows
            conn.execute(
                update(projection_tracking)
                .where(projection_tracking.c.view == name)
                .values(position=0, updated_at=datetime.now(UTC))
            )
            for table in projection.tables:
                conn.execute(table.delete())
