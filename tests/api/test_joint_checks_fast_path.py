"""The check's fast path: receipts encoded once, the PostgreSQL check on the event loop (asyncpg),
its connections and their loss."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from adapters.audit.proof import verify_receipt
from adapters.joint.check_store import APG_APPLICATION_NAME
from api.bootstrap import Services
from api.main import create_app
from tests.api.joint_support import BLACK_USCC, CLEAR_USCC, add_serious_record, list_subject
from tests.api.joint_support import register as register_subject
from tests.conftest import Harness


def _public_key(h: Harness) -> str:
    keys = h.client.get("/v1/public/keys").json()["keys"]
    return str(next(k["public_key"] for k in keys if k["current"]))


def _check_connections(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE application_name = :name AND datname = current_database()"
                ),
                {"name": APG_APPLICATION_NAME},
            ).scalar_one()
        )


def _postgres_only(services: Services) -> None:
    if not services.checks.store.postgres:
        pytest.skip("the event-loop path is PostgreSQL's")


def test_a_checks_answer_verifies_with_the_receipt_it_travels_with(harness: Harness):
    register_subject(harness, BLACK_USCC)
    add_serious_record(harness, BLACK_USCC, "NEA-FJ-2026-0001")
    list_subject(harness, BLACK_USCC, "black", "L-BLACK-1", ["NEA-FJ-2026-0001"])
    harness.catch_up()
    harness.client.post("/v1/admin/checkpoints", headers=harness.key("admin"))
    agency = harness.key("agency", org="国家能源局")
    r = harness.client.get(f"/v1/checks/{BLACK_USCC}?matter=licensing", headers=agency)
    assert r.status_code == 200, r.text
    answer = r.json()
    key = _public_key(harness)
    assert answer["listings"][0]["legal_basis"]  # nested, non-ASCII content is signed as sent
    assert verify_receipt(answer, key)
    assert not verify_receipt({**answer, "status": "clear"}, key)
    batch = harness.client.post(
        "/v1/checks:batch",
        json={"ids": [BLACK_USCC, CLEAR_USCC], "matter": "licensing"},
        headers=agency,
    ).json()
    assert [x["status"] for x in batch["results"]] == ["black", "unknown"]
    assert verify_receipt(batch, key)


@pytest.mark.parametrize("score", [97.5, 1e-05, 3e-9, 1e16])
def test_a_receipt_verifies_whatever_form_its_numbers_take(sqlite_harness: Harness, score: Any):
    answer: dict[str, Any] = {
        "check_id": "chk-1",
        "subject": {"subject_id": "3e-1", "uscc": BLACK_USCC, "name": "厦门恒源电力有限公司"},
        "status": "clear",
        "score": score,
        "as_of": {"position": 3, "time": "2026-06-01T09:00:00.000001+08:00"},
    }
    receipt, body = sqlite_harness.services.receipts.signed(answer)
    received = json.loads(body)
    assert received == {**answer, "receipt": receipt}
    assert verify_receipt(received, _public_key(sqlite_harness))


def test_a_check_survives_the_loss_of_its_database_connections(harness: Harness):
    _postgres_only(harness.services)
    register_subject(harness, BLACK_USCC)
    harness.catch_up()
    agency = harness.key("agency", org="国家能源局")
    assert harness.client.get(
        f"/v1/checks/{BLACK_USCC}?matter=licensing", headers=agency
    ).is_success
    with harness.services.engine.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name AND datname = current_database()"
            ),
            {"name": APG_APPLICATION_NAME},
        ).scalar_one()
    assert killed >= 1
    again = harness.client.get(f"/v1/checks/{BLACK_USCC}?matter=licensing", headers=agency)
    assert again.status_code == 200, again.text
    auditor = harness.key("auditor")
    log = harness.client.get(f"/v1/audit/checks?subject={BLACK_USCC}", headers=auditor).json()
    assert again.json()["check_id"] in [c["check_id"] for c in log["checks"]]


def test_the_checks_database_connections_close_when_the_app_stops(services: Services):
    _postgres_only(services)
    key = services.keys.create("agency", "国家能源局")
    with TestClient(create_app(services.settings, services=services)) as client:
        r = client.get(
            f"/v1/checks/{BLACK_USCC}?matter=licensing", headers={"Authorization": f"Bearer {key}"}
        )
        assert r.status_code == 404
        assert _check_connections(services) >= 1
    assert _check_connections(services) == 0
