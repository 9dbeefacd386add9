"""Retention: how long the check log, delivery attempts and the PII access log keep an entry.

The periods are versioned policy data (`policy/retention/<version>.yaml`), validated at start-up.
The sweep `retention` prunes what the version in force on the service's (Beijing) day lets go,
and records each pruning in `retention_runs` with that version and the cutoff it applied.

- The check log on PostgreSQL is partitioned by Beijing month (migration 0121): the sweep creates
  the partitions of this month and the three after it ahead of need (and of any month whose rows
  wait in the default partition), and drops whole partitions older than the cutoff, through the
  SECURITY DEFINER functions that are the service role's only way to change them. An entry is
  therefore kept at least its period and at most a month longer.
- The check log on SQLite: the rows older than the cutoff are deleted in one transaction that
  first opens `retention_gate` at the cutoff, the only condition on which the append-only trigger
  admits a DELETE (and only of rows older than it).
- Delivery attempts and the PII access log: rows older than the cutoff, deleted in chunks.

Cutoff: the Beijing midnight that starts the day `months` before today (clamped to the month's
last day): an entry of day D is kept through the corresponding day D + months, as Civil Code
arts. 201-202 count a period.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Column, Connection, Engine, Table, delete, insert, select, text

from adapters.core.tables import pii_access_log
from adapters.joint.tables import check_log
from adapters.operations.tables import retention_gate, retention_runs
from adapters.policy_data.loader import POLICY_DIR, _get, load_versioned
from adapters.sharing.tables import deliveries
from domain.errors import NoPolicyInForceError
from domain.policy import PolicyHistory, Versioned

log = logging.getLogger(__name__)

CST = ZoneInfo("Asia/Shanghai")
LOGS = ("check_log", "delivery_attempts", "pii_access_log")
MIN_MONTHS = 6  # 网络安全法 art. 21: network logs are kept at least six months
AHEAD_MONTHS = 4  # partitions of the current month and the three after it
CHUNK = 10_000  # rows deleted per statement (short transactions beside the service's writes)


@dataclass(frozen=True)
class Period:
    months: int
    legal_basis: str


@dataclass(frozen=True)
class RetentionPolicy:
    periods: dict[str, Period]


def parse_retention(doc: dict[str, Any]) -> RetentionPolicy:
    raw = _get(doc, "periods", dict)
    unknown = sorted(set(raw) - set(LOGS))
    if unknown:
        raise ValueError(f"unknown log {unknown[0]!r} (known: {', '.join(LOGS)})")
    periods: dict[str, Period] = {}
    for name in LOGS:
        if name not in raw:
            raise ValueError(f"missing period for {name!r}")
        months = _get(raw[name], "months", int)
        if months < MIN_MONTHS:
            raise ValueError(
                f"{name}: {months} months is below the {MIN_MONTHS}-month floor for logs "
                "(网络安全法 art. 21)"
            )
        basis = _get(raw[name], "legal_basis", str).strip()
        if not basis:
            raise ValueError(f"{name}: legal_basis is empty")
        periods[name] = Period(months, basis)
    return RetentionPolicy(periods)


def load_retention(policy_dir: Path | None = None) -> PolicyHistory[RetentionPolicy]:
    return load_versioned("retention", parse_retention, policy_dir or POLICY_DIR)


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def cutoff(now: datetime, months: int) -> datetime:
    """Entries before this instant are past their period."""
    today = now.astimezone(CST).date()
    # in UTC: SQLite keeps instants as UTC wall times (the clock's), and compares them as text
    return datetime.combine(months_before(today, months), time(), CST).astimezone(UTC)


def month_start(now: datetime) -> date:
    return now.astimezone(CST).date().replace(day=1)


class Retention:
    def __init__(self, engine: Engine, history: PolicyHistory[RetentionPolicy]) -> None:
        self.engine = engine
        self.history = history
        self.postgres = engine.dialect.name == "postgresql"

    def in_force(self, now: datetime) -> Versioned[RetentionPolicy] | None:
        try:
            return self.history.in_force(now.astimezone(CST).date())
        except NoPolicyInForceError:
            return None

    def sweep(self, now: datetime) -> int:
        """Prepare the check log's partitions and prune every log; returns the entries removed.
        Idempotent: a second run at the same instant finds nothing older than the cutoffs."""
        if self.postgres:
            self.prepare_partitions(now)
        policy = self.in_force(now)
        if policy is None:
            log.info("retention: no policy in force on %s; nothing pruned", now.date())
            return 0
        periods = policy.value.periods
        removed = self._check_log(now, cutoff(now, periods["check_log"].months), policy.version)
        for name, table, column in (
            ("delivery_attempts", deliveries, deliveries.c.attempted_at),
            ("pii_access_log", pii_access_log, pii_access_log.c.at),
        ):
            removed += self._rows(
                name, table, column, now, cutoff(now, periods[name].months), policy.version
            )
        return removed

    def prepare_partitions(self, now: datetime) -> int:
        """PostgreSQL: the partitions of this month and the next ones exist (and of any month
        whose rows wait in the default partition). Returns how many were created."""
        with self.engine.begin() as conn:
            made = conn.execute(
                text("SELECT check_log_prepare(:month, :months)"),
                {"month": month_start(now), "months": AHEAD_MONTHS},
            ).scalar()
        if made:
            log.info("check_log: %s partitions created", made)
        return int(made or 0)

    def partitions(self) -> list[str]:
        """PostgreSQL: the check log's partitions by name (the default one included)."""
        with self.engine.connect() as conn:
            return sorted(
                conn.execute(
                    text(
                        "SELECT c.relname FROM pg_inherits i JOIN pg_class c "
                        "ON c.oid = i.inhrelid WHERE i.inhparent = 'check_log'::regclass"
                    )
                ).scalars()
            )

    def _check_log(self, now: datetime, before: datetime, version: str) -> int:
        if self.postgres:
            return self._drop_partitions(now, before, version)
        with self.engine.begin() as conn:
            # the gate admits the trigger's DELETE of rows older than `before`, in this
            # transaction only (it is closed again before the commit)
            conn.execute(delete(retention_gate).where(retention_gate.c.name == "check_log"))
            conn.execute(insert(retention_gate).values(name="check_log", cutoff=before))
            removed = conn.execute(delete(check_log).where(check_log.c.checked_at < before))
            conn.execute(delete(retention_gate).where(retention_gate.c.name == "check_log"))
            count = int(removed.rowcount or 0)
            if count:
                self._record(conn, now, "check_log", version, before, count, [])
        return count

    def _drop_partitions(self, now: datetime, before: datetime, version: str) -> int:
        with self.engine.begin() as conn:
            floor = conn.execute(
                text("SELECT now() - make_interval(months => :m)"), {"m": MIN_MONTHS}
            ).scalar()
            if before > floor:
                # only a clock set ahead of the database's (CREDIT_CLOCK=manual) gets here
                log.warning("check_log: cutoff %s is after the floor %s; kept", before, floor)
                before = floor.astimezone(UTC)
            dropped = conn.execute(
                text("SELECT part, removed FROM check_log_drop_before(:cutoff)"),
                {"cutoff": before},
            ).all()
            if not dropped:
                return 0
            names = [name for name, _ in dropped]
            count = sum(int(n) for _, n in dropped)
            self._record(conn, now, "check_log", version, before, count, names)
        log.info("check_log: dropped partitions %s (cutoff %s)", ", ".join(names), before)
        return count

    def _rows(
        self,
        name: str,
        table: Table,
        column: Column[Any],
        now: datetime,
        before: datetime,
        version: str,
    ) -> int:
        [key] = list(table.primary_key.columns)
        total = 0
        while True:
            with self.engine.begin() as conn:
                chunk = select(key).where(column < before).limit(CHUNK)
                done = int(conn.execute(delete(table).where(key.in_(chunk))).rowcount or 0)
                total += done
                if done < CHUNK:
                    if total:
                        self._record(conn, now, name, version, before, total, [])
                    break
        if total:
            log.info("%s: %s entries older than %s removed", name, total, before)
        return total

    @staticmethod
    def _record(
        conn: Connection,
        now: datetime,
        name: str,
        version: str,
        before: datetime,
        removed: int,
        partitions: list[str],
    ) -> None:
        conn.execute(
            insert(retention_runs).values(
                at=now.astimezone(UTC),
                log=name,
                policy_version=version,
                cutoff=before,
                removed=removed,
                partitions=partitions,
            )
        )

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(retention_runs).order_by(retention_runs.c.id)).all()
        return [dict(r._mapping) for r in rows]
