"""Providers submit records; the contract's answers and errors."""

from __future__ import annotations

from tests.api.support import PENALTY, USCC, register
from tests.conftest import Harness


def test_a_record_sent_twice_is_accepted_once_and_a_changed_body_conflicts(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    first = harness.client.post(f"/v1/subjects/{USCC}/records", json=PENALTY, headers=provider)
    again = harness.client.post(f"/v1/subjects/{USCC}/records", json=PENALTY, headers=provider)
    changed = harness.client.post(
        f"/v1/subjects/{USCC}/records", json={**PENALTY, "summary": "另一事实"}, headers=provider
    )
    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 409)
    assert again.json()["position"] == first.json()["position"]
    assert changed.headers["content-type"] == "application/problem+json"
    assert changed.json()["errors"][0]["field"] == "record_id"
    harness.catch_up()
    file = harness.client.get(f"/v1/subjects/{USCC}", headers=provider).json()
    assert [r["record_id"] for r in file["records"]] == [PENALTY["record_id"]]
