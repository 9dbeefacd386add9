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
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from eventsourcing.utils import resolve_topic
from sqlalchemy import Connection, Engine, case, literal, select, text, update
from sqlalchemy.dialects import sqlite

from adapters.core.db import database_unavailable, read_connection
from adapters.core.parking import clear, clear_past, park, parked_views
from adapters.core.projection import Item, Projection
from adapters.core.tables import projection_tracking

log = logging.getLogger(__name__)

# (log position, event name, the stored notification, the event if a view needs it else None)
_Read = tuple[int, str, Any, Any]


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
    now = datetime.now(UTC)
    names = sorted(moves)
    if conn.dialect.name == "postgresql":
        # one short statement of three bound arrays, not a multi-row VALUES compiled each page
        result = conn.execute(
            _ADVANCE_MANY,
            {
                "views": names,
                "news": [moves[n][1] for n in names],
                "expected": [moves[n][0] for n in names],
                "now": now,
            },
        )
        return {row[0] for row in result}
    stmt = sqlite.insert(t).values(
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


_ADVANCE_MANY = text(
    "INSERT INTO projection_tracking (view, position, updated_at) "
    "SELECT v, n, :now FROM unnest(CAST(:views AS TEXT[]), CAST(:news AS BIGINT[])) "
    "WITH ORDINALITY AS m(v, n, i) ORDER BY i "
    "ON CONFLICT (view) DO UPDATE "
    "SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at "
    "WHERE projection_tracking.position = (CAST(:expected AS BIGINT[]))"
    "[array_position(CAST(:views AS TEXT[]), projection_tracking.view::text)] "
    "RETURNING view"
)


def event_name_of(topic: str) -> str:
    """The event's name (`RecordAdded`) from its topic, without decoding the event."""
    name = _names.get(topic)
    if name is None:
        name = _names[topic] = resolve_topic(topic).__qualname__.rsplit(".", 1)[-1]
    return name


_names: dict[str, str] = {}


class Undecodable(Exception):
    """A stored event that cannot be decoded: the views that handle its name stop at it."""

    def __init__(self, position: int, cause: BaseException) -> None:
        super().__init__(f"the event at {position} cannot be decoded: {cause}")


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
        self._retry_all = True  # a new runner (a restart) tries every parked view at once

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

        The page is read and each event decoded once (only the events some view handles);
        every behind view is applied in ONE transaction, together with the CAS of all their
        tracking positions, so a view's rows and its position commit together and a crash
        mid-page applies nothing of the page. A parked view (one that failed on an event) is
        left out, and tried alone on its own page once its back-off has passed."""
        positions = self.positions()
        parked = parked_views(self.engine)
        names = self._names(only, positions) - parked.keys()
        read = 0
        if names:
            page = self._read(min(positions[n] for n in names), names)
            self._apply(page, positions, names)
            read = len(page)
        now = datetime.now(UTC)
        for name, failure in parked.items():
            due = self._retry_all or failure.retry_at <= now
            if due and name in positions and (only is None or name in only):
                page = self._read(positions[name], {name})
                if not self._apply(page, positions, {name}, parked={name}):
                    read += len(page)
        self._retry_all = False
        return read

    def catch_up(
        self, only: Sequence[str] | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        """Apply pages until every view (of `only`) is at the head, parked views aside. Each next
        page is read and decoded by a helper thread while this one's views are written (the
        database works meanwhile); it is used only if the views end where it starts, else read
        again."""
        total = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="catch-up-read") as reader:
            ahead: tuple[int, Future[list[_Read]]] | None = None
            while True:
                positions = self.positions()
                names = self._names(only, positions) - parked_views(self.engine).keys()
                if not names:
                    return total
                start = min(positions[n] for n in names)
                if ahead is not None and ahead[0] == start:
                    page = ahead[1].result()
                else:
                    page = self._read(start, names)
                if not page:
                    return total
                ahead = (page[-1][0], reader.submit(self._read, page[-1][0], names))
                self._apply(page, positions, names)
                total += len(page)
                if progress:
                    progress(len(page))

    def _names(self, only: Sequence[str] | None, positions: dict[str, int]) -> set[str]:
        return set(only) if only else set(positions)

    def _read(self, start: int, names: set[str]) -> list[_Read]:
        """The page after `start`, each event decoded if one of the views named handles it (an
        event that cannot be decoded stands as Undecodable: the views that need it stop there)."""
        notifications = self.app.recorder.select_notifications(
            start=start, limit=self.page_size, inclusive_of_start=False
        )
        handled = [getattr(p, "event_names", None) for p in self.projections if p.name in names]
        decode_all = None in handled
        wanted = set().union(*(h for h in handled if h is not None))
        to_domain_event = self.app.mapper.to_domain_event
        page: list[_Read] = []
        for n in notifications:
            name = event_name_of(n.topic)
            event = None
            if decode_all or name in wanted:
                try:
                    event = to_domain_event(n)
                except Exception as error:  # noqa: BLE001 - a stored event no view can read
                    event = Undecodable(n.id, error)
            page.append((n.id, name, n, event))
        return page

    def _apply(
        self,
        page: list[_Read],
        positions: dict[str, int],
        names: set[str],
        parked: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> set[str]:
        """Each behind view's items of the page (the events after its position that it
        handles), applied in one transaction with the CAS of every behind view's position.
        If that fails for a reason other than the database, each view is tried alone: those
        that fail are parked at the event they fail on, the others commit. Returns the views
        parked."""
        if not page:
            return set()
        head = page[-1][0]
        views = [p for p in self.projections if p.name in names and positions[p.name] < head]
        takers: dict[str, list[Projection]] = {}  # event name → views that handle it
        catch_all: list[Projection] = []
        for view in views:
            handled = getattr(view, "event_names", None)
            if handled is None:
                catch_all.append(view)
                continue
            for name in handled:
                takers.setdefault(name, []).append(view)
        items: dict[str, list[Item]] = {view.name: [] for view in views}
        for position, name, notification, event in page:
            for view in (*takers.get(name, ()), *catch_all):
                if position > positions[view.name]:
                    if event is None:  # a view that began to handle it since it was read
                        event = self.app.mapper.to_domain_event(notification)
                    items[view.name].append((position, event))
        failed: set[str] = set()
        try:
            self._commit(views, positions, head, items, parked)
        except Exception as error:  # one view's failure must not stop the others
            if database_unavailable(error):
                raise
            failed = self._isolate(views, positions, head, items, parked)
        with self._applied:
            self._applied.notify_all()
        return failed

    def _commit(
        self,
        views: Sequence[Projection],
        positions: dict[str, int],
        head: int,
        items: dict[str, list[Item]],
        parked: Collection[str],
    ) -> None:
        with self.engine.begin() as conn:
            moved = advance_many(conn, {v.name: (positions[v.name], head) for v in views})
            for view in views:
                if view.name not in moved:
                    log.warning("view %s moved under us; re-reading its position", view.name)
                    continue
                mine = items[view.name]
                for _, event in mine:
                    if type(event) is Undecodable:
                        raise event
                if mine:
                    view.apply(conn, mine)
                if view.name in parked:
                    clear_past(conn, view.name, head)

    def _isolate(
        self,
        views: Sequence[Projection],
        positions: dict[str, int],
        head: int,
        items: dict[str, list[Item]],
        parked: Collection[str],
    ) -> set[str]:
        """Each view alone: those that still fail are stepped through event by event and parked
        at the one they fail on."""
        failed: set[str] = set()
        for view in views:
            try:
                self._commit([view], positions, head, items, parked)
            except Exception as error:  # this view stops alone
                if database_unavailable(error):
                    raise
                if self._step_through(view, positions[view.name], head, items[view.name]):
                    failed.add(view.name)
        return failed

    def _step_through(self, view: Projection, start: int, head: int, items: list[Item]) -> bool:
        """The view's events one at a time, each committed with its position, up to the one it
        fails on, where it is parked (True). False if every one applied (or the view moved)."""
        current = start
        for position, event in items:
            try:
                with self.engine.begin() as conn:
                    if view.name not in advance_many(conn, {view.name: (current, position)}):
                        return False  # moved under us (a reset): the next page sees
                    if type(event) is Undecodable:
                        raise event
                    view.apply(conn, [(position, event)])
                    clear_past(conn, view.name, position)
            except Exception as error:  # recorded with the view and position
                if database_unavailable(error):
                    raise
                if position - 1 > current:  # the events between are not this view's
                    with self.engine.begin() as conn:
                        advance_many(conn, {view.name: (current, position - 1)})
                park(self.engine, view.name, position, error)
                return True
            current = position
        with self.engine.begin() as conn:
            if view.name in advance_many(conn, {view.name: (current, head)}):
                clear_past(conn, view.name, head)
        return False

    def wait_for(self, position: int, timeout: float = 10.0) -> bool:
        """Block until every view has applied `position` (tests and read-your-writes); a parked
        view is not waited for."""
        deadline = time.monotonic() + timeout
        while True:
            parked = parked_views(self.engine)
            held = [p for name, p in self.positions().items() if name not in parked]
            if min(held, default=position) >= position:
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
            clear(conn, name)  # rebuilt from zero: no longer parked
