"""The grade function: bands and their edges, recency, sources, caps and the serious veto."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from adapters.grading.rulebook_data import load_rulebooks
from domain.grading import grade, whole_months
from domain.rulebook import Rulebook

RB: Rulebook = load_rulebooks().by_version("2025-01").value


class File:
    def __init__(self, sectors: list[str] | None = None, opened: str = "2025-01-01") -> None:
        self.created_on = datetime.fromisoformat(opened + "T09:00:00+08:00")
        self.sectors = sectors or ["other"]
        self.records: dict[str, dict[str, Any]] = {}
        self.listings: dict[str, dict[str, Any]] = {}
        self.commitments: dict[str, dict[str, Any]] = {}

    def add(self, rid: str, tier: str | None, decided_on: str, **kw: Any) -> File:
        self.records[rid] = {
            "record_id": rid,
            "catalogue_code": kw.get("code", "administrative_penalty"),
            "polarity": kw.get("polarity", "negative"),
            "tier": tier,
            "source_unit": kw.get("source_unit", "国家能源局市场监管司"),
            "decided_on": decided_on,
            "status": "active",
            "publicity_ended": None,
            "content": {},
        }
        return self


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, "A"), (85, "A"), (84.99, "B"), (70, "B"), (69.99, "C"), (40, "C"), (39.99, "D")],
)
def test_class_bands_include_their_lower_edge(score: float, expected: str):
    assert RB.class_of(score) == expected


def test_a_clean_file_without_evidence_scores_the_base_and_is_not_yet_evaluated():
    g = grade(File(), date(2026, 6, 1), RB)
    assert (g.score, g.grade_class, g.rulebook_version) == (90.0, None, "2025-01")
    assert g.unrated_reason == (
        "not yet evaluated: it holds no positive record or published evaluation"
    )


def test_a_clean_file_a_year_old_with_a_positive_record_is_class_a():
    f = File().add("H1", None, "2026-01-10", code="honour", polarity="positive")
    g = grade(f, date(2026, 6, 1), RB)
    assert (g.score, g.grade_class, g.unrated_reason) == (93.0, "A", None)
    young = File(opened="2026-03-01").add(
        "H1", None, "2026-03-10", code="honour", polarity="positive"
    )
    assert grade(young, date(2026, 6, 1), RB).unrated_reason == (
        "not yet evaluated: the file is less than 12 months old"
    )


def test_deductions_decay_with_the_age_of_the_decision():
    f = File().add("r1", "general", "2025-01-10")
    assert grade(f, date(2025, 12, 31), RB).score == 80.0  # under 12 months: full
    assert grade(f, date(2026, 1, 10), RB).score == 84.0  # 12 months: factor 0.6
    assert grade(f, date(2028, 1, 10), RB).score == 90.0  # 36 months and more: nothing


def test_an_industry_organisation_weighs_half():
    f = File().add("r1", "general", "2026-01-10", source_unit="中国电力企业联合会")
    item = [e for e in grade(f, date(2026, 2, 1), RB).explanation if e.get("record_id")][0]
    assert item["points"] == -5.0 and "industry_org" in item["detail"]


def test_power_sector_overrides_the_serious_deduction():
    f = File(["power"]).add("r1", "serious", "2026-01-10")
    assert grade(f, date(2026, 2, 1), RB).score == 45.0


def test_an_active_serious_dishonesty_record_forces_class_d_whatever_the_score():
    f = File().add("r1", "serious", "2026-01-10", code="serious_dishonesty_list")
    rb = replace(
        RB, negative=replace(RB.negative, deductions={"light": 0, "general": 0, "serious": 0})
    )
    g = grade(f, date(2026, 2, 1), rb)
    assert (g.score, g.grade_class) == (90.0, "D")
    assert any(e["rule"] == "class.serious_dishonesty" for e in g.explanation)


def test_the_explanation_names_every_contributing_record():
    f = File().add("r1", "general", "2026-01-10").add("r2", "light", "2026-01-11")
    f.add("h1", None, "2026-01-12", code="honour", polarity="positive")
    g = grade(f, date(2026, 2, 1), RB)
    assert {e.get("record_id") for e in g.explanation} >= {"r1", "r2", "h1"}
    assert g.score == 90 - 10 - 2 + 3


def test_whole_months_follow_the_corresponding_day():
    assert whole_months(date(2026, 1, 31), date(2026, 2, 28)) == 0
    assert whole_months(date(2026, 1, 15), date(2026, 2, 15)) == 1


def test_no_red_listing_within_the_look_back_of_a_delisting_from_black_or_focus():
    from domain.list_rules import recently_delisted

    f = File()
    f.listings["L-1"] = {
        "listing_id": "L-1",
        "list": "black",
        "status": "delisted",
        "ended": {"reason": "repaired", "on": "2026-06-19"},
    }
    assert recently_delisted(f, date(2029, 6, 18), RB) is not None  # 35 months: still
    assert recently_delisted(f, date(2029, 6, 19), RB) is None  # 36 months: over
    f.listings["L-1"]["list"] = "focus"
    assert recently_delisted(f, date(2027, 6, 18), RB) is not None
    assert recently_delisted(f, date(2027, 6, 19), RB) is None
