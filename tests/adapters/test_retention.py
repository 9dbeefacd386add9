"""Retention: each log keeps its entries for the period of the policy in force, then lets go.

On PostgreSQL the check log is partitioned by Beijing month and pruned by dropping partitions;
on SQLite its old rows are deleted through the one gate its append-only trigger admits.
"""

from __future__ import annotations

import shutil
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from adapters.core.db import create_db_engine
from adapters.core.migrate import alembic_config, migrate
from adapters.core.tables import pii_access_log
from adapters.joint.tables import check_log
from adapters.operations.tables import retention_runs
from adapters.policy_data.loader import POLICY_DIR
from adapters.sharing.tables import deliveries
from api.bootstrap import bootstrap
from api.main import create_app
from tests.adapters import test_service_role
from tests.api.audit_helpers import register_company, register_person
from tests.api.support import USCC
from tests.conftest import PG_URL, Harness, make_settings
from tests.e2e.sharing.helpers import until

T1 = datetime.fromisoformat("2026-01-05T10:00:00+08:00")
T2 = datetime.fromisoformat("2026-03-10T10:00:00+08:00")
T3 = datetime.fromisoformat("2026-08-15T10:00:00+08:00")  # 6 months after T2 is still ahead
RETENTION = """kind: retention
version: "test-6m"
effective_from: 2026-01-01
periods:
  check_log: {months: 6, legal_basis: "test (verify)"}
  delivery_attempts: {months: 6, legal_basis: "test (verify)"}
  pii_access_log: {months: 6, legal_basis: "test (verify)"}
"""


class EarlyHarness(Harness):
    """The harness from an instant of our choosing (the standard one starts in June 2026)."""

    def __init__(self, services: Any, client: TestClient, start: datetime) -> None:
        self.services = services
        self.client = client
        self.set_clock(start)


@pytest.fixture
def early(database_url: str, tmp_path: Path) -> Iterator[EarlyHarness]:
    policy = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, policy)
    for old in (policy / "retention").glob("*.yaml"):
        old.unlink()
    (policy / "retention" / "test.yaml").write_text(RETENTION)
    settings = make_settings(
        database_url,
        tmp_path,
        CREDIT_POLICY_DIR=policy,
        CREDIT_WEBHOOK_ALLOW_PRIVATE=True,
        CREDIT_WEBHOOK_RETRY_SCHEDULE="0.05,0.1",
        CREDIT_WEBHOOK_TIMEOUT=1.0,
    )
    services = bootstrap(settings)
    try:
        with TestClient(create_app(settings, services=services)) as client:
            yield EarlyHarness(services, client, T1)
    finally:
        services.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


def count(h: Harness, table: Any, *where: Any) -> int:
    with h.services.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar())


def check_and_read(h: Harness, person: str) -> None:
    agency = h.key("agency", org="国家发展和改革委员会")
    assert h.client.get(f"/v1/checks/{USCC}?matter=licensing", headers=agency).status_code == 200
    r = h.client.get(f"/v1/subjects/{person}?purpose=case-7", headers=h.key("auditor"))
    assert r.status_code == 200


def test_each_log_keeps_its_entries_for_the_period_in_force_and_then_lets_them_go(
    early: EarlyHarness,
):
    h = early
    admin = h.key("admin")
    provider = h.key("provider")
    register_company(h, provider)
    person = register_person(h, provider)
    h.catch_up()
    check_and_read(h, person)
    h.set_clock(T2)
    check_and_read(h, person)
    bank = h.key("subscriber", org="厦门银行")
    hook = {"url": f"http://127.0.0.1:{closed_port()}/hook", "filter": {"subjects": [USCC]}}
    sub = h.client.post("/v1/subscriptions", json=hook, headers=bank).json()
    r = h.client.post(f"/v1/subjects/{USCC}/records", json=_record(), headers=provider)
    assert r.status_code == 201, r.text
    # real attempts (refused connections), stamped by the wall clock
    until(h, lambda: count(h, deliveries) > 0, what="a delivery attempt")
    attempts = count(h, deliveries)
    assert attempts
    h.client.post(f"/v1/subscriptions/{sub['subscription_id']}:pause", headers=bank)

    h.set_clock(T3)
    assert h.client.post("/v1/admin/sweeps:run", headers=admin).status_code == 200
    cutoff = datetime.fromisoformat("2026-02-15T00:00:00+08:00").astimezone(UTC)
    kept = count(h, check_log)
    assert count(h, check_log, check_log.c.checked_at < cutoff) == 0
    assert kept == count(h, check_log, check_log.c.checked_at >= T2.astimezone(UTC)) >= 1
    assert count(h, pii_access_log, pii_access_log.c.at < cutoff) == 0
    assert count(h, pii_access_log) >= 1
    assert count(h, deliveries) >= attempts  # attempts made this month are kept
    runs = {r["log"]: r for r in h.services.operations.retention.runs()}
    assert runs["check_log"]["policy_version"] == "test-6m" and runs["check_log"]["removed"] == 1
    assert runs["pii_access_log"]["removed"] >= 1
    if h.services.engine.dialect.name == "postgresql":
        parts = h.services.operations.retention.partitions()
        assert "check_log_p202601" not in parts and "check_log_p202603" in parts
        assert {f"check_log_p2026{m:02d}" for m in (8, 9, 10, 11)} <= set(parts)
    with pytest.raises(DBAPIError, match="append-only"), h.services.engine.begin() as conn:
        conn.execute(text("DELETE FROM check_log"))
    assert h.client.post("/v1/admin/sweeps:run", headers=admin).status_code == 200
    assert count(h, check_log) == kept  # a second run lets nothing more go

    h.set_clock(datetime.now(UTC) + timedelta(days=200))  # the attempts are 6 months old
    assert h.client.post("/v1/admin/sweeps:run", headers=admin).status_code == 200
    assert count(h, deliveries) == 0
    assert count(h, check_log, check_log.c.checked_at <= T2.astimezone(UTC)) == 0
    with h.services.engine.connect() as conn:
        logs = set(conn.execute(select(retention_runs.c.log)).scalars())
    assert logs == {"check_log", "pii_access_log", "delivery_attempts"}


def _record() -> dict[str, Any]:
    from tests.api.support import PENALTY

    return {**PENALTY, "tier": "general", "record_id": "NEA-2026-RET-1", "decided_on": "2026-03-01"}


# -- PostgreSQL: the partitions and the service's role -------------------------------------------


@pytest.fixture
def empty_pg() -> Iterator[str]:
    name = f"ce_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except DBAPIError:
        pytest.skip("no PostgreSQL server")
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


service_login = test_service_role.service_login  # the fixture: a login as the service's role

INSERT_CHECK = (
    "INSERT INTO check_log (check_id, checked_at, org, role, matter, kind, all_measures, count,"
    " subject_ids, answers, unknown) VALUES (:id, :at, 'o', 'agency', 'licensing', 'single',"
    " false, 1, ARRAY[:sid], '[]', '[]')"
)


@pytest.mark.postgres
def test_partitioning_keeps_an_existing_check_logs_rows_indexes_and_append_only_rule(
    empty_pg: str,
):
    engine = create_db_engine(empty_pg)
    try:
        migrate(engine)
        cfg = alembic_config()  # back to the check log as the release before 0121 had it
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "operations@-1")
        rows = [("a", T1, "s1"), ("b", T2, "s2"), ("c", datetime.now(UTC), "s1")]
        with engine.begin() as conn:
            for check_id, at, sid in rows:
                conn.execute(text(INSERT_CHECK), {"id": check_id, "at": at, "sid": sid})
        migrate(engine)
        with engine.connect() as conn:
            where = dict(
                conn.execute(text("SELECT check_id, tableoid::regclass::text FROM check_log"))
                .tuples()
                .all()
            )
            by_subject = conn.execute(
                text("SELECT check_id FROM check_log WHERE subject_ids @> ARRAY['s1'] ORDER BY 1")
            ).scalars()
            indexes = dict(
                conn.execute(
                    text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'check_log'")
                )
                .tuples()
                .all()
            )
            kind = conn.execute(text("SELECT relkind FROM pg_class WHERE relname = 'check_log'"))
            assert kind.scalar() == "p"
            assert list(by_subject) == ["a", "c"]
        assert where["a"] == "check_log_p202601" and where["b"] == "check_log_p202603"
        assert set(indexes) == {
            "check_log_pkey",
            "ix_check_log_checked_at",
            "ix_check_log_org",
            "ix_check_log_subject_ids",
        }
        assert "USING gin (subject_ids)" in indexes["ix_check_log_subject_ids"]
        for statement in ("DELETE FROM check_log", "UPDATE check_log SET org = 'x'"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_service_role_can_neither_delete_truncate_nor_drop_check_log_partitions(
    service_login: str, tmp_path: Path
):
    services = bootstrap(make_settings(service_login, tmp_path))
    try:
        services.clock.set(T1)
        with services.engine.begin() as conn:
            assert conn.execute(text("SELECT current_user")).scalar() == "credit_energy_app"
            conn.execute(text(INSERT_CHECK), {"id": "a", "at": T1, "sid": "s1"})
        retention = services.operations.retention
        assert retention.prepare_partitions(T1) >= 1  # January's rows leave the default one
        for statement, refusal in (
            ("DELETE FROM check_log", "permission denied"),
            ("DELETE FROM check_log_p202601", "permission denied"),
            ("TRUNCATE check_log", "permission denied"),
            ("DROP TABLE check_log_p202601", "must be owner"),
            ("SELECT * FROM check_log_drop_before(now())", "at least 6 months"),
        ):
            with pytest.raises(DBAPIError, match=refusal), services.engine.begin() as conn:
                conn.execute(text(statement))
        assert retention.sweep(datetime.fromisoformat("2031-06-01T10:00:00+08:00")) == 1
        assert "check_log_p202601" not in retention.partitions()
    finally:
        services.close()
