"""The deliverer's keep-alive POSTs against a real server on loopback: connections are reused, a
connection the server dropped while idle is replaced without failing the delivery, a long answer
is not left half-read on a connection, a silent server times out, and HTTPS verifies the
server's certificate."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from adapters.sharing.http_post import MAX_ANSWER, Poster, Target


class Server:
    def __init__(self) -> None:
        self.peers: list[int] = []  # the client port of each request: one per connection used
        self.bodies: list[bytes] = []
        self.drop_after_answer = False  # close the connection without saying so
        self.answer = b""
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                server.peers.append(self.client_address[1])
                server.bodies.append(self.rfile.read(int(self.headers["content-length"])))
                time.sleep(server.delay)
                self.send_response(200 if server.answer else 204)
                self.send_header("content-length", str(len(server.answer)))
                self.end_headers()
                self.wfile.write(server.answer)
                if server.drop_after_answer:
                    self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.target = Target.of(f"http://127.0.0.1:{self.http.server_address[1]}/hook?x=1")

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def test_posts_reuse_one_connection(server: Server):
    poster = Poster(timeout=5)
    answers = [
        poster.post(server.target, b"%d" % i, {"content-type": "text/plain"}) for i in range(3)
    ]
    assert [a.status for a in answers] == [204] * 3
    assert server.bodies == [b"0", b"1", b"2"]
    assert len(set(server.peers)) == 1
    poster.close()


def test_a_connection_the_server_dropped_while_idle_is_replaced(server: Server):
    poster = Poster(timeout=5)
    server.drop_after_answer = True
    first = poster.post(server.target, b"a", {})
    time.sleep(0.1)  # the server has closed its end by now
    second = poster.post(server.target, b"b", {})
    assert (first.status, second.status) == (204, 204)
    assert server.bodies == [b"a", b"b"]  # sent once each, the second on a new connection
    assert len(set(server.peers)) == 2
    poster.close()


def test_an_answer_longer_than_what_is_read_closes_its_connection(server: Server):
    poster = Poster(timeout=5)
    server.answer = b"x" * (MAX_ANSWER + 1)
    assert poster.post(server.target, b"a", {}).status == 200
    server.answer = b""
    assert poster.post(server.target, b"b", {}).status == 204  # not the rest of the first answer
    assert len(set(server.peers)) == 2
    poster.close()


def test_a_server_that_does_not_answer_times_out(server: Server):
    poster = Poster(timeout=0.3)
    server.delay = 2.0
    started = time.monotonic()
    with pytest.raises(OSError):
        poster.post(server.target, b"a", {})
    assert time.monotonic() - started < 1.5
    poster.close()


def test_nothing_listening_fails_at_once():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free, and nothing listens on it after this block
    with pytest.raises(OSError):
        Poster(timeout=2).post(Target.of(f"http://127.0.0.1:{port}/"), b"a", {})


def _certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_https_posts_verify_the_certificate(server: Server, tmp_path: Path):
    cert_file, key_file = _certificate(tmp_path)
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    served.load_cert_chain(cert_file, key_file)
    server.http.socket = served.wrap_socket(server.http.socket, server_side=True)
    url = f"https://127.0.0.1:{server.http.server_address[1]}/hook"

    trusting = ssl.create_default_context(cafile=str(cert_file))
    poster = Poster(timeout=5, tls=trusting)
    assert [poster.post(Target.of(url), b"%d" % i, {}).status for i in range(2)] == [204, 204]
    assert server.bodies == [b"0", b"1"] and len(set(server.peers)) == 1  # kept alive
    poster.close()

    with pytest.raises(ssl.SSLCertVerificationError):  # the system's CAs do not know it
        Poster(timeout=5).post(Target.of(url), b"x", {})
    assert server.bodies == [b"0", b"1"]  # nothing was sent
