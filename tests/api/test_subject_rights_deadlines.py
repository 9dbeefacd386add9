"""Review deadlines: overdue cases escalate once, reviewers see them, statistics count them;
subjects are reminded of their own windows."""

from __future__ import annotations

from tests.api.subject_rights_helpers import PENALTY, produce_listing, subject_with_penalty
from tests.conftest import Harness

RID = PENALTY["record_id"]


def test_a_review_left_past_its_deadline_is_overdue_escalated_once_and_counted(harness: Harness):
    keys = subject_with_penalty(harness)
    filed = harness.client.post(
        "/v1/me/objections",
        json={"record_id": RID, "grounds": "mismatch", "statement": "与决定书不符"},
        headers=keys["subject"],
    ).json()
    assert filed["due_by"] == "2026-06-15"
    harness.set_clock("2026-06-16T09:00:00+08:00")
    for _ in range(2):  # the sweep runs twice: still one escalation
        r = harness.client.post("/v1/admin/sweeps:run", headers=keys["admin"])
        assert r.status_code == 200, r.text
    harness.catch_up()

    queue = harness.client.get("/v1/reviews", headers=keys["reviewer"]).json()
    case = queue["objections"][0]
    assert (case["case_id"], case["overdue"], case["escalated"]) == (
        filed["objection_id"],
        True,
        True,
    )
    admin_queue = harness.client.get("/v1/reviews", headers=keys["admin"]).json()
    assert admin_queue["objections"][0]["escalated"] is True

    stats = harness.client.get("/v1/statistics/reviews", headers=harness.key("auditor"))
    assert stats.status_code == 200
    unit = stats.json()["units"][0]
    assert (unit["unit"], unit["open"], unit["overdue"], unit["escalated"]) == (
        "国家能源局市场监管司",
        1,
        1,
        1,
    )
    events = harness.client.get(
        f"/v1/audit/subjects/{keys['record']['subject_id']}/events", headers=keys["admin"]
    ).json()
    assert [e["type"] for e in events].count("ReviewEscalated") == 1

    harness.client.post(
        f"/v1/objections/{filed['objection_id']}/decision",
        json={"outcome": "rejected", "reasons": "无误"},
        headers=keys["reviewer"],
    )
    harness.catch_up()
    totals = harness.client.get("/v1/statistics/reviews", headers=keys["admin"]).json()["totals"]
    assert (totals["open"], totals["decided"], totals["decided_late"], totals["escalated"]) == (
        0,
        1,
        1,
        1,
    )
    assert harness.client.get("/v1/statistics/reviews", headers=keys["reviewer"]).status_code == 403


def test_a_repair_not_accepted_within_three_working_days_escalates(harness: Harness):
    keys = subject_with_penalty(harness)
    harness.set_clock("2026-08-04T09:00:00+08:00")
    evidence = harness.client.post(
        "/v1/me/evidence?name=receipt.txt", content=b"paid", headers=keys["subject"]
    ).json()["evidence_id"]
    repair = harness.client.post(
        "/v1/me/repairs",
        json={"record_id": RID, "commitment": "承诺", "evidence": [evidence]},
        headers=keys["subject"],
    ).json()
    harness.set_clock("2026-08-10T09:00:00+08:00")  # accept_by 2026-08-07 has passed
    harness.client.post("/v1/admin/sweeps:run", headers=keys["admin"])
    harness.catch_up()
    case = harness.client.get("/v1/reviews", headers=keys["reviewer"]).json()["repairs"][0]
    assert (case["case_id"], case["stage"], case["overdue"], case["escalated"]) == (
        repair["repair_id"],
        "requested",
        True,
        True,
    )
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert me["open_cases"][0]["overdue"] is True


def test_the_subject_is_told_before_its_window_to_object_closes(harness: Harness):
    keys = subject_with_penalty(harness)
    produce_listing(harness, "L-W", listed=False, objection_deadline="2026-06-03")
    harness.client.post("/v1/admin/sweeps:run", headers=keys["admin"])
    harness.client.post("/v1/admin/sweeps:run", headers=keys["admin"])
    harness.catch_up()
    feed = harness.client.get("/v1/me/notifications", headers=keys["subject"]).json()
    kinds = [n["kind"] for n in feed["notifications"]]
    assert kinds == ["record_added", "listing_proposed", "deadline_approaching"]
    reminder = feed["notifications"][-1]
    assert reminder["data"] == {
        "topic": "objection_window",
        "ref_id": "L-W",
        "deadline": "2026-06-03",
    }
    later = harness.client.get(
        f"/v1/me/notifications?after={feed['next']}", headers=keys["subject"]
    ).json()
    assert later["notifications"] == []
