"""The API process: killed in the middle of a batch import, a re-sent batch lands exactly once."""

from __future__ import annotations

import json
import signal
import threading
from typing import Any

import httpx
from sqlalchemy import func, select

from adapters.files.tables import record_view
from tests.e2e.conftest import Stack, free_port, record_rows, register_subjects, wait_until

ROWS = 10_000


def serve(stack: Stack, name: str) -> str:
    port = free_port()
    stack.start("serve", "--no-worker", "--port", str(port), name=name)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(up, 60, f"{name} to serve", step=0.1)
    return base


def post_batch(base: str, key: str, body: bytes) -> httpx.Response:
    return httpx.post(
        f"{base}/v1/records:batch",
        content=body,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/x-ndjson"},
        timeout=300,
    )


def test_a_batch_resent_after_the_server_was_killed_mid_import_lands_exactly_once(stack: Stack):
    services = stack.services()
    try:
        usccs = register_subjects(services, 200)
        key = services.keys.create("provider", "华北能源监管局")
        body = "\n".join(json.dumps(r, ensure_ascii=False) for r in record_rows(usccs, ROWS))
        start = services.files.position()

        base = serve(stack, "api-1")
        result: dict[str, Any] = {}

        def send() -> None:
            try:
                result["response"] = post_batch(base, key, body.encode())
            except httpx.HTTPError as e:
                result["error"] = e

        sender = threading.Thread(target=send)
        sender.start()
        # at least two chunks committed (a chunk of 500 rows is 1,000 events), then SIGKILL
        wait_until(lambda: services.files.position() >= start + 2000, 120, "chunks to commit")
        stack.procs[-1].send_signal(signal.SIGKILL)
        stack.procs[-1].wait(10)
        sender.join(30)
        assert "error" in result, "the import finished before the kill"

        services.runner.catch_up()
        with services.engine.connect() as conn:
            landed = conn.execute(select(func.count()).select_from(record_view)).scalar()
        assert 0 < landed < ROWS

        base = serve(stack, "api-2")
        reply = post_batch(base, key, body.encode())
        assert reply.status_code == 200, reply.text
        outcome = reply.json()
        assert outcome["rejected"] == []
        assert outcome["accepted"] + outcome["duplicates"] == ROWS
        assert outcome["duplicates"] == landed

        services.runner.catch_up()
        with services.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(record_view)).scalar()
            distinct = conn.execute(
                select(func.count(func.distinct(record_view.c.record_id)))
            ).scalar()
        assert count == distinct == ROWS
        files_total = sum(len(services.files.get_subject(u).records) for u in usccs)
        assert files_total == ROWS
    finally:
        services.close()


def test_the_served_api_answers_health_readiness_and_lists_the_contract_in_openapi(
    stack: Stack,
):
    base = serve(stack, "api")
    assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
    ready = httpx.get(f"{base}/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert httpx.get(f"{base}/docs").status_code == 200
    paths = httpx.get(f"{base}/openapi.json").json()["paths"]
    for path, method in [
        ("/v1/subjects", "post"),
        ("/v1/subjects/{id}/records", "post"),
        ("/v1/records:batch", "post"),
        ("/v1/records/{record_id}:revoke", "post"),
        ("/v1/records/{record_id}:correct", "post"),
        ("/v1/subjects/{id}", "get"),
        ("/v1/audit/subjects/{id}/events", "get"),
    ]:
        assert method in paths.get(path, {}), path
