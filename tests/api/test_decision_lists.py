"""Issue 13, findings 1-5: what applies to a subject is one decision, in every output.

Each test states the rule of one finding and acts through HTTP, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from tests.api import support
from tests.api.decision_support import (
    BEIJING,
    FUJIAN,
    UNIT,
    check,
    inbox,
    register,
    serious,
    sweep,
)
from tests.conftest import Harness

NORTH_CHINA = "国家能源局华北监管局"  # regions 11, 12, 13
FUJIAN_OFFICE = "国家能源局福建监管办公室"  # region 35


def test_finding_1_a_regional_measure_applies_only_in_its_regions_in_checks_as_in_notices(
    harness: Harness,
):
    register(harness, FUJIAN, region="350200")
    register(harness, BEIJING, region="110105", name="北京京能电力有限公司")
    serious(harness, FUJIAN, "NEA-FJ-2026-101")
    serious(harness, BEIJING, "NEA-NB-2026-101")
    harness.catch_up()
    sweep(harness, "2026-06-16T09:00:00+08:00")  # the advance-notice window closed: listed
    fujian = check(harness, FUJIAN, NORTH_CHINA, "market_access")
    beijing = check(harness, BEIJING, NORTH_CHINA, "market_access")
    assert (fujian["status"], fujian["measures"]) == ("black", [])
    assert [m["measure_id"] for m in beijing["measures"]] == ["NEA-NB-B-01"]
    every = check(harness, FUJIAN, all_measures="true")
    ids = {m["measure_id"] for m in every["measures"]}
    assert "NEA-FJ-B-01" in ids and not ids & {"NEA-NB-B-01", "NEA-NB-F-01", "NEA-HD-B-01"}
    assert check(harness, FUJIAN, FUJIAN_OFFICE)["measures"][0]["measure_id"] == "NEA-FJ-B-01"
    # the notices name exactly the measures the check names, agency by agency
    for agency in sorted({m["agency"] for m in every["measures"]} | {NORTH_CHINA}):
        noticed = {
            m["measure_id"]
            for n in inbox(harness, agency)
            if n["subject"]["uscc"] == FUJIAN and n["type"] == "sanction"
            for m in n["measures"]
        }
        assert noticed == {m["measure_id"] for m in check(harness, FUJIAN, agency)["measures"]}


def test_finding_2_the_service_day_is_beijings_not_the_utc_day(harness: Harness):
    register(harness, FUJIAN)
    harness.set_clock("2026-06-02T07:30:00+08:00")  # still 1 June in UTC
    r = harness.client.post(
        f"/v1/subjects/{FUJIAN}/records",
        json={**support.PENALTY, "record_id": "NEA-FJ-2026-201", "decided_on": "2026-06-02"},
        headers=harness.key("provider"),
    )
    assert r.status_code == 201, r.text  # decided today, Beijing time: not "in the future"
    me = harness.client.get("/v1/me", headers=harness.key("subject", subject=FUJIAN)).json()
    assert me["as_of"] == "2026-06-02"


def _breached_focus(h: Harness) -> None:
    """A subject on the focus list from 2026-06-01 for a breached commitment (3 months to
    rectify, none set: escalates to a black proposal on 2026-09-17)."""
    register(h, FUJIAN)
    me = h.key("subject", subject=FUJIAN)
    made = h.client.post(
        "/v1/me/commitments", json={"kind": "general", "text": "依法诚信经营"}, headers=me
    )
    assert made.status_code == 201, made.text
    body = {
        "record_id": "NEA-FJ-2026-B01",
        "catalogue_code": "commitment_breach",
        "decided_on": "2026-06-01",
        "summary": "未履行信用承诺",
        "content": {"commitment_type": "general", "commitment_id": made.json()["commitment_id"]},
    }
    r = h.client.post(f"/v1/subjects/{FUJIAN}/records", json=body, headers=h.key("provider"))
    assert r.status_code == 201, r.text
    h.catch_up()
    sweep(h, "2026-06-16T09:00:00+08:00")


def test_finding_3_escalation_keeps_the_focus_listing_until_the_black_one_takes_effect(
    harness: Harness,
):
    _breached_focus(harness)
    sweep(harness, "2026-09-17T09:00:00+08:00")  # not rectified: the black listing is proposed
    during = check(harness, FUJIAN)
    assert during["status"] == "focus"  # never clear while the focus listing is being replaced
    assert [item["list"] for item in during["listings"]] == ["focus"]
    # the 10th working day: Sunday 20 September is a make-up working day, 25-27 September and
    # 1-7 October are holidays
    sweep(harness, "2026-10-08T09:00:00+08:00")
    assert check(harness, FUJIAN)["status"] == "focus"
    sweep(harness, "2026-10-09T09:00:00+08:00")  # the window closed: listed black
    after = check(harness, FUJIAN)
    assert (after["status"], [i["list"] for i in after["listings"]]) == ("black", ["black"])
    file = harness.client.get(f"/v1/subjects/{FUJIAN}", headers=harness.key("admin")).json()
    focus = next(i for i in file["listings"] if i["list"] == "focus")
    assert focus["ended"] == {"reason": "escalated", "on": "2026-10-09"}


def test_finding_3_a_cancelled_escalation_leaves_the_focus_listing_in_force(harness: Harness):
    _breached_focus(harness)
    sweep(harness, "2026-09-17T09:00:00+08:00")
    file = harness.client.get(f"/v1/subjects/{FUJIAN}", headers=harness.key("admin")).json()
    black = next(i for i in file["listings"] if i["list"] == "black")
    r = harness.client.post(
        f"/v1/listings/{black['listing_id']}/decision",
        json={"action": "cancel", "reasons": "已整改"},
        headers=harness.key("reviewer", org=UNIT),
    )
    assert r.status_code == 200, r.text
    sweep(harness, "2026-10-12T09:00:00+08:00")
    assert check(harness, FUJIAN)["status"] == "focus"


def test_finding_4_no_red_listing_within_the_look_back_after_a_black_delisting(
    harness: Harness,
):
    # an evaluated file (opened 2025, an honour) with a serious penalty more than 12 months old
    support.register_established(harness, {"id": FUJIAN})
    serious(harness, FUJIAN, "NEA-FJ-2025-401", decided_on="2025-05-01")
    harness.catch_up()
    sweep(harness, "2026-06-16T09:00:00+08:00")
    assert check(harness, FUJIAN)["status"] == "black"
    me = harness.key("subject", subject=FUJIAN)
    evidence = harness.client.post(
        "/v1/me/evidence", params={"name": "receipt.pdf"}, content=b"fine paid", headers=me
    ).json()["evidence_id"]
    repair = harness.client.post(
        "/v1/me/repairs",
        json={"record_id": "NEA-FJ-2025-401", "commitment": "依法经营", "evidence": [evidence]},
        headers=me,
    )
    assert repair.status_code == 201, repair.text
    url = f"/v1/repairs/{repair.json()['repair_id']}/decision"
    reviewer = harness.key("reviewer", org=UNIT)
    assert harness.client.post(url, json={"action": "accept"}, headers=reviewer).status_code == 200
    approved = harness.client.post(
        url, json={"action": "approve", "reasons": "义务已履行"}, headers=reviewer
    )
    assert approved.status_code == 200, approved.text
    harness.catch_up()
    sweep(harness, "2026-06-19T09:00:00+08:00")  # three days later: class A again
    after = check(harness, FUJIAN)
    assert (after["status"], after["class"]) == ("clear", "A")  # not red: 36 months' look-back
    # the repair commitment is a condition of the repair, not a kept commitment: no points
    file = harness.client.get(f"/v1/subjects/{FUJIAN}", headers=harness.key("admin")).json()
    assert [c["kind"] for c in file["commitments"]] == ["repair"]
    assert not [e for e in file["grade"]["explanation"] if e["rule"] == "positive.commitment_kept"]
    assert after["score"] == 93.0  # 90 + an honour's 3, nothing for the repair commitment


def test_finding_5_a_new_file_is_not_yet_evaluated_and_earns_no_incentive(harness: Harness):
    register(harness, FUJIAN)
    harness.catch_up()
    answer = check(harness, FUJIAN, all_measures="true")
    assert (answer["class"], answer["score"], answer["measures"]) == (None, None, [])
    assert answer["unrated_reason"].startswith("not yet evaluated")
    for agency in ("国家能源局", "国家金融监督管理总局", "国家税务总局"):  # class-A measures
        assert inbox(harness, agency) == []
    public = harness.client.get(f"/v1/public/subjects/{FUJIAN}").json()
    assert (public["class"], public["status"]) == (None, "clear")
    page = harness.client.get(f"/subjects/{FUJIAN}")
    assert "未评价" in page.text
    grades = harness.client.get("/grades")
    assert "未评价" in grades.text  # the statistics count it apart from the classes
    assert harness.services.portal.grade_distribution()["unrated"] == 1
    sweep(harness, "2027-06-02T09:00:00+08:00")  # 12 months without any record: still unrated
    later = check(harness, FUJIAN)
    assert (later["status"], later["class"]) == ("clear", None)
