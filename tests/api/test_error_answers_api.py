"""Every error answer is a problem: an unexpected one 500, the database unreachable 503 with
Retry-After; and a path's methods are named right (no route shadows another's)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from adapters.core.settings import Settings
from api.bootstrap import bootstrap
from api.main import create_app
from tests.api.support import problem_fields
from tests.conftest import Harness


def failing_measures(harness: Harness, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def fail(*_: Any, **__: Any) -> Any:
        raise error

    monkeypatch.setattr(harness.services.measures, "in_force", fail)


def test_an_unexpected_error_is_a_500_problem(
    sqlite_harness: Harness, monkeypatch: pytest.MonkeyPatch
):
    h = sqlite_harness
    failing_measures(h, monkeypatch, RuntimeError("a bug"))
    r = h.client.get("/v1/measures", headers=h.key("agency"))
    assert r.status_code == 500
    problem_fields(r)
    assert "a bug" not in r.text  # the cause is logged, not shown


def test_the_database_unreachable_is_a_503_problem_with_retry_after(
    sqlite_harness: Harness, monkeypatch: pytest.MonkeyPatch
):
    h = sqlite_harness
    lost = OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
    failing_measures(h, monkeypatch, lost)
    r = h.client.get("/v1/measures", headers=h.key("agency"))
    assert r.status_code == 503
    problem_fields(r)
    assert int(r.headers["retry-after"]) > 0


def test_an_id_route_does_not_shadow_the_colon_actions_beside_it(sqlite_harness: Harness):
    h = sqlite_harness
    bank = h.key("subscriber", org="厦门银行")
    action = h.client.options("/v1/subscriptions/abc:pause", headers=bank)
    assert action.status_code == 405
    assert action.headers["allow"] == "POST"
    assert h.client.get("/v1/subscriptions/abc:pause", headers=bank).headers["allow"] == "POST"
    plain = h.client.options("/v1/subscriptions/abc", headers=bank)
    assert set(plain.headers["allow"].split(", ")) == {"DELETE", "GET"}
    assert h.client.post("/v1/subscriptions/abc:pause", headers=bank).status_code == 404


def test_a_json_body_over_the_limit_without_a_length_is_413_not_500(
    sqlite_settings: Settings,
):
    """The input policy reads JSON bodies whole: the size limit still answers (413)."""
    small = sqlite_settings.model_copy(update={"max_body_bytes": 1000})
    services = bootstrap(small)
    try:
        key = {"Authorization": f"Bearer {services.keys.create('provider', '华北能源监管局')}"}

        def chunks() -> Iterator[bytes]:
            for _ in range(10):
                yield b'{"name": "' + b"x" * 500 + b'"}'

        with TestClient(create_app(small, services=services)) as client:
            r = client.post(
                "/v1/subjects",
                content=chunks(),
                headers={**key, "Content-Type": "application/json"},
            )
        assert r.status_code == 413
        assert problem_fields(r) == ["body"]
    finally:
        services.close()
