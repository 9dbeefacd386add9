"""Helpers for the joint reward and punishment tests: subjects, listings through the domain."""

from __future__ import annotations

import random
from typing import Any

from domain.identifiers import generate_uscc
from domain.subject import MarketSubject, subject_id_for_uscc
from tests.api import support
from tests.conftest import Harness

BLACK_USCC = "91350200776049653A"  # Xiamen (region 35)
RED_USCC = "91440101MA5CJQ4N59"
CLEAR_USCC = "914403003429409755"
OTHER_USCC = "91350213678251743X"
PENALTY = {k: v for k, v in support.PENALTY.items() if k != "record_id"}
LEGAL_BASIS = "《关于对电力行业严重违法失信市场主体及其有关人员实施联合惩戒的合作备忘录》"


def register(
    h: Harness, uscc: str, name: str = "厦门恒源电力有限公司", region: str = "350200"
) -> None:
    support.register(h, h.key("provider"), id=uscc, name=name, region=region)


def add_serious_record(h: Harness, uscc: str, record_id: str) -> None:
    support.add(h, h.key("provider"), uscc, record_id=record_id)


def list_subject(
    h: Harness, uscc: str, list_name: str, listing_id: str, basis: list[str] | None = None
) -> int:
    """Propose and confirm a listing through the domain (the listing policy is issue 3's)."""
    files = h.services.files
    subject = files.get_subject(uscc)
    subject.propose_listing(
        listing_id,
        list_name,
        rule_id=f"{list_name}-rule",
        rulebook_version="2026-01",
        reasons=["test"],
        basis_record_ids=basis or [],
        legal_basis=LEGAL_BASIS,
        objection_deadline="2026-06-15",
        until="2029-05-01",
        removal_conditions=["repair"],
    )
    subject.confirm_listing(listing_id, until=None, by="test")
    return files.save_all(subject)


def delist(h: Harness, uscc: str, listing_id: str) -> int:
    files = h.services.files
    subject = files.get_subject(uscc)
    subject.delist(listing_id, reason="repaired", on="2026-07-01")
    return files.save_all(subject)


def register_many(h: Harness, n: int, seed: int = 11) -> list[str]:
    """n subjects through the application in one batched save (fast), returning their USCCs."""
    rng = random.Random(seed)
    codes: set[str] = set()
    while len(codes) < n:
        codes.add(generate_uscc(rng, "350200"))
    subjects: list[Any] = [
        MarketSubject.register(
            subject_id_for_uscc(code),
            id_type="uscc",
            identifier=code,
            name=f"测试能源{i}有限公司",
            kind="legal_person",
            sectors=["power"],
            region="350200",
            uscc=code,
            check_overridden=False,
            registered_by="test",
            profile={},
        )
        for i, code in enumerate(sorted(codes))
    ]
    for start in range(0, n, 1000):
        h.services.files.save_all(*subjects[start : start + 1000])
    return sorted(codes)
