"""The eventsourcing persistence module, wired to this process's one engine.

`PERSISTENCE_MODULE` names `CreditFactory`; the engine travels by a registry key because the
library's environment carries strings only. Appends use one multi-row INSERT … RETURNING instead
of the ORM's per-row flush, which is what makes batched imports fast.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from eventsourcing.persistence import (
    ApplicationRecorder,
    Compressor,
    InfrastructureFactory,
    Notification,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import Environment, get_topic
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import (
    SQLAlchemyAggregateRecorder,
    SQLAlchemyApplicationRecorder,
)
from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    Table,
    any_,
    bindparam,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, sessionmaker

from adapters.transcoder import FastJSONTranscoder, LargeStateCompressor

ENGINE_KEY = "CREDIT_ENGINE_KEY"
APPEND_LOCK = 0x43455F6576656E74  # advisory lock key of appends to the events table
_ENGINES: dict[str, Engine] = {}


def register_engine(engine: Engine) -> str:
    key = uuid.uuid4().hex
    _ENGINES[key] = engine
    return key


def unregister_engine(key: str) -> None:
    _ENGINES.pop(key, None)


def registered_engine(key: str) -> Engine:
    return _ENGINES[key]


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
                    query = query.outerjoin(
                        newest, newest.c.originator_id == t.c.originator_id
                    ).where(t.c.originator_version > func.coalesce(newest.c.v, 0))
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
        if session.get_bind().dialect.name == "postgresql":
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
        self, originator_id: uuid.UUID, max_position: int | None = None
    ) -> list[tuple[int, StoredEvent]]:
        """(position, stored event) of one stream in version order, in one query; with
        `max_position`, only the events the log held at that position (the as-of replays)."""
        t = self.table
        query = select(t.c.id, t.c.originator_version, t.c.topic, t.c.state).where(
            t.c.originator_id == originator_id
        )
        if max_position is not None:
            query = query.where(t.c.id <= max_position)
        with self.transaction(commit=False) as session:
            # Core on the session's connection: the ORM's result processing costs a third more
            rows = session.connection().execute(query.order_by(t.c.originator_version))
            return [
                (position, StoredEvent(originator_id, version, topic, bytes(state)))
                for position, version, topic, state in rows
            ]

    def select_streams(
        self, originator_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[StoredEvent]]:
        """Every event of many streams (that have no snapshots) in one query."""
        t = self.table
        out: dict[uuid.UUID, list[StoredEvent]] = {}
        if not originator_ids:
            return out
        stmt = (
            self._columns(t)
            .where(self._among(t, originator_ids))
            .order_by(t.c.originator_id, t.c.originator_version)
        )
        with self.engine.connect() as conn:
            for e in _stored(conn.execute(stmt)):
                out.setdefault(e.originator_id, []).append(e)
        return out

    def select_heads(self, originator_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, int]]:
        """Of each stream among `originator_ids`: its first event's topic and its version."""
        t = self.table
        ids = list(originator_ids)
        if not ids:
            return {}
        newer = t.alias("newer")
        version = (
            select(func.max(newer.c.originator_version))
            .where(newer.c.originator_id == t.c.originator_id)
            .scalar_subquery()
        )
        stmt = select(t.c.originator_id, t.c.topic, version).where(
            self._among(t, ids), t.c.originator_version == 1
        )
        with self.engine.connect() as conn:
            return {oid: (topic, int(v)) for oid, topic, v in conn.execute(stmt)}


class CreditFactory(SQLAlchemyFactory):
    application_recorder_class = CreditRecorder
    aggregate_recorder_class = SnapshotRecorder

    def application_recorder(self) -> ApplicationRecorder:
        recorder = super().application_recorder()
        assert isinstance(recorder, CreditRecorder)
        if self.is_snapshotting_enabled():
            recorder.snapshots = event_tables(self.env.name)[1]
        return recorder

    def __init__(self, env: Environment) -> None:
        InfrastructureFactory.__init__(self, env)
        key = self.env.get(ENGINE_KEY)
        if key is None or key not in _ENGINES:
            raise RuntimeError(f"{ENGINE_KEY} names no registered engine")
        self._schema_name = None
        self.datastore = SQLAlchemyDatastore(session_maker=sessionmaker(bind=_ENGINES[key]))

    def env_create_table(self) -> bool:
        return False  # Alembic owns every table

    def transcoder(self) -> Transcoder:
        """The library's JSON format, through orjson (adapters/transcoder.py), unless
        TRANSCODER_TOPIC names another."""
        if self.env.get(self.TRANSCODER_TOPIC):
            return super().transcoder()
        return FastJSONTranscoder()

    def compressor(self) -> Compressor | None:
        """Large states compressed (adapters/transcoder.py), unless COMPRESSOR_TOPIC names
        another compressor."""
        if self.env.get(self.COMPRESSOR_TOPIC):
            return super().compressor()
        return LargeStateCompressor()


def persistence_env(engine_key: str, cipher_key: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": get_topic(CreditFactory),
        ENGINE_KEY: engine_key,
        "CIPHER_TOPIC": "adapters.keyring:EnvelopeCipher",
        "CIPHER_KEY": cipher_key,
    }


def event_tables(app_name: str) -> tuple[Table, Table]:
    """The library's own table definitions, so that Alembic creates exactly what it reads."""
    prefix = app_name.lower()
    events = SQLAlchemyDatastore.define_record_class(
        cls_name="".join(s.capitalize() for s in prefix.split("_")) + "Event",
        table_name=prefix + "_events",
        schema_name=None,
        base_cls=SQLAlchemyDatastore.base_stored_event_record_cls,
    )
    snapshots = SQLAlchemyDatastore.define_record_class(
        cls_name="".join(s.capitalize() for s in prefix.split("_")) + "Snapshot",
        table_name=prefix + "_snapshots",
        schema_name=None,
        base_cls=SQLAlchemyDatastore.base_snapshot_record_cls,
    )
    return events.__table__, snapshots.__table__  # type: ignore[attr-defined]


__all__ = [
    "CreditFactory",
    "CreditRecorder",
    "SQLAlchemyAggregateRecorder",
    "event_tables",
    "persistence_env",
    "register_engine",
]
