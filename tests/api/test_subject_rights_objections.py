"""Objections (异议): marks, the source unit's decision, lists following, holds, re-filing."""

from __future__ import annotations

from sqlalchemy import select

from adapters.files.tables import list_entries
from adapters.subject_rights.tables import objection_marks
from tests.api.subject_rights_helpers import (
    PENALTY,
    USCC,
    listing_of,
    produce_listing,
    record_of,
    subject_with_penalty,
    upload,
)
from tests.conftest import Harness

RID = PENALTY["record_id"]


def file_objection(h: Harness, keys: dict, evidence: list, **body) -> dict:
    payload = {
        "record_id": RID,
        "grounds": "error",
        "statement": "罚款已于处罚前缴清，记录有误",
        "evidence": evidence,
        **body,
    }
    r = h.client.post("/v1/me/objections", json=payload, headers=keys["subject"])
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_an_upheld_objection_marks_at_once_then_revokes_the_record_and_lifts_its_listing(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    produce_listing(harness, "L-1", listed=True)
    evidence = upload(harness, keys["subject"], b"%PDF bank receipt")
    filed = file_objection(harness, keys, [evidence])
    assert filed["due_by"] == "2026-06-15"  # 10 working days from Monday 2026-06-01

    # the mark shows at once, before any view has caught up
    seen = harness.client.get(f"/v1/subjects/{USCC}", headers=keys["provider"]).json()
    assert record_of(seen)["objection_mark"]["objection_id"] == filed["objection_id"]
    assert [m["objection_id"] for m in seen["objection_marks"]] == [filed["objection_id"]]
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert [m["objection_id"] for m in me["objection_marks"]] == [filed["objection_id"]]

    harness.catch_up()
    graded = harness.client.get(f"/v1/subjects/{USCC}", headers=keys["provider"]).json()
    assert (graded["status"], graded["class"], graded["grade"]["class"]) == ("black", "D", "D")
    queue = harness.client.get("/v1/reviews", headers=keys["reviewer"]).json()
    assert [c["case_id"] for c in queue["objections"]] == [filed["objection_id"]]
    assert queue["objections"][0]["overdue"] is False

    r = harness.client.post(
        f"/v1/objections/{filed['objection_id']}/decision",
        json={"outcome": "upheld", "reasons": "核实：罚款已缴清", "revoke": True},
        headers=keys["reviewer"],
    )
    assert r.status_code == 200, r.text
    harness.catch_up()

    seen = harness.client.get(f"/v1/subjects/{USCC}", headers=keys["provider"]).json()
    record = record_of(seen)
    assert (record["status"], record["publicity"]["state"]) == ("revoked", "revoked")
    assert record["objection_mark"] is None
    assert seen["objection_marks"] == [] and seen["status"] == "clear"
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert me["objection_marks"] == []
    assert listing_of(me, "L-1")["status"] == "delisted"
    with harness.services.engine.connect() as conn:
        entry = conn.execute(select(list_entries).where(list_entries.c.listing_id == "L-1")).one()
        mark = conn.execute(select(objection_marks)).one()
    assert (entry.status, entry.ended_reason) == ("delisted", "basis_revoked")
    assert mark.cleared_at is not None and mark.outcome == "upheld"
    assert harness.client.get("/v1/reviews", headers=keys["reviewer"]).json()["objections"] == []


def test_a_rejected_objection_clears_the_mark_keeps_the_record_and_tells_the_subject_why(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    filed = file_objection(harness, keys, [])
    r = harness.client.post(
        f"/v1/objections/{filed['objection_id']}/decision",
        json={"outcome": "rejected", "reasons": "处罚决定书与记录一致"},
        headers=keys["reviewer"],
    )
    assert r.status_code == 200, r.text
    harness.catch_up()

    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert me["objection_marks"] == []
    assert record_of(me)["status"] == "active"
    objection = me["objections"][0]
    assert (objection["status"], objection["reasons"]) == ("rejected", "处罚决定书与记录一致")
    feed = harness.client.get("/v1/me/notifications", headers=keys["subject"]).json()
    decided = [n for n in feed["notifications"] if n["kind"] == "case_decided"]
    assert decided[0]["data"]["reasons"] == "处罚决定书与记录一致"


def test_an_objection_inside_the_advance_notice_window_holds_the_listing_until_decided(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    produce_listing(harness, "L-2", listed=False, objection_deadline="2026-06-12")
    filed = file_objection(harness, keys, [])
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert listing_of(me, "L-2")["held_by"] == filed["objection_id"]

    harness.client.post(
        f"/v1/objections/{filed['objection_id']}/decision",
        json={"outcome": "rejected", "reasons": "无误"},
        headers=keys["reviewer"],
    )
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert listing_of(me, "L-2")["held_by"] is None


def test_one_open_objection_per_record_and_a_decided_one_comes_back_only_with_new_evidence(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    first = upload(harness, keys["subject"], b"first receipt")
    filed = file_objection(harness, keys, [first])
    again = harness.client.post(
        "/v1/me/objections",
        json={"record_id": RID, "grounds": "duplicate", "statement": "重复", "evidence": []},
        headers=keys["subject"],
    )
    assert again.status_code == 409
    harness.client.post(
        f"/v1/objections/{filed['objection_id']}/decision",
        json={"outcome": "rejected", "reasons": "无误"},
        headers=keys["reviewer"],
    )
    same = harness.client.post(
        "/v1/me/objections",
        json={"record_id": RID, "grounds": "error", "statement": "再次", "evidence": [first]},
        headers=keys["subject"],
    )
    assert same.status_code == 422
    assert same.json()["errors"][0]["field"] == "evidence"
    fresh = upload(harness, keys["subject"], b"a court ruling")
    assert file_objection(harness, keys, [first, fresh])["objection_id"]


def test_only_the_source_unit_or_an_administrator_decides_an_objection(harness: Harness):
    keys = subject_with_penalty(harness)
    filed = file_objection(harness, keys, [])
    stranger = harness.key("reviewer", org="华东能源监管局")
    body = {"outcome": "rejected", "reasons": "无误"}
    url = f"/v1/objections/{filed['objection_id']}/decision"
    assert harness.client.post(url, json=body, headers=stranger).status_code == 403
    assert harness.client.get("/v1/reviews", headers=stranger).json()["objections"] == []
    assert harness.client.post(url, json=body, headers=keys["admin"]).status_code == 200


def test_an_upheld_correction_changes_the_record_and_clears_the_mark(harness: Harness):
    keys = subject_with_penalty(harness)
    filed = file_objection(harness, keys, [], grounds="incomplete")
    r = harness.client.post(
        f"/v1/objections/{filed['objection_id']}/decision",
        json={
            "outcome": "upheld",
            "reasons": "补充罚款金额",
            "correction": {"content": {"fine": 50000}},
        },
        headers=keys["reviewer"],
    )
    assert r.status_code == 200, r.text
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    record = record_of(me)
    assert record["content"]["fine"] == 50000 and record["objection_mark"] is None
    assert me["objections"][0]["status"] == "upheld"


def test_an_upheld_objection_to_a_listing_proposal_cancels_it(harness: Harness):
    keys = subject_with_penalty(harness)
    produce_listing(harness, "L-P", listed=False, objection_deadline="2026-06-12")
    harness.catch_up()
    queue = harness.client.get("/v1/reviews", headers=keys["reviewer"]).json()
    assert [(p["listing_id"], p["due_by"]) for p in queue["listings"]] == [("L-P", "2026-06-12")]
    r = harness.client.post(
        "/v1/me/objections",
        json={"listing_id": "L-P", "grounds": "mismatch", "statement": "不符合列入条件"},
        headers=keys["subject"],
    )
    assert r.status_code == 201, r.text
    objection_id = r.json()["objection_id"]
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert listing_of(me, "L-P")["held_by"] == objection_id
    harness.client.post(
        f"/v1/objections/{objection_id}/decision",
        json={"outcome": "upheld", "reasons": "不符合列入条件"},
        headers=keys["reviewer"],
    )
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert listing_of(me, "L-P")["status"] == "cancelled"
    assert record_of(me)["status"] == "active"
