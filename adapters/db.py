"""One SQLAlchemy engine per process: event store, read models, Alembic and the scheduler."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url


def create_db_engine(url: str, *, pool_size: int = 20) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, pool_size)
    # batched executemany for UPDATEs too (projections update many rows per page)
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=10,
        pool_pre_ping=True,
        executemany_mode="values_plus_batch",
    )


READ_ONLY = "credit_read_only"


def read_connection(engine: Engine) -> Connection:
    """A connection for reads only. On SQLite every other transaction takes the write lock at
    BEGIN, so a lookup made while this thread holds that lock on another connection (a
    projection's page reading a data key or the measures in force) would wait on itself until
    the busy timeout; a read-only transaction reads the last committed snapshot instead."""
    return engine.connect().execution_options(**{READ_ONLY: True})


def _sqlite_engine(url: str, pool_size: int) -> Engine:
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=10,
        connect_args={"check_same_thread": False, "timeout": 60},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE: writers then queue on the
        # busy timeout instead of failing when a deferred read transaction upgrades.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")  # a snapshot read (WAL): takes no write lock
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
