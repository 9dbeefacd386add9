"""API keys: `ce_<key_id>_<secret>`, stored as the SHA-256 of the secret with role and scope.

Each process keeps the keys it has seen (and the key ids it found unknown or revoked, a bounded
set) and trusts that cache only while a poll of `key_revisions` (one row, bumped in the
transaction of every key created or revoked) confirms it: a thread reads it every
REFRESH_SECONDS and drops the cache when it moved, and a cache not confirmed for STALE_SECONDS
(the database away) is not used. So a revoked key is refused by every process within about a
second, and a flood of unknown or malformed keys costs no database read once each is seen.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from adapters.core.guard_tables import key_revisions
from adapters.core.tables import api_keys
from application.ports import ROLES, Actor
from domain.errors import NotFoundError

log = logging.getLogger(__name__)

REFRESH_SECONDS = 0.5  # how often each process reads the key revision
STALE_SECONDS = 1.5  # a cache no poll has confirmed for this long is not used
UNKNOWN_MAX = 100_000  # unknown or revoked key ids remembered per process
TOKEN = re.compile(r"ce_([0-9a-f]{16})_([A-Za-z0-9_-]{43})")


class KeyError_(ValueError):
    pass


class UnknownKeyError(NotFoundError):
    pass


class Miss:
    """`KeyStore.cached` could not answer without the database."""


MISS = Miss()


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    role: str
    org: str
    org_code: str | None
    subject_id: str | None
    created_at: datetime
    revoked_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "role": self.role,
            "org": self.org,
            "org_code": self.org_code,
            "subject_id": self.subject_id,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_token(token: str) -> tuple[str, str] | None:
    """(key_id, secret) of a well-formed key, else None (refused without any lookup)."""
    found = TOKEN.fullmatch(token)
    return (found.group(1), found.group(2)) if found else None


class FailureLimiter:
    """Failed authentications per client address: a bucket of `limit` that refills over
    `window` seconds. An address with an empty bucket is answered 429 (no lookup) until it has
    one again."""

    MAX_ADDRESSES = 65_536

    def __init__(self, limit: int = 20, window: float = 60.0) -> None:
        self.limit = limit
        self.rate = limit / window
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, address: str, now: float) -> float:
        tokens, at = self._buckets.get(address, (float(self.limit), now))
        return min(float(self.limit), tokens + (now - at) * self.rate)

    def retry_after(self, address: str) -> int | None:
        """Seconds until `address` may try again, or None if it may now."""
        with self._lock:
            tokens = self._level(address, time.monotonic())
        return None if tokens >= 1.0 else max(1, math.ceil((1.0 - tokens) / self.rate))

    def failed(self, address: str) -> int | None:
        """Count one failure; returns retry_after once the bucket is empty."""
        now = time.monotonic()
        with self._lock:
            tokens = max(0.0, self._level(address, now) - 1.0)
            self._buckets[address] = (tokens, now)
            self._buckets.move_to_end(address)
            while len(self._buckets) > self.MAX_ADDRESSES:
                self._buckets.popitem(last=False)
        return None if tokens >= 1.0 else max(1, math.ceil((1.0 - tokens) / self.rate))


class KeyStore:
    def __init__(self, engine: Engine, limiter: FailureLimiter | None = None) -> None:
        self.engine = engine
        self.limiter = limiter or FailureLimiter()
        self._known: dict[str, tuple[str, Actor]] = {}
        self._unknown: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0  # bumped whenever the cache is dropped
        self._revision: int | None = None
        self._confirmed_at = -math.inf
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    # -- commands ----------------------------------------------------------------------------

    def create(
        self,
        role: str,
        org: str,
        org_code: str | None = None,
        subject_id: str | None = None,
    ) -> str:
        if role not in ROLES:
            raise KeyError_(f"role must be one of {', '.join(ROLES)}")
        if role == "subject" and not subject_id:
            raise KeyError_("a subject key is bound to one subject: give --subject")
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                api_keys.insert().values(
                    key_id=key_id,
                    secret_hash=_digest(secret),
                    role=role,
                    org=org,
                    org_code=org_code,
                    subject_id=subject_id,
                    created_at=datetime.now(UTC),
                )
            )
            self._bump(conn)
        self._drop()
        return f"ce_{key_id}_{secret}"

    def revoke(self, key_id: str) -> KeyInfo:
        """Revoke the key (again: no change); every process refuses it within STALE_SECONDS."""
        t = api_keys.c
        with self.engine.begin() as conn:
            done = conn.execute(
                update(api_keys)
                .where(t.key_id == key_id, t.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            ).rowcount
            if done:
                self._bump(conn)
        self._drop()
        found = [k for k in self.list() if k.key_id == key_id]
        if not found:
            raise UnknownKeyError(f"no key {key_id}", field="key_id")
        return found[0]

    def list(self) -> list[KeyInfo]:
        """Every key with its role and scope, never a secret (nor its hash)."""
        t = api_keys.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.key_id, t.role, t.org, t.org_code, t.subject_id, t.created_at, t.revoked_at
                ).order_by(t.created_at, t.key_id)
            ).all()
        return [
            KeyInfo(
                r.key_id,
                r.role,
                r.org,
                r.org_code,
                r.subject_id,
                r.created_at,
                r.revoked_at,
            )
            for r in rows
        ]

    def _bump(self, conn: Any) -> None:
        conn.execute(
            update(key_revisions)
            .where(key_revisions.c.id == 1)
            .values(revision=key_revisions.c.revision + 1)
        )

    # -- authentication ----------------------------------------------------------------------

    def cached(self, token: str) -> Actor | None | Miss:
        """The key's actor, None if refused, or MISS when only the database can tell. No I/O."""
        parts = parse_token(token)
        if parts is None:
            return None
        self._ensure_polling()
        if time.monotonic() - self._confirmed_at > STALE_SECONDS:
            return MISS
        key_id, secret = parts
        with self._lock:
            known = self._known.get(key_id)
            if known is None:
                return None if key_id in self._unknown else MISS
        digest = _digest(secret)
        return known[1] if hmac.compare_digest(known[0], digest) else None

    def lookup(self, token: str) -> Actor | None:
        """The key's actor from the database (and remembered), or None."""
        parts = parse_token(token)
        if parts is None:
            return None
        key_id, secret = parts
        generation = self._generation
        t = api_keys.c
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.secret_hash, t.role, t.org, t.org_code, t.subject_id, t.revoked_at).where(
                    t.key_id == key_id
                )
            ).first()
        with self._lock:
            if generation == self._generation:  # not dropped meanwhile (a revocation seen)
                if row is None or row.revoked_at is not None:
                    self._unknown[key_id] = None
                    while len(self._unknown) > UNKNOWN_MAX:
                        self._unknown.popitem(last=False)
                else:
                    actor = Actor(row.role, row.org, row.org_code, row.subject_id, key_id)
                    self._known[key_id] = (row.secret_hash, actor)
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_hash, _digest(secret)):
            return None
        return Actor(row.role, row.org, row.org_code, row.subject_id, key_id)

    def authenticate(self, token: str) -> Actor | None:
        found = self.cached(token)
        return self.lookup(token) if isinstance(found, Miss) else found

    # -- the revision poll -------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the key revision once; drop the cache if it moved."""
        with self.engine.connect() as conn:
            revision = conn.execute(
                select(key_revisions.c.revision).where(key_revisions.c.id == 1)
            ).scalar()
        if revision != self._revision:
            self._drop()
            self._revision = revision
        self._confirmed_at = time.monotonic()

    def _drop(self) -> None:
        with self._lock:
            self._generation += 1
            self._known.clear()
            self._unknown.clear()

    def _ensure_polling(self) -> None:
        """On first use: one read of the revision here (so the cache is trusted at once), then
        the polling thread."""
        if self._poller is not None or self._stop.is_set():
            return
        with self._lock:
            if self._poller is not None:
                return
            self._poller = threading.Thread(target=self._poll, name="key-revisions", daemon=True)
        try:
            self.refresh()
        except (SQLAlchemyError, OSError):
            log.warning("key revision unreadable; keys are looked up until it is", exc_info=True)
        self._poller.start()

    def _poll(self) -> None:
        failing = False
        while not self._stop.wait(REFRESH_SECONDS):
            try:
                self.refresh()
                if failing:
                    log.info("key revision poll works again")
                failing = False
            except (SQLAlchemyError, OSError) as error:  # the database away: stale, not wrong
                if not failing:
                    log.warning("key revision poll failed: %s", str(error)[:300])
                failing = True

    def close(self) -> None:
        self._stop.set()
        if self._poller is not None:
            self._poller.join(2.0)
