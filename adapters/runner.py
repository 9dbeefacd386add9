"""Our exactly-once projection runner (DESIGN.md §8).

Reads the notification log in pages, decodes each event once (only the events some view handles),
and applies every page to all the views that are behind in one transaction, together with a
compare-and-set of each view's tracking position. A second worker that raced past the lease would
find a view's position moved and leave that view out, so no event is applied twice and none is
skipped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.utils import resolve_topic
from sqlalchemy import Connection, Engine, case, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from adapters.db import read_connection
from adapters.projections.base import Item, Projection
from adapters.tables import projection_tracking

log = logging.getLogger(__name__)


def advance_tracking(conn: Connection, view: str, expected: int, new: int) -> bool:
    """INSERT … ON CONFLICT DO UPDATE … WHERE position = expected RETURNING: atomic CAS."""
    return view in advance_many(conn, {view: (expected, new)})


def advance_many(conn: Connection, moves: Mapping[str, tuple[int, int]]) -> set[str]:
    """The CAS of several tracking rows in one statement: each row moves from its expected
    position to its new one, or stays (another worker moved it). Returns the views that moved.
    Rows are locked in name order, so two runners never wait on each other in a cycle."""
    if not moves:
        return set()
    t = projection_tracking
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    now = datetime.now(UTC)
    names = sorted(moves)
    stmt = dialect.insert(t).values(
        [{"view": name, "position": moves[name][1], "updated_at": now} for name in names]
    )
    if len(names) == 1:
        expected: Any = literal(moves[names[0]][0])
    else:
        expected = case({name: moves[name][0] for name in names}, value=t.c.view)
    stmt = stmt.on_conflict_do_update(
        index_elements=[t.c.view],
        set_={"position": stmt.excluded.position, "updated_at": stmt.excluded.updated_at},
        where=t.c.position == expected,
    ).returning(t.c.view)
    return {row[0] for row in conn.execute(stmt)}


def event_name_of(topic: str) -> str:
    """The event's name (`RecordAdded`) from its topic, without decoding the event."""
    name = _names.get(topic)
    if name is None:
        name = _names[topic] = resolve_topic(topic).__qualname__.rsplit(".", 1)[-1]
    return name


_names: dict[str, str] = {}


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
        """Apply one page to every view that is behind; returns how many events were read.

        The page is read and each event decoded once (only the events some behind view handles);
        every behind view is applied in ONE transaction, together with the CAS of all their
        tracking positions, so a view's rows and its position commit together and a crash
        mid-page applies nothing of the page."""
        positions = self.positions()
        names = set(only) if only else set(positions)
        start = min(positions[n] for n in names)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=self.page_size, inclusive_of_start=False
        )
        if not notifications:
            return 0
        head = notifications[-1].id
        behind = [p for p in self.projections if p.name in names and positions[p.name] < head]
        pages = self._pages(behind, positions, notifications)
        self._apply(behind, positions, head, pages)
        with self._applied:
            self._applied.notify_all()
        return len(notifications)

    def _pages(
        self, views: list[Projection], positions: dict[str, int], notifications: list[Any]
    ) -> dict[str, list[Item]]:
        """Each view's items of the page: the events after its position that it handles."""
        takers: dict[str, list[Projection]] = {}  # event name → views that handle it
        catch_all: list[Projection] = []
        for view in views:
            handled = getattr(view, "event_names", None)
            if handled is None:
                catch_all.append(view)
                continue
            for name in handled:
                takers.setdefault(name, []).append(view)
        pages: dict[str, list[Item]] = {view.name: [] for view in views}
        to_domain_event = self.app.mapper.to_domain_event
        for n in notifications:
            wanted = [
                v
                for v in (*takers.get(event_name_of(n.topic), ()), *catch_all)
                if n.id > positions[v.name]
            ]
            if wanted:
                item = (n.id, to_domain_event(n))
                for view in wanted:
                    pages[view.name].append(item)
        return pages

    def _apply(
        self,
        views: list[Projection],
        positions: dict[str, int],
        head: int,
        pages: dict[str, list[Item]],
    ) -> None:
        with self.engine.begin() as conn:
            moved = advance_many(conn, {v.name: (positions[v.name], head) for v in views})
            for view in views:
                if view.name not in moved:
                    log.warning("view %s moved under us; re-reading its position", view.name)
                elif pages[view.name]:
                    view.apply(conn, pages[view.name])

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
