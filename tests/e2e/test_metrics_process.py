"""`serve --workers 2`: any worker process's /metrics counts the requests of both."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import CIPHER_KEY, make_settings, sqlite_copy
from tests.e2e.conftest import Stack, free_port, wait_until


@pytest.fixture
def sqlite_stack(sqlite_template: Path, tmp_path: Path) -> Iterator[Stack]:
    settings = make_settings(sqlite_copy(sqlite_template, tmp_path), tmp_path)
    env = {
        **os.environ,
        "CREDIT_DATABASE_URL": settings.resolved_database_url,
        "CIPHER_KEY": CIPHER_KEY,
        "CREDIT_VAR_DIR": str(tmp_path / "var"),
        "CREDIT_CLOCK": "manual",
        "CREDIT_LOG_LEVEL": "WARNING",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    stack = Stack(settings, env, tmp_path)
    yield stack
    for proc in stack.procs:  # SIGTERM first: uvicorn's supervisor then stops its workers too
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)


def healthz_count(base: str) -> float:
    page = httpx.get(f"{base}/metrics", timeout=10).text
    for family in text_string_to_metric_families(page):
        for s in family.samples:
            if s.name.endswith("_count") and s.labels.get("route") == "/healthz":
                return s.value
    return 0.0


def test_every_worker_process_of_serve_answers_metrics_for_all_of_them(sqlite_stack: Stack):
    port = free_port()
    server = sqlite_stack.start(
        "serve", "--no-worker", "--workers", "2", "--port", str(port), name="api"
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{base}/readyz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(up, 60, "two worker processes to serve", step=0.1)
    with httpx.Client() as client:  # one connection: its requests stay with one process
        for _ in range(20):
            assert client.get(f"{base}/healthz").status_code == 200
    for _ in range(6):  # new connections: scrapes land on either process
        assert healthz_count(base) == 20
    server.send_signal(signal.SIGTERM)
    assert server.wait(30) == 0
