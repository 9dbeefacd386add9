"""Reading the public feed: filters (shared by the pull feed and the deliverer) and pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from adapters.sharing.tables import public_feed

MAX_WATCHLIST = 100_000


@dataclass(frozen=True)
class FeedRow:
    id: str
    position: int
    type: str
    subject_id: str | None
    list: str | None
    sectors: tuple[str, ...]
    owner: str | None
    body: str


def _set(values: Iterable[str] | None) -> frozenset[str] | None:
    items = frozenset(values or ())
    return items or None


@dataclass(frozen=True)
class FeedFilter:
    """Criteria combine with AND, values within one criterion with OR; empty means any.

    `lists` admits only events that carry one of those lists (listing.created / removed).
    Items addressed to one organisation (`owner`) reach only that organisation.
    """

    subjects: frozenset[str] | None = None
    lists: frozenset[str] | None = None
    sectors: frozenset[str] | None = None
    types: frozenset[str] | None = None
    owner: str | None = None

    @classmethod
    def of(
        cls,
        subjects: Iterable[str] | None = None,
        lists: Iterable[str] | None = None,
        sectors: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        owner: str | None = None,
    ) -> FeedFilter:
        return cls(_set(subjects), _set(lists), _set(sectors), _set(types), owner)

    def matches(self, row: FeedRow) -> bool:
        if self.types is not None and row.type not in self.types:
            return False
        if row.owner is not None:
            return row.owner == self.owner
        if self.subjects is not None and row.subject_id not in self.subjects:
            return False
        if self.lists is not None and row.list not in self.lists:
            return False
        return self.sectors is None or not self.sectors.isdisjoint(row.sectors)


def _row(r: Any) -> FeedRow:
    return FeedRow(
        id=r.id,
        position=int(r.position),
        type=r.type,
        subject_id=r.subject_id,
        list=r.list,
        sectors=tuple(r.sectors or ()),
        owner=r.owner,
        body=r.body,
    )


def feed_head(conn: Connection) -> int:
    return int(conn.execute(select(func.max(public_feed.c.position))).scalar() or 0)


def rows_after(conn: Connection, after: int, limit: int) -> list[FeedRow]:
    """Rows with position > after in (position, id) order; a position's rows are never split."""
    return rows_after_cut(conn, after, limit)[0]


def rows_after_cut(conn: Connection, after: int, limit: int) -> tuple[list[FeedRow], bool]:
    """`rows_after`, and whether the read was cut at `limit` (more rows follow; such a page
    never changes, the feed being append-only) rather than reaching the feed's head."""
    t = public_feed.c
    query = select(public_feed).where(t.position > after).order_by(t.position, t.id)
    rows = [_row(r) for r in conn.execute(query.limit(limit)).all()]
    if len(rows) < limit or not rows:
        return rows, False
    last = rows[-1].position
    whole = [r for r in rows if r.position != last]
    if whole:
        return whole, True
    return [_row(r) for r in conn.execute(query.where(t.position == last)).all()], True


@dataclass(frozen=True)
class FeedPage:
    rows: list[FeedRow]
    next: int


def read_page(
    conn: Connection, after: int, limit: int, filt: FeedFilter, scan_limit: int = 20_000
) -> FeedPage:
    """Up to `limit` matching rows after the cursor; `next` resumes exactly after what was read.

    Stops after scanning `scan_limit` rows so a narrow filter cannot make one call unbounded;
    `next` then points past the scanned rows and the caller simply asks again.
    """
    matched: list[FeedRow] = []
    cursor = after
    scanned = 0
    while scanned < scan_limit:
        chunk = rows_after(conn, cursor, max(limit * 2, 500))
        if not chunk:
            break
        for row in chunk:
            if len(matched) >= limit and row.position != cursor:
                return FeedPage(matched, cursor)
            cursor = row.position
            scanned += 1
            if filt.matches(row):
                matched.append(row)
    return FeedPage(matched, cursor)
