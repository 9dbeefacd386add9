"""Keys: none or a bad one → 401; a role outside the call → 403."""

from __future__ import annotations

from tests.api.support import COMPANY, PENALTY, USCC, problem_fields, register
from tests.conftest import Harness


def test_a_call_without_a_key_is_401(harness: Harness):
    r = harness.client.post("/v1/subjects", json=COMPANY)
    assert r.status_code == 401
    problem_fields(r)
    assert r.headers["www-authenticate"] == "Bearer"


def test_a_call_with_an_unknown_or_forged_key_is_401(harness: Harness):
    real = harness.key("provider")["Authorization"]
    for token in ("nonsense", "ce_0123456789abcdef_wrong", real[:-3] + "xyz"):
        r = harness.client.post(
            "/v1/subjects", json=COMPANY, headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 401, token
        problem_fields(r)


def test_a_subject_key_cannot_add_records(harness: Harness):
    register(harness, harness.key("provider"))
    own = harness.key("subject", org="厦门恒源电力有限公司", subject=USCC)
    r = harness.client.post(f"/v1/subjects/{USCC}/records", json=PENALTY, headers=own)
    assert r.status_code == 403
    problem_fields(r)
    batch = harness.client.post(
        "/v1/records:batch",
        content=b'{"subject": "91350200776049653A"}\n',
        headers={**own, "Content-Type": "application/x-ndjson"},
    )
    assert batch.status_code == 403


def test_an_agency_key_cannot_register_subjects(harness: Harness):
    r = harness.client.post("/v1/subjects", json=COMPANY, headers=harness.key("agency"))
    assert r.status_code == 403
    problem_fields(r)
