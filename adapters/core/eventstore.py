"""The eventsourcing persistence module, wired to this process's one engine.

`PERSISTENCE_MODULE` names `CreditFactory`; the engine travels by a registry key because the
library's environment carries strings only. Appends use one multi-row INSERT … RETURNING instead
of the ORM's per-row flush, which is what makes batched imports fast.
"""

from __future__ import annotations

import io
import struct
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg2
from eventsourcing.persistence import (
    Notification,
    StoredEvent,
)
from eventsourcing_sqlalchemy.recorders import (
    SQLAlchemyAggregateRecorder,
    SQLAlchemyApplicationRecorder,
)
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    Table,
    any_,
    bindparam,
    case,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

APPEND_LOCK = 0x43455F6576656E74  # advisory lock key of appends to the events table
COPY_FROM = 64  # events in one append from which PostgreSQL gets them by COPY
COPY_BUFFER = 1 << 20


_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
_COPY_ROW = struct.Struct("!hi16siqi")  # 4 fields; uuid; bigint; the topic's length
_COPY_LENGTH = struct.Struct("!i")


def _copy_data(stored_events: Sequence[StoredEvent]) -> bytes:
    """PostgreSQL's binary COPY format of (originator_id, originator_version, topic, state)."""
    pack_row, pack_length = _COPY_ROW.pack, _COPY_LENGTH.pack
    parts = [_COPY_HEADER]
    for e in stored_events:
        oid = e.originator_id
        topic = e.topic.encode()
        uid = oid.bytes if isinstance(oid, uuid.UUID) else uuid.UUID(oid).bytes
        parts += (
            pack_row(4, 16, uid, 8, e.originator_version, len(topic)),
            topic,
            pack_length(len(e.state)),
            e.state,
        )
    parts.append(b"\xff\xff")
    return b"".join(parts)


def _stored(rows: Iterable[Any]) -> list[StoredEvent]:
    return [StoredEvent(oid, version, topic, bytes(state)) for oid, version, topic, state in rows]


class CoreReads(SQLAlchemyAggregateRecorder):
    """Reads through SQLAlchemy Core on one pooled connection: the ORM's per-row objects and
    session bookkeeping cost more than decoding the events they carry."""

    @property
    def table(self) -> Table:
        return self.events_record_cls.__table__  # type: ignore[no-any-return]

    @property
    def engine(self) -> Engine:
        assert self.datastore.engine is not None
        return self.datastore.engine

    def _among(self, t: Table, ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
        """`originator_id IN ids`; on PostgreSQL `= ANY(array)`: one bound array, not one
        parameter an id for SQLAlchemy to render and bind (bulk reads ask for 500 ids)."""
        if self.engine.dialect.name == "postgresql":
            return t.c.originator_id == any_(
                bindparam(None, [str(i) for i in ids], type_=postgresql.ARRAY(postgresql.UUID()))
            )
        return t.c.originator_id.in_(list(ids))

    def _columns(self, t: Table) -> Select[Any]:
        return select(t.c.originator_id, t.c.originator_version, t.c.topic, t.c.state)

    def select_events(
        self,
        originator_id: uuid.UUID | str,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        t = self.table
        version = t.c.originator_version
        stmt = self._columns(t).where(t.c.originator_id == originator_id)
        if gt is not None:
            stmt = stmt.where(version > gt)
        if lte is not None:
            stmt = stmt.where(version <= lte)
        stmt = stmt.order_by(version.desc() if desc else version)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return _stored(conn.execute(stmt))


class SnapshotRecorder(CoreReads):
    pass


class CreditRecorder(CoreReads, SQLAlchemyApplicationRecorder):
    snapshots: Table | None = None  # set by CreditFactory
    _id_sequence: str | None = None  # the events table's id sequence, once looked up

    def select_latest(
        self, originator_id: uuid.UUID
    ) -> tuple[StoredEvent | None, list[StoredEvent]]:
        """The newest snapshot of a stream and the events after it, on one connection."""
        t = self.table
        snapshot: StoredEvent | None = None
        with self.engine.connect() as conn:
            if self.snapshots is not None:
                s = self.snapshots
                found = _stored(
                    conn.execute(
                        self._columns(s)
                        .where(s.c.originator_id == originator_id)
                        .order_by(s.c.originator_version.desc())
                        .limit(1)
                    )
                )
                snapshot = found[0] if found else None
            after = snapshot.originator_version if snapshot else 0
            events = _stored(
                conn.execute(
                    self._columns(t)
                    .where(t.c.originator_id == originator_id, t.c.originator_version > after)
                    .order_by(t.c.originator_version)
                )
            )
        return snapshot, events

    def select_latest_many(
        self, originator_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, tuple[StoredEvent | None, list[StoredEvent]]]:
        """`select_latest` of many streams in two queries (bulk loads: imports, sweeps)."""
        out: dict[uuid.UUID, tuple[StoredEvent | None, list[StoredEvent]]] = {}
        if not originator_ids:
            return out
        ids = list(originator_ids)
        t = self.table
        snapshots: dict[uuid.UUID, StoredEvent] = {}
        query = self._columns(t).where(self._among(t, ids))
        with self.engine.connect() as conn:
            if self.snapshots is not None:
                s = self.snapshots
                newest = (
                    select(s.c.originator_id, func.max(s.c.originator_version).label("v"))
                    .where(self._among(s, ids))
                    .group_by(s.c.originator_id)
                    .subquery()
                )
                for row in _stored(
                    conn.execute(
                        self._columns(s).join_from(
                            s,
                            newest,
                            (s.c.originator_id == newest.c.originator_id)
                            & (s.c.originator_version == newest.c.v),
                        )
                    )
                ):
                    snapshots[row.originator_id] = row
                if snapshots:
                    # after the very snapshots read: a subquery here would see a snapshot taken
                    # since the read above and skip the events between the two
                    # (compared with the column, so that each id is bound as its type)
                    after = [
                        (t.c.originator_id == oid, snap.originator_version)
                        for oid, snap in snapshots.items()
                    ]
                    query = query.where(t.c.originator_version > case(*after, else_=0))
            rows = conn.execute(query.order_by(t.c.originator_id, t.c.originator_version))
            events: dict[uuid.UUID, list[StoredEvent]] = {}
            for e in _stored(rows):
                events.setdefault(e.originator_id, []).append(e)
        for oid in ids:
            if oid in snapshots or oid in events:
                out[oid] = (snapshots.get(oid), events.get(oid, []))
        return out

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        t = self.table
        stmt = select(t.c.id, t.c.originator_id, t.c.originator_version, t.c.topic, t.c.state)
        if start is not None:
            stmt = stmt.where(t.c.id >= start if inclusive_of_start else t.c.id > start)
        if stop is not None:
            stmt = stmt.where(t.c.id <= stop)
        if topics:
            stmt = stmt.where(t.c.topic.in_(topics))
        stmt = stmt.order_by(t.c.id).limit(limit)
        with self.engine.connect() as conn:
            result = conn.execute(stmt)
            # PostgreSQL: the driver's tuples as they are (psycopg2 already made the ids UUIDs);
            # building a Row of each cost more than decoding the page's events
            rows = result.cursor.fetchall() if conn.dialect.name == "postgresql" else result
            return [
                Notification(
                    id=nid,
                    originator_id=oid,
                    originator_version=version,
                    topic=topic,
                    state=bytes(state),
                )
                for nid, oid, version, topic, state in rows
            ]

    def max_notification_id(self) -> int | None:
        with self.engine.connect() as conn:
            value = conn.execute(select(func.max(self.table.c.id))).scalar()
        return int(value) if value is not None else None

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
        self._lock_table(session)
        dialect = session.get_bind().dialect
        if dialect.name == "postgresql":
            if (
                len(stored_events) >= COPY_FROM
                and dialect.driver == "psycopg2"
                and self._sequence(session) is not None
            ):
                return self._copy_in(session, stored_events)
            return self._insert_arrays(session, stored_events)
        rows = [
            {
                "originator_id": e.originator_id,
                "originator_version": e.originator_version,
                "topic": e.topic,
                "state": e.state,
            }
            for e in stored_events
        ]
        stmt = insert(self.table).returning(self.table.c.id, sort_by_parameter_order=True)
        return [row[0] for row in session.execute(stmt, rows)]

    def _insert_arrays(self, session: Session, stored_events: Sequence[StoredEvent]) -> list[int]:
        """PostgreSQL: one INSERT … SELECT FROM unnest(arrays) for the whole batch, four bound
        arrays rather than four parameters a row through SQLAlchemy's per-row bind processing.
        Rows go in in array order (ORDER BY ordinality) under the append lock, so the sequence
        hands out ascending ids in that order."""
        stmt = text(
            f"INSERT INTO {self.table.name} (originator_id, originator_version, topic, state) "
            "SELECT i, v, t, s FROM unnest(CAST(:ids AS uuid[]), CAST(:versions AS bigint[]), "
            "CAST(:topics AS text[]), CAST(:states AS bytea[])) "
            "WITH ORDINALITY AS r(i, v, t, s, n) ORDER BY n RETURNING id"
        )
        result = session.execute(
            stmt,
            {
                "ids": [str(e.originator_id) for e in stored_events],
                "versions": [e.originator_version for e in stored_events],
                "topics": [e.topic for e in stored_events],
                "states": [e.state for e in stored_events],
            },
        )
        return sorted(row[0] for row in result)

    def _copy_in(self, session: Session, stored_events: Sequence[StoredEvent]) -> list[int]:
        """PostgreSQL, large appends (batch imports): one binary COPY, so the server parses no
        SQL text of the rows (bound arrays of states went as hex text, and parsing them cost
        the server more than storing the rows).

        COPY returns no ids; they are read off the sequence. Every append holds the append lock
        (`_lock_table`), so the ids the sequence hands out while it is held are this append's,
        in row order: the last is `currval`, the first `currval - n + 1`. That is checked, not
        assumed: the sequence must have moved by exactly n; else the ids are selected."""
        seq = self._sequence(session)
        assert seq is not None
        raw = session.connection().connection.driver_connection
        assert raw is not None
        sql = (
            f"COPY {self.table.name} (originator_id, originator_version, topic, state) "
            "FROM STDIN WITH (FORMAT binary)"
        )
        try:
            with raw.cursor() as cur:
                cur.execute(f"SELECT last_value, is_called FROM {seq}")
                last_value, is_called = cur.fetchone()
                before = last_value if is_called else last_value - 1
                cur.copy_expert(sql, io.BytesIO(_copy_data(stored_events)), size=COPY_BUFFER)
                cur.execute("SELECT currval(%s)", (seq,))
                last = cur.fetchone()[0]
        except psycopg2.Error as e:
            raise DBAPIError.instance(sql, None, e, psycopg2.Error) from e
        n = len(stored_events)
        if last - before == n:
            return list(range(last - n + 1, last + 1))
        return self._select_ids(session, stored_events)

    def _sequence(self, session: Session) -> str | None:
        """The events table's id sequence (None: the ids come from elsewhere, no COPY)."""
        if self._id_sequence is None:
            name = session.execute(
                text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": self.table.name}
            ).scalar()
            self._id_sequence = name if isinstance(name, str) else ""
        return self._id_sequence or None

    def _select_ids(self, session: Session, stored_events: Sequence[StoredEvent]) -> list[int]:
        """The ids of rows this transaction has just inserted, by their stream and version."""
        stmt = text(
            f"SELECT e.id FROM {self.table.name} e JOIN unnest(CAST(:ids AS uuid[]), "
            "CAST(:versions AS bigint[])) AS r(i, v) "
            "ON e.originator_id = r.i AND e.originator_version = r.v"
        )
        rows = session.execute(
            stmt,
            {
                "ids": [str(e.originator_id) for e in stored_events],
                "versions": [e.originator_version for e in stored_events],
            },
        )
        return sorted(row[0] for row in rows)

    def _lock_table(self, session: Session) -> None:
        """Serialise appends so that ids commit in order. On PostgreSQL a transaction-scoped
        advisory lock rather than LOCK TABLE, which would need UPDATE or DELETE privilege on the
        events table, and the service's role has neither (migration 0107)."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": APPEND_LOCK})

    def _notify_channel(self, session: Session) -> None:
        """Workers poll; no NOTIFY is needed."""

    def select_positions(self, originator_id: uuid.UUID) -> dict[int, int]:
        """version → notification id (the log position) of one stream."""
        t = self.table
        with self.transaction(commit=False) as session:
            rows = session.execute(
                select(t.c.originator_version, t.c.id).where(t.c.originator_id == originator_id)
            )
            return {version: position for version, position in rows}

    def select_stream(
        self, originator_id: uuid.UUID, max_position: int | None = None, after_version: int = 0
    ) -> list[tuple[int, int, str, bytes]]:
        """(position, version, topic, state) of one stream's events in version order, in one
        query; with `max_position`, only the events the log held at that position (the as-of
        replays); with `after_version`, only the versions after it (the rest of a history already
        read). Plain tuples: a StoredEvent each costs a third as much again as the fetch."""
        t = self.table
        query = select(t.c.id, t.c.originator_version, t.c.topic, t.c.state).where(
            t.c.originator_id == originator_id
        )
        if max_position is not None:
            query = query.where(t.c.id <= max_position)
        if after_version:
            query = query.where(t.c.originator_version > after_version)
        # Core on a pooled connection, as the other reads: a session's set-up and teardown
        # cost as much as fetching a thousand events
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(t.c.originator_version))
            return [
                (position, version, topic, bytes(state)) for position, version, topic, state in rows
            ]

    def select_streams(
        self, originator_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[StoredEvent]]:
        """Every event of many streams (that have no snapshots) in one query."""
        if not originator_ids:
            return {}
        with self.engine.connect() as conn:
            return self._streams(conn, originator_ids)

    def select_heads(self, originator_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, int]]:
        """Of each stream among `originator_ids`: its first event's topic and its version."""
        if not originator_ids:
            return {}
        with self.engine.connect() as conn:
            return self._heads(conn, originator_ids)

    def select_heads_and_streams(
        self,
        head_ids: Sequence[uuid.UUID],
        stream_ids: Sequence[uuid.UUID],
        version_ids: Sequence[uuid.UUID] = (),
    ) -> tuple[
        dict[uuid.UUID, tuple[str, int]],
        dict[uuid.UUID, list[StoredEvent]],
        dict[uuid.UUID, int],
    ]:
        """`select_heads(head_ids)`, `select_streams(stream_ids)` and the versions of the
        streams `version_ids` (those without events absent), on one connection: a batch chunk
        reads its files' heads and its record ids' claims together."""
        with self.engine.connect() as conn:
            heads = self._heads(conn, head_ids) if head_ids else {}
            streams = self._streams(conn, stream_ids) if stream_ids else {}
            versions = self._versions(conn, version_ids) if version_ids else {}
        return heads, streams, versions

    def _versions(
        self, conn: Connection, originator_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, int]:
        t = self.table
        if conn.dialect.name != "postgresql":
            stmt = (
                select(t.c.originator_id, func.max(t.c.originator_version))
                .where(self._among(t, originator_ids))
                .group_by(t.c.originator_id)
            )
            return {oid: int(v) for oid, v in conn.execute(stmt)}
        # one backward probe of the (originator_id, originator_version) index per stream
        stmt = text(
            f"SELECT i, (SELECT max(originator_version) FROM {t.name} WHERE originator_id = i) "
            "FROM unnest(CAST(:ids AS uuid[])) AS i"
        )
        rows = conn.execute(stmt, {"ids": [str(i) for i in originator_ids]})
        return {
            oid if isinstance(oid, uuid.UUID) else uuid.UUID(oid): int(v)
            for oid, v in rows
            if v is not None
        }

    def _streams(
        self, conn: Connection, originator_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[StoredEvent]]:
        t = self.table
        out: dict[uuid.UUID, list[StoredEvent]] = {}
        stmt = (
            self._columns(t)
            .where(self._among(t, originator_ids))
            .order_by(t.c.originator_id, t.c.originator_version)
        )
        for e in _stored(conn.execute(stmt)):
            out.setdefault(e.originator_id, []).append(e)
        return out

    def _heads(
        self, conn: Connection, originator_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, tuple[str, int]]:
        t = self.table
        newer = t.alias("newer")
        version = (
            select(func.max(newer.c.originator_version))
            .where(newer.c.originator_id == t.c.originator_id)
            .scalar_subquery()
        )
        stmt = select(t.c.originator_id, t.c.topic, version).where(
            self._among(t, originator_ids), t.c.originator_version == 1
        )
        return {oid: (topic, int(v)) for oid, topic, v in conn.execute(stmt)}


__all__ = ["CreditRecorder", "SQLAlchemyAggregateRecorder", "SnapshotRecorder"]
