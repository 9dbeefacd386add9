"""Webhooks reach globally routable unicast addresses only (SSRF): IPv6 forms that carry an IPv4
address are judged by it, at subscription time and again on each connection."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from adapters.sharing.addresses import refusal
from adapters.sharing.http_post import AddressRefusedError, Poster, Target
from tests.conftest import Harness

REFUSED = [
    "http://100.100.100.200/latest/meta-data/",  # a cloud metadata service (shared space)
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://[2002:7f00:1::1]/",  # 6to4 of 127.0.0.1
    "http://[2002:a9fe:a9fe::1]/",  # 6to4 of 169.254.169.254
    "http://192.88.99.1/",  # the former 6to4 relay anycast
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
    "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
    "http://[64:ff9b:1::1]/",  # NAT64 for local use
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
    "http://169.254.169.254/",
    "http://[fd00::1]/",
    "http://0.0.0.0/",
]


def test_subscriptions_to_addresses_that_are_not_globally_routable_are_refused(
    sqlite_harness: Harness,
):
    h = sqlite_harness
    bank = h.key("subscriber", org="厦门银行")
    for url in REFUSED:
        r = h.client.post("/v1/subscriptions", json={"url": url}, headers=bank)
        assert r.status_code == 422, url
        assert [e["field"] for e in r.json()["errors"]] == ["url"], url
    assert h.client.get("/v1/subscriptions", headers=bank).json()["subscriptions"] == []


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808"],
)
def test_globally_routable_unicast_addresses_are_served(address: str):
    assert refusal(address) is None


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP server on loopback that keeps whatever each connection sends."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    received.append(conn.recv(65536))
                except OSError:
                    received.append(b"")

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1], received
    server.close()


def test_a_connection_that_reaches_a_refused_address_is_closed_before_any_byte(
    listener: tuple[int, list[bytes]],
):
    """A name may resolve elsewhere between the subscription's check and a delivery (DNS
    rebinding): the peer actually connected to is judged before the request is sent."""
    port, received = listener
    poster = Poster(timeout=2, guard=refusal)
    with pytest.raises(AddressRefusedError, match="127.0.0.1"):
        poster.post(Target.of(f"http://localhost:{port}/hook"), b"{}", {})
    poster.close()
    unguarded = Poster(timeout=2)
    with pytest.raises(OSError):  # the listener answers nothing: only to see what it got
        unguarded.post(Target.of(f"http://127.0.0.1:{port}/hook"), b"{}", {})
    unguarded.close()
    assert received[0] == b""  # the guarded connection sent nothing
    assert received[-1].startswith(b"POST /hook")
