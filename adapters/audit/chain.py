"""Tamper evidence: the hash chain over the stored event rows, signed checkpoints, verification.

The chain follower reads the raw rows of the events table (not the decoded events) in log order
and commits each page of links together with its tracking position (a compare-and-set), so every
row is linked exactly once. Checkpoints sign the head link at a position with the service's
Ed25519 key. `verify` recomputes the whole chain from the stored rows.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Engine, Table, func, insert, select

from adapters.audit import proof
from adapters.audit.tables import chain_links, checkpoints, signing_keys
from adapters.core.db import read_connection
from adapters.core.persistence import event_tables
from adapters.core.runner import advance_tracking
from adapters.core.tables import projection_tracking

log = logging.getLogger(__name__)

TRACKING_NAME = "chain"


def _uuid_bytes(value: Any) -> bytes:
    """SQLite keeps a Uuid column as 32 hex characters (str or bytes, by driver path)."""
    if isinstance(value, bytes | memoryview):
        value = bytes(value)
        return value if len(value) == 16 else bytes.fromhex(value.decode())
    return uuid.UUID(str(value)).bytes


class _MovedError(RuntimeError):
    pass


class Signer:
    """The service's Ed25519 key (CREDIT_SIGNING_KEY)."""

    def __init__(self, seed: bytes) -> None:
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        raw = self._private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key_b64 = base64.b64encode(raw).decode()
        self.key_id = proof.key_id_of(raw)

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self._private.sign(message)).decode()


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    head: str
    position: int
    broken_at: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": self.ok,
            "checked": self.checked,
            "head": self.head,
            "position": self.position,
        }
        if not self.ok:
            out["broken_at"] = self.broken_at
            out["problem"] = self.problem
        return out


def _checkpoint_dict(row: Any) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "position": int(row.position),
        "head": row.head,
        "signed_at": row.signed_at,
        "key_id": row.key_id,
        "signature": row.signature,
    }


class Chain:
    def __init__(
        self,
        engine: Engine,
        signer: Signer,
        now: Callable[[], datetime],
        *,
        page_size: int = 2000,
        every_events: int = 1000,
        every_seconds: int = 3600,
    ) -> None:
        self.engine = engine
        self.signer = signer
        self.now = now
        self.page_size = page_size
        self.every_events = every_events
        self.every_seconds = every_seconds
        self.events: Table = event_tables("CreditFiles")[0]

    # -- the follower (a worker task) --------------------------------------------------------

    def __call__(self) -> int:
        """Worker task: link one page of new rows, then checkpoint when one is due."""
        done = self.follow()
        if self.checkpoint_if_due():
            done += 1
        return done

    def position(self, conn: Connection | None = None) -> int:
        t = projection_tracking
        query = select(t.c.position).where(t.c.view == TRACKING_NAME)
        if conn is not None:
            return int(conn.execute(query).scalar() or 0)
        with read_connection(self.engine) as c:
            return int(c.execute(query).scalar() or 0)

    def follow(self) -> int:
        try:
            return self._follow()
        except _MovedError:
            log.warning("the chain moved under us: another worker linked this page")
            return 0

    def _follow(self) -> int:
        e = self.events.c
        with self.engine.begin() as conn:
            start = self.position(conn)
            rows = conn.execute(
                select(e.id, e.originator_id, e.originator_version, e.topic, e.state)
                .where(e.id > start)
                .order_by(e.id)
                .limit(self.page_size)
            ).all()
            if not rows:
                return 0
            link = self._link_at(conn, start)
            out = []
            for position, oid, version, topic, state in rows:
                stored = proof.event_bytes(oid, version, topic, bytes(state))
                link = proof.next_link(link, stored)
                out.append(
                    {
                        "position": position,
                        "link": link.hex(),
                        "event_digest": hashlib.sha256(stored).hexdigest(),
                    }
                )
            if not advance_tracking(conn, TRACKING_NAME, start, rows[-1][0]):
                raise _MovedError
            conn.execute(insert(chain_links), out)
        return len(rows)

    def _link_at(self, conn: Connection, position: int) -> bytes:
        if position == 0:
            return proof.GENESIS
        value = conn.execute(
            select(chain_links.c.link).where(chain_links.c.position == position)
        ).scalar()
        if value is None:
            raise RuntimeError(f"chain link {position} is missing")
        return bytes.fromhex(value)

    # -- checkpoints -------------------------------------------------------------------------

    def latest_checkpoint(self) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(checkpoints.select().order_by(checkpoints.c.seq.desc())).first()
        return _checkpoint_dict(row) if row else None

    def list_checkpoints(self, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                checkpoints.select()
                .where(checkpoints.c.seq > after)
                .order_by(checkpoints.c.seq)
                .limit(limit)
            ).all()
        return [_checkpoint_dict(r) for r in rows]

    def checkpoint_if_due(self) -> dict[str, Any] | None:
        head = self.position()
        last = self.latest_checkpoint()
        if head == 0 or (last is not None and last["position"] >= head):
            return None
        if last is not None:
            signed = datetime.fromisoformat(last["signed_at"])
            age = (self.now() - signed).total_seconds()
            if head - last["position"] < self.every_events and age < self.every_seconds:
                return None
        return self.checkpoint()

    def checkpoint(self) -> dict[str, Any] | None:
        """Sign the current head; None when the chain is empty or already checkpointed there."""
        self.register_key()
        now = self.now()  # before the write: the manual clock reads the database itself
        with self.engine.begin() as conn:
            position = self.position(conn)
            last = conn.execute(checkpoints.select().order_by(checkpoints.c.seq.desc())).first()
            if position == 0 or (last is not None and int(last.position) >= position):
                return None
            cp = {
                "seq": (last.seq if last else 0) + 1,
                "position": position,
                "head": self._link_at(conn, position).hex(),
                "signed_at": now.isoformat(),
                "key_id": self.signer.key_id,
            }
            cp["signature"] = self.signer.sign(proof.checkpoint_message(cp))
            conn.execute(insert(checkpoints).values(**cp))
        return cp

    def register_key(self) -> None:
        now = self.now()
        with self.engine.begin() as conn:
            known = conn.execute(
                select(signing_keys.c.key_id).where(signing_keys.c.key_id == self.signer.key_id)
            ).first()
            if known is None:
                conn.execute(
                    insert(signing_keys).values(
                        key_id=self.signer.key_id,
                        public_key=self.signer.public_key_b64,
                        created_at=now,
                    )
                )

    def public_keys(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(signing_keys.select().order_by(signing_keys.c.created_at)).all()
        keys = {
            r.key_id: {"key_id": r.key_id, "public_key": r.public_key, "current": False}
            for r in rows
        }
        keys[self.signer.key_id] = {
            "key_id": self.signer.key_id,
            "public_key": self.signer.public_key_b64,
            "current": True,
        }
        return [{"alg": "Ed25519", **k} for k in keys.values()]

    # -- verification ------------------------------------------------------------------------

    def verify(self, progress: Callable[[int], None] | None = None) -> Verification:
        """Recompute every link from the stored rows; the first mismatch is the broken position.

        Also: a link whose row has vanished, and every checkpoint's head and signature.
        """
        e = self.events.c
        c = chain_links.c
        with self.engine.connect() as conn:
            head_position = self.position(conn)
            orphan = conn.execute(
                select(func.min(c.position))
                .select_from(chain_links.outerjoin(self.events, e.id == c.position))
                .where(e.id.is_(None))
            ).scalar()
            heads = {
                int(r.position): r for r in conn.execute(checkpoints.select()).all()
            }  # position → checkpoint row
            keys = {
                k: v
                for k, v in conn.execute(select(signing_keys.c.key_id, signing_keys.c.public_key))
            }
            link = proof.GENESIS
            checked = 0
            sha256 = hashlib.sha256
            for position, oid, version, topic, state, stored_link in self._raw_rows(
                conn, head_position
            ):
                if orphan is not None and position > orphan:
                    return self._broken(checked, link, orphan, "the event row is missing")
                # inline proof.event_bytes + proof.next_link: this loop is the verify figure
                t = topic.encode()
                link = sha256(
                    b"".join(
                        (link, oid, version.to_bytes(8, "big"), len(t).to_bytes(4, "big"), t, state)
                    )
                ).digest()
                if stored_link is None:
                    return self._broken(checked, link, position, "no chain link for this row")
                if link.hex() != stored_link:
                    return self._broken(checked, link, position, "the stored event was altered")
                checked += 1
                cp = heads.get(position)
                if cp is not None and not self._checkpoint_holds(cp, link, keys):
                    return self._broken(
                        checked, link, position, f"checkpoint {cp.seq} does not match or verify"
                    )
                if progress and checked % 100_000 == 0:
                    progress(100_000)
        if orphan is not None:
            return self._broken(checked, link, orphan, "the event row is missing")
        return Verification(True, checked, link.hex(), head_position)

    def _raw_rows(self, conn: Connection, head: int) -> Iterator[tuple[Any, ...]]:
        """(position, originator_id as 16 bytes, version, topic, state, stored link) in log order,
        streamed by the driver itself (a server-side cursor on PostgreSQL): no ORM cost per row."""
        postgres = conn.dialect.name == "postgresql"
        oid = "uuid_send(e.originator_id)" if postgres else "e.originator_id"
        sql = (
            f"SELECT e.id, {oid}, e.originator_version, e.topic, e.state, c.link "
            f"FROM {self.events.name} e LEFT JOIN chain_links c ON c.position = e.id "
            "WHERE e.id <= %s ORDER BY e.id"
        )
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        if postgres:
            cursor = dbapi.cursor(name=f"verify_{id(self):x}")
            cursor.itersize = 20_000
            cursor.execute(sql, (head,))
        else:
            cursor = dbapi.cursor()
            cursor.execute(sql.replace("%s", "?"), (head,))
        try:
            while batch := cursor.fetchmany(20_000):
                for position, oid_value, version, topic, state, link in batch:
                    raw_oid = bytes(oid_value) if postgres else _uuid_bytes(oid_value)
                    yield position, raw_oid, version, topic, bytes(state), link
        finally:
            cursor.close()

    def _checkpoint_holds(self, cp: Any, link: bytes, keys: dict[str, str]) -> bool:
        key = keys.get(cp.key_id)
        return (
            key is not None
            and cp.head == link.hex()
            and proof.checkpoint_ok(_checkpoint_dict(cp), key)
        )

    @staticmethod
    def _broken(checked: int, link: bytes, position: int, problem: str) -> Verification:
        return Verification(
            False, checked, link.hex(), position, broken_at=position, problem=problem
        )
