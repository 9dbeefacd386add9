"""Parked views: a view that cannot apply an event stops alone, at that event, and is retried
with back-off while the other views go on (`view_failures`, migration 0140).

The row says which view, at which position (the event it failed on), why, how often, and when
it is tried again. It goes when the view gets past that position, when the view is rebuilt
(`ProjectionRunner.reset`), or is retried at once by a new runner (a restart after a fix).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, delete, insert, select, update

from adapters.core.db import read_connection
from adapters.core.guard_tables import view_failures

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 300.0
MAX_ERROR_TEXT = 2000


@dataclass(frozen=True)
class Parked:
    view: str
    position: int
    error: str
    attempts: int
    failed_at: datetime
    retry_at: datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "view": self.view,
            "position": self.position,
            "error": self.error,
            "attempts": self.attempts,
            "since": self.failed_at.isoformat(),
            "retry_at": self.retry_at.isoformat(),
        }


def backoff(attempts: int) -> float:
    return float(min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def parked_views(engine: Engine) -> dict[str, Parked]:
    t = view_failures
    with read_connection(engine) as conn:
        rows = conn.execute(select(t)).all()
    return {
        r.view: Parked(r.view, int(r.position), r.error, r.attempts, r.failed_at, r.retry_at)
        for r in rows
    }


def park(engine: Engine, view: str, position: int, error: BaseException) -> Parked:
    """Record (or renew) the view's failure at `position` and log it, once per back-off step
    (with the traceback the first time only)."""
    t = view_failures
    now = datetime.now(UTC)
    text = f"{type(error).__name__}: {error}"[:MAX_ERROR_TEXT]
    with engine.begin() as conn:
        row = conn.execute(select(t.c.attempts, t.c.position).where(t.c.view == view)).first()
        attempts = row.attempts + 1 if row is not None and row.position == position else 1
        retry_at = now + timedelta(seconds=backoff(attempts))
        values = {"position": position, "error": text, "attempts": attempts, "retry_at": retry_at}
        if row is None:
            conn.execute(insert(t).values(view=view, failed_at=now, **values))
        else:
            conn.execute(update(t).where(t.c.view == view).values(**values))
    log.error(
        "view %s stopped at position %d (attempt %d, next in %.0f s): %s",
        view,
        position,
        attempts,
        backoff(attempts),
        text,
        exc_info=error if attempts == 1 else None,
    )
    return Parked(view, position, text, attempts, now, retry_at)


def clear_past(conn: Connection, view: str, position: int) -> None:
    """Inside the view's page: it is no longer parked once it has got past its failure."""
    t = view_failures
    conn.execute(delete(t).where(t.c.view == view, t.c.position <= position))


def clear(conn: Connection, view: str) -> None:
    conn.execute(delete(view_failures).where(view_failures.c.view == view))
