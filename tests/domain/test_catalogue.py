from __future__ import annotations

import pytest

from domain.catalogue import Catalogue, CatalogueEntry
from domain.errors import InvalidInputError, UnknownCatalogueCodeError

PENALTY = CatalogueEntry(
    code="administrative_penalty",
    name_zh="行政处罚信息",
    polarity="negative",
    default_tier="general",
    visibility="public",
    required_fields=("decision_no", "decided_on", "legal_basis", "content.penalty_type"),
    category="penalty",
)
SELF_DECLARED = CatalogueEntry(
    code="self_declared",
    name_zh="主体自愿提供信息",
    polarity="neutral",
    default_tier=None,
    visibility="authorised",
    required_fields=("summary",),
    category="other",
)
CATALOGUE = Catalogue(version="test", entries={e.code: e for e in (PENALTY, SELF_DECLARED)})

COMPLETE_PENALTY = {
    "decision_no": "华北监能罚〔2026〕1号",
    "decided_on": "2026-05-01",
    "legal_basis": "《电力监管条例》第三十一条",
    "content": {"penalty_type": "fine"},
}


def test_a_complete_penalty_record_has_no_errors() -> None:
    assert CATALOGUE.validate_record("administrative_penalty", "serious", COMPLETE_PENALTY) == []


def test_a_penalty_without_penalty_type_is_rejected_naming_content_penalty_type() -> None:
    record = {**COMPLETE_PENALTY, "content": {}}
    errors = CATALOGUE.validate_record("administrative_penalty", None, record)
    assert [field for field, _ in errors] == ["content.penalty_type"]


def test_every_missing_required_field_is_reported() -> None:
    errors = CATALOGUE.validate_record("administrative_penalty", None, {"decision_no": "  "})
    assert [field for field, _ in errors] == [
        "decision_no",
        "decided_on",
        "legal_basis",
        "content.penalty_type",
    ]


def test_an_unknown_tier_is_reported_on_the_tier_field() -> None:
    errors = CATALOGUE.validate_record("administrative_penalty", "severe", COMPLETE_PENALTY)
    assert errors[0][0] == "tier"
    assert "severe" in errors[0][1]


def test_an_unknown_code_is_reported_on_the_catalogue_code_field() -> None:
    assert CATALOGUE.validate_record("bribery", None, {})[0][0] == "catalogue_code"
    with pytest.raises(UnknownCatalogueCodeError) as raised:
        CATALOGUE.entry("bribery")
    assert raised.value.field == "catalogue_code"


def test_entries_are_found_by_code() -> None:
    assert CATALOGUE.entry("self_declared").visibility == "authorised"


def test_an_entry_with_an_unknown_visibility_is_rejected() -> None:
    with pytest.raises(InvalidInputError) as raised:
        CatalogueEntry("x", "某信息", "neutral", None, "everyone", (), "other")  # type: ignore[arg-type]
    assert raised.value.field == "visibility"
