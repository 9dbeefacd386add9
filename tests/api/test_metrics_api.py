"""/metrics: the Prometheus text format, moving with traffic, loopback only unless configured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.bootstrap import bootstrap
from api.main import create_app
from tests.api.support import COMPANY, USCC, register
from tests.conftest import Harness, make_settings

LOOPBACK = ("127.0.0.1", 50000)


def scrape(h: Harness) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, as seen from loopback: (name, sorted labels) -> value."""
    r = TestClient(h.client.app, client=LOOPBACK).get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def value(samples: dict[Any, float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_the_metrics_page_parses_and_counts_checks_by_route_template_status_and_outcome(
    harness: Harness,
):
    h = harness
    register(h, h.key("provider"))
    h.catch_up()
    agency = h.key("agency", org="国家发展和改革委员会")
    before = scrape(h)
    for _ in range(3):
        assert (
            h.client.get(f"/v1/checks/{USCC}?matter=licensing", headers=agency).status_code == 200
        )
    assert (
        h.client.get("/v1/checks/91440101MA5CJQ4N59?matter=licensing", headers=agency).status_code
        == 404
    )
    batch = {"ids": [USCC, "91440101MA5CJQ4N59"], "matter": "licensing"}
    assert h.client.post("/v1/checks:batch", json=batch, headers=agency).status_code == 200
    refused = {"Authorization": "Bearer ce_0000000000000000_not-a-key"}
    assert h.client.get(f"/v1/checks/{USCC}?matter=licensing", headers=refused).status_code == 401
    after = scrape(h)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    single = {"method": "GET", "route": "/v1/checks/{id}"}
    assert moved("credit_http_request_duration_seconds_count", **single, status="200") == 3
    assert moved("credit_http_request_duration_seconds_count", **single, status="404") == 1
    assert moved("credit_http_request_duration_seconds_count", **single, status="401") == 1
    assert moved("credit_http_request_duration_seconds_sum", **single, status="200") > 0
    assert moved("credit_checks_total", kind="single", outcome="answered") == 3
    assert moved("credit_checks_total", kind="single", outcome="unknown") == 1
    assert moved("credit_checks_total", kind="batch", outcome="answered") == 1
    assert moved("credit_auth_failures_total", surface="api") == 1
    # ids never become labels: a route is its template, whatever the path held
    labels = {v for (_, pairs) in after for _, v in pairs}
    assert not any(USCC in v or "91440101MA5CJQ4N59" in v for v in labels)
    assert not any(COMPANY["name"] in v for v in labels)


def test_an_unmatched_path_or_odd_method_is_counted_under_one_label_not_its_own(
    harness: Harness,
):
    h = harness
    before = scrape(h)
    for n in range(3):
        assert h.client.get(f"/no-such-page/{n}").status_code == 404
        h.client.request(f"BREW{n}", f"/no-such-page/{n}")
    after = scrape(h)
    count = "credit_http_request_duration_seconds_count"
    key = {"method": "GET", "route": "<unmatched>", "status": "404"}
    assert value(after, count, **key) - value(before, count, **key) == 3
    odd = {"method": "OTHER", "route": "<unmatched>", "status": "404"}
    assert value(after, count, **odd) - value(before, count, **odd) == 3
    labels = {v for (_, pairs) in after for _, v in pairs}
    assert not any("no-such-page" in v or "BREW" in v for v in labels)


def test_each_views_position_and_lag_behind_the_log_head_and_the_lease_are_shown(
    harness: Harness,
):
    h = harness
    position = register(h, h.key("provider"))["position"]
    pending = scrape(h)
    assert value(pending, "credit_log_head_position") == position
    assert value(pending, "credit_view_lag_events", view="check_view", kind="view") == position
    assert value(pending, "credit_lease_held", lease="worker") == 0

    h.catch_up()
    lease = h.services.worker.lease
    assert lease.try_acquire()
    try:
        settled = scrape(h)
    finally:
        lease.release()
    head = value(settled, "credit_log_head_position")
    assert value(settled, "credit_view_position", view="check_view", kind="view") == head
    assert value(settled, "credit_view_lag_events", view="check_view", kind="view") == 0
    assert value(settled, "credit_lease_held", lease="worker") == 1
    holder = [pairs for (name, pairs) in settled if name == "credit_lease_holder_info"]
    assert holder and dict(holder[0])["lease"] == "worker"
    assert value(settled, "credit_database_up") == 1
    assert value(scrape(h), "credit_lease_held", lease="worker") == 0


def test_sweeps_run_and_failed_are_counted_for_every_process_to_show(harness: Harness):
    h = harness
    admin = h.key("admin")
    assert h.client.post("/v1/admin/sweeps:run", headers=admin).status_code == 200
    first = scrape(h)
    assert value(first, "credit_sweep_runs_total", sweep="retention") == 1
    assert value(first, "credit_sweep_failures_total", sweep="retention") == 0

    def broken(_now: Any) -> int:
        raise RuntimeError("the sweep's own failure")

    h.services.sweeps.register("broken", broken)
    failed = h.client.post("/v1/admin/sweeps:run", headers=admin)
    assert failed.status_code == 500
    assert failed.headers["content-type"].startswith("application/problem+json")
    second = scrape(h)
    assert value(second, "credit_sweep_runs_total", sweep="broken") == 1
    assert value(second, "credit_sweep_failures_total", sweep="broken") == 1
    assert value(second, "credit_sweep_runs_total", sweep="retention") == 2


def test_metrics_are_refused_outside_the_allowed_networks_and_absent_when_off(
    sqlite_template: Path, tmp_path: Path
):
    from tests.conftest import sqlite_copy

    url = sqlite_copy(sqlite_template, tmp_path)
    outside = ("203.0.113.9", 50000)
    for overrides, status_from_outside, status_from_loopback in (
        ({}, 403, 200),
        ({"CREDIT_METRICS_ALLOW": "203.0.113.0/24"}, 200, 403),
        ({"CREDIT_METRICS": False}, 404, 404),
    ):
        settings = make_settings(url, tmp_path, **overrides)
        services = bootstrap(settings)
        try:
            app = create_app(settings, services=services)
            r = TestClient(app, client=outside).get("/metrics")
            assert r.status_code == status_from_outside, overrides
            if r.status_code == 403:
                assert r.headers["content-type"] == "application/problem+json"
            assert TestClient(app, client=LOOPBACK).get("/metrics").status_code == (
                status_from_loopback
            )
        finally:
            services.close()
