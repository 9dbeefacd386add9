"""A delivery job: one subscription's due events posted in order, the attempts logged (the
deliverer in adapters/sharing/webhooks.py runs the jobs), and what the jobs share: the retry
schedule, the payload forms, the statements on `subscriptions` and `deliveries`."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update
from standardwebhooks.webhooks import Webhook

from adapters.sharing.feed import FeedRow
from adapters.sharing.http_post import Target
from adapters.sharing.subscriptions import (
    TargetRefusedError,
    check_target,
)
from adapters.sharing.tables import deliveries, public_feed, subscriptions

if TYPE_CHECKING:  # the deliverer runs the jobs; a job reads its settings and clock
    from adapters.sharing.webhooks import Deliverer

log = logging.getLogger(__name__)

COMMIT_EVERY = 20
COMMIT_SECONDS = 0.2
# A page of the feed read by one job serves the other subscriptions at the same cursor for this
# long (see `Deliverer._rows`): in a burst every subscriber reads the same rows, and reading them
# once instead of once per subscriber frees the database and the interpreter.
PAGE_SECONDS = 1.0
JOB_SECONDS = 2.0  # a job's time on one subscription while its pages keep coming
PAGE_ROWS = 2000  # the most feed rows a batched subscription's page reads


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


# the default (API.md): one structured-mode CloudEvent per POST; opt-in: the CloudEvents HTTP
# binding's batched content mode, a JSON array of structured-mode CloudEvents per POST
STRUCTURED = "application/cloudevents+json"
BATCHED = "application/cloudevents-batch+json"


def batch_webhook_id(event_ids: list[str]) -> str:
    """A batch's webhook-id: derived from the events it carries, so a re-send keeps it."""
    digest = hashlib.sha256("\n".join(event_ids).encode()).hexdigest()
    return f"batch_{digest[:40]}"


def shard_of(subscription_id: str, shards: int) -> int:
    """The shard (0 … shards - 1) whose delivery process delivers this subscription."""
    digest = hashlib.sha256(subscription_id.encode()).digest()
    return int.from_bytes(digest[:8], "big") % shards


def _after(rows: list[FeedRow], i: int) -> tuple[int, str | None]:
    """The cursor just past rows[i]: the position, or midway through a position's items."""
    row = rows[i]
    group_done = i + 1 == len(rows) or rows[i + 1].position != row.position
    return (row.position, None if group_done else row.id)


def _entry(
    sub: Any,
    msg_id: str,
    sequence: int,
    count: int,
    attempt: int,
    result: Attempt,
    next_at: datetime | None,
    at: datetime,
) -> dict[str, Any]:
    """One row of the delivery log: an attempt to send one event, or one batch of `count`, at
    `at` by the service clock (a manual clock in tests and demos)."""
    return {
        "subscription_id": sub.subscription_id,
        "event_id": msg_id,
        "sequence": sequence,
        "attempt": attempt,
        "attempted_at": at,
        "status_code": result.status,
        "outcome": result.outcome,
        "error": result.error,
        "duration_ms": result.duration_ms,
        "next_attempt_at": next_at,
        "event_count": count if count != 1 else None,
    }


def _form(
    rows: list[FeedRow], matching: list[int], m: int, pinned: tuple[int, str] | None, size: int
) -> int:
    """The next batch: up to `size` of the matching rows' indices from matching[m], none past
    the pin. Returns the end (exclusive) in `matching`; a batch is matching[m:end]."""
    if pinned is None:
        return min(m + size, len(matching))
    end = m
    while end < len(matching) and end - m < size:
        row = rows[matching[end]]
        key = (row.position, row.id)
        if key > pinned:
            break
        end += 1
        if key == pinned:
            break
    return end


class _Poster:
    """One job's sender: the URL split and the secrets decoded once, the URL's SSRF check (a DNS
    lookup) redone only every RECHECK_SECONDS rather than before each request; one POST per
    call."""

    RECHECK_SECONDS = 5.0

    def __init__(self, deliverer: Deliverer, url: str, secrets: list[str]) -> None:
        self.deliverer = deliverer
        self.url = url
        self.target = Target.of(url)
        self.signers = [Webhook(s) for s in secrets]
        self.refused: str | None = None
        self.checked_at: float | None = None

    def __call__(self, msg_id: str, body: bytes, content_type: str) -> Attempt:
        if self.checked_at is None or time.monotonic() - self.checked_at > self.RECHECK_SECONDS:
            self.refused = None
            try:
                check_target(self.url, self.deliverer.config.allow_private)
            except TargetRefusedError as e:
                self.refused = e.message
            self.checked_at = time.monotonic()
        return self.deliverer._post(
            self.target, msg_id, body, content_type, self.signers, self.refused
        )


_s = subscriptions.c
# built once: a statement built per call costs more CPU than its round trip, and a burst runs
# these once or twice per subscription
_SUBSCRIPTION = select(subscriptions).where(_s.subscription_id == bindparam("b_id"))
_GUARDED = update(subscriptions).where(
    _s.subscription_id == bindparam("b_id"), _s.generation == bindparam("b_generation")
)
_COMMIT = _GUARDED.values(
    cursor=bindparam("b_cursor"),
    cursor_id=bindparam("b_cursor_id"),
    attempts=0,
    next_attempt_at=None,
    failing_since=None,
    batch_until_position=bindparam("b_pin_position"),
    batch_until_id=bindparam("b_pin_id"),
).returning(_s.status)
_ADVANCE = _GUARDED.values(cursor=bindparam("b_cursor"), cursor_id=bindparam("b_cursor_id"))
# active, behind the feed's head, and not backing off
_DUE = select(_s.subscription_id).where(
    _s.status == "active",
    or_(
        _s.cursor < select(func.coalesce(func.max(public_feed.c.position), 0)).scalar_subquery(),
        _s.cursor_id.is_not(None),
    ),
    or_(_s.next_attempt_at.is_(None), _s.next_attempt_at <= bindparam("b_now")),
)


class _Job:
    """One page's bookkeeping for one subscription, on the job's connection: every write is
    guarded by the generation the page was read at (a replay or deletion since: change nothing
    and stop)."""

    def __init__(self, deliverer: Deliverer, conn: Connection, sub: Any) -> None:
        self.deliverer = deliverer
        self.conn = conn
        self.sub = sub
        self.now = deliverer.now()  # the service clock, read once per page

    def _key(self) -> dict[str, Any]:
        return {"b_id": self.sub.subscription_id, "b_generation": self.sub.generation}

    def commit(
        self,
        done: list[dict[str, Any]],
        cursor: tuple[int, str | None],
        pin: tuple[int, str] | None = None,
    ) -> bool:
        """Log delivered attempts (one insert), move the cursor and set or clear the batch pin,
        in one transaction. False when the job must stop (replayed, paused or deleted)."""
        with self.conn.begin():
            if done:
                self.conn.execute(insert(deliveries), done)
            status = self.conn.execute(
                _COMMIT,
                {
                    **self._key(),
                    "b_cursor": cursor[0],
                    "b_cursor_id": cursor[1],
                    "b_pin_position": pin[0] if pin else None,
                    "b_pin_id": pin[1] if pin else None,
                },
            ).scalar()
        return status == "active"

    def advance(self, cursor: tuple[int, str | None]) -> None:
        with self.conn.begin():
            values = {"b_cursor": cursor[0], "b_cursor_id": cursor[1]}
            self.conn.execute(_ADVANCE, {**self._key(), **values})

    def failed(
        self,
        ref: tuple[str, int, int],
        attempt: int,
        result: Attempt,
        cursor: tuple[int, str | None],
    ) -> None:
        """Log a failed attempt and schedule the retry, or disable the endpoint (410, or failing
        for longer than `disable_after`) and tell its owner."""
        sub, deliverer = self.sub, self.deliverer
        now = datetime.now(UTC)
        failing_since = sub.failing_since if attempt > 1 else None
        failing_since = failing_since or now
        too_long = (now - failing_since).total_seconds() >= deliverer.config.disable_after
        reason = None
        if result.outcome == "gone":
            reason = "the endpoint answered 410 Gone"
        elif too_long:
            reason = f"failing since {failing_since.isoformat()}"
        next_at = None if reason else now + timedelta(seconds=deliverer._delay(attempt, result))
        if reason:
            deliverer._notify_owner(sub, reason, failing_since, result.status)
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
        with self.conn.begin():
            entry = _entry(sub, *ref, attempt, result, next_at, deliverer.now())
            self.conn.execute(insert(deliveries), [entry])
            self.conn.execute(_GUARDED.values(values), self._key())
