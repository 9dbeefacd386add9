"""Operations wiring (issue 21): the retention sweep, and sweep runs counted in `sweep_runs`.

Sweeps run in whichever process holds the worker lease (the embedded `serve`, or `credit-energy
worker` on its own). Their runs and failures are kept in the database rather than in that
process's memory, so that /metrics of any API process shows them, and the counts carry on when
a standby worker takes over.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from adapters.operations.tables import sweep_runs

log = logging.getLogger(__name__)


class SweepRuns:
    """A sweeps observer: one row per sweep, its runs, failures and last run."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, name: str, now: datetime, error: str | None, seconds: float) -> None:
        at = now.astimezone(UTC)
        t = sweep_runs.c
        changes: dict[str, Any] = {"last_started_at": at, "last_seconds": seconds}
        if error is None:
            changes["last_success_at"] = at
        else:
            changes.update(last_failure_at=at, last_error=error[:200])
        try:
            with self.engine.begin() as conn:
                moved = conn.execute(
                    update(sweep_runs)
                    .where(t.name == name)
                    .values(
                        runs=t.runs + 1,
                        failures=t.failures + (0 if error is None else 1),
                        **changes,
                    )
                ).rowcount
                if not moved:
                    conn.execute(
                        insert(sweep_runs).values(
                            name=name, runs=1, failures=int(error is not None), **changes
                        )
                    )
        except IntegrityError:  # another worker counted its first run at the same moment
            log.debug("sweep %s: first run counted elsewhere", name)
        except SQLAlchemyError:  # counting must never mask the sweep's own outcome
            log.warning("sweep %s: its run was not counted", name, exc_info=True)
