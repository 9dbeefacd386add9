"""Commitments, reviewers' decisions, revocation, escalation, the red list and inspection draws."""

from __future__ import annotations

from domain.supervision import draw_sample
from tests.api import support
from tests.api.grades.conftest import PROVIDER_ORG, USCC, file_of, penalty, register, sweep
from tests.conftest import Harness

OTHER = "91440101MA5CJQ4N59"


def _breach(h: Harness, provider: dict[str, str], commitment_id: str) -> None:
    body = {
        "record_id": "NEA-FJ-2026-B01",
        "catalogue_code": "commitment_breach",
        "decided_on": "2026-06-01",
        "summary": "未履行信用承诺",
        "content": {"commitment_type": "general", "commitment_id": commitment_id},
    }
    r = h.client.post(f"/v1/subjects/{USCC}/records", json=body, headers=provider)
    assert r.status_code == 201, r.text


def test_a_breached_commitment_lowers_the_grade_and_proposes_the_focus_list(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    me = harness.key("subject", subject=USCC)
    r = harness.client.post(
        "/v1/me/commitments", json={"kind": "general", "text": "依法诚信经营"}, headers=me
    )
    assert r.status_code == 201, r.text
    commitment_id = r.json()["commitment_id"]
    harness.catch_up()
    assert file_of(harness, admin)["grade"]["score"] == 91.0  # a kept commitment counts +1
    _breach(harness, provider, commitment_id)
    harness.catch_up()
    after = file_of(harness, admin)
    assert after["commitments"][0]["status"] == "breached"
    assert (after["score"], after["class"]) == (70.0, "B")
    [listing] = after["listings"]
    assert (listing["list"], listing["rule_id"]) == ("focus", "focus.commitment_breach")


def test_an_access_commitment_is_made_with_the_registration(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider, commitment={"text": "承诺所报信息真实准确"})
    [item] = file_of(harness, admin)["commitments"]
    assert (item["kind"], item["status"]) == ("access", "kept")


def test_an_unrectified_focus_listing_escalates_to_a_black_proposal_and_stays_listed(
    harness: Harness,
):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    me = harness.key("subject", subject=USCC)
    cid = harness.client.post(
        "/v1/me/commitments", json={"kind": "general", "text": "依法诚信经营"}, headers=me
    ).json()["commitment_id"]
    _breach(harness, provider, cid)
    harness.catch_up()
    sweep(harness, admin, "2026-06-16T09:00:00+08:00")
    assert file_of(harness, admin)["status"] == "focus"
    sweep(harness, admin, "2026-09-16T09:00:00+08:00")  # 3 months: the last day to rectify
    assert file_of(harness, admin)["status"] == "focus"
    sweep(harness, admin, "2026-09-17T09:00:00+08:00")
    after = file_of(harness, admin)
    listings = {item["list"]: item for item in after["listings"]}
    assert (listings["focus"]["status"], after["status"]) == ("listed", "focus")
    assert (listings["black"]["status"], listings["black"]["rule_id"]) == (
        "proposed",
        "black.escalation",
    )
    assert listings["black"]["replaces"] == listings["focus"]["listing_id"]


def test_revoking_the_basis_record_delists_the_subject(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    penalty(harness, provider, "NEA-FJ-2026-010", "serious", "2026-05-20")
    harness.catch_up()
    sweep(harness, admin, "2026-06-16T09:00:00+08:00")
    assert file_of(harness, admin)["class"] == "D"
    r = harness.client.post(
        "/v1/records/NEA-FJ-2026-010:revoke", json={"reason": "决定被撤销"}, headers=provider
    )
    assert r.status_code == 200, r.text
    harness.catch_up()
    after = file_of(harness, admin)
    assert after["listings"][0]["ended"]["reason"] == "basis_revoked"
    assert (after["status"], after["class"], after["grade"]["score"]) == ("clear", None, 90.0)


def test_a_reviewer_of_the_source_unit_may_cancel_but_not_cut_the_window_short(
    harness: Harness,
):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    penalty(harness, provider, "NEA-FJ-2026-011", "serious", "2026-05-20")
    harness.catch_up()
    listing_id = file_of(harness, admin)["listings"][0]["listing_id"]
    url = f"/v1/listings/{listing_id}/decision"
    stranger = harness.key("reviewer", org="国家能源局山东监管办")
    reviewer = harness.key("reviewer", org=PROVIDER_ORG)
    assert (
        harness.client.post(
            url, json={"action": "cancel", "reasons": "x"}, headers=stranger
        ).status_code
        == 403
    )
    early = harness.client.post(url, json={"action": "confirm", "reasons": "x"}, headers=reviewer)
    assert early.status_code == 409
    r = harness.client.post(url, json={"action": "cancel", "reasons": "事实不清"}, headers=reviewer)
    assert (r.status_code, r.json()["status"]) == (200, "cancelled")
    sweep(harness, admin, "2026-06-16T09:00:00+08:00")
    after = file_of(harness, admin)
    assert after["listings"][0]["status"] == "cancelled"
    assert (after["status"], after["class"]) == ("clear", "C")


def test_a_clean_class_a_subject_joins_the_red_list_after_the_clean_period(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    register(harness, provider)
    r = harness.client.post(
        f"/v1/subjects/{USCC}/records",
        json={**support.HONOUR, "record_id": "HON-1", "decided_on": "2026-05-30"},
        headers=provider,
    )
    assert r.status_code == 201, r.text
    harness.catch_up()
    sweep(harness, admin, "2027-05-31T09:00:00+08:00")
    assert file_of(harness, admin)["status"] == "clear"
    sweep(harness, admin, "2027-06-01T09:00:00+08:00")
    after = file_of(harness, admin)
    assert (after["status"], after["class"], after["score"]) == ("red", "A", 98.0)


def test_an_inspection_draw_is_reproducible_from_its_recorded_inputs(harness: Harness):
    provider, admin = harness.key("provider", org=PROVIDER_ORG), harness.key("admin")
    auditor = harness.key("auditor")
    register(harness, provider)
    register(harness, provider, uscc=OTHER)
    penalty(harness, provider, "NEA-FJ-2026-012", "serious", "2026-05-20")
    harness.catch_up()
    body = {"sector": "new_energy", "region": "3502", "seed": "2026-Q3"}
    first = harness.client.post("/v1/inspections:draw", json=body, headers=admin)
    again = harness.client.post("/v1/inspections:draw", json=body, headers=admin)
    assert first.status_code == 201, first.text
    assert first.json()["sample"] == again.json()["sample"]
    # the clean new file is not yet evaluated: it is in no class's population
    assert first.json()["population"] == {"A": 0, "B": 0, "C": 1, "D": 0}
    assert sum(len(v) for v in first.json()["sample"].values()) == 1  # ceil(30%)
    recorded = harness.client.get(
        f"/v1/inspections/{first.json()['draw_id']}", headers=auditor
    ).json()
    redrawn = draw_sample(recorded["population_ids"], recorded["ratios"], recorded["seed"])
    assert redrawn == recorded["sample"] == first.json()["sample"]
