"""Shared fixtures: a fresh store per test, on SQLite and on a real PostgreSQL.

PostgreSQL: CREDIT_TEST_PG_URL (default the local trust-auth server). Each test gets its own
database, created and dropped here. With CREDIT_REQUIRE_POSTGRES=1 (CI) a missing server fails the
run instead of skipping.

Migrating costs more than a test's own set-up, so each backend is migrated once per session into
a template (a SQLite file, a PostgreSQL database) and every test starts from a copy of it (a file
copy, `CREATE DATABASE … TEMPLATE`). The copy holds the schema only (no keys, no clock, no
events), and `bootstrap` still runs Alembic on it, which finds it at head.
"""

from __future__ import annotations

import base64
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.core.db import create_db_engine
from adapters.core.migrate import migrate
from adapters.core.settings import Settings
from api.bootstrap import Services, bootstrap
from api.main import create_app

PG_URL = os.environ.get("CREDIT_TEST_PG_URL", "postgresql+psycopg2://root@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("CREDIT_REQUIRE_POSTGRES") == "1"
CIPHER_KEY = base64.b64encode(b"k" * 32).decode()
START = datetime.fromisoformat("2026-06-01T09:00:00+08:00")

_pg_ok: bool | None = None


def postgres_available() -> bool:
    global _pg_ok
    if _pg_ok is None:
        try:
            engine = create_engine(PG_URL)
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_ok = True
        except Exception:  # noqa: BLE001 - any failure means "no server"
            _pg_ok = False
    return _pg_ok


def _pg_admin() -> Any:
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _migrated(url: str) -> None:
    engine = create_db_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    """A migrated PostgreSQL database to copy (None without a server)."""
    if not postgres_available():
        yield None
        return
    name = f"ce_tpl_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _migrated(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file to copy (its engine closed, so the WAL is folded into the file)."""
    path = tmp_path_factory.mktemp("template") / "credit.db"
    _migrated(f"sqlite:///{path}")
    return path


@pytest.fixture
def pg_database(pg_template: str | None) -> Iterator[str]:
    """A fresh PostgreSQL database URL (a copy of the migrated template), dropped afterwards."""
    if pg_template is None:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (CREDIT_REQUIRE_POSTGRES=1) at {PG_URL}")
        pytest.skip("no PostgreSQL server")
    name = f"ce_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
        # a test database need not survive a crash of the server (processes the tests kill
        # still lose nothing they committed): commits do not wait for the WAL flush
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def sqlite_copy(template: Path, tmp_path: Path) -> str:
    """A fresh SQLite database URL under tmp_path (a copy of the migrated template)."""
    path = tmp_path / "credit.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
    return str(request.getfixturevalue("pg_database"))


def make_settings(database_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "CREDIT_DATABASE_URL": database_url,
        "CIPHER_KEY": CIPHER_KEY,
        "CREDIT_VAR_DIR": tmp_path / "var",
        "CREDIT_CLOCK": "manual",
        "CREDIT_POLL_INTERVAL": 0.05,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
def sqlite_settings(sqlite_template: Path, tmp_path: Path) -> Settings:
    return make_settings(sqlite_copy(sqlite_template, tmp_path), tmp_path)


class Harness:
    """The service as its users meet it: HTTP through a client, keys per role, a manual clock."""

    def __init__(self, services: Services, client: TestClient) -> None:
        self.services = services
        self.client = client
        self.set_clock(START)

    def key(
        self,
        role: str,
        org: str = "国家能源局市场监管司",
        org_code: str | None = None,
        subject: str | None = None,
    ) -> dict[str, str]:
        subject_id = str(self.services.files.subject_id_of(subject)) if subject else None
        return {
            "Authorization": f"Bearer {self.services.keys.create(role, org, org_code, subject_id)}"
        }

    def set_clock(self, instant: datetime | str) -> None:
        if isinstance(instant, str):
            instant = datetime.fromisoformat(instant)
        self.services.clock.set(instant)

    def catch_up(self, rounds: int = 100) -> None:
        """Run the worker until it is idle: views, policies and sweeps see every event."""
        for _ in range(rounds):
            if not self.services.worker.step():
                return
        raise AssertionError("the worker did not become idle")


def _harness(settings: Settings) -> Iterator[Harness]:
    services = bootstrap(settings)
    app = create_app(settings, services=services)
    try:
        with TestClient(app) as client:
            yield Harness(services, client)
    finally:
        services.close()


@pytest.fixture
def harness(settings: Settings) -> Iterator[Harness]:
    """On SQLite and on PostgreSQL (two parametrisations of one suite)."""
    yield from _harness(settings)


@pytest.fixture
def sqlite_harness(sqlite_settings: Settings) -> Iterator[Harness]:
    yield from _harness(sqlite_settings)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = bootstrap(settings)
    try:
        yield built
    finally:
        built.close()
