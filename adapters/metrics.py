"""Prometheus metrics: what this process counts, and the deployment's state read at scrape time.

Two kinds of figures, so that every process type has a clear story:

- **Counted by this process** (prometheus_client counters and histograms): HTTP requests by
  method, route template and status with their latency, checks by kind and outcome, refused API
  keys. Only API processes count them. Under `credit-energy serve --workers N` (N uvicorn
  processes behind one port, where a scrape reaches any one of them) they are kept in
  prometheus_client's multiprocess mode: `serve` points PROMETHEUS_MULTIPROC_DIR at a fresh
  directory before the workers start, and every scrape sums all of them.
- **The deployment's state** (`StateCollector`), read from the database when scraped, so any API
  process answers for all: the log head, each view's (and follower's) position and lag, the chain
  and the latest checkpoint, which leases are held (the worker, each delivery shard), deliveries
  pending and failing (counts of subscriptions, never a label per subscriber), sweeps run and
  failed (`sweep_runs`, kept by whichever worker runs them), entries pruned by retention, and the
  national exchange's lag once it exists. A `credit-energy worker` or delivery process therefore
  needs no port of its own.

No label carries a secret, a name or an ID number: routes are templates (`/v1/checks/{id}`, never
the path), unmatched paths are `<unmatched>`, methods outside the standard ones are `OTHER`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess as _multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import case, func, select
from sqlalchemy.exc import SQLAlchemyError

from adapters.lease import holders
from adapters.tables import (
    checkpoints,
    projection_tracking,
    public_feed,
    retention_runs,
    subscriptions,
    sweep_runs,
)
from domain.time import stored_instant

log = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# from half a millisecond (a check) to ten seconds (a large batch)
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CHECK_ROUTES = {("GET", "/v1/checks/{id}"): "single", ("POST", "/v1/checks:batch"): "batch"}

REQUESTS_NAME = "credit_http_request_duration_seconds"
REQUESTS = Histogram(
    REQUESTS_NAME,
    "HTTP requests by method, route template and status, and how long they took",
    ["method", "route", "status"],
    buckets=BUCKETS,
)
AUTH_FAILURES = Counter(
    "credit_auth_failures_total",
    "API keys presented and refused (unknown, revoked or malformed)",
    ["surface"],
)
_API_AUTH_FAILURES = AUTH_FAILURES.labels("api")


def auth_failed() -> None:
    """An API key was presented and refused (api/auth.py's failure path)."""
    _API_AUTH_FAILURES.inc()


def check_outcome(status: int) -> str:
    """What a check route's status says of the check."""
    if status < 300:
        return "answered"
    if status == 404:
        return "unknown"
    if status in (401, 403):
        return "refused"
    return "invalid" if status < 500 else "error"


def checks_family(families: list[Metric]) -> Metric:
    """credit_checks_total{kind, outcome}: the check routes' request counts (rate() of it is
    checks per second), read off the request histogram, so a check pays for one observation."""
    checks = CounterMetricFamily(
        "credit_checks",
        "Checks by kind and outcome (rate() is checks per second)",
        labels=["kind", "outcome"],
    )
    totals: dict[tuple[str, str], float] = {}
    for family in families:
        if family.name != REQUESTS_NAME:
            continue
        for sample in family.samples:
            if not sample.name.endswith("_count"):
                continue
            labels = sample.labels
            kind = CHECK_ROUTES.get((labels.get("method", ""), labels.get("route", "")))
            if kind:
                key = (kind, check_outcome(int(labels["status"])))
                totals[key] = totals.get(key, 0.0) + sample.value
    for (kind, outcome), value in sorted(totals.items()):
        checks.add_metric([kind, outcome], value)
    return checks


class _Families:
    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> list[Metric]:
        return self.families


def prepare_multiprocess(directory: str) -> None:
    """Before uvicorn starts its worker processes: every process counts into `directory`
    (emptied first: files of an earlier run would be summed in)."""
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith(".db"):
            os.remove(os.path.join(directory, name))
    os.environ[MULTIPROC_ENV] = directory


def exposition(state: StateCollector | None) -> bytes:
    """The text format: this process's (or, in multiprocess mode, every worker process's)
    counters and histograms, the checks derived from them, then the deployment's state."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)
        families = list(registry.collect())
    else:
        families = list(REGISTRY.collect())
    families.append(checks_family(families))
    body = generate_latest(_Families(families))  # type: ignore[arg-type]  # has collect()
    if state is not None:
        body += generate_latest(state)  # type: ignore[arg-type]
    return body


def _gauge(name: str, doc: str, labels: list[str] | None = None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, labels=labels)


class StateCollector:
    """The deployment's state from the database, computed when /metrics is scraped."""

    def __init__(
        self,
        services: Any,
        leases: Callable[[], list[str]],
        exchange: Callable[[], dict[str, Any] | None] | None = None,
    ) -> None:
        self.services = services
        self.leases = leases
        self.exchange = exchange

    def describe(self) -> list[Metric]:
        return []

    def collect(self) -> Iterator[Metric]:
        started = time.perf_counter()
        up = _gauge("credit_database_up", "1 when the database answered this scrape")
        try:
            families = list(self._from_database())
        except SQLAlchemyError:
            log.warning("metrics: the database did not answer", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families
        yield from self._exchange()
        took = _gauge("credit_metrics_state_seconds", "Seconds the state figures took to read")
        took.add_metric([], time.perf_counter() - started)
        yield took

    def _from_database(self) -> Iterator[Metric]:
        engine = self.services.engine
        head = self.services.files.position()
        with engine.connect() as conn:
            tracked = conn.execute(
                select(projection_tracking.c.view, projection_tracking.c.position)
            )
            positions = {str(v): int(p) for v, p in tracked}
            latest = conn.execute(
                select(checkpoints.c.seq, checkpoints.c.position)
                .order_by(checkpoints.c.seq.desc())
                .limit(1)
            ).first()
            feed_head = int(conn.execute(select(func.max(public_feed.c.position))).scalar() or 0)
            s = subscriptions.c
            subs = conn.execute(
                select(
                    s.status,
                    func.count(),
                    func.count(s.failing_since),
                    func.sum(case((s.cursor < feed_head, 1), else_=0)),
                    func.max(feed_head - s.cursor),
                ).group_by(s.status)
            ).all()
            sweeps = conn.execute(select(sweep_runs)).all()
            pruned = conn.execute(
                select(retention_runs.c.log, func.sum(retention_runs.c.removed)).group_by(
                    retention_runs.c.log
                )
            ).all()
        leases = self._leases()
        yield _single("credit_log_head_position", "Position of the newest event in the log", head)
        views = {p.name for p in self.services.runner.projections}
        position = _gauge(
            "credit_view_position", "Tracking position of each view or follower", ["view", "kind"]
        )
        lag = _gauge(
            "credit_view_lag_events",
            "Events of the log each view or follower has not applied",
            ["view", "kind"],
        )
        for name in sorted(views | set(positions)):
            # a cursor (export:credit_china) follows the public feed: no lag behind every event
            kind = "view" if name in views else "cursor" if ":" in name else "follower"
            at = positions.get(name, 0)
            position.add_metric([name, kind], at)
            if kind != "cursor":
                lag.add_metric([name, kind], max(0, head - at))
        yield position
        yield lag
        if latest is not None:
            yield _single(
                "credit_checkpoint_seq", "Sequence of the latest signed checkpoint", latest[0]
            )
            yield _single(
                "credit_checkpoint_lag_events",
                "Chained events after the latest signed checkpoint",
                max(0, positions.get("chain", 0) - int(latest[1])),
            )
        held = _gauge("credit_lease_held", "1 when some process holds the lease", ["lease"])
        holder = _gauge(
            "credit_lease_holder_info",
            "Where the lease's holder runs (its address)",
            ["lease", "holder"],
        )
        for name, who in leases.items():
            held.add_metric([name], int(who is not None))
            if who is not None:
                holder.add_metric([name, who], 1)
        yield held
        yield holder
        yield from _deliveries(subs, feed_head)
        yield from _sweeps(sweeps)
        removed = CounterMetricFamily(
            "credit_retention_removed", "Log entries removed by the retention sweep", labels=["log"]
        )
        for name, total in pruned:
            removed.add_metric([name], float(total or 0))
        yield removed

    def _leases(self) -> dict[str, str | None]:
        names = self.leases()
        held = holders(self.services.engine, [_full(n) for n in names])
        return {n: held[_full(n)] for n in names}

    def _exchange(self) -> Iterator[Metric]:
        """The national exchange's lag (issue 17 feeds it: `extras["exchange_status"]`, a
        callable returning the body of GET /v1/admin/exchange). Defined now, without a sample
        until the exchange exists."""
        lag = _gauge(
            "credit_exchange_lag_seconds",
            "Seconds the newest public change waits for the national platform's receipt",
        )
        status = self.exchange() if self.exchange is not None else None
        if status and status.get("lag_seconds") is not None:
            lag.add_metric([], float(status["lag_seconds"]))
        yield lag


def _full(lease: str) -> str:
    return "credit-energy-worker" if lease == "worker" else f"credit-energy-{lease}"


def _single(name: str, doc: str, value: float) -> GaugeMetricFamily:
    gauge = _gauge(name, doc)
    gauge.add_metric([], value)
    return gauge


def _deliveries(rows: list[Any], feed_head: int) -> Iterator[Metric]:
    """Subscriptions by status, how many are behind the feed (pending) and failing, and the
    longest backlog in feed positions: counts only, no label per subscriber."""
    yield _single(
        "credit_feed_head_position", "Log position of the newest public feed item", feed_head
    )
    by_status = _gauge("credit_subscriptions", "Subscriptions by status", ["status"])
    pending = failing = backlog = 0
    for status, count, failing_count, behind, longest in rows:
        by_status.add_metric([str(status)], count)
        if status == "active":
            pending, failing = int(behind or 0), int(failing_count or 0)
            backlog = max(0, int(longest or 0))
    yield by_status
    yield _single(
        "credit_deliveries_pending_subscriptions",
        "Active subscriptions whose cursor is behind the public feed's head",
        pending,
    )
    yield _single(
        "credit_deliveries_failing_subscriptions",
        "Active subscriptions whose head event is failing (retries pending)",
        failing,
    )
    yield _single(
        "credit_deliveries_backlog_positions",
        "The longest backlog of an active subscription, in feed positions",
        backlog,
    )


def _sweeps(rows: list[Any]) -> Iterator[Metric]:
    runs = CounterMetricFamily("credit_sweep_runs", "Sweeps run (by any worker)", labels=["sweep"])
    failures = CounterMetricFamily(
        "credit_sweep_failures", "Sweeps that raised (by any worker)", labels=["sweep"]
    )
    seconds = _gauge("credit_sweep_last_duration_seconds", "The last run's duration", ["sweep"])
    success = _gauge(
        "credit_sweep_last_success_timestamp_seconds",
        "When the sweep last ran to its end (Unix time, service clock)",
        ["sweep"],
    )
    for row in rows:
        runs.add_metric([row.name], row.runs)
        failures.add_metric([row.name], row.failures)
        if row.last_seconds is not None:
            seconds.add_metric([row.name], row.last_seconds)
        if row.last_success_at is not None:
            at = row.last_success_at
            success.add_metric([row.name], stored_instant(at).timestamp())
    yield runs
    yield failures
    yield seconds
    yield success
