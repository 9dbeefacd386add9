"""Providers submit records; the contract's answers and errors."""

from __future__ import annotations

from tests.conftest import Harness

USCC = "91350200776049653A"
PENALTY = {
    "record_id": "NEA-NB-2026-000123",
    "catalogue_code": "administrative_penalty",
    "tier": "serious",
    "decision_no": "国能监罚〔2026〕12号",
    "decided_on": "2026-05-01",
    "legal_basis": "《电力监管条例》第三十一条",
    "summary": "违规参与电力市场交易",
    "content": {"penalty_type": "罚款"},
}


def register(h: Harness, headers: dict[str, str], uscc: str = USCC) -> dict:
    r = h.client.post(
        "/v1/subjects",
        json={
            "id_type": "uscc",
            "id": uscc,
            "name": "厦门恒源电力有限公司",
            "kind": "legal_person",
            "sectors": ["power"],
            "region": "350200",
        },
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return r.json()


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
