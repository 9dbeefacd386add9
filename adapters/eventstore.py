"""The eventsourcing persistence module, wired to this process's one engine.

`PERSISTENCE_MODULE` names `CreditFactory`; the engine travels by a registry key because the
library's environment carries strings only. Appends use one multi-row INSERT … RETURNING instead
of the ORM's per-row flush, which is what makes batched imports fast.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from eventsourcing.persistence import InfrastructureFactory, StoredEvent
from eventsourcing.utils import Environment, get_topic
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import (
    SQLAlchemyAggregateRecorder,
    SQLAlchemyApplicationRecorder,
)
from sqlalchemy import Engine, Table, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

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


class CreditRecorder(SQLAlchemyApplicationRecorder):
    @property
    def table(self) -> Table:
        return self.events_record_cls.__table__  # type: ignore[no-any-return]

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
        self._lock_table(session)
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
        self, originator_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, list[StoredEvent]]:
        """Every event of many streams in one query (bulk loads for imports)."""
        t = self.table
        ids = list(originator_ids)
        out: dict[uuid.UUID, list[StoredEvent]] = {i: [] for i in ids}
        if not ids:
            return out
        with self.transaction(commit=False) as session:
            rows = session.execute(
                select(t.c.originator_id, t.c.originator_version, t.c.topic, t.c.state)
                .where(t.c.originator_id.in_(ids))
                .order_by(t.c.originator_id, t.c.originator_version)
            )
            for oid, version, topic, state in rows:
                out[oid].append(StoredEvent(oid, version, topic, bytes(state)))
        return out


class CreditFactory(SQLAlchemyFactory):
    application_recorder_class = CreditRecorder

    def __init__(self, env: Environment) -> None:
        InfrastructureFactory.__init__(self, env)
        key = self.env.get(ENGINE_KEY)
        if key is None or key not in _ENGINES:
            raise RuntimeError(f"{ENGINE_KEY} names no registered engine")
        self._schema_name = None
        self.datastore = SQLAlchemyDatastore(session_maker=sessionmaker(bind=_ENGINES[key]))

    def env_create_table(self) -> bool:
        return False  # Alembic owns every table


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
