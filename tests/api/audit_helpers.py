"""Subjects for the audit, proof and personal-data tests."""

from __future__ import annotations

import random
from typing import Any

from domain.identifiers import generate_resident_id
from tests.conftest import Harness

USCC = "91350200776049653A"
PERSON_NAME = "欧阳明轩"
PERSON_ID = generate_resident_id(random.Random(7), "350203")
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


def register_company(h: Harness, headers: dict[str, str], uscc: str = USCC) -> str:
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
    return str(r.json()["subject_id"])


def register_person(
    h: Harness, headers: dict[str, str], name: str = PERSON_NAME, id_number: str = PERSON_ID
) -> str:
    r = h.client.post(
        "/v1/subjects",
        json={
            "id_type": "resident_id",
            "id": id_number,
            "name": name,
            "kind": "natural_person",
            "sectors": ["power"],
            "region": "350200",
        },
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["subject_id"])


def add_record(h: Harness, headers: dict[str, str], ref: str, **changes: Any) -> dict[str, Any]:
    r = h.client.post(f"/v1/subjects/{ref}/records", json={**PENALTY, **changes}, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())
