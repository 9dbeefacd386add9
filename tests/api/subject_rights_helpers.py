"""Shared set-up of the subjects' rights tests: a subject, a penalty record, a listing."""

from __future__ import annotations

from typing import Any

from tests.conftest import Harness

USCC = "91350200776049653A"
OTHER_USCC = "91440101MA5CJQ4N59"
UNIT = "国家能源局市场监管司"
PENALTY = {
    "record_id": "NEA-NB-2026-000123",
    "catalogue_code": "administrative_penalty",
    "tier": "general",
    "decision_no": "国能监罚〔2026〕12号",
    "decided_on": "2026-05-01",
    "legal_basis": "《电力监管条例》第三十一条",
    "summary": "违规参与电力市场交易",
    "content": {"penalty_type": "罚款"},
}


def register(h: Harness, headers: dict[str, str], uscc: str = USCC, **extra: Any) -> str:
    body = {
        "id_type": "uscc",
        "id": uscc,
        "name": "厦门恒源电力有限公司",
        "kind": "legal_person",
        "sectors": ["power"],
        "region": "350200",
        **extra,
    }
    r = h.client.post("/v1/subjects", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return str(r.json()["subject_id"])


def add_record(h: Harness, headers: dict[str, str], uscc: str = USCC, **changes: Any) -> dict:
    r = h.client.post(f"/v1/subjects/{uscc}/records", json={**PENALTY, **changes}, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def subject_with_penalty(h: Harness) -> dict[str, Any]:
    """A registered subject with one general-tier penalty; keys for its actors."""
    provider = h.key("provider", org=UNIT)
    register(h, provider)
    record = add_record(h, provider)
    return {
        "provider": provider,
        "record": record,
        "subject": h.key("subject", subject=USCC),
        "reviewer": h.key("reviewer", org=UNIT),
        "admin": h.key("admin", org="资质中心"),
    }


def produce_listing(
    h: Harness,
    listing_id: str,
    *,
    listed: bool,
    objection_deadline: str = "2026-06-15",
    basis: str = PENALTY["record_id"],
) -> None:
    """The listing policy is another capability: make the listing with the Listings part."""
    files = h.services.files
    subject = files.get_subject(USCC)
    subject.propose_listing(
        listing_id=listing_id,
        list_name="black",
        rule_id="black-serious-penalty",
        rulebook_version="test",
        reasons=["严重违法失信"],
        basis_record_ids=[basis],
        legal_basis="《电力监管条例》",
        objection_deadline=objection_deadline,
        until="2029-05-01",
        removal_conditions=["修复"],
    )
    if listed:
        subject.confirm_listing(listing_id, until=None, by="test")
    files.save_all(subject)


def upload(h: Harness, headers: dict[str, str], data: bytes, name: str = "receipt.pdf") -> str:
    r = h.client.post(
        "/v1/me/evidence", files={"file": (name, data, "application/pdf")}, headers=headers
    )
    assert r.status_code == 201, r.text
    return str(r.json()["evidence_id"])


def record_of(file: dict[str, Any], record_id: str = PENALTY["record_id"]) -> dict[str, Any]:
    return next(r for r in file["records"] if r["record_id"] == record_id)


def listing_of(file: dict[str, Any], listing_id: str) -> dict[str, Any]:
    return next(item for item in file["listings"] if item["listing_id"] == listing_id)
