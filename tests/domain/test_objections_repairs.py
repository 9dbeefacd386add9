"""Rules of objections and repairs in the credit file, without storage."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from eventsourcing.domain import datetime_now_with_tzinfo

from domain.errors import RecordRevokedError
from domain.objections import NoNewEvidenceError, ObjectionOpenError
from domain.procedures import NonRepairableRule, ProcedureRules
from domain.repairs import RepairIneligibleError, RepairRule
from domain.subject import MarketSubject
from domain.time import install_time_source

RID = "R-1"
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def fixed_time() -> Iterator[None]:
    """Events need an instant; earlier tests may have installed a service clock since closed."""
    install_time_source(lambda: datetime(2026, 6, 1, 1, 0, tzinfo=UTC))
    yield
    install_time_source(datetime_now_with_tzinfo)


def subject_with_record(**record: Any) -> MarketSubject:
    subject = MarketSubject.register(
        uuid.uuid4(),
        id_type="uscc",
        identifier="91350200776049653A",
        name="厦门恒源电力有限公司",
        kind="legal_person",
        sectors=["power"],
        region="350200",
        uscc="91350200776049653A",
        check_overridden=False,
        registered_by="test",
        profile={},
    )
    subject.add_record(
        {
            "record_id": RID,
            "catalogue_code": "administrative_penalty",
            "catalogue_version": "2025-01",
            "category": "penalty",
            "polarity": "negative",
            "visibility": "public",
            "tier": "general",
            "source_unit": "unit",
            "source_unit_code": None,
            "decision_no": "1",
            "decided_on": "2026-05-01",
            "legal_basis": "basis",
            "summary": "s",
            "content": {},
            "publicity_from": "2026-05-01",
            "min_until": "2026-08-03",
            "max_until": "2027-05-06",
            "published": True,
            "period_rules_version": "2026-04",
            "body_hash": "h",
            "submitted_by": "unit",
            **record,
        }
    )
    return subject


def file(subject: MarketSubject, objection_id: str, evidence: list[dict[str, Any]]) -> None:
    subject.file_objection(
        objection_id=objection_id,
        record_id=RID,
        listing_id=None,
        grounds="error",
        statement="wrong",
        evidence=evidence,
        due_by="2026-06-15",
        filed_at="2026-06-01T01:00:00+00:00",
        reviewer_unit="unit",
        procedures_version="2026-04",
        today=TODAY,
    )


def test_a_record_carries_one_open_objection_at_a_time():
    subject = subject_with_record()
    file(subject, "O-1", [])
    assert subject.records[RID]["objection_mark"]["objection_id"] == "O-1"
    with pytest.raises(ObjectionOpenError):
        file(subject, "O-2", [{"name": "x", "sha256": "a" * 64}])


def test_a_decided_objection_is_filed_again_only_with_evidence_not_seen_before():
    subject = subject_with_record()
    file(subject, "O-1", [{"name": "x", "sha256": "a" * 64}])
    subject.resolve_objection("O-1", "rejected", "no error", "unit")
    assert subject.records[RID]["objection_mark"] is None
    with pytest.raises(NoNewEvidenceError):
        file(subject, "O-2", [{"name": "renamed", "sha256": "a" * 64}])
    file(subject, "O-2", [{"name": "new", "sha256": "b" * 64}])
    assert subject.objections["O-2"].status == "open"


def test_a_revoked_record_takes_no_objection_and_no_repair():
    subject = subject_with_record()
    subject.revoke_record(RID, "wrong", "unit", False)
    with pytest.raises(RecordRevokedError):
        file(subject, "O-1", [])
    with pytest.raises(RecordRevokedError):
        subject.check_repair(RID, None, "c", [{"sha256": "a"}], {}, date(2026, 9, 1))


def test_no_repair_before_the_minimum_period_and_the_error_names_the_first_possible_day():
    subject = subject_with_record()
    rules = {RID: RepairRule(needs_min_period=True, non_repairable=None)}
    with pytest.raises(RepairIneligibleError) as caught:
        subject.check_repair(RID, None, "承诺", [{"sha256": "a"}], rules, date(2026, 8, 3))
    assert [c for c, _ in caught.value.conditions] == ["min_period"]
    assert "2026-08-04" in caught.value.message
    subject.check_repair(RID, None, "承诺", [{"sha256": "a"}], rules, date(2026, 8, 4))


def test_a_sector_rule_can_declare_a_finding_non_repairable():
    procedures = ProcedureRules(
        objection_review_days=10,
        repair_accept_days=3,
        repair_decide_days=7,
        repair_extension_days=10,
        repair_extensions_allowed=1,
        reminder_days=2,
        evidence_max_bytes=1024,
        non_repairable=(
            NonRepairableRule(
                "power-safety", "安全生产重大事故", ("administrative_penalty",), ("power",)
            ),
        ),
    )
    assert procedures.non_repairable_rule("administrative_penalty", "general", ["coal"]) is None
    rule = procedures.non_repairable_rule("administrative_penalty", "general", ["power"])
    assert rule is not None
    subject = subject_with_record()
    with pytest.raises(RepairIneligibleError) as caught:
        subject.check_repair(
            RID, None, "承诺", [{"sha256": "a"}], {RID: RepairRule(False, rule.reason)}, TODAY
        )
    assert [c for c, _ in caught.value.conditions] == ["repairable"]


def test_an_overdue_review_escalates_once_per_deadline():
    subject = subject_with_record()
    file(subject, "O-1", [])
    assert subject.escalate_review("objection", "O-1", date(2026, 6, 15)) is False
    assert subject.escalate_review("objection", "O-1", date(2026, 6, 16)) is True
    assert subject.escalate_review("objection", "O-1", date(2026, 6, 17)) is False
