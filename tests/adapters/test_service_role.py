"""On PostgreSQL the service's role appends events but can neither change nor delete them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from api.bootstrap import bootstrap
from application.commands import RegisterSubject
from application.ports import Actor
from tests.api.support import PENALTY
from tests.conftest import PG_URL, make_settings


@pytest.fixture
def service_login(pg_database: str, tmp_path: Path) -> Iterator[str]:
    """The database migrated by its owner, and a login that runs as credit_energy_app."""
    bootstrap(make_settings(pg_database, tmp_path)).close()
    login = f"ce_svc_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {login} LOGIN"))
        conn.execute(text(f"GRANT credit_energy_app TO {login}"))
        conn.execute(text(f"ALTER ROLE {login} SET role = 'credit_energy_app'"))
    try:
        yield make_url(pg_database).set(username=login).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {login}"))
        admin.dispose()


@pytest.mark.postgres
def test_the_service_role_works_but_cannot_update_or_delete_event_rows(
    service_login: str, tmp_path: Path
):
    services = bootstrap(make_settings(service_login, tmp_path))
    try:
        with services.engine.connect() as conn:
            assert conn.execute(text("SELECT current_user")).scalar() == "credit_energy_app"
        body = {
            "id_type": "uscc",
            "id": "91350200776049653A",
            "name": "厦门恒源电力有限公司",
            "kind": "legal_person",
            "sectors": ["power"],
            "region": "350200",
        }
        services.files.register_subject(
            RegisterSubject.of(body), Actor(role="provider", org="国家能源局")
        )
        batch = [(i, {**PENALTY, "subject": body["id"], "record_id": f"SR-{i}"}) for i in range(40)]
        outcome = services.files.add_records(batch, Actor(role="provider", org="华北能源监管局"))
        assert (outcome.accepted, outcome.rejected) == (40, [])  # appended by COPY
        while services.worker.step():
            pass
        assert services.chain.verify().ok
        for statement in (
            "UPDATE creditfiles_events SET topic = topic",
            "DELETE FROM creditfiles_events",
            "DELETE FROM creditfiles_snapshots",
        ):
            with (
                pytest.raises(ProgrammingError, match="permission denied"),
                services.engine.begin() as conn,
            ):
                conn.execute(text(statement))
        with services.engine.begin() as conn:  # its own views stay writable
            conn.execute(text("DELETE FROM chain_links WHERE position < 0"))
    finally:
        services.close()
