"""API keys: `ce_<key_id>_<secret>`, stored as the SHA-256 of the secret with role and scope."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update

from adapters.tables import api_keys
from application.ports import ROLES, Actor

CACHE_SECONDS = 30.0  # a revoked key stops working within this long


class KeyError_(ValueError):
    pass


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class KeyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[str, tuple[float, str, Actor]] = {}
        self._lock = threading.Lock()

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
        return f"ce_{key_id}_{secret}"

    def revoke(self, key_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id)
                .values(revoked_at=datetime.now(UTC))
            )
        with self._lock:
            self._cache.pop(key_id, None)

    def authenticate(self, token: str) -> Actor | None:
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "ce":
            return None
        key_id, secret = parts[1], parts[2]
        digest = _digest(secret)
        with self._lock:
            cached = self._cache.get(key_id)
        if cached and cached[0] > time.monotonic():
            return cached[2] if hmac.compare_digest(cached[1], digest) else None
        t = api_keys.c
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.secret_hash, t.role, t.org, t.org_code, t.subject_id).where(
                    t.key_id == key_id, t.revoked_at.is_(None)
                )
            ).first()
        if row is None:
            return None
        actor = Actor(row.role, row.org, row.org_code, row.subject_id, key_id)
        with self._lock:
            self._cache[key_id] = (time.monotonic() + CACHE_SECONDS, row.secret_hash, actor)
        return actor if hmac.compare_digest(row.secret_hash, digest) else None
