"""Credit repair (信用修复): eligibility, the reviewer's decisions, publicity ending, shielding."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from adapters.files.tables import list_entries, record_view
from tests.api.subject_rights_helpers import (
    PENALTY,
    USCC,
    add_record,
    listing_of,
    produce_listing,
    record_of,
    subject_with_penalty,
    upload,
)
from tests.conftest import Harness

RID = PENALTY["record_id"]


def test_repair_before_the_minimum_period_names_every_unmet_condition_and_the_date(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    min_until = date.fromisoformat(keys["record"]["publicity"]["min_until"])
    r = harness.client.post("/v1/me/repairs", json={"record_id": RID}, headers=keys["subject"])
    assert r.status_code == 422
    errors = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert set(errors) == {"min_period", "evidence", "commitment"}
    assert (min_until + timedelta(days=1)).isoformat() in errors["min_period"]


def test_a_non_repairable_finding_is_refused_by_rule(harness: Harness):
    keys = subject_with_penalty(harness)
    add_record(
        harness,
        keys["provider"],
        record_id="COURT-1",
        catalogue_code="court_judgment",
        tier="general",
        content={"court": "厦门市中级人民法院"},
    )
    harness.set_clock("2026-09-01T09:00:00+08:00")
    evidence = upload(harness, keys["subject"], b"judgment performed")
    r = harness.client.post(
        "/v1/me/repairs",
        json={"record_id": "COURT-1", "commitment": "守法经营", "evidence": [evidence]},
        headers=keys["subject"],
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["repairable"]


def test_an_approved_repair_ends_publicity_lifts_the_listing_and_as_of_before_still_shows_it(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    produce_listing(harness, "L-R", listed=True)
    harness.set_clock("2026-08-04T09:00:00+08:00")  # the day after min_until 2026-08-03
    evidence = upload(harness, keys["subject"], b"fine paid: bank receipt")
    r = harness.client.post(
        "/v1/me/repairs",
        json={"record_id": RID, "commitment": "本单位承诺依法合规经营", "evidence": [evidence]},
        headers=keys["subject"],
    )
    assert r.status_code == 201, r.text
    repair = r.json()
    assert repair["accept_by"] == "2026-08-07"  # 3 working days

    harness.catch_up()
    queue = harness.client.get("/v1/reviews", headers=keys["reviewer"]).json()
    assert [c["case_id"] for c in queue["repairs"]] == [repair["repair_id"]]
    url = f"/v1/repairs/{repair['repair_id']}/decision"
    accepted = harness.client.post(url, json={"action": "accept"}, headers=keys["reviewer"])
    assert accepted.json()["decide_by"] == "2026-08-13", accepted.text  # 7 working days

    harness.set_clock("2026-08-10T09:00:00+08:00")
    before_approval = datetime.fromisoformat("2026-08-10T08:00:00+08:00")
    approved = harness.client.post(
        url, json={"action": "approve", "reasons": "义务已履行"}, headers=keys["reviewer"]
    )
    assert approved.json()["status"] == "approved", approved.text
    harness.catch_up()

    agency = harness.key("agency", org="国家发展改革委")
    seen = harness.client.get(f"/v1/subjects/{USCC}", headers=agency).json()
    assert record_of(seen)["publicity"]["state"] == "ended"
    assert record_of(seen)["publicity"]["ended"] == {"reason": "repaired", "on": "2026-08-10"}
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert listing_of(me, "L-R")["status"] == "delisted"
    assert [c["kind"] for c in me["commitments"]] == ["repair"]
    with harness.services.engine.connect() as conn:
        row = conn.execute(select(record_view).where(record_view.c.record_id == RID)).one()
        entry = conn.execute(select(list_entries)).one()
    assert row.publicity_ended_reason == "repaired"
    assert (entry.status, entry.ended_reason) == ("delisted", "repaired")

    # as of an instant before the approval, the record was still public
    auditor = harness.key("auditor")
    events = harness.client.get(f"/v1/audit/subjects/{USCC}/events", headers=auditor).json()
    ended = [e for e in events if e["type"] == "PublicityEnded"]
    assert len(ended) == 1 and datetime.fromisoformat(ended[0]["recorded_at"]) > before_approval
    files = harness.services.files
    subject = None
    for event in files.events.get(files.subject_id_of(USCC)):
        if event.timestamp <= before_approval:
            subject = event.mutate(subject)
    assert subject is not None and subject.records[RID]["publicity_ended"] is None


def test_one_extension_of_ten_working_days_and_a_rejection_keeps_the_record_public(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    harness.set_clock("2026-08-04T09:00:00+08:00")
    evidence = upload(harness, keys["subject"], b"rectified")
    repair = harness.client.post(
        "/v1/me/repairs",
        json={"record_id": RID, "commitment": "承诺", "evidence": [evidence]},
        headers=keys["subject"],
    ).json()
    url = f"/v1/repairs/{repair['repair_id']}/decision"
    harness.client.post(url, json={"action": "accept"}, headers=keys["reviewer"])
    extended = harness.client.post(
        url, json={"action": "extend", "reasons": "案情复杂"}, headers=keys["reviewer"]
    )
    assert extended.json()["decide_by"] == "2026-08-27"  # 2026-08-13 + 10 working days
    again = harness.client.post(
        url, json={"action": "extend", "reasons": "再延"}, headers=keys["reviewer"]
    )
    assert again.status_code == 409
    rejected = harness.client.post(
        url, json={"action": "reject", "reasons": "整改未完成"}, headers=keys["reviewer"]
    )
    assert rejected.json()["status"] == "rejected"
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert record_of(me)["publicity"]["state"] == "public"
    assert me["repairs"][0]["reasons"] == "整改未完成"


def test_shielding_under_a_restructuring_plan_ends_publicity_with_a_statement(harness: Harness):
    keys = subject_with_penalty(harness)
    r = harness.client.post(
        f"/v1/records/{RID}:shield",
        json={"statement": "破产重整计划已获法院批准", "court_decision_no": "（2026）闽02破1号"},
        headers=keys["provider"],
    )
    assert r.status_code == 200, r.text
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    record = record_of(me)
    assert record["publicity"]["ended"]["reason"] == "shielded"
    assert record["shielded"]["statement"] == "破产重整计划已获法院批准"
    other = harness.key("provider", org="华东能源监管局")
    body = {"statement": "x", "court_decision_no": "y"}
    refused = harness.client.post(f"/v1/records/{RID}:shield", json=body, headers=other)
    assert refused.status_code == 403


def test_a_repaired_listing_is_removed_early(harness: Harness):
    keys = subject_with_penalty(harness)
    produce_listing(harness, "L-X", listed=True)
    harness.set_clock("2026-08-04T09:00:00+08:00")
    evidence = upload(harness, keys["subject"], b"all obligations performed")
    r = harness.client.post(
        "/v1/me/repairs",
        json={"listing_id": "L-X", "commitment": "承诺守信", "evidence": [evidence]},
        headers=keys["subject"],
    )
    assert r.status_code == 201, r.text
    url = f"/v1/repairs/{r.json()['repair_id']}/decision"
    harness.client.post(url, json={"action": "accept"}, headers=keys["reviewer"])
    harness.client.post(
        url, json={"action": "approve", "reasons": "同意"}, headers=keys["reviewer"]
    )
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert listing_of(me, "L-X")["ended"]["reason"] == "repaired"
