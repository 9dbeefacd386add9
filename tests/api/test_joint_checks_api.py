"""The pre-approval check, the batch check, the check log and the measures catalogue."""

from __future__ import annotations

from domain.identifiers import ERASED
from tests.api import support
from tests.api.joint_support import (
    BLACK_USCC,
    CLEAR_USCC,
    RED_USCC,
    add_serious_record,
    list_subject,
    register,
    register_many,
)
from tests.conftest import Harness


def listed_world(h: Harness) -> None:
    register(h, BLACK_USCC)
    # a file the rulebook evaluates (old enough, an honour): class A, so the red listing stays
    support.register_established(
        h, {"id": RED_USCC, "name": "广州绿能有限公司", "region": "440100"}
    )
    register(h, CLEAR_USCC, name="深圳普通能源有限公司", region="440300")
    add_serious_record(h, BLACK_USCC, "NEA-FJ-2026-0001")
    list_subject(h, BLACK_USCC, "black", "L-BLACK-1", ["NEA-FJ-2026-0001"])
    list_subject(h, RED_USCC, "red", "L-RED-1")
    h.catch_up()


def test_a_check_answers_status_listings_and_the_position_it_answers_at(harness: Harness):
    listed_world(harness)
    r = harness.client.get(
        f"/v1/checks/{BLACK_USCC}?matter=licensing", headers=harness.key("agency", org="国家能源局")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["check_id"]
    assert body["subject"] == {
        "subject_id": str(harness.services.files.subject_id_of(BLACK_USCC)),
        "uscc": BLACK_USCC,
        "name": "厦门恒源电力有限公司",
    }
    assert body["status"] == "black"
    assert [(x["listing_id"], x["list"], x["basis_record_ids"]) for x in body["listings"]] == [
        ("L-BLACK-1", "black", ["NEA-FJ-2026-0001"])
    ]
    assert [m["measure_id"] for m in body["measures"]] == ["NEA-B-02"]
    assert body["objection_marks"] == []
    assert body["as_of"]["position"] == harness.services.files.position()
    by_id = harness.client.get(
        f"/v1/checks/{body['subject']['subject_id']}?matter=licensing",
        headers=harness.key("agency", org="国家能源局"),
    )
    assert by_id.json()["status"] == "black"


def test_a_bank_checking_for_financing_sees_financial_measures_and_all_measures_on_request(
    harness: Harness,
):
    listed_world(harness)
    for bank in ("中国人民银行", "国家金融监督管理总局"):
        key = harness.key("agency", org=bank)
        body = harness.client.get(f"/v1/checks/{BLACK_USCC}?matter=financing", headers=key).json()
        assert body["measures"], bank
        assert {(m["agency"], m["matter"]) for m in body["measures"]} == {(bank, "financing")}
    key = harness.key("agency", org="中国人民银行")
    every = harness.client.get(
        f"/v1/checks/{BLACK_USCC}?matter=financing&all_measures=true", headers=key
    ).json()
    matters = {m["matter"] for m in every["measures"]}
    assert {"procurement", "financing", "licensing"} <= matters
    # black-listed, so class D (the grading policy): the black list's and class D's measures
    assert {(m["list"], m["class"]) for m in every["measures"]} == {("black", None), (None, "D")}


def test_unknown_subjects_are_404_and_callers_other_than_agencies_are_refused(harness: Harness):
    listed_world(harness)
    agency = harness.key("agency", org="财政部")
    unknown = harness.client.get("/v1/checks/91350100M000100Y43?matter=procurement", headers=agency)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    provider = harness.client.get(
        f"/v1/checks/{BLACK_USCC}?matter=procurement", headers=harness.key("provider")
    )
    assert provider.status_code == 403
    no_matter = harness.client.get(f"/v1/checks/{BLACK_USCC}?matter=lunch", headers=agency)
    assert no_matter.status_code == 422


def test_a_natural_person_is_checked_by_subject_id_and_shown_masked(harness: Harness):
    r = harness.client.post(
        "/v1/subjects",
        json={
            "id_type": "resident_id",
            "id": "11010519491231002X",
            "name": "张三丰",
            "kind": "natural_person",
            "sectors": ["power"],
            "region": "110105",
        },
        headers=harness.key("provider"),
    )
    assert r.status_code == 201, r.text
    harness.catch_up()
    sid = r.json()["subject_id"]
    body = harness.client.get(
        f"/v1/checks/{sid}?matter=licensing", headers=harness.key("agency", org="国家能源局")
    ).json()
    assert body["subject"] == {"subject_id": sid, "uscc": None, "name": "张**"}
    assert body["status"] == "clear"
    erased = harness.client.post(
        f"/v1/admin/subjects/{sid}:erase",
        json={"reason": "公示期满，目的已实现"},
        headers=harness.key("admin"),
    )
    assert erased.status_code == 200, erased.text
    harness.catch_up()
    after = harness.client.get(
        f"/v1/checks/{sid}?matter=licensing", headers=harness.key("agency", org="国家能源局")
    ).json()
    assert after["subject"]["name"] == ERASED


def test_a_batch_of_10000_ids_answers_unknown_black_red_and_clear_in_one_call(harness: Harness):
    listed_world(harness)
    clear = register_many(harness, 2000)
    harness.catch_up()
    unknown = [f"9135020000000{i:04d}X" for i in range(7997)]
    ids = [BLACK_USCC, RED_USCC, CLEAR_USCC, *clear, *unknown]
    assert len(ids) == 10_000
    r = harness.client.post(
        "/v1/checks:batch",
        json={"ids": ids, "matter": "procurement"},
        headers=harness.key("agency", org="财政部"),
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert len(results) == 10_000
    statuses = [x["status"] for x in results]
    assert statuses[:3] == ["black", "red", "clear"]
    assert set(statuses[3:2003]) == {"clear"}
    assert set(statuses[2003:]) == {"unknown"}
    # black-listed and so class D: the black list's and class D's procurement measures
    assert [m["measure_id"] for m in results[0]["measures"]] == ["MOF-B-01", "MOF-D-01"]
    assert [m["measure_id"] for m in results[1]["measures"]] == ["MOF-R-01"]
    assert results[2]["measures"] == []
    too_many = harness.client.post(
        "/v1/checks:batch",
        json={"ids": ids + ["x"], "matter": "procurement"},
        headers=harness.key("agency", org="财政部"),
    )
    assert too_many.status_code == 422


def test_every_check_is_logged_and_the_subject_sees_who_checked_it(harness: Harness):
    listed_world(harness)
    mof = harness.key("agency", org="财政部")
    single = harness.client.get(f"/v1/checks/{BLACK_USCC}?matter=procurement", headers=mof).json()
    harness.set_clock("2026-06-02T10:00:00+08:00")
    batch = harness.client.post(
        "/v1/checks:batch",
        json={"ids": [BLACK_USCC, CLEAR_USCC], "matter": "bidding"},
        headers=harness.key("agency", org="国家发展和改革委员会"),
    ).json()
    harness.client.get(f"/v1/checks/{CLEAR_USCC}?matter=subsidy", headers=mof)
    auditor = harness.key("auditor")
    log = harness.client.get(f"/v1/audit/checks?subject={BLACK_USCC}", headers=auditor).json()
    assert [(c["check_id"], c["agency"], c["matter"], c["kind"]) for c in log["checks"]] == [
        (batch["check_id"], "国家发展和改革委员会", "bidding", "batch"),
        (single["check_id"], "财政部", "procurement", "single"),
    ]
    # the log keeps what the answer said, for a replay to compare (issue 7)
    assert single["status"] == "black"
    assert log["checks"][1]["answers"] == [
        {
            "subject_id": single["subject"]["subject_id"],
            "status": single["status"],
            "class": single["class"],
            "score": single["score"],
            "listing_ids": [i["listing_id"] for i in single["listings"]],
            "measure_ids": [m["measure_id"] for m in single["measures"]],
        }
    ]
    everything = harness.client.get("/v1/audit/checks", headers=auditor).json()["checks"]
    assert len(everything) == 3
    by_mof = harness.client.get("/v1/audit/checks?agency=财政部", headers=auditor).json()
    assert len(by_mof["checks"]) == 2
    since = harness.client.get(
        "/v1/audit/checks?since=2026-06-02T00:00:00%2B08:00", headers=auditor
    ).json()
    assert len(since["checks"]) == 2
    me = harness.client.get("/v1/me/checks", headers=harness.key("subject", subject=BLACK_USCC))
    assert me.status_code == 200
    assert me.json()["checks"] == [
        {"agency": "国家发展和改革委员会", "date": "2026-06-02", "matter": "bidding"},
        {"agency": "财政部", "date": "2026-06-01", "matter": "procurement"},
    ]
    assert harness.client.get("/v1/audit/checks", headers=mof).status_code == 403


def test_an_agency_gives_feedback_on_its_own_check_of_a_subject_in_it(harness: Harness):
    listed_world(harness)
    mof = harness.key("agency", org="财政部")
    check = harness.client.get(f"/v1/checks/{BLACK_USCC}?matter=procurement", headers=mof).json()
    body = {"subject": BLACK_USCC, "measure_id": "MOF-B-01", "applied": True, "outcome": "拒绝"}
    ok = harness.client.post(f"/v1/checks/{check['check_id']}/feedback", json=body, headers=mof)
    assert ok.status_code == 201, ok.text
    not_in_it = harness.client.post(
        f"/v1/checks/{check['check_id']}/feedback", json={**body, "subject": RED_USCC}, headers=mof
    )
    assert not_in_it.status_code == 422
    no_measure = harness.client.post(
        f"/v1/checks/{check['check_id']}/feedback",
        json={**body, "measure_id": "NOPE-1"},
        headers=mof,
    )
    assert no_measure.status_code == 422
    someone_else = harness.client.post(
        f"/v1/checks/{check['check_id']}/feedback",
        json=body,
        headers=harness.key("agency", org="国家税务总局"),
    )
    assert someone_else.status_code == 403
    missing = harness.client.post("/v1/checks/nope/feedback", json=body, headers=mof)
    assert missing.status_code == 404


def test_the_measures_in_force_are_listed_and_an_admin_publishes_a_new_version(harness: Harness):
    anyone = harness.key("subscriber", org="某银行")
    listed = harness.client.get("/v1/measures", headers=anyone).json()
    assert listed["version"] == "2026-01"
    assert len(listed["measures"]) >= 30
    assert {"measure_id", "agency", "list", "matter", "action", "legal_basis"} <= set(
        listed["measures"][0]
    )
    admin = harness.key("admin")
    version = {
        "version": "2026-07",
        "effective_from": "2026-07-01",
        "measures": [
            {
                "measure_id": "MOF-B-09",
                "list": "black",
                "agency": "财政部",
                "matter": "procurement",
                "stage": "pre_approval",
                "action": "禁止参加政府采购活动",
                "legal_basis": "《政府采购法》第二十二条",
                "duration": "三年",
            }
        ],
    }
    assert harness.client.post("/v1/admin/measures", json=version, headers=admin).status_code == 201
    again = harness.client.post("/v1/admin/measures", json=version, headers=admin)
    assert again.status_code == 409
    bad = harness.client.post(
        "/v1/admin/measures",
        json={
            **version,
            "version": "2026-08",
            "measures": [{**version["measures"][0], "matter": "x"}],
        },
        headers=admin,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "measures.matter"
    past = harness.client.post(
        "/v1/admin/measures",
        json={**version, "version": "2026-09", "effective_from": "2026-01-02"},
        headers=admin,
    )
    assert past.status_code == 422
    assert (
        harness.client.post("/v1/admin/measures", json=version, headers=anyone).status_code == 403
    )
    assert harness.client.get("/v1/measures", headers=anyone).json()["version"] == "2026-01"
    harness.set_clock("2026-07-01T09:00:00+08:00")
    after = harness.client.get("/v1/measures", headers=anyone).json()
    assert (after["version"], [m["measure_id"] for m in after["measures"]]) == (
        "2026-07",
        ["MOF-B-09"],
    )
