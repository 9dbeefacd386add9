"""The deliverer: posts the public feed to each subscription, signed, in order, at least once.

Per subscription a cursor over public_feed. A job delivers one subscription's events one by one;
the cursor advances only after a 2xx (head-of-line: a failed event blocks the later ones, so a
subscriber sees its events strictly in order). Jobs run on a thread pool with per-subscription due
times and bounded timeouts, so a slow or dead endpoint holds one thread, never the others.
Retries follow the Standard Webhooks schedule with jitter, honour Retry-After (429/503); 410
disables the endpoint, and so does failing for longer than `disable_after`; the owner then finds
a `subscription.disabled` item in its feed. Every attempt is logged in `deliveries`.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from eventsourcing.persistence import IntegrityError
from sqlalchemy import Engine, insert, or_, select, update
from standardwebhooks.webhooks import Webhook

from adapters.feed import FeedFilter, FeedRow, feed_head, rows_after
from adapters.subscriptions import Subscriptions, TargetRefusedError, aware, check_target
from adapters.tables import deliveries, subscriptions
from domain.sharing import EndpointNotice

log = logging.getLogger(__name__)

COMMIT_EVERY = 20
COMMIT_SECONDS = 0.2


STANDARD_SCHEDULE = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


@dataclass(frozen=True)
class DeliveryConfig:
    schedule: tuple[float, ...] = STANDARD_SCHEDULE
    timeout: float = 10.0
    disable_after: float = 5 * 86400.0
    concurrency: int = 16
    batch: int = 100
    jitter: float = 0.2
    allow_private: bool = False


@dataclass(frozen=True)
class Attempt:
    status: int | None
    outcome: str  # delivered | failed | gone | refused
    error: str | None
    retry_after: float | None
    duration_ms: int


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def signature_header(secrets: list[str], msg_id: str, at: datetime, body: str) -> str:
    """Standard Webhooks: one `v1,<sig>` per secret, space separated (rotation grace)."""
    return " ".join(Webhook(s).sign(msg_id, at, body) for s in secrets)


class Deliverer:
    def __init__(
        self,
        engine: Engine,
        store: Subscriptions,
        save_notice: Callable[[EndpointNotice], Any],
        config: DeliveryConfig,
        client: httpx.Client | None = None,
    ) -> None:
        self.engine = engine
        self.store = store
        self.save_notice = save_notice
        self.config = config
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(config.timeout),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=max(config.concurrency * 2, 20)),
            headers={"user-agent": "credit-energy-webhooks/1"},
        )
        self.wake: Callable[[], None] | None = None  # the worker's wake-up, set by the container
        self._pool = ThreadPoolExecutor(config.concurrency, thread_name_prefix="deliver")
        self._inflight: dict[str, Future[int]] = {}
        self._matchers: dict[str, FeedFilter] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()

    # -- the worker task ---------------------------------------------------------------------

    def __call__(self) -> int:
        """Start a job for every due subscription not already in flight; returns how many."""
        if self._stop.is_set():
            return 0
        self._reap()
        now = datetime.now(UTC)
        s = subscriptions.c
        with self.engine.connect() as conn:
            head = feed_head(conn)
            due = conn.execute(
                select(s.subscription_id).where(
                    s.status == "active",
                    or_(s.cursor < head, s.cursor_id.is_not(None)),
                    or_(s.next_attempt_at.is_(None), s.next_attempt_at <= now),
                )
            ).scalars()
            due_ids = list(due)
        started = 0
        with self._lock:
            for sid in due_ids:
                if sid in self._inflight:
                    continue
                self._inflight[sid] = self._pool.submit(self._job, sid)
                started += 1
        return started

    def idle(self) -> bool:
        """Nothing in flight and no active subscription behind the feed (tests, benches)."""
        self._reap()
        with self._lock:
            if self._inflight:
                return False
        s = subscriptions.c
        with self.engine.connect() as conn:
            head = feed_head(conn)
            behind = conn.execute(
                select(s.subscription_id)
                .where(s.status == "active", or_(s.cursor < head, s.cursor_id.is_not(None)))
                .limit(1)
            ).first()
        return behind is None

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.client.close()

    def _reap(self) -> None:
        with self._lock:
            for sid in [k for k, f in self._inflight.items() if f.done()]:
                future = self._inflight.pop(sid)
                error = future.exception() if not future.cancelled() else None
                if error is not None:
                    log.error("delivery job for %s failed: %r", sid, error)

    # -- one subscription --------------------------------------------------------------------

    def _job(self, subscription_id: str) -> int:
        try:
            return self._deliver(subscription_id)
        finally:
            if self.wake is not None:
                self.wake()

    def _deliver(self, subscription_id: str) -> int:
        s = subscriptions.c
        with self.engine.connect() as conn:
            sub = conn.execute(
                select(subscriptions).where(s.subscription_id == subscription_id)
            ).first()
            if sub is None or sub.status != "active":
                self._matchers.pop(subscription_id, None)
                return 0
            rows = self._rows(conn, int(sub.cursor), sub.cursor_id)
        matcher = self._matchers.get(subscription_id)
        if matcher is None:
            matcher = self._matchers[subscription_id] = self.store.matcher(subscription_id)
        cursor: tuple[int, str | None] = (int(sub.cursor), sub.cursor_id)
        attempts = int(sub.attempts)
        sent = 0
        done: list[tuple[FeedRow, int, Attempt]] = []
        last_commit = time.monotonic()
        for i, row in enumerate(rows):
            if self._stop.is_set():
                break
            group_done = i + 1 == len(rows) or rows[i + 1].position != row.position
            after_row = (row.position, None if group_done else row.id)
            if not matcher.matches(row):
                cursor = after_row
                continue
            now = datetime.now(UTC)
            secrets = self.store.signing_secrets(sub, now)
            result = self._post(sub.url, row, secrets, now)
            if result.outcome == "delivered":
                cursor = after_row
                sent += 1
                done.append((row, attempts + 1, result))
                attempts = 0
                # commit in small groups: a crash repeats at most these (same webhook-id)
                if len(done) >= COMMIT_EVERY or time.monotonic() - last_commit > COMMIT_SECONDS:
                    if not self._commit(sub, done, cursor):
                        return sent
                    done, last_commit = [], time.monotonic()
                continue
            if done and not self._commit(sub, done, cursor):
                return sent
            self._failed(sub, row, attempts + 1, result, cursor)
            return sent
        if done:
            self._commit(sub, done, cursor)
        elif cursor != (int(sub.cursor), sub.cursor_id):
            self._advance(sub, cursor)
        return sent

    def _rows(self, conn: Any, cursor: int, cursor_id: str | None) -> list[FeedRow]:
        if cursor_id is None:
            return rows_after(conn, cursor, self.config.batch)
        rows = rows_after(conn, cursor - 1, self.config.batch + 1)
        return [r for r in rows if not (r.position == cursor and r.id <= cursor_id)]

    def _post(self, url: str, row: FeedRow, secrets: list[str], now: datetime) -> Attempt:
        started = time.monotonic()

        def took() -> int:
            return int((time.monotonic() - started) * 1000)

        try:
            check_target(url, self.config.allow_private)
        except TargetRefusedError as e:
            return Attempt(None, "refused", e.message, None, took())
        headers = {
            "content-type": "application/cloudevents+json",
            "webhook-id": row.id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature_header(secrets, row.id, now, row.body),
        }
        try:
            response = self.client.post(url, content=row.body.encode(), headers=headers)
        except httpx.HTTPError as e:
            return Attempt(None, "failed", f"{type(e).__name__}: {e}"[:500], None, took())
        status = response.status_code
        if 200 <= status < 300:
            return Attempt(status, "delivered", None, None, took())
        retry_after = parse_retry_after(response.headers.get("retry-after"), now)
        outcome = "gone" if status == 410 else "failed"
        return Attempt(status, outcome, f"HTTP {status}", retry_after, took())

    # -- bookkeeping -------------------------------------------------------------------------

    def _log(
        self,
        conn: Any,
        sub: Any,
        row: FeedRow,
        attempt: int,
        result: Attempt,
        next_at: datetime | None,
    ) -> None:
        conn.execute(
            insert(deliveries).values(
                subscription_id=sub.subscription_id,
                event_id=row.id,
                sequence=row.position,
                attempt=attempt,
                attempted_at=datetime.now(UTC),
                status_code=result.status,
                outcome=result.outcome,
                error=result.error,
                duration_ms=result.duration_ms,
                next_attempt_at=next_at,
            )
        )

    def _guarded(self, sub: Any) -> Any:
        s = subscriptions.c
        # a replay (generation) or deletion since this job read the row: stop, change nothing
        return update(subscriptions).where(
            s.subscription_id == sub.subscription_id, s.generation == sub.generation
        )

    def _commit(
        self,
        sub: Any,
        done: list[tuple[FeedRow, int, Attempt]],
        cursor: tuple[int, str | None],
    ) -> bool:
        """Log delivered attempts and move the cursor; False when the job must stop."""
        s = subscriptions.c
        with self.engine.begin() as conn:
            for row, attempt, result in done:
                self._log(conn, sub, row, attempt, result, None)
            status = conn.execute(
                self._guarded(sub)
                .values(
                    cursor=cursor[0],
                    cursor_id=cursor[1],
                    attempts=0,
                    next_attempt_at=None,
                    failing_since=None,
                )
                .returning(s.status)
            ).scalar()
        return status == "active"

    def _advance(self, sub: Any, cursor: tuple[int, str | None]) -> None:
        with self.engine.begin() as conn:
            conn.execute(self._guarded(sub).values(cursor=cursor[0], cursor_id=cursor[1]))

    def _failed(
        self, sub: Any, row: FeedRow, attempt: int, result: Attempt, cursor: tuple[int, str | None]
    ) -> None:
        now = datetime.now(UTC)
        failing_since = aware(sub.failing_since) if attempt > 1 else None
        failing_since = failing_since or now
        too_long = (now - failing_since).total_seconds() >= self.config.disable_after
        reason = None
        if result.outcome == "gone":
            reason = "the endpoint answered 410 Gone"
        elif too_long:
            reason = f"failing since {failing_since.isoformat()}"
        next_at = None if reason else now + timedelta(seconds=self._delay(attempt, result))
        if reason:
            self._notify_owner(sub, reason, failing_since, result.status)
        values: dict[str, Any] = {
            "cursor": cursor[0],
            "cursor_id": cursor[1],
            "attempts": attempt,
            "next_attempt_at": next_at,
            "failing_since": failing_since,
        }
        if reason:
            values.update(
                status="disabled",
                disabled_reason=reason,
                disabled_count=subscriptions.c.disabled_count + 1,
            )
        with self.engine.begin() as conn:
            self._log(conn, sub, row, attempt, result, next_at)
            conn.execute(self._guarded(sub).values(values))

    def _delay(self, attempt: int, result: Attempt) -> float:
        schedule = self.config.schedule
        base = schedule[min(attempt - 1, len(schedule) - 1)]
        jitter = self.config.jitter
        delay = base * random.uniform(1 - jitter, 1 + jitter)
        if result.retry_after is not None:
            # the endpoint asked for a pause (429 / 503): wait that long, within the schedule's cap
            delay = max(delay, min(result.retry_after, max(schedule)))
        return delay

    def _notify_owner(
        self, sub: Any, reason: str, failing_since: datetime, status: int | None
    ) -> None:
        notice = EndpointNotice.disable(
            subscription_id=sub.subscription_id,
            generation=int(sub.disabled_count) + 1,
            owner=sub.owner,
            reason=reason,
            failing_since=failing_since.isoformat(),
            last_status=status,
        )
        # IntegrityError: recorded by an earlier run that stopped before disabling the row
        with contextlib.suppress(IntegrityError):
            self.save_notice(notice)
