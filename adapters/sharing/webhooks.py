"""The deliverer: posts the public feed to each subscription, signed, in order, at least once.

Per subscription a cursor over public_feed. A job delivers one subscription's events one by one;
the cursor advances only after a 2xx (head-of-line: a failed event blocks the later ones, so a
subscriber sees its events strictly in order). Jobs run on a thread pool with per-subscription due
times and bounded timeouts, so a slow or dead endpoint holds one thread, never the others.
Retries follow the Standard Webhooks schedule with jitter, honour Retry-After (429/503); 410
disables the endpoint, and so does failing for longer than `disable_after`; the owner then finds
a `subscription.disabled` item in its feed. Every attempt is logged in `deliveries`.

By default each event is one POST of a structured-mode CloudEvent (API.md). A subscription with
`batch_size` gets the CloudEvents batched content mode instead: up to that many events per POST,
one signature per request, batches pinned so that a retry re-sends the same one (see
`_deliver_batches`). That is what makes a burst cheap: one request and one signature per batch
rather than per event.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import IntegrityError
from sqlalchemy import Connection, Engine, or_, select
from standardwebhooks.webhooks import Webhook

from adapters.sharing.addresses import refusal
from adapters.sharing.delivery_job import (
    _DUE,
    _SUBSCRIPTION,
    BATCHED,
    COMMIT_EVERY,
    COMMIT_SECONDS,
    JOB_SECONDS,
    PAGE_ROWS,
    PAGE_SECONDS,
    STRUCTURED,
    Attempt,
    DeliveryConfig,
    _after,
    _entry,
    _form,
    _Job,
    _Poster,
    batch_webhook_id,
    parse_retry_after,
    shard_of,
)
from adapters.sharing.feed import FeedFilter, FeedRow, feed_head, rows_after_cut
from adapters.sharing.http_post import USER_AGENT, AddressRefusedError, Poster, Target
from adapters.sharing.subscriptions import (
    MAX_BATCH,
    Subscriptions,
)
from adapters.sharing.tables import subscriptions
from domain.sharing import EndpointNotice

log = logging.getLogger(__name__)


class Deliverer:
    def __init__(
        self,
        engine: Engine,
        store: Subscriptions,
        save_notice: Callable[[EndpointNotice], Any],
        config: DeliveryConfig,
        *,
        now: Callable[[], datetime] | None = None,
        wake: Callable[[], None] | None = None,
        shard: tuple[int, int] | None = None,
    ) -> None:
        self.engine = engine
        self.store = store
        self.save_notice = save_notice
        self.config = config
        # keep-alive connections, per delivery thread; each new one judged by its peer address
        self.http = Poster(config.timeout, guard=None if config.allow_private else refusal)
        self._local = threading.local()
        self._connections: list[Connection] = []
        # the worker's wake-up: another round at once when a delivery job ends
        self.wake: Callable[[], None] | None = wake
        # the service clock for the delivery log (a manual clock in tests and demos)
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        # (k, n): deliver only the subscriptions of shard k of n (one of n delivery processes)
        self.shard: tuple[int, int] | None = shard
        self._pool = ThreadPoolExecutor(config.concurrency, thread_name_prefix="deliver")
        self._inflight: dict[str, Future[int]] = {}
        self._matchers: dict[str, FeedFilter] = {}
        self._pages: dict[tuple[int, str | None, int], tuple[float, list[FeedRow], bool]] = {}
        self._gates: dict[tuple[int, str | None, int], threading.Lock] = {}
        self._matched: dict[tuple[tuple[int, str | None, int], int, FeedFilter], list[int]] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()

    # -- the worker task ---------------------------------------------------------------------

    def __call__(self) -> int:
        """Start a job for every due subscription not already in flight; returns how many."""
        if self._stop.is_set():
            return 0
        self._reap()
        with self.engine.connect() as conn:
            due_ids = list(conn.execute(_DUE, {"b_now": datetime.now(UTC)}).scalars())
        if self.shard is not None:
            due_ids = [sid for sid in due_ids if shard_of(sid, self.shard[1]) == self.shard[0]]
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
        self.http.close()
        for conn in self._connections:
            conn.close()

    def _reap(self) -> None:
        with self._lock:
            for sid in [k for k, f in self._inflight.items() if f.done()]:
                future = self._inflight.pop(sid)
                error = future.exception() if not future.cancelled() else None
                if error is not None:
                    log.error("delivery job for %s failed: %r", sid, error)

    # -- one subscription --------------------------------------------------------------------

    def _job(self, subscription_id: str) -> int:
        """Deliver pages while more are known to follow (up to JOB_SECONDS), without waiting for
        the next round, on one connection. A page that reached the feed's head ends the job:
        the next round (a job's end starts one) sees in one query who has anything new."""
        started = time.monotonic()
        total = 0
        try:
            conn = self._connection()
            try:
                while not self._stop.is_set():
                    sent, more = self._deliver(conn, subscription_id)
                    total += sent
                    if not (sent and more) or time.monotonic() - started > JOB_SECONDS:
                        return total
            except BaseException:
                self._local.conn = None  # in an unknown state: the next job opens another
                conn.close()
                raise
            return total
        finally:
            if self.wake is not None:
                self.wake()

    def _connection(self) -> Connection:
        """This delivery thread's connection, kept between jobs: a checkout per job would cost
        a ping and a rollback, more than the job's own statements."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = self._local.conn = self.engine.connect()
            with self._lock:
                self._connections = [c for c in self._connections if not c.closed]
                self._connections.append(conn)
        return conn

    def _deliver(self, conn: Connection, subscription_id: str) -> tuple[int, bool]:
        """One page for one subscription: (events sent, whether the page was cut short of the
        feed's head)."""
        with conn.begin():
            sub = conn.execute(_SUBSCRIPTION, {"b_id": subscription_id}).first()
            if sub is None or sub.status != "active":
                self._matchers.pop(subscription_id, None)
                return 0, False
            next_at = sub.next_attempt_at
            if next_at is not None and next_at > datetime.now(UTC):
                return 0, False  # backing off after a failure
            # batched: a page holds many batches (all subscribers read the same rows)
            page = max(self.config.batch, min(20 * int(sub.batch_size or 0), PAGE_ROWS))
            key = (int(sub.cursor), sub.cursor_id, page)
            rows, cut = self._rows(conn, *key)
            pinned = sub.batch_until_position
            if pinned is not None and rows and rows[-1].position < pinned:
                # the pinned events must be re-sent as they were batched: read on up to the pin
                key = (int(sub.cursor), sub.cursor_id, page + MAX_BATCH)
                rows, cut = self._rows(conn, *key)
        matcher = self._matchers.get(subscription_id)
        if matcher is None:
            matcher = self._matchers[subscription_id] = self.store.matcher(subscription_id)
        # once per page, not per request: the secrets (decrypted); the SSRF check every few
        # seconds
        now = datetime.now(UTC)
        post = _Poster(self, sub.url, self.store.signing_secrets(sub, now))
        job = _Job(self, conn, sub)
        if sub.batch_size:
            matching = self._matching(key, rows, matcher)
            return self._deliver_batches(job, rows, matching, post), cut
        cursor: tuple[int, str | None] = (int(sub.cursor), sub.cursor_id)
        attempts = int(sub.attempts)
        sent = 0
        done: list[dict[str, Any]] = []
        last_commit = time.monotonic()
        for i, row in enumerate(rows):
            if self._stop.is_set():
                return sent, False
            after_row = _after(rows, i)
            if not matcher.matches(row):
                cursor = after_row
                continue
            result = post(row.id, row.body.encode(), STRUCTURED)
            if result.outcome == "delivered":
                cursor = after_row
                sent += 1
                done.append(
                    _entry(sub, row.id, row.position, 1, attempts + 1, result, None, job.now)
                )
                attempts = 0
                # commit in small groups: a crash repeats at most these (same webhook-id)
                if len(done) >= COMMIT_EVERY or time.monotonic() - last_commit > COMMIT_SECONDS:
                    if not job.commit(done, cursor):
                        return sent, False
                    done, last_commit = [], time.monotonic()
                continue
            if done and not job.commit(done, cursor):
                return sent, False
            job.failed((row.id, row.position, 1), attempts + 1, result, cursor)
            return sent, False
        if done:
            if not job.commit(done, cursor):
                return sent, False
        elif cursor != (int(sub.cursor), sub.cursor_id):
            job.advance(cursor)
        return sent, cut

    def _matching(
        self, key: tuple[int, str | None, int], rows: list[FeedRow], matcher: FeedFilter
    ) -> list[int]:
        """The indices of the page's rows this filter admits. Subscribers with the same filter
        at the same cursor (a page's rows at one key are always the same, grown at most) match
        the page once between them."""
        cache_key = (key, len(rows), matcher)
        with self._lock:
            found = self._matched.get(cache_key)
        if found is None:
            found = [i for i, row in enumerate(rows) if matcher.matches(row)]
            with self._lock:
                if len(self._matched) >= 256:
                    self._matched.clear()
                self._matched[cache_key] = found
        return found

    def _deliver_batches(
        self, job: _Job, rows: list[FeedRow], matching: list[int], post: _Poster
    ) -> int:
        """Batched content mode: up to batch_size matching events per POST, in order.

        A batch is formed from the committed cursor: the next `size` matching events, which are
        the same whenever they are formed again (the feed is append-only). A shorter batch, at
        the end of what was read, is pinned first: its last event is stored on the subscription,
        in the transaction that commits the batches before it, and batches are formed up to the
        pin until it is delivered. Either way a retry, or a restart after a crash, re-sends
        exactly the same events under the same webhook-id. Delivered batches are committed in
        small groups (log rows and the cursor's move), like single events; the pin is cleared
        with the commit that reaches it.
        """
        sub = job.sub
        size = int(sub.batch_size)
        cursor: tuple[int, str | None] = (int(sub.cursor), sub.cursor_id)
        pin: tuple[int, str] | None = None
        if sub.batch_until_position is not None:
            pin = (int(sub.batch_until_position), str(sub.batch_until_id))
        attempts = int(sub.attempts)
        # batches are runs of `matching`, the indices of the rows this subscriber gets
        sent, m = 0, 0
        done: list[dict[str, Any]] = []
        last_commit = time.monotonic()
        while not self._stop.is_set():
            if pin is None and len(matching) - m < size:
                if m == len(matching):  # nothing (more) for this subscriber in these rows
                    if done and not job.commit(done, cursor):
                        return sent
                    if (matching[-1] + 1 if matching else 0) < len(rows):
                        job.advance(_after(rows, len(rows) - 1))
                    return sent
                last = rows[matching[-1]]
                pin = (last.position, last.id)
                if not job.commit(done, cursor, pin):
                    return sent
                done, last_commit = [], time.monotonic()
            end = _form(rows, matching, m, pin, size)
            if end == m:
                break
            batch = [rows[k] for k in matching[m:end]]
            upto = _after(rows, matching[end - 1])
            m = end
            batch_id = batch_webhook_id([r.id for r in batch])
            body = ("[" + ",".join(r.body for r in batch) + "]").encode()
            result = post(batch_id, body, BATCHED)
            ref = (batch_id, batch[0].position, len(batch))
            if result.outcome != "delivered":
                if done and not job.commit(done, cursor, pin):
                    return sent
                job.failed(ref, attempts + 1, result, cursor)
                return sent
            done.append(_entry(sub, *ref, attempts + 1, result, None, job.now))
            cursor, attempts, sent = upto, 0, sent + len(batch)
            if pin is not None and (batch[-1].position, batch[-1].id) == pin:
                pin = None  # the pinned events are all delivered: unpinned with this commit
            elif len(done) < COMMIT_EVERY and time.monotonic() - last_commit <= COMMIT_SECONDS:
                continue
            if not job.commit(done, cursor, pin):
                return sent
            done, last_commit = [], time.monotonic()
        if done:
            job.commit(done, cursor, pin)
        return sent

    def _rows(
        self, conn: Any, cursor: int, cursor_id: str | None, limit: int
    ) -> tuple[list[FeedRow], bool]:
        """Up to `limit` feed rows after the cursor, and whether the page was cut short of the
        feed's head. In a burst every subscriber reads the same rows: a page read by one job
        serves the others at the same cursor for PAGE_SECONDS. The rows are only ever appended,
        so a cut page never changes, and a page that reached the head only grows: it is served
        with the rows added after its last one, read then (usually none: one cheap query)."""
        key = (cursor, cursor_id, limit)
        with self._lock:  # one read per page at a time: the others wait, then share it
            gate = self._gates.setdefault(key, threading.Lock())
        with gate:
            now = time.monotonic()
            with self._lock:
                cached = self._pages.get(key)
            if cached is not None and now - cached[0] < PAGE_SECONDS:
                _, rows, cut = cached
                if cut:
                    return rows, True
                more, cut = rows_after_cut(conn, rows[-1].position, limit - len(rows))
                if not more:
                    return rows, False
                rows = rows + more
            else:
                rows, cut = self._read_rows(conn, cursor, cursor_id, limit)
                if not rows:  # nothing to share: neither the page nor its gate is kept
                    with self._lock:
                        self._gates.pop(key, None)
                    return rows, False
            with self._lock:
                self._pages[key] = (now, rows, cut)
                if len(self._pages) > 64:
                    for k, (at, *_) in list(self._pages.items()):
                        if now - at >= PAGE_SECONDS:
                            del self._pages[k]
                            self._gates.pop(k, None)
            return rows, cut

    def _read_rows(
        self, conn: Any, cursor: int, cursor_id: str | None, limit: int
    ) -> tuple[list[FeedRow], bool]:
        if cursor_id is None:
            return rows_after_cut(conn, cursor, limit)
        rows, cut = rows_after_cut(conn, cursor - 1, limit + 1)
        return [r for r in rows if not (r.position == cursor and r.id <= cursor_id)], cut

    def _post(
        self,
        target: Target,
        msg_id: str,
        body: bytes,
        content_type: str,
        signers: list[Webhook],
        refused: str | None,
    ) -> Attempt:
        started = time.monotonic()

        def took() -> int:
            return int((time.monotonic() - started) * 1000)

        if refused is not None:
            return Attempt(None, "refused", refused, None, took())
        now = datetime.now(UTC)
        text = body.decode()
        headers = {
            "content-type": content_type,
            "user-agent": USER_AGENT,
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": " ".join(w.sign(msg_id, now, text) for w in signers),
        }
        try:
            answer = self.http.post(target, body, headers)
        except AddressRefusedError as e:
            return Attempt(None, "refused", str(e), None, took())
        except (OSError, http.client.HTTPException, ValueError) as e:
            return Attempt(None, "failed", f"{type(e).__name__}: {e}"[:500], None, took())
        status = answer.status
        if 200 <= status < 300:
            return Attempt(status, "delivered", None, None, took())
        retry_after = parse_retry_after(answer.retry_after, now)
        outcome = "gone" if status == 410 else "failed"
        return Attempt(status, outcome, f"HTTP {status}", retry_after, took())

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
