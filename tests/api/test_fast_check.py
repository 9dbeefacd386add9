"""The single check's short way (api/fast_check.py) answers exactly as the framework's way would:
same status, same headers that matter, same body (but for what differs between any two checks:
the check_id, the time, the signature), one check-log row each, the same request metrics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from adapters.audit.proof import verify_receipt
from adapters.joint.tables import check_log
from api.fast_check import FastCheck
from tests.api.joint_support import BLACK_USCC, CLEAR_USCC, add_serious_record, list_subject
from tests.api.joint_support import register as register_subject
from tests.api.test_metrics_api import scrape, value
from tests.conftest import Harness

VOLATILE = ("check_id",)


@contextmanager
def framework_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The short way declines every request: the framework answers all of them."""

    async def decline(*_: Any) -> bool:
        return False

    with monkeypatch.context() as m:
        m.setattr(FastCheck, "_answer", decline)
        yield


def _taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, request by request, whether the short way answered."""
    seen: list[bool] = []
    original = FastCheck._answer

    async def spy(self: FastCheck, *args: Any) -> bool:
        taken = await original(self, *args)
        seen.append(taken)
        return taken

    monkeypatch.setattr(FastCheck, "_answer", spy)
    return seen


def _logged(h: Harness) -> int:
    with h.services.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(check_log)).scalar_one())


def _comparable(r: Any) -> tuple[int, str | None, Any]:
    body = r.json()
    if isinstance(body, dict):
        for key in VOLATILE:
            body.pop(key, None)
        if "as_of" in body:
            body["as_of"].pop("time", None)
        if "receipt" in body:
            body["receipt"].pop("signature", None)
    return r.status_code, r.headers.get("content-type"), body


def _both(h: Harness, monkeypatch: pytest.MonkeyPatch, url: str, headers: dict[str, str]) -> Any:
    """The request the short way, then the framework's way: the same answer, one log row each."""
    before = _logged(h)
    short = h.client.get(url, headers=headers)
    with framework_only(monkeypatch):
        framework = h.client.get(url, headers=headers)
    assert _comparable(short) == _comparable(framework), url
    if short.status_code in (200, 404) and short.headers["content-type"].endswith("json"):
        # a check made (or an unknown subject asked for) is logged once, either way
        logged = _logged(h) - before
        assert logged == (2 if short.status_code == 200 or "UnknownSubject" in short.text else 0)
    return short


def warm_key(h: Harness, role: str = "agency", org: str = "国家能源局") -> dict[str, str]:
    """A new key, known to the key cache (as every key is after its first request)."""
    headers = h.key(role, org=org)
    h.services.keys.refresh()  # the revision its creation moved, seen now rather than by the poll
    h.client.get("/v1/measures", headers=headers)
    return headers


@pytest.fixture
def listed(harness: Harness) -> Harness:
    register_subject(harness, BLACK_USCC)
    add_serious_record(harness, BLACK_USCC, "NEA-FJ-2026-0001")
    list_subject(harness, BLACK_USCC, "black", "L-BLACK-1", ["NEA-FJ-2026-0001"])
    harness.catch_up()
    return harness


def test_a_plain_check_takes_the_short_way_on_postgresql_and_answers_as_the_route(
    listed: Harness, monkeypatch: pytest.MonkeyPatch
):
    taken = _taken(monkeypatch)
    agency = warm_key(listed)
    r = _both(listed, monkeypatch, f"/v1/checks/{BLACK_USCC}?matter=licensing", agency)
    assert r.status_code == 200
    assert r.json()["status"] == "black" and r.json()["measures"]
    key = listed.client.get("/v1/public/keys").json()["keys"][0]["public_key"]
    assert verify_receipt(r.json(), key)
    postgres = listed.services.checks.store.postgres
    assert taken[:1] == [postgres]  # SQLite's check runs in the threadpool: the route's way


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?matter=licensing",
        "?all_measures=true",
        "?all_measures=1&matter=subsidy",
        "?matter=licensing&all_measures=false",
        "?matter=Licensing",  # not a matter: 422 from the route
        "?matter=",
        "?matter=licensing&matter=subsidy",
        "?all_measures=yes",  # the route reads yes as true: the short way leaves it to it
        "?unknown=1",
        "?matter=licensing%00",
    ],
)
def test_every_query_is_answered_alike_whichever_way_it_goes(
    listed: Harness, monkeypatch: pytest.MonkeyPatch, query: str
):
    agency = warm_key(listed)
    _both(listed, monkeypatch, f"/v1/checks/{BLACK_USCC}{query}", agency)


def test_refs_keys_and_roles_are_answered_alike(listed: Harness, monkeypatch: pytest.MonkeyPatch):
    agency = warm_key(listed)
    subject_id = listed.client.get(f"/v1/checks/{BLACK_USCC}", headers=agency).json()["subject"][
        "subject_id"
    ]
    for ref in (subject_id, BLACK_USCC.lower(), CLEAR_USCC, "not-a-subject", "x" * 65):
        _both(listed, monkeypatch, f"/v1/checks/{ref}", agency)
    too_large = str(listed.services.settings.max_body_bytes + 1)
    for headers in (
        {**agency, "Content-Length": too_large},  # a body on a GET: the size limit judges it
        {},
        {"Authorization": "Bearer ce_0000000000000000_nope"},
        {"Authorization": "Basic abc"},
        warm_key(listed, "provider", "福建能源监管办"),
        warm_key(listed, "auditor", "审计"),
        warm_key(listed, "admin"),
    ):
        _both(listed, monkeypatch, f"/v1/checks/{BLACK_USCC}?matter=licensing", headers)


def test_an_unexpected_error_on_the_short_way_is_the_routes_problem(
    listed: Harness, monkeypatch: pytest.MonkeyPatch
):
    agency = warm_key(listed)

    async def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("boom")

    checks = listed.services.checks
    monkeypatch.setattr(type(checks), "check_one_async", broken)
    monkeypatch.setattr(type(checks), "check_one", lambda *_: (_ for _ in ()).throw(RuntimeError()))
    r = _both(listed, monkeypatch, f"/v1/checks/{BLACK_USCC}", agency)
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    again = listed.client.get(f"/v1/checks/{BLACK_USCC}", headers=agency)  # the connection serves
    assert again.status_code == 500


def test_short_checks_count_in_the_request_metrics_under_the_routes_template(
    listed: Harness, monkeypatch: pytest.MonkeyPatch
):
    agency = warm_key(listed)
    before = scrape(listed)
    taken = _taken(monkeypatch)
    for _ in range(3):
        assert listed.client.get(f"/v1/checks/{BLACK_USCC}", headers=agency).status_code == 200
    after = scrape(listed)
    labels = {"method": "GET", "route": "/v1/checks/{id}", "status": "200"}
    name = "credit_http_request_duration_seconds_count"
    assert value(after, name, **labels) - value(before, name, **labels) == 3
    postgres = listed.services.checks.store.postgres
    assert taken == [postgres] * 3


def test_generated_requests_get_one_answer_whichever_way(
    listed: Harness, monkeypatch: pytest.MonkeyPatch
):
    agency = warm_key(listed)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        parts=st.lists(
            st.sampled_from(
                [
                    "matter=licensing",
                    "matter=procurement",
                    "matter=bogus",
                    "matter=",
                    "all_measures=true",
                    "all_measures=0",
                    "all_measures=maybe",
                    "all_measures",
                    "x=1",
                    "",
                ]
            ),
            max_size=3,
        ),
        ref=st.sampled_from([BLACK_USCC, CLEAR_USCC, "91350200776049653a", "-", "a-b"]),
    )
    def one(parts: list[str], ref: str) -> None:
        query = "&".join(parts)
        _both(listed, monkeypatch, f"/v1/checks/{ref}" + (f"?{query}" if query else ""), agency)

    one()
