from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from adapters.policy_data.loader import (
    POLICY_DIR,
    PolicyDataError,
    load_calendar,
    load_catalogues,
    load_period_rules,
    load_policy,
)
from domain.periods import publicity_window

NATIONAL_BASE_CODES = {
    "registration",
    "court_judgment",
    "court_enforcement",
    "administrative_licence",
    "administrative_penalty",
    "administrative_compulsion",
    "administrative_confirmation",
    "administrative_levy",
    "administrative_payment",
    "administrative_ruling",
    "administrative_compensation",
    "administrative_reward",
    "administrative_inspection",
    "professional_qualification",
    "abnormal_operation",
    "serious_dishonesty_list",
    "contract_performance",
    "commitment_performance",
    "commitment_breach",
    "evaluation_result",
    "honour",
    "self_declared",
    "tax_arrears",
    "social_insurance_arrears",
}


def test_the_shipped_policy_data_loads() -> None:
    bundle = load_policy()
    assert bundle.catalogues.latest().version == "2025-01"
    assert [v.version for v in bundle.periods.versions()] == ["2019-07", "2026-04"]


def test_the_2025_and_2026_holiday_schedules_are_published() -> None:
    calendar = load_calendar()
    assert calendar.is_published(2025) and calendar.is_published(2026)
    assert not calendar.is_working_day(date(2025, 10, 8))
    assert calendar.is_working_day(date(2025, 9, 28))  # make-up Sunday
    assert calendar.add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)
    assert calendar.period_last_day(date(2026, 9, 1), months=1) == date(2026, 10, 8)


def test_the_catalogue_has_every_national_base_category_with_a_chinese_name() -> None:
    catalogue = load_catalogues().in_force(date(2026, 5, 1)).value
    assert set(catalogue.entries) == NATIONAL_BASE_CODES
    for entry in catalogue.entries.values():
        assert re.search(r"[\u4e00-\u9fff]", entry.name_zh), entry.code


def test_the_shipped_catalogue_requires_a_penalty_type_on_penalties() -> None:
    catalogue = load_catalogues().latest().value
    record = {"decision_no": "1", "decided_on": "2026-05-01", "legal_basis": "x", "content": {}}
    errors = catalogue.validate_record("administrative_penalty", None, record)
    assert errors == [
        ("content.penalty_type", "content.penalty_type is required for administrative_penalty")
    ]


def test_shipped_catalogue_marks_list_and_arrears_entries_as_agreed() -> None:
    catalogue = load_catalogues().latest().value
    listing = catalogue.entry("serious_dishonesty_list")
    assert (listing.polarity, listing.default_tier, listing.visibility) == (
        "negative",
        "serious",
        "public",
    )
    assert catalogue.entry("tax_arrears").visibility == "agencies"
    assert catalogue.entry("social_insurance_arrears").visibility == "authorised"
    assert catalogue.entry("administrative_licence").category == "licence"


def test_shipped_period_rules_give_serious_records_a_year_from_2026_and_six_months_before() -> None:
    bundle = load_policy()
    for decided_on, min_until in [
        (date(2026, 5, 1), date(2027, 5, 4)),
        (date(2025, 1, 10), date(2025, 7, 10)),
    ]:
        rules = bundle.periods.in_force(decided_on).value
        window = publicity_window("serious", decided_on, rules, bundle.calendar)
        assert window.min_until == min_until


def _copy_policy(tmp_path: Path) -> Path:
    target = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, target)
    return target


def test_a_period_file_with_minimum_above_maximum_is_rejected_naming_the_file(
    tmp_path: Path,
) -> None:
    policy_dir = _copy_policy(tmp_path)
    path = policy_dir / "periods" / "2026-04.yaml"
    path.write_text(path.read_text().replace("min_months: 12", "min_months: 48"))
    with pytest.raises(PolicyDataError, match=r"2026-04\.yaml: tier 'serious'"):
        load_period_rules(policy_dir)


def test_a_file_of_the_wrong_kind_is_rejected_naming_the_file(tmp_path: Path) -> None:
    policy_dir = _copy_policy(tmp_path)
    shutil.copy(policy_dir / "calendar" / "2026.yaml", policy_dir / "periods" / "2027-01.yaml")
    with pytest.raises(PolicyDataError, match=r"2027-01\.yaml: kind must be 'periods'"):
        load_period_rules(policy_dir)


def test_two_files_with_the_same_version_are_rejected(tmp_path: Path) -> None:
    policy_dir = _copy_policy(tmp_path)
    source = policy_dir / "periods" / "2026-04.yaml"
    (policy_dir / "periods" / "2026-05.yaml").write_text(
        source.read_text().replace("effective_from: 2026-04-01", "effective_from: 2026-05-01")
    )
    with pytest.raises(PolicyDataError, match="given twice"):
        load_period_rules(policy_dir)


def test_a_catalogue_entry_with_an_unknown_polarity_is_rejected_naming_the_entry(
    tmp_path: Path,
) -> None:
    policy_dir = _copy_policy(tmp_path)
    path = policy_dir / "catalogue" / "2025-01.yaml"
    text = path.read_text().replace("polarity: positive", "polarity: good", 1)
    path.write_text(text)
    with pytest.raises(PolicyDataError, match=r"2025-01\.yaml: entry 'administrative_licence'"):
        load_catalogues(policy_dir)


def test_a_calendar_file_must_be_named_for_its_year(tmp_path: Path) -> None:
    policy_dir = _copy_policy(tmp_path)
    (policy_dir / "calendar" / "2026.yaml").rename(policy_dir / "calendar" / "2027.yaml")
    with pytest.raises(PolicyDataError, match=r"2027\.yaml: file name should be 2026\.yaml"):
        load_calendar(policy_dir)
