"""Natural persons' personal fields: sealed with a per-subject data key, erased by destroying it.

Each subject key is wrapped by the master key in `subject_keys`; destroying it (crypto-shredding)
leaves every event and chain link in place while the sealed fields become unreadable. Unwrapped
keys are cached for `CACHE_SECONDS`: another process stops reading an erased subject within that
time (this process at once).
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.core.db import read_connection
from adapters.core.keyring import master_key_id, unwrap, wrap
from adapters.core.tables import pii_access_log, subject_keys
from application.ports import Actor
from domain.input_rules import scrub

PREFIX = "pii1:"
CACHE_SECONDS = 30.0


class SubjectKeys:
    """The key service behind application.ports.PersonalData."""

    def __init__(self, engine: Engine, master_b64: str, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.master = base64.b64decode(master_b64)
        self.master_id = master_key_id(self.master)
        self.now = now
        self._cache: dict[str, tuple[float, bytes | None]] = {}
        self._lock = threading.Lock()

    def seal(self, subject_id: str, value: str) -> str:
        key = self._key(subject_id, create=True)
        if key is None:
            raise PermissionError("this subject's personal data was erased")
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, value.encode(), subject_id.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def reveal(self, subject_id: str, token: str, conn: Connection | None = None) -> str | None:
        """`conn`: read the key on the caller's connection (a projection inside its page's
        write transaction: on SQLite a read on another connection would wait for that writer)."""
        if not token.startswith(PREFIX):
            return token  # not sealed (not personal data)
        key = self._key(subject_id, create=False, conn=conn)
        if key is None:
            return None
        blob = base64.b64decode(token[len(PREFIX) :])
        try:
            plain = AESGCM(key).decrypt(blob[:12], blob[12:], subject_id.encode()).decode()
            return scrub(plain)  # sealed before the input policy: no NUL reaches a view
        except InvalidTag:
            return None

    def erase(self, subject_id: str) -> bool:
        t = subject_keys.c
        now = self.now()  # before the write: the manual clock reads the database itself
        with self.engine.begin() as conn:
            done = conn.execute(
                update(subject_keys)
                .where(t.subject_id == subject_id, t.shredded_at.is_(None))
                .values(wrapped_key=None, master_key_id=None, shredded_at=now)
            ).rowcount
        with self._lock:
            self._cache[subject_id] = (time.monotonic() + CACHE_SECONDS, None)
        return bool(done)

    def _key(
        self, subject_id: str, *, create: bool, conn: Connection | None = None
    ) -> bytes | None:
        with self._lock:
            cached = self._cache.get(subject_id)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        t = subject_keys.c
        label = "subject:" + subject_id
        query = select(t.wrapped_key, t.shredded_at).where(t.subject_id == subject_id)
        if conn is not None:
            row = conn.execute(query).first()
        else:
            with read_connection(self.engine) as own:
                row = own.execute(query).first()
        if row is None and create:
            now = self.now()
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(subject_keys).values(
                            subject_id=subject_id,
                            wrapped_key=wrap(self.master, os.urandom(32), label),
                            key_version=1,
                            master_key_id=self.master_id,
                            created_at=now,
                        )
                    )
            except IntegrityError:
                pass  # created concurrently
            return self._key(subject_id, create=False)
        key = None
        if row is not None and row.wrapped_key is not None:
            key = unwrap(self.master, bytes(row.wrapped_key), label)
        with self._lock:
            self._cache[subject_id] = (time.monotonic() + CACHE_SECONDS, key)
        return key


class AccessLog:
    """Who read a natural person's personal fields in full, when, and for what purpose."""

    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine = engine
        self.now = now

    def record(self, actor: Actor, subject_id: str, purpose: str, fields: list[str]) -> None:
        now = self.now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(pii_access_log).values(
                    at=now,
                    actor_role=actor.role,
                    actor_org=actor.org,
                    actor_key_id=actor.key_id,
                    subject_id=subject_id,
                    purpose=purpose[:64],
                    fields=fields,
                )
            )

    def entries(self, subject_id: str) -> list[dict[str, object]]:
        t = pii_access_log.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.at, t.actor_role, t.actor_org, t.purpose, t.fields)
                .where(t.subject_id == subject_id)
                .order_by(t.id)
            ).all()
        return [dict(r._mapping) for r in rows]
