"""Acceptance: grades, lists with due process and time, driven by the manual clock."""

from __future__ import annotations

from sqlalchemy import select

from adapters.files.tables import list_entries
from adapters.grading.tables import grade_history, grade_view, list_versions
from tests.api.grades.conftest import (
    PROVIDER_ORG,
    USCC,
    file_of,
    penalty,
    register,
    sweep,
)
from tests.conftest import Harness


def test_a_serious_penalty_lists_the_subject_black_ten_working_days_after_notice(
    harness: Harness,
):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    penalty(harness, provider, "NEA-FJ-2026-001", "serious", "2026-05-20")
    harness.catch_up()
    proposed = file_of(harness, admin)
    [listing] = proposed["listings"]
    assert (listing["list"], listing["status"]) == ("black", "proposed")
    assert listing["basis_record_ids"] == ["NEA-FJ-2026-001"]
    assert listing["objection_deadline"] == "2026-06-15"  # 10 working days from 2026-06-01
    assert proposed["class"] == "C"

    sweep(harness, admin, "2026-06-15T20:00:00+08:00")  # the last day of the window
    assert file_of(harness, admin)["listings"][0]["status"] == "proposed"

    sweep(harness, admin, "2026-06-16T09:00:00+08:00")
    listed = file_of(harness, admin)
    assert listed["listings"][0]["status"] == "listed"
    assert listed["listings"][0]["until"] == "2029-06-18"  # 36 months; 06-16 is a Saturday
    assert (listed["status"], listed["class"]) == ("black", "D")
    veto = [e for e in listed["grade"]["explanation"] if e["rule"] == "class.serious_dishonesty"]
    assert veto[0]["listing_id"] == listing["listing_id"]


def test_a_holiday_inside_the_notice_window_moves_its_close(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    harness.set_clock("2026-06-10T09:00:00+08:00")
    penalty(harness, provider, "NEA-FJ-2026-002", "serious", "2026-06-09")
    harness.catch_up()
    # 2026-06-19 (端午) is a holiday: the 10th working day is 06-25, not 06-24
    assert file_of(harness, admin)["listings"][0]["objection_deadline"] == "2026-06-25"
    sweep(harness, admin, "2026-06-25T10:00:00+08:00")
    assert file_of(harness, admin)["listings"][0]["status"] == "proposed"
    sweep(harness, admin, "2026-06-26T10:00:00+08:00")
    assert file_of(harness, admin)["listings"][0]["status"] == "listed"


def test_general_tier_publicity_stops_at_its_maximum_and_the_file_is_clean_again(
    harness: Harness,
):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    added = penalty(harness, provider, "NEA-FJ-2026-003", "general", "2026-05-20")
    assert added["publicity"]["max_until"] == "2027-05-20"
    harness.catch_up()
    assert (file_of(harness, admin)["class"], file_of(harness, admin)["score"]) == ("B", 80.0)

    sweep(harness, admin, "2027-05-20T12:00:00+08:00")  # the last day: still public
    last_day = file_of(harness, admin)
    assert last_day["records"][0]["publicity"]["ended"] is None
    assert last_day["class"] == "B"

    sweep(harness, admin, "2027-05-21T12:00:00+08:00")
    after = file_of(harness, admin)
    assert after["records"][0]["publicity"]["ended"] == {"reason": "expired", "on": "2027-05-21"}
    # clean again, and old enough, but with no positive evidence: not class A, not yet evaluated
    assert (after["class"], after["score"], after["grade"]["score"]) == (None, None, 90.0)
    assert "no positive record" in after["unrated_reason"]


def test_a_later_rulebook_changes_grades_only_from_its_date(later_rulebook_harness: Harness):
    h = later_rulebook_harness
    provider, admin = h.key("provider", org=PROVIDER_ORG), h.key("admin")
    auditor = h.key("auditor")
    register(h, provider)
    penalty(h, provider, "NEA-FJ-2026-004", "general", "2026-05-25")
    h.catch_up()
    sweep(h, admin, "2026-12-31T12:00:00+08:00")
    before = file_of(h, admin)
    assert (before["class"], before["grade"]["rulebook_version"]) == ("B", "2025-01")

    sweep(h, admin, "2027-01-02T12:00:00+08:00")
    after = file_of(h, admin)
    assert (after["class"], after["score"], after["grade"]["rulebook_version"]) == (
        "C",
        65.0,
        "2027-01",
    )

    then = h.client.get(
        f"/v1/audit/subjects/{USCC}", params={"as_of": "2026-12-31T12:00:00+08:00"}, headers=auditor
    ).json()
    assert (then["class"], then["computed"]["class"], then["rulebook_version"]) == (
        "B",
        "B",
        "2025-01",
    )
    with h.services.engine.connect() as conn:
        changes = conn.execute(
            select(grade_history.c.grade_class, grade_history.c.rulebook_version).order_by(
                grade_history.c.position
            )
        ).all()
    # the policy first graded the file once both events were in (B), then the sweep of 2027-01-02
    assert [tuple(c) for c in changes] == [("B", "2025-01"), ("C", "2027-01")]


def _views(h: Harness) -> dict[str, list[tuple]]:
    out = {}
    with h.services.engine.connect() as conn:
        for table in (grade_view, grade_history, list_entries, list_versions):
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def test_grade_and_list_views_rebuilt_from_zero_equal_the_live_ones(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    register(harness, provider, uscc="91440101MA5CJQ4N59")
    penalty(harness, provider, "NEA-FJ-2026-005", "serious", "2026-05-20")
    penalty(
        harness, provider, "NEA-FJ-2026-006", "general", "2026-05-21", uscc="91440101MA5CJQ4N59"
    )
    harness.catch_up()
    sweep(harness, admin, "2026-06-16T09:00:00+08:00")
    sweep(harness, admin, "2027-05-22T09:00:00+08:00")
    live = _views(harness)
    assert live["list_versions"] and live["grade_history"]
    for name in ("grades", "list_entries", "list_versions"):
        harness.services.runner.reset(name)
    harness.services.runner.catch_up()
    assert _views(harness) == live


def test_an_as_of_replay_shows_the_grade_and_lists_the_service_showed_then(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    auditor = harness.key("auditor")
    register(harness, provider)
    shown: dict[str, dict] = {}
    penalty(harness, provider, "NEA-FJ-2026-007", "serious", "2026-05-20")
    harness.catch_up()
    shown["2026-06-01T09:00:00+08:00"] = file_of(harness, admin)
    for instant in ("2026-06-16T09:00:00+08:00", "2027-06-01T09:00:00+08:00"):
        sweep(harness, admin, instant)
        shown[instant] = file_of(harness, admin)
    for instant, seen in shown.items():
        then = harness.client.get(
            f"/v1/audit/subjects/{USCC}", params={"as_of": instant}, headers=auditor
        ).json()
        assert (then["class"], then["score"], then["status"]) == (
            seen["class"],
            seen["score"],
            seen["status"],
        ), instant
        assert then["listings"] == seen["listings"], instant
        assert then["computed"]["class"] == seen["class"], instant
    lists = harness.client.get(
        "/v1/audit/lists/black", params={"as_of": "2026-06-15T09:00:00+08:00"}, headers=auditor
    ).json()
    assert (lists["entries"], lists["version"]) == ([], 0)
    lists = harness.client.get(
        "/v1/audit/lists/black", params={"as_of": "2026-06-16T09:00:00+08:00"}, headers=auditor
    ).json()
    assert [e["subject"]["uscc"] for e in lists["entries"]] == [USCC]
    assert lists["version"] == 1


def test_simulating_a_draft_rulebook_reports_counts_and_changes_nothing(harness: Harness):
    import yaml

    from adapters.policy_data.loader import POLICY_DIR

    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    register(harness, provider, uscc="91440101MA5CJQ4N59")
    penalty(harness, provider, "NEA-FJ-2026-008", "general", "2026-05-20")
    harness.catch_up()
    draft = yaml.safe_load((POLICY_DIR / "rulebook" / "2025-01.yaml").read_text(encoding="utf-8"))
    draft["negative"]["deductions"]["general"] = 35
    draft["lists"]["focus"]["general_count"] = 1
    draft.pop("effective_from")
    position = harness.services.files.position()
    before = _views(harness)
    r = harness.client.post("/v1/admin/rulebooks:simulate", json=draft, headers=admin)
    assert r.status_code == 200, r.text
    result = r.json()
    assert (result["subjects"], result["class_changes"]) == (2, 1)
    assert result["transitions"] == {"B->C": 1}
    assert result["would_propose"]["focus"] == 1
    harness.catch_up()
    assert harness.services.files.position() == position
    assert _views(harness) == before
