"""The event store's wiring: the engines the factory is handed by key, the infrastructure
factory (CreditFactory: our recorders, transcoder and compressor), the persistence environment,
and the library's own event and snapshot tables (Alembic creates exactly what it reads)."""

from __future__ import annotations

import uuid

from eventsourcing.persistence import (
    ApplicationRecorder,
    Compressor,
    InfrastructureFactory,
    Transcoder,
)
from eventsourcing.utils import Environment, get_topic
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from sqlalchemy import (
    Engine,
    Table,
)
from sqlalchemy.orm import sessionmaker

from adapters.core.eventstore import CreditRecorder, SnapshotRecorder
from adapters.core.transcoder import FastJSONTranscoder, LargeStateCompressor

ENGINE_KEY = "CREDIT_ENGINE_KEY"
_ENGINES: dict[str, Engine] = {}


def register_engine(engine: Engine) -> str:
    key = uuid.uuid4().hex
    _ENGINES[key] = engine
    return key


def unregister_engine(key: str) -> None:
    _ENGINES.pop(key, None)


def registered_engine(key: str) -> Engine:
    return _ENGINES[key]


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
        """The library's JSON format, through orjson (adapters/core/transcoder.py), unless
        TRANSCODER_TOPIC names another."""
        if self.env.get(self.TRANSCODER_TOPIC):
            return super().transcoder()
        return FastJSONTranscoder()

    def compressor(self) -> Compressor | None:
        """Large states compressed (adapters/core/transcoder.py), unless COMPRESSOR_TOPIC names
        another compressor."""
        if self.env.get(self.COMPRESSOR_TOPIC):
            return super().compressor()
        return LargeStateCompressor()


def persistence_env(engine_key: str, cipher_key: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": get_topic(CreditFactory),
        ENGINE_KEY: engine_key,
        "CIPHER_TOPIC": "adapters.core.keyring:EnvelopeCipher",
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
    "ENGINE_KEY",
    "CreditFactory",
    "event_tables",
    "persistence_env",
    "register_engine",
    "registered_engine",
    "unregister_engine",
]
