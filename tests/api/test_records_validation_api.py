"""Adding one record: every invalid input gets its status and names its field."""

from __future__ import annotations

import pytest

from tests.api.support import PENALTY, USCC, add, problem_fields, register
from tests.conftest import Harness


@pytest.fixture
def provider(harness: Harness) -> dict[str, str]:
    headers = harness.key("provider")
    register(harness, headers)
    return headers


def post(h: Harness, headers: dict[str, str], body: dict, uscc: str = USCC):
    return h.client.post(f"/v1/subjects/{uscc}/records", json=body, headers=headers)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"decided_on": "2026-13-01"}, "decided_on"),
        ({"decided_on": "yesterday"}, "decided_on"),
        ({"decided_on": "2026-06-02"}, "decided_on"),  # the clock stands at 2026-06-01
        ({"decided_on": "2001-01-01"}, "decided_on"),  # before every catalogue we hold
        ({"catalogue_code": "parking_fine"}, "catalogue_code"),
        ({"content": {}}, "content.penalty_type"),
        ({"legal_basis": None}, "legal_basis"),
        ({"tier": "grave"}, "tier"),
        ({"colour": "red"}, "colour"),
        ({"record_id": ""}, "record_id"),
    ],
)
def test_an_invalid_record_is_refused_naming_the_field(
    harness: Harness, provider: dict[str, str], change: dict, field: str
):
    r = post(harness, provider, {**PENALTY, **change})
    assert r.status_code == 422
    assert field in problem_fields(r)
    harness.catch_up()
    file = harness.client.get(f"/v1/subjects/{USCC}", headers=provider).json()
    assert file["records"] == []


def test_a_missing_required_field_is_named(harness: Harness, provider: dict[str, str]):
    body = {k: v for k, v in PENALTY.items() if k != "decided_on"}
    r = post(harness, provider, body)
    assert r.status_code == 422
    assert problem_fields(r) == ["decided_on"]


def test_a_record_for_an_unknown_subject_is_not_found(harness: Harness, provider: dict[str, str]):
    r = post(harness, provider, PENALTY, uscc="91440101MA5CJQ4N59")
    assert r.status_code == 404
    assert problem_fields(r) == ["id"]


def test_a_record_is_answered_with_its_publicity_window(harness: Harness, provider: dict[str, str]):
    reply = add(harness, provider)
    assert reply["record_id"] == PENALTY["record_id"]
    assert set(reply["publicity"]) == {"from", "min_until", "max_until"}
    assert reply["publicity"]["from"] == PENALTY["decided_on"]
    assert reply["publicity"]["min_until"] < reply["publicity"]["max_until"]


def test_the_same_record_again_is_200_and_a_different_body_409(
    harness: Harness, provider: dict[str, str]
):
    first = post(harness, provider, PENALTY)
    same = post(harness, provider, PENALTY)
    other = post(harness, provider, {**PENALTY, "decision_no": "国能监罚〔2026〕13号"})
    assert (first.status_code, same.status_code, other.status_code) == (201, 200, 409)
    assert same.json() == first.json()
    assert problem_fields(other) == ["record_id"]


def test_a_record_id_is_claimed_across_subjects(harness: Harness, provider: dict[str, str]):
    register(harness, provider, id="91440101MA5CJQ4N59", name="广州某电力有限公司")
    add(harness, provider)
    r = post(harness, provider, PENALTY, uscc="91440101MA5CJQ4N59")
    assert r.status_code == 409
    assert problem_fields(r) == ["record_id"]
