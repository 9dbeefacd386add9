"""Joint reward and punishment notices: one per agency per cause, exactly once, and lifted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from adapters.joint.tables import notices
from domain.decision import measures_by_agency
from tests.api.joint_support import (
    BLACK_USCC,
    add_serious_record,
    delist,
    list_subject,
    register,
)
from tests.conftest import Harness


def expected_black(h: Harness) -> dict[str, set[str]]:
    return expected(h, "black")


def expected(h: Harness, target: str) -> dict[str, set[str]]:
    catalogue = h.services.measures.in_force()
    return {
        agency: {m.measure_id for m in ms}
        for agency, ms in measures_by_agency(catalogue, target, "350200").items()
    }


def expected_count(h: Harness) -> int:
    """The black listing's notices, and the class-D notices its grade implies (a black-listed
    subject is class D: the grading policy records that, and D measures apply too)."""
    return len(expected(h, "black")) + len(expected(h, "D"))


def caused_by(notices_: list[dict], cause: str) -> list[dict]:
    return [n for n in notices_ if n["cause"] == cause]


def inbox(h: Harness, agency: str, after: str = "0") -> dict:
    r = h.client.get(f"/v1/notices?after={after}", headers=h.key("agency", org=agency))
    assert r.status_code == 200, r.text
    return r.json()


def count_notices(h: Harness) -> int:
    with h.services.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(notices)).scalar() or 0)


def black_listed(h: Harness) -> None:
    register(h, BLACK_USCC)
    add_serious_record(h, BLACK_USCC, "NEA-FJ-2026-0001")
    list_subject(h, BLACK_USCC, "black", "L-BLACK-1", ["NEA-FJ-2026-0001"])


def test_a_black_listing_sends_each_agency_exactly_the_measures_it_implies(harness: Harness):
    black_listed(harness)
    harness.catch_up()
    expected = expected_black(harness)
    assert "国家能源局福建监管办公室" in expected  # the subject's regional regulator
    assert "国家能源局华北监管局" not in expected  # another region's regulator gets nothing
    for agency, measure_ids in expected.items():
        got = caused_by(inbox(harness, agency)["notices"], "Listed")
        assert len(got) == 1, agency
        assert got[0]["type"] == "sanction"
        assert got[0]["listing_id"] == "L-BLACK-1"
        assert got[0]["subject"]["uscc"] == BLACK_USCC
        assert {m["measure_id"] for m in got[0]["measures"]} == measure_ids
        assert got[0]["feedback_due"] > got[0]["issued_at"][:10]
    assert inbox(harness, "国家能源局华北监管局")["notices"] == []
    assert count_notices(harness) == expected_count(harness)


def test_a_worker_killed_between_storing_and_committing_leaves_no_duplicate_and_no_gap(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
):
    black_listed(harness)
    projection = harness.services.runner.by_name("notices")
    original = projection.apply

    def store_then_die(conn, items):
        original(conn, items)  # the rows are written in the transaction...
        raise SystemExit("worker killed")  # ...and the process dies before the commit

    monkeypatch.setattr(projection, "apply", store_then_die)
    with pytest.raises(SystemExit):
        harness.services.runner.catch_up()
    assert count_notices(harness) == 0  # nothing half-stored, nothing delivered
    monkeypatch.setattr(projection, "apply", original)
    harness.catch_up()  # the restarted worker replays the page
    harness.catch_up()
    assert count_notices(harness) == expected_count(harness)
    assert [(n["type"], n["cause"]) for n in inbox(harness, "财政部")["notices"]] == [
        ("sanction", "Listed"),
        ("sanction", "Graded"),  # class D (MOF-D-01)
    ]


def test_delisting_lifts_at_the_agencies_that_were_told_and_the_check_becomes_clear(
    harness: Harness,
):
    black_listed(harness)
    harness.catch_up()
    sanctioned = set(expected_black(harness))
    cursor = {a: inbox(harness, a)["next"] for a in sanctioned}
    delist(harness, BLACK_USCC, "L-BLACK-1")
    harness.catch_up()
    for agency in sanctioned:
        page = caused_by(inbox(harness, agency, cursor[agency])["notices"], "Delisted")
        assert [(n["type"], n["listing_id"]) for n in page] == [("lift", "L-BLACK-1")]
    # off the black list the subject leaves class D too: its class notices are lifted as well
    assert count_notices(harness) == 2 * expected_count(harness)
    check = harness.client.get(
        f"/v1/checks/{BLACK_USCC}?matter=procurement", headers=harness.key("agency", org="财政部")
    )
    assert check.status_code == 200
    assert (check.json()["status"], check.json()["listings"]) == ("clear", [])


def test_a_red_listing_sends_incentive_notices(harness: Harness):
    register(harness, BLACK_USCC)
    list_subject(harness, BLACK_USCC, "red", "L-RED-1")
    harness.catch_up()
    got = caused_by(inbox(harness, "国家税务总局")["notices"], "Listed")
    assert [(n["type"], [m["measure_id"] for m in n["measures"]]) for n in got] == [
        ("incentive", ["STA-R-01"])
    ]


def test_feedback_closes_the_loop_and_statistics_count_issued_acknowledged_applied_overdue(
    harness: Harness,
):
    black_listed(harness)
    harness.catch_up()
    mof = harness.key("agency", org="财政部")
    [notice] = caused_by(inbox(harness, "财政部")["notices"], "Listed")
    answered = harness.client.post(
        f"/v1/notices/{notice['notice_id']}/feedback",
        json={"measure_id": "MOF-B-01", "applied": True, "outcome": "已拒绝其参加采购项目"},
        headers=mof,
    )
    assert answered.status_code == 201, answered.text
    wrong = harness.client.post(
        f"/v1/notices/{notice['notice_id']}/feedback",
        json={"measure_id": "NEA-B-01", "applied": True},
        headers=mof,
    )
    assert wrong.status_code == 422
    other = harness.client.post(
        f"/v1/notices/{notice['notice_id']}/feedback",
        json={"measure_id": "MOF-B-01", "applied": True},
        headers=harness.key("agency", org="国家税务总局"),
    )
    assert other.status_code == 403
    harness.set_clock("2026-08-01T09:00:00+08:00")  # past every feedback_due
    stats = harness.client.get("/v1/statistics/notices", headers=harness.key("auditor")).json()
    by_agency = {a["agency"]: a for a in stats["agencies"]}
    issued = expected_count(harness)
    assert stats["totals"] == {
        "issued": issued,
        "acknowledged": 1,
        "applied": 1,
        "overdue": issued - 1,
    }
    assert by_agency["财政部"]["measures"] == [
        {"measure_id": "MOF-B-01", "issued": 1, "acknowledged": 1, "applied": 1, "overdue": 0},
        {"measure_id": "MOF-D-01", "issued": 1, "acknowledged": 0, "applied": 0, "overdue": 1},
    ]
    assert by_agency["国家能源局"]["overdue"] == 2  # the black listing's and class D's
