"""The key lifecycle: keys listed without secrets, revoked keys refused in every process within
2 s, unknown keys remembered, failed authentications limited per client address."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from adapters.core.keys import FailureLimiter
from adapters.core.settings import Settings
from api.bootstrap import bootstrap
from api.main import create_app
from tests.api.support import problem_fields
from tests.conftest import Harness

MEASURES = "/v1/measures"  # any key may read it


def key_id(headers: dict[str, str]) -> str:
    return headers["Authorization"].split("_")[1]


def test_keys_are_listed_with_role_and_scope_and_never_a_secret(harness: Harness):
    admin = harness.key("admin", org="资质中心")
    agency = harness.key("agency", org="国家发展和改革委员会")
    r = harness.client.get("/v1/admin/keys", headers=admin)
    assert r.status_code == 200
    listed = {k["key_id"]: k for k in r.json()["keys"]}
    assert listed[key_id(agency)]["role"] == "agency"
    assert listed[key_id(agency)]["org"] == "国家发展和改革委员会"
    assert listed[key_id(agency)]["revoked_at"] is None
    assert listed[key_id(admin)]["created_at"].endswith("+00:00")
    secret = agency["Authorization"].rsplit("_", 1)[-1]
    assert secret not in r.text and "hash" not in r.text
    assert harness.client.get("/v1/admin/keys", headers=agency).status_code == 403


def test_a_revoked_key_is_refused_at_once_by_the_process_that_revoked_it(harness: Harness):
    admin = harness.key("admin")
    agency = harness.key("agency")
    assert harness.client.get(MEASURES, headers=agency).status_code == 200  # now cached
    r = harness.client.delete(f"/v1/admin/keys/{key_id(agency)}", headers=admin)
    assert r.status_code == 200
    assert r.json()["revoked_at"] is not None
    refused = harness.client.get(MEASURES, headers=agency)
    assert refused.status_code == 401
    problem_fields(refused)
    again = harness.client.delete(f"/v1/admin/keys/{key_id(agency)}", headers=admin)
    assert again.json()["revoked_at"] == r.json()["revoked_at"]
    unknown = harness.client.delete("/v1/admin/keys/0123456789abcdef", headers=admin)
    assert unknown.status_code == 404
    assert problem_fields(unknown) == ["key_id"]


@pytest.fixture
def second_process(settings: Settings) -> Iterator[TestClient]:
    """Another process of the same deployment: its own services (and key cache), same database."""
    services = bootstrap(settings)
    try:
        with TestClient(create_app(settings, services=services)) as client:
            yield client
    finally:
        services.close()


def test_a_key_revoked_in_one_process_is_refused_by_another_within_two_seconds(
    harness: Harness, second_process: TestClient
):
    agency = harness.key("agency")
    assert second_process.get(MEASURES, headers=agency).status_code == 200  # cached there
    revoked = time.monotonic()
    harness.client.delete(f"/v1/admin/keys/{key_id(agency)}", headers=harness.key("admin"))
    while second_process.get(MEASURES, headers=agency).status_code == 200:
        assert time.monotonic() - revoked < 2.0, "still accepted 2 s after its revocation"
        time.sleep(0.05)
    assert second_process.get(MEASURES, headers=agency).status_code == 401


def test_a_key_created_in_one_process_is_accepted_by_another(
    harness: Harness, second_process: TestClient
):
    forged = {"Authorization": "Bearer ce_" + "0" * 16 + "_" + "x" * 43}
    assert second_process.get(MEASURES, headers=forged).status_code == 401
    created = harness.key("agency")
    assert second_process.get(MEASURES, headers=created).status_code == 200


def test_an_unknown_key_costs_one_lookup_and_then_none(sqlite_harness: Harness):
    h = sqlite_harness
    h.key("agency")  # the cache is confirmed by the poll from here on
    lookups: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM api_keys" in statement:
            lookups.append(statement)

    event.listen(h.services.engine, "before_cursor_execute", count)
    try:
        unknown = {"Authorization": "Bearer ce_" + "f" * 16 + "_" + "y" * 43}
        malformed = {"Authorization": "Bearer ce_nonsense"}
        for _ in range(5):  # 10 failures: within the address's budget of 20
            assert h.client.get(MEASURES, headers=unknown).status_code == 401
            assert h.client.get(MEASURES, headers=malformed).status_code == 401
    finally:
        event.remove(h.services.engine, "before_cursor_execute", count)
    assert len(lookups) == 1


def test_failed_authentications_are_limited_per_client_address(sqlite_harness: Harness):
    h = sqlite_harness
    h.services.keys.limiter = FailureLimiter(limit=3, window=60)
    good = h.key("agency")
    assert h.client.get(MEASURES, headers=good).status_code == 200
    bad = {"Authorization": "Bearer ce_" + "e" * 16 + "_" + "z" * 43}
    statuses = [h.client.get(MEASURES, headers=bad).status_code for _ in range(4)]
    assert statuses == [401, 401, 429, 429]
    limited = h.client.get(MEASURES, headers=bad)
    assert problem_fields(limited) == []
    assert int(limited.headers["retry-after"]) >= 1
    assert h.client.get(MEASURES).status_code == 429  # no key at all counts as a failure too
    assert h.client.get(MEASURES, headers=good).status_code == 200  # a known key still works
