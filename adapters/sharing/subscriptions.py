"""Subscriptions of financial institutions and credit agencies: endpoints, filters, secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, delete, insert, select, update

from adapters.sharing.addresses import refusal
from adapters.sharing.feed import MAX_WATCHLIST, FeedFilter, feed_head
from adapters.sharing.tables import deliveries, subscription_subjects, subscriptions
from application.ports import Actor
from application.records import RecordRejectedError
from domain.errors import DomainError, InvalidInputError, NotFoundError
from domain.identifiers import validate_uscc
from domain.subject import subject_id_for_uscc
from domain.vocabulary import FEED_TYPES, LISTS, SECTORS

MAX_ERRORS = 20
MAX_BATCH = 1000  # events in one batched POST


class SubscriptionRejectedError(RecordRejectedError):
    """Every (field, message) wrong with a subscription request (one problem, many errors)."""


class UnknownSubscriptionError(NotFoundError):
    pass


class TargetRefusedError(InvalidInputError):
    """The URL points at a private, loopback, link-local or reserved address (SSRF)."""


def watch_id(ref: str) -> str:
    """A watchlist entry as a subject_id: a UUID, or a USCC whose check character is right.

    The check is strict here (unlike paths): an ID number sent by mistake must not be accepted
    and stored, even hashed.
    """
    ref = ref.strip()
    try:
        return str(uuid.UUID(ref))
    except ValueError:
        return str(subject_id_for_uscc(validate_uscc(ref, field="subjects")))


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class SecretBox:
    """Endpoint secrets at rest: AES-GCM under a key derived from CIPHER_KEY (never stored)."""

    def __init__(self, cipher_key: str) -> None:
        raw = base64.b64decode(cipher_key)
        key = hmac.new(raw, b"credit-energy/webhook-secrets/v1", hashlib.sha256).digest()
        self._aead = AESGCM(key)

    def seal(self, secret: str, context: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, secret.encode(), context.encode())
        return base64.b64encode(nonce + sealed).decode()

    def open(self, sealed: str, context: str) -> str:
        raw = base64.b64decode(sealed)
        try:
            return self._aead.decrypt(raw[:12], raw[12:], context.encode()).decode()
        except InvalidTag:
            raise RuntimeError(
                "a webhook secret cannot be decrypted with this CIPHER_KEY"
            ) from None


def check_target(url: str, allow_private: bool) -> None:
    """Raise TargetRefusedError unless `url` is http(s) to a public address (resolved now)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefusedError("must be an http or https URL with a host", field="url")
    if parts.username or parts.password:
        raise TargetRefusedError("must not carry credentials", field="url")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError):
        raise TargetRefusedError("the host cannot be resolved", field="url") from None
    reasons = [why for info in infos if (why := refusal(str(info[4][0]))) is not None]
    if not infos or reasons:
        raise TargetRefusedError(
            "only globally routable unicast addresses are served (private, loopback, "
            f"link-local, shared and reserved ones are refused): {reasons[0] if reasons else ''}",
            field="url",
        )


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    owner: str
    url: str
    filter: dict[str, Any]
    watch_count: int
    status: str
    disabled_reason: str | None
    cursor: int
    created_at: datetime
    batch_size: int | None = None

    def out(self) -> dict[str, Any]:
        return {
            "subscription_id": self.subscription_id,
            "url": self.url,
            "filter": {**self.filter, "subjects_count": self.watch_count},
            "status": self.status,
            "disabled_reason": self.disabled_reason,
            "cursor": self.cursor,
            "created_at": self.created_at.isoformat(),
            "batch_size": self.batch_size,
        }


def _subscription(m: Any) -> Subscription:
    return Subscription(
        subscription_id=m["subscription_id"],
        owner=m["owner"],
        url=m["url"],
        filter=dict(m["filter"]),
        watch_count=m["watch_count"],
        status=m["status"],
        disabled_reason=m["disabled_reason"],
        cursor=int(m["cursor"]),
        created_at=m["created_at"],
        batch_size=m["batch_size"],
    )


class Subscriptions:
    def __init__(
        self,
        engine: Engine,
        box: SecretBox,
        *,
        allow_private: bool,
        grace: timedelta = timedelta(hours=24),
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.box = box
        self.allow_private = allow_private
        self.grace = grace
        self.now = now  # the service clock (a manual clock in tests and demos)

    # -- commands ----------------------------------------------------------------------------

    def create(
        self,
        actor: Actor,
        url: str,
        filt: dict[str, Sequence[str]],
        batch_size: int | None = None,
    ) -> tuple[str, str]:
        """A new subscription and its secret; `batch_size` opts in to batched content mode."""
        errors: list[tuple[str, str]] = []
        if batch_size is not None and not 1 <= batch_size <= MAX_BATCH:
            errors.append(("batch_size", f"must be between 1 and {MAX_BATCH}"))
        try:
            check_target(url, self.allow_private)
        except TargetRefusedError as e:
            errors.append(("url", e.message))
        watch = self._watchlist(list(filt.get("subjects") or ()), errors)
        for name, allowed in (("lists", LISTS), ("sectors", SECTORS), ("types", FEED_TYPES)):
            for i, value in enumerate(filt.get(name) or ()):
                if value not in allowed:
                    errors.append((f"filter.{name}[{i}]", f"must be one of {', '.join(allowed)}"))
        if errors:
            raise SubscriptionRejectedError(errors[:MAX_ERRORS])
        subscription_id = str(uuid.uuid4())
        secret = new_secret()
        stored_filter = {k: sorted(set(filt.get(k) or ())) for k in ("lists", "sectors", "types")}
        with self.engine.begin() as conn:
            head = feed_head(conn)
            conn.execute(
                insert(subscriptions).values(
                    subscription_id=subscription_id,
                    owner=actor.org,
                    url=url,
                    filter=stored_filter,
                    watch_count=len(watch),
                    secret=self.box.seal(secret, subscription_id),
                    status="active",
                    disabled_count=0,
                    cursor=head,  # a new subscription hears what happens from now on
                    generation=0,
                    attempts=0,
                    created_at=self.now(),
                    batch_size=batch_size,
                )
            )
            ordered = sorted(watch)
            for start in range(0, len(ordered), 5000):
                conn.execute(
                    insert(subscription_subjects),
                    [
                        {"subscription_id": subscription_id, "subject_id": s}
                        for s in ordered[start : start + 5000]
                    ],
                )
        return subscription_id, secret

    def delete(self, actor: Actor, subscription_id: str) -> None:
        self.get(actor, subscription_id)
        with self.engine.begin() as conn:
            for table in (subscription_subjects, deliveries, subscriptions):
                conn.execute(delete(table).where(table.c.subscription_id == subscription_id))

    def pause(self, actor: Actor, subscription_id: str) -> Subscription:
        self.get(actor, subscription_id)
        self._set(subscription_id, status="paused")
        return self.get(actor, subscription_id)

    def resume(self, actor: Actor, subscription_id: str) -> Subscription:
        self.get(actor, subscription_id)
        self._set(
            subscription_id,
            status="active",
            disabled_reason=None,
            attempts=0,
            next_attempt_at=None,
            failing_since=None,
        )
        return self.get(actor, subscription_id)

    def rotate_secret(self, actor: Actor, subscription_id: str) -> tuple[str, datetime]:
        """A new secret; the old one keeps signing (beside it) until the grace period ends."""
        self.get(actor, subscription_id)
        secret = new_secret()
        until = utcnow() + self.grace
        with self.engine.begin() as conn:
            row = conn.execute(
                select(subscriptions.c.secret).where(
                    subscriptions.c.subscription_id == subscription_id
                )
            ).one()
            conn.execute(
                update(subscriptions)
                .where(subscriptions.c.subscription_id == subscription_id)
                .values(
                    secret=self.box.seal(secret, subscription_id),
                    previous_secret=row.secret,
                    previous_secret_until=until,
                )
            )
        return secret, until

    def replay(self, actor: Actor, subscription_id: str, from_sequence: int) -> Subscription:
        """Re-send every matching event from `from_sequence` on, in order."""
        self.get(actor, subscription_id)
        if from_sequence < 1:
            raise InvalidInputError("must be 1 or more", field="from_sequence")
        self._set(
            subscription_id,
            cursor=from_sequence - 1,
            cursor_id=None,
            batch_until_position=None,
            batch_until_id=None,
            attempts=0,
            next_attempt_at=None,
            generation=subscriptions.c.generation + 1,
        )
        return self.get(actor, subscription_id)

    # -- queries -----------------------------------------------------------------------------

    def get(self, actor: Actor, subscription_id: str) -> Subscription:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(subscriptions).where(subscriptions.c.subscription_id == subscription_id)
            ).first()
        if row is None or (not actor.is_admin and row.owner != actor.org):
            raise UnknownSubscriptionError("no such subscription", field="id")
        return _subscription(row._mapping)

    def list(self, actor: Actor) -> list[Subscription]:
        query = select(subscriptions).order_by(subscriptions.c.created_at)
        if not actor.is_admin:
            query = query.where(subscriptions.c.owner == actor.org)
        with self.engine.connect() as conn:
            return [_subscription(r._mapping) for r in conn.execute(query).all()]

    def deliveries(
        self, actor: Actor, subscription_id: str, after: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        self.get(actor, subscription_id)
        d = deliveries.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(deliveries)
                .where(d.subscription_id == subscription_id, d.delivery_id > after)
                .order_by(d.delivery_id)
                .limit(limit)
            ).all()
        out = []
        for r in rows:
            m = r._mapping
            next_at = m["next_attempt_at"]
            out.append(
                {
                    "delivery_id": int(m["delivery_id"]),
                    "webhook_id": m["event_id"],
                    "sequence": int(m["sequence"]),  # a batch's: its first event's
                    "event_count": m["event_count"] or 1,
                    "attempt": m["attempt"],
                    "attempted_at": m["attempted_at"].isoformat(),
                    "status_code": m["status_code"],
                    "outcome": m["outcome"],
                    "error": m["error"],
                    "duration_ms": m["duration_ms"],
                    "next_attempt_at": next_at.isoformat() if next_at else None,
                }
            )
        return out, (out[-1]["delivery_id"] if out else after)

    # -- for the deliverer -------------------------------------------------------------------

    def matcher(self, subscription_id: str) -> FeedFilter:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    subscriptions.c.owner, subscriptions.c.filter, subscriptions.c.watch_count
                ).where(subscriptions.c.subscription_id == subscription_id)
            ).one()
            watch: list[str] | None = None
            if row.watch_count:
                watch = list(
                    conn.execute(
                        select(subscription_subjects.c.subject_id).where(
                            subscription_subjects.c.subscription_id == subscription_id
                        )
                    ).scalars()
                )
        f = row.filter
        return FeedFilter.of(watch, f.get("lists"), f.get("sectors"), f.get("types"), row.owner)

    def signing_secrets(self, row: Any, now: datetime) -> list[str]:
        """The current secret, and the previous one while its grace period lasts."""
        out = [self.box.open(row.secret, row.subscription_id)]
        until = row.previous_secret_until
        if row.previous_secret and until is not None and until > now:
            out.append(self.box.open(row.previous_secret, row.subscription_id))
        return out

    # -- helpers -----------------------------------------------------------------------------

    def _watchlist(self, refs: list[str], errors: list[tuple[str, str]]) -> set[str]:
        if len(refs) > MAX_WATCHLIST:
            errors.append(("filter.subjects", f"at most {MAX_WATCHLIST} subject ids"))
            return set()
        out: set[str] = set()
        for i, ref in enumerate(refs):
            try:
                out.add(watch_id(ref))
            except DomainError:
                # the value is not echoed: it might be a person's ID number sent by mistake
                errors.append((f"filter.subjects[{i}]", "not a USCC or a subject_id"))
        return out

    def _set(self, subscription_id: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(subscriptions)
                .where(subscriptions.c.subscription_id == subscription_id)
                .values(**values)
            )
