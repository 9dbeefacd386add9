"""Bodies and helpers shared by the API tests of credit files."""

from __future__ import annotations

from typing import Any

from application.commands import RegisterSubject
from tests.conftest import Harness

USCC = "91350200776049653A"
OTHER_USCC = "91440101MA5CJQ4N59"
FAILING_USCC = "91350203M0001QAY9B"
PERSON_ID = "11010519491231002X"

COMPANY = {
    "id_type": "uscc",
    "id": USCC,
    "name": "厦门恒源电力有限公司",
    "kind": "legal_person",
    "sectors": ["power"],
    "region": "350200",
}

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


def register(h: Harness, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    r = h.client.post("/v1/subjects", json={**COMPANY, **changes}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def add(h: Harness, headers: dict[str, str], uscc: str = USCC, **changes: Any) -> dict[str, Any]:
    r = h.client.post(f"/v1/subjects/{uscc}/records", json={**PENALTY, **changes}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def problem_fields(response: Any) -> list[str]:
    """The fields a problem+json body names (asserting it is one)."""
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    assert body["status"] == response.status_code
    assert body["title"] and "detail" in body
    return [e["field"] for e in body.get("errors", [])]


ESTABLISHED = "2025-01-02T09:00:00+08:00"  # a file opened this long before the tests' clock


def register_established(
    h: Harness, body: dict[str, Any], since: str = ESTABLISHED, honour: bool = True
) -> str:
    """A subject whose file was opened at `since` (its Registered event stamped then, as a file
    migrated from an older system would be) and, with `honour`, holds a public honour record: a
    file the rulebook evaluates, so that it can be class A (and red-listed)."""
    from datetime import datetime

    from application.ports import Actor
    from domain.time import pinned_instant

    actor = Actor(role="provider", org="国家能源局市场监管司")
    with pinned_instant(datetime.fromisoformat(since)):
        registered = h.services.files.register_subject(
            RegisterSubject.of({**COMPANY, **body}), actor
        )
    uscc = registered.uscc or registered.subject_id
    if honour:
        r = h.client.post(
            f"/v1/subjects/{uscc}/records",
            json=HONOUR | {"record_id": f"HON-{uscc}"},
            headers=h.key("provider"),
        )
        assert r.status_code == 201, r.text
    return registered.subject_id


HONOUR = {
    "catalogue_code": "honour",
    "decided_on": "2026-01-15",
    "summary": "年度安全生产先进单位",
    "content": {"honour_name": "安全生产先进单位", "awarding_body": "国家能源局"},
}
