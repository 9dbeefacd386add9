"""Registering market subjects: identifiers, the admin override, duplicates, natural persons."""

from __future__ import annotations

import pytest

from tests.api.support import COMPANY, FAILING_USCC, PERSON_ID, USCC, problem_fields, register
from tests.conftest import Harness


def test_a_uscc_with_a_wrong_check_character_is_refused_naming_id(harness: Harness):
    provider = harness.key("provider")
    r = harness.client.post("/v1/subjects", json={**COMPANY, "id": FAILING_USCC}, headers=provider)
    assert r.status_code == 422
    assert problem_fields(r) == ["id"]


def test_an_admin_may_accept_a_failing_check_character_explicitly(harness: Harness):
    admin = harness.key("admin", org="资质中心")
    r = harness.client.post(
        "/v1/subjects",
        json={**COMPANY, "id": FAILING_USCC, "accept_failing_check": True},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    assert r.json()["uscc"] == FAILING_USCC
    harness.catch_up()
    file = harness.client.get(f"/v1/subjects/{FAILING_USCC}", headers=admin)
    assert file.status_code == 200
    assert file.json()["subject_id"] == r.json()["subject_id"]


def test_a_provider_may_not_accept_a_failing_check_character(harness: Harness):
    provider = harness.key("provider")
    r = harness.client.post(
        "/v1/subjects",
        json={**COMPANY, "id": FAILING_USCC, "accept_failing_check": True},
        headers=provider,
    )
    assert r.status_code == 403
    assert problem_fields(r) == ["accept_failing_check"]


def test_registering_the_same_uscc_twice_conflicts(harness: Harness):
    provider = harness.key("provider")
    first = register(harness, provider)
    again = harness.client.post("/v1/subjects", json=COMPANY, headers=provider)
    assert again.status_code == 409
    assert problem_fields(again) == ["id"]
    assert first["uscc"] == USCC


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "company"}, "kind"),
        ({"sectors": ["nuclear"]}, "sectors.0"),
        ({"sectors": []}, "sectors"),
        ({"region": "35020"}, "region"),
        ({"id_type": "passport"}, "id_type"),
        ({"name": ""}, "name"),
        ({"nickname": "x"}, "nickname"),
    ],
)
def test_an_invalid_registration_field_is_named(harness: Harness, change: dict, field: str):
    r = harness.client.post(
        "/v1/subjects", json={**COMPANY, **change}, headers=harness.key("provider")
    )
    assert r.status_code == 422
    assert field in problem_fields(r)


def test_a_resident_id_with_a_wrong_check_character_is_refused(harness: Harness):
    body = {
        "id_type": "resident_id",
        "id": PERSON_ID[:-1] + "1",
        "name": "王伟",
        "kind": "natural_person",
        "sectors": ["power"],
        "region": "110105",
    }
    r = harness.client.post("/v1/subjects", json=body, headers=harness.key("provider"))
    assert r.status_code == 422
    assert problem_fields(r) == ["id"]


def test_a_resident_id_must_register_a_natural_person(harness: Harness):
    body = {**COMPANY, "id_type": "resident_id", "id": PERSON_ID}
    r = harness.client.post("/v1/subjects", json=body, headers=harness.key("provider"))
    assert r.status_code == 422
    assert "kind" in problem_fields(r)


def test_a_natural_person_gets_a_subject_id_and_the_id_number_is_never_shown(harness: Harness):
    provider = harness.key("provider")
    auditor = harness.key("auditor", org="审计")
    body = {
        "id_type": "resident_id",
        "id": PERSON_ID,
        "name": "王伟明",
        "kind": "natural_person",
        "sectors": ["power"],
        "region": "110105",
    }
    r = harness.client.post("/v1/subjects", json=body, headers=provider)
    assert r.status_code == 201, r.text
    reply = r.json()
    assert reply["uscc"] is None
    subject_id = reply["subject_id"]
    assert PERSON_ID not in subject_id
    harness.catch_up()
    seen = [
        r.text,
        harness.client.get(f"/v1/subjects/{subject_id}", headers=provider).text,
        harness.client.get(f"/v1/subjects/{subject_id}", headers=auditor).text,
        harness.client.get(f"/v1/audit/subjects/{subject_id}/events", headers=auditor).text,
        harness.client.post("/v1/subjects", json=body, headers=provider).text,
    ]
    for text in seen:
        assert PERSON_ID not in text
    file = harness.client.get(f"/v1/subjects/{subject_id}", headers=provider).json()
    assert file["name"] != "王伟明"
