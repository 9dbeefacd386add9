"""One SQLAlchemy engine per process: event store, read models, Alembic and the scheduler."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

import asyncpg
import orjson
import psycopg2
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from domain.input_rules import CLIP_DEPTH, clip_depth


def json_from_view(text: str | bytes) -> Any:
    """A JSON column as read: anything stored nested deeper than reads show is clipped (rows
    written before the input policy existed), so no answer fails to serialise. Shallow values
    (nearly all: fewer brackets than CLIP_DEPTH) are returned as parsed."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:  # what orjson refuses and json reads (huge integers, NaN)
        value = json.loads(text)
    if isinstance(text, bytes):
        brackets = text.count(b"{") + text.count(b"[")
    else:
        brackets = text.count("{") + text.count("[")
    return clip_depth(value) if brackets > CLIP_DEPTH else value


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
        json_deserializer=json_from_view,
    )


_UNAVAILABLE = (
    exc.OperationalError,  # connection refused or lost, server shutting down, SQLite locked
    exc.InterfaceError,
    exc.TimeoutError,  # no pooled connection came free
    psycopg2.OperationalError,
    psycopg2.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.ObjectInUseError,  # "database … is not currently accepting connections"
    asyncpg.exceptions.TooManyConnectionsError,
    ConnectionError,
    TimeoutError,
)


_SQLITE_BUSY = re.compile(r"locked|busy|unable to open|disk i/o", re.IGNORECASE)


def database_unavailable(error: BaseException) -> bool:
    """The database could not be reached or used just now (a 503 to retry), not a fault of the
    request or of the code."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    cause = getattr(error, "orig", error)
    if isinstance(cause, sqlite3.OperationalError):  # SQLite says so of syntax errors too
        return _SQLITE_BUSY.search(str(cause)) is not None
    return isinstance(error, _UNAVAILABLE)


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
        json_deserializer=json_from_view,
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
