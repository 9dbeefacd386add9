"""Real processes: a key revoked with the CLI is refused by a running server within 2 s, and
keep-alive connections survive a PostgreSQL outage answered with 503 problems."""

from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from application.commands import RegisterSubject
from tests.api.support import COMPANY
from tests.conftest import PG_URL
from tests.e2e.conftest import ADMIN, Stack
from tests.e2e.test_api_process import serve


def test_a_key_revoked_with_the_cli_is_refused_by_a_running_server_within_two_seconds(
    stack: Stack,
):
    services = stack.services()
    try:
        key = services.keys.create("agency", "国家发展和改革委员会")
    finally:
        services.close()
    base = serve(stack, "api")
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=5)
    headers = {"Authorization": f"Bearer {key}"}

    def status() -> int:
        conn.request("GET", "/v1/measures", headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status

    assert status() == 200
    key_id = key.split("_")[1]
    revoked = stack.run("keys", "revoke", key_id)
    assert revoked.returncode == 0, revoked.stderr
    since = time.monotonic()
    while status() == 200:
        assert time.monotonic() - since < 2.0, "the revoked key still works after 2 s"
        time.sleep(0.02)
    assert status() == 401
    listed = stack.run("keys", "list").stdout
    line = next(line for line in listed.splitlines() if line.startswith(key_id))
    assert "agency" in line and "revoked=-" not in line
    assert key.rsplit("_", 1)[1] not in listed  # never a secret


def _database(stack: Stack) -> str:
    return str(make_url(stack.settings.resolved_database_url).database)


def _allow_connections(name: str, allow: bool) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allow).lower()}')
            )
            if not allow:  # and drop the connections it has: the database is gone for the server
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
    finally:
        admin.dispose()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_keep_alive_connections_survive_a_database_outage_answered_503(stack: Stack):
    """The test's own database is made unreachable (never the shared server)."""
    services = stack.services()
    try:
        services.files.register_subject(RegisterSubject.of(COMPANY), ADMIN)
        services.runner.catch_up()
        key = services.keys.create("agency", "国家发展和改革委员会")
    finally:
        services.close()
    base = serve(stack, "api")
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    headers = {"Authorization": f"Bearer {key}"}
    paths = [
        "/v1/public/subjects?q=91350200776049653A",
        "/v1/checks/91350200776049653A?matter=licensing",
    ]

    def get(path: str) -> http.client.HTTPResponse:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        return response

    assert [get(p).status for p in paths] == [200, 200]
    sock = conn.sock
    name = _database(stack)
    _allow_connections(name, False)
    try:
        deadline = time.monotonic() + 5  # cached answers (keys, pools) go within ~1.5 s
        while {get(p).status for p in paths} != {503}:
            assert time.monotonic() < deadline, "the outage was never answered 503"
        for _ in range(3):
            for path in paths:
                answer = get(path)
                assert answer.status == 503, (path, answer.status, answer.body)  # type: ignore[attr-defined]
                assert answer.getheader("content-type") == "application/problem+json"
                assert int(answer.getheader("retry-after") or 0) > 0
                assert json.loads(answer.body)["status"] == 503  # type: ignore[attr-defined]
        assert conn.sock is sock  # the same connection served every answer: none was reset
    finally:
        _allow_connections(name, True)
    deadline = time.monotonic() + 20
    while get(paths[0]).status != 200:
        assert time.monotonic() < deadline, "no recovery after the database came back"
        time.sleep(0.2)
    assert get(paths[1]).status == 200
    assert conn.sock is sock
