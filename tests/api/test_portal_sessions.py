"""Portal sessions are kept on the server: the cookie holds only a random id, and logout, the
revocation of the key and idle time end a session in every process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from adapters.core.settings import Settings
from api.bootstrap import bootstrap
from api.main import create_app
from tests.api.support import register
from tests.conftest import Harness

COOKIE = "ce_portal"
USCC = "91350200776049653A"


def login(client: TestClient, key: str) -> str:
    """Log in through the form; returns the session cookie."""
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/login", data={"api_key": key, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client.cookies[COOKIE]


def logged_in(client: TestClient, cookie: str) -> bool:
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)
    r = client.get("/me", follow_redirects=False)
    return r.status_code == 200


def logout(client: TestClient) -> None:
    page = client.get("/me").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303


@pytest.fixture
def subject_key(harness: Harness) -> str:
    register(harness, harness.key("provider"))
    headers = harness.key("subject", org="厦门恒源电力有限公司", subject=USCC)
    return headers["Authorization"].split(" ", 1)[1]


def test_the_session_cookie_holds_only_a_random_id(harness: Harness, subject_key: str):
    cookie = login(harness.client, subject_key)
    key_id, secret = subject_key.split("_")[1], subject_key.split("_", 2)[2]
    assert cookie.startswith("s1.") and len(cookie) >= 40
    assert key_id not in cookie and secret not in cookie
    assert logged_in(harness.client, cookie)
    assert not logged_in(harness.client, cookie[:-4] + "AAAA")  # a guessed id opens nothing


def test_logout_ends_the_session_for_a_copied_cookie(harness: Harness, subject_key: str):
    cookie = login(harness.client, subject_key)
    copied = cookie
    harness.client.cookies.set(COOKIE, cookie)
    logout(harness.client)
    assert not logged_in(harness.client, copied)


def test_revoking_the_key_ends_its_portal_sessions(harness: Harness, subject_key: str):
    cookie = login(harness.client, subject_key)
    key_id = subject_key.split("_")[1]
    r = harness.client.delete(f"/v1/admin/keys/{key_id}", headers=harness.key("admin"))
    assert r.status_code == 200
    assert not logged_in(harness.client, cookie)


def test_an_idle_session_ends(harness: Harness, subject_key: str):
    cookie = login(harness.client, subject_key)
    assert logged_in(harness.client, cookie)
    harness.services.portal_sessions.idle = timedelta(seconds=0)  # idle for too long
    assert not logged_in(harness.client, cookie)


@pytest.fixture
def other_process(settings: Settings) -> Iterator[TestClient]:
    services = bootstrap(settings)
    try:
        with TestClient(create_app(settings, services=services)) as client:
            yield client
    finally:
        services.close()


def test_a_logout_in_one_process_ends_the_session_in_another(
    harness: Harness, subject_key: str, other_process: TestClient
):
    cookie = login(harness.client, subject_key)
    assert logged_in(other_process, cookie)
    harness.client.cookies.set(COOKIE, cookie)
    logout(harness.client)
    assert not logged_in(other_process, cookie)
