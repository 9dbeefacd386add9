"""Portal sessions kept on the server (`portal_sessions`, migration 0140).

The cookie holds only a random session id; the row (stored under the id's SHA-256) names the key
the subject logged in with. A session ends everywhere at logout (the row goes), when its key is
revoked (it is read together with the key), after IDLE seconds without a request, and at the
latest MAX seconds after login.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from adapters.guard_tables import portal_sessions
from adapters.tables import api_keys
from application.ports import Actor
from domain.time import stored_instant

TOUCH_SECONDS = 60.0  # last_seen_at is written at most this often per session


@dataclass(frozen=True)
class PortalSession:
    session_id: str
    csrf: str
    actor: Actor
    expires_at: datetime


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    return stored_instant(value)


class PortalSessions:
    def __init__(self, engine: Engine, idle_seconds: float, max_seconds: float) -> None:
        self.engine = engine
        self.idle = timedelta(seconds=idle_seconds)
        self.max = timedelta(seconds=max_seconds)

    def start(self, actor: Actor) -> PortalSession:
        assert actor.key_id and actor.subject_id
        now = datetime.now(UTC)
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24)
        t = portal_sessions.c
        with self.engine.begin() as conn:
            conn.execute(delete(portal_sessions).where(t.expires_at < now))  # the expired go
            conn.execute(
                insert(portal_sessions).values(
                    session_hash=_hash(session_id),
                    key_id=actor.key_id,
                    subject_id=actor.subject_id,
                    csrf=csrf,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + self.max,
                )
            )
        return PortalSession(session_id, csrf, actor, now + self.max)

    def find(self, session_id: str) -> PortalSession | None:
        """The live session of this id (its key not revoked, not idle too long), touched."""
        now = datetime.now(UTC)
        t, k = portal_sessions.c, api_keys.c
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.csrf, t.last_seen_at, t.expires_at, k.key_id, k.role, k.org)
                .add_columns(k.org_code, k.subject_id)
                .join_from(portal_sessions, api_keys, t.key_id == k.key_id)
                .where(t.session_hash == _hash(session_id), k.revoked_at.is_(None))
            ).first()
        if row is None:
            return None
        seen = _aware(row.last_seen_at)
        if _aware(row.expires_at) <= now or seen + self.idle <= now:
            self.end(session_id)
            return None
        if (now - seen).total_seconds() > TOUCH_SECONDS:
            with self.engine.begin() as conn:
                conn.execute(
                    update(portal_sessions)
                    .where(t.session_hash == _hash(session_id))
                    .values(last_seen_at=now)
                )
        actor = Actor(row.role, row.org, row.org_code, row.subject_id, row.key_id)
        return PortalSession(session_id, row.csrf, actor, _aware(row.expires_at))

    def end(self, session_id: str) -> None:
        t = portal_sessions.c
        with self.engine.begin() as conn:
            conn.execute(delete(portal_sessions).where(t.session_hash == _hash(session_id)))

    def end_for_key(self, key_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(portal_sessions).where(portal_sessions.c.key_id == key_id))
