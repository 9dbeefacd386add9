"""Revoking and correcting a record: only its source unit or an administrator."""

from __future__ import annotations

import pytest

from tests.api.support import PENALTY, USCC, add, problem_fields, register
from tests.conftest import Harness

RID = PENALTY["record_id"]


@pytest.fixture
def provider(harness: Harness) -> dict[str, str]:
    headers = harness.key("provider", org="华北能源监管局")
    register(harness, headers)
    add(harness, headers)
    return headers


def revoke(h: Harness, headers: dict[str, str], rid: str = RID):
    return h.client.post(f"/v1/records/{rid}:revoke", json={"reason": "撤销"}, headers=headers)


def correct(h: Harness, headers: dict[str, str], changes: dict, rid: str = RID):
    return h.client.post(
        f"/v1/records/{rid}:correct",
        json={"changes": changes, "reason": "更正"},
        headers=headers,
    )


def the_record(h: Harness, headers: dict[str, str]) -> dict:
    h.catch_up()
    file = h.client.get(f"/v1/subjects/{USCC}", headers=headers).json()
    return next(r for r in file["records"] if r["record_id"] == RID)


def test_another_units_provider_cannot_revoke_or_correct(
    harness: Harness, provider: dict[str, str]
):
    stranger = harness.key("provider", org="南方能源监管局")
    r = revoke(harness, stranger)
    c = correct(harness, stranger, {"summary": "x"})
    assert (r.status_code, c.status_code) == (403, 403)
    assert problem_fields(r) == ["record_id"]
    assert the_record(harness, provider)["status"] == "active"


def test_the_source_unit_revokes_once_and_publicity_ends(
    harness: Harness, provider: dict[str, str]
):
    first = revoke(harness, provider)
    second = revoke(harness, provider)
    assert (first.status_code, second.status_code) == (200, 409)
    assert problem_fields(second) == ["record_id"]
    record = the_record(harness, provider)
    assert record["status"] == "revoked"
    assert record["publicity"]["state"] == "revoked"
    assert record["publicity"]["ended"]["reason"] == "revoked"


def test_an_admin_may_revoke_any_units_record(harness: Harness, provider: dict[str, str]):
    r = revoke(harness, harness.key("admin", org="资质中心"))
    assert r.status_code == 200
    assert the_record(harness, provider)["status"] == "revoked"


def test_an_unknown_record_is_not_found(harness: Harness, provider: dict[str, str]):
    r = revoke(harness, provider, rid="NO-SUCH-RECORD")
    c = correct(harness, provider, {"summary": "x"}, rid="NO-SUCH-RECORD")
    assert (r.status_code, c.status_code) == (404, 404)
    assert problem_fields(r) == ["record_id"]


def test_a_reason_is_required(harness: Harness, provider: dict[str, str]):
    r = harness.client.post(f"/v1/records/{RID}:revoke", json={}, headers=provider)
    assert r.status_code == 422
    assert problem_fields(r) == ["reason"]


def test_correcting_the_decision_date_moves_the_publicity_window(
    harness: Harness, provider: dict[str, str]
):
    before = the_record(harness, provider)["publicity"]
    r = correct(harness, provider, {"decided_on": "2026-03-02"})
    assert r.status_code == 200, r.text
    after = the_record(harness, provider)
    assert after["decided_on"] == "2026-03-02"
    assert after["publicity"]["from"] == "2026-03-02"
    assert after["publicity"]["min_until"] < before["min_until"]
    assert after["publicity"]["max_until"] < before["max_until"]
    view = harness.services.engine.connect()
    with view:
        from sqlalchemy import select

        from adapters.files.tables import record_view

        row = view.execute(select(record_view).where(record_view.c.record_id == RID)).one()
    assert row.publicity_from.isoformat() == "2026-03-02"
    assert row.max_until.isoformat() == after["publicity"]["max_until"]


def test_a_correction_naming_an_unknown_field_or_a_future_date_is_refused(
    harness: Harness, provider: dict[str, str]
):
    unknown = correct(harness, provider, {"colour": "red"})
    future = correct(harness, provider, {"decided_on": "2027-01-01"})
    assert (unknown.status_code, future.status_code) == (422, 422)
    assert problem_fields(unknown) == ["changes.colour"]
    assert problem_fields(future) == ["decided_on"]


def test_a_revoked_record_cannot_be_corrected(harness: Harness, provider: dict[str, str]):
    revoke(harness, provider)
    r = correct(harness, provider, {"summary": "x"})
    assert r.status_code == 409
