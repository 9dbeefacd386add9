"""Fixtures for grades, lists and time: a harness whose policy folder holds a later rulebook."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.policy_data.loader import POLICY_DIR
from tests.conftest import Harness, _harness, make_settings

USCC = "91350200776049653A"
PROVIDER_ORG = "国家能源局福建监管办"

LATER_RULEBOOK_CHANGES = {"version": '"2027-01"', "effective_from": "2027-01-01"}


@pytest.fixture
def later_rulebook_harness(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The shipped policy plus rulebook 2027-01 (from 2027-01-01): general-tier deduction 25."""
    policy = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, policy)
    current = (policy / "rulebook" / "2025-01.yaml").read_text(encoding="utf-8")
    later = (
        current.replace('version: "2025-01"', 'version: "2027-01"')
        .replace("effective_from: 2025-01-01", "effective_from: 2027-01-01")
        .replace(
            "deductions: {light: 2, general: 10, serious: 40}",
            "deductions: {light: 2, general: 25, serious: 40}",
        )
    )
    assert later.count("2027-01") == 2 and "general: 25" in later
    (policy / "rulebook" / "2027-01.yaml").write_text(later, encoding="utf-8")
    yield from _harness(make_settings(database_url, tmp_path, CREDIT_POLICY_DIR=policy))


def register(h: Harness, provider: dict[str, str], uscc: str = USCC, **extra: Any) -> str:
    body = {
        "id_type": "uscc",
        "id": uscc,
        "name": "厦门恒源电力有限公司",
        "kind": "legal_person",
        "sectors": ["new_energy"],
        "region": "350200",
        **extra,
    }
    r = h.client.post("/v1/subjects", json=body, headers=provider)
    assert r.status_code == 201, r.text
    return str(r.json()["subject_id"])


def penalty(
    h: Harness,
    provider: dict[str, str],
    record_id: str,
    tier: str,
    decided_on: str,
    uscc: str = USCC,
    **content: Any,
) -> dict[str, Any]:
    body = {
        "record_id": record_id,
        "catalogue_code": "administrative_penalty",
        "tier": tier,
        "decision_no": f"闽监能罚〔2026〕{record_id[-3:]}号",
        "decided_on": decided_on,
        "legal_basis": "《电力监管条例》第三十一条",
        "summary": "违规参与电力市场交易",
        "content": {"penalty_type": "罚款", **content},
    }
    r = h.client.post(f"/v1/subjects/{uscc}/records", json=body, headers=provider)
    assert r.status_code == 201, r.text
    return dict(r.json())


def sweep(h: Harness, admin: dict[str, str], now: str) -> dict[str, Any]:
    h.set_clock(now)
    r = h.client.post("/v1/admin/sweeps:run", headers=admin)
    assert r.status_code == 200, r.text
    h.catch_up()
    return dict(r.json())


def file_of(h: Harness, headers: dict[str, str], uscc: str = USCC) -> dict[str, Any]:
    r = h.client.get(f"/v1/subjects/{uscc}", headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())
