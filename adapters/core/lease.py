"""One worker per deployment: a PostgreSQL advisory lock, or a file lock beside a SQLite file.

Both die with the process that holds them (a SIGKILLed worker frees the lease at once).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class WorkerLease:
    def __init__(self, engine: Engine, name: str = "credit-energy-worker") -> None:
        self.engine = engine
        self.name = name
        self._conn: Any = None
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None or self._fd is not None

    def try_acquire(self) -> bool:
        if self.held:
            return True
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _lock_key(self.name)})
            if got.scalar():
                self._conn = conn
                return True
            conn.close()
            return False
        path = self._lock_path()
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(
                    text("SELECT pg_advisory_unlock(:k)"), {"k": _lock_key(self.name)}
                )
            finally:
                self._conn.close()
                self._conn = None
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def _lock_path(self) -> str:
        database = make_url(str(self.engine.url)).database or "credit.db"
        return f"{database}.{self.name}.lock"


def held_anywhere(engine: Engine, names: list[str]) -> dict[str, bool]:
    """Whether some process (this one or any other) holds each named lease."""
    return {name: holder is not None for name, holder in holders(engine, names).items()}


def holders(engine: Engine, names: list[str]) -> dict[str, str | None]:
    """Who holds each named lease (None: nobody). On PostgreSQL from pg_locks: the holder's
    client address (`local` over a Unix socket); on SQLite by probing the lock file with a shared
    lock, which a held lease refuses (`this host`; the probe holds it for an instant, and a
    standby trying just then retries a second later)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT l.classid::bigint, l.objid::bigint,"
                    " coalesce(host(a.client_addr), 'local')"
                    " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                    " AND l.database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                )
            ).all()
        taken = {(c << 32) | o: str(who) for c, o, who in rows}
        return {n: taken.get(_lock_key(n) & (2**64 - 1)) for n in names}
    return {
        n: "this host" if _file_lock_held(WorkerLease(engine, n)._lock_path()) else None
        for n in names
    }


def _file_lock_held(path: str) -> bool:
    if not os.path.exists(path):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
