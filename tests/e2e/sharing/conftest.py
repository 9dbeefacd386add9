"""Sharing tests: a real HTTP receiver on loopback, a service that may deliver to it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cloudevents.core.bindings.http import HTTPMessage, from_http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.conftest import Harness, _harness, make_settings

# (request number from 1) -> (status, headers, seconds to wait before answering)
Behaviour = Callable[[int], tuple[int, dict[str, str], float]]


def always_ok(_: int) -> tuple[int, dict[str, str], float]:
    return 204, {}, 0.0


@dataclass
class Received:
    webhook_id: str
    status: int
    verified: bool
    event: CloudEvent
    content_type: str
    signatures: str
    headers: dict[str, str]
    body: bytes
    # every CloudEvent the request carried: one, or a batch's array (batched content mode)
    events: list[CloudEvent] = field(default_factory=list)

    def verifies_with(self, secret: str) -> bool:
        try:
            Webhook(secret).verify(self.body, self.headers)
        except WebhookVerificationError:
            return False
        return True

    @property
    def type(self) -> str:
        return self.event.get_type()

    @property
    def data(self) -> Any:
        return self.event.get_data()


@dataclass
class Receiver:
    """A threaded http.server that checks every request as a subscriber would."""

    behaviour: Behaviour = always_ok
    secrets: list[str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    arrived: threading.Condition = field(init=False)
    server: ThreadingHTTPServer | None = None

    def __post_init__(self) -> None:
        self.arrived = threading.Condition(self.lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    n = len(receiver.received) + 1
                    status, extra, wait = receiver.behaviour(n)
                    receiver.received.append(receiver.check(headers, body, status))
                    receiver.arrived.notify_all()
                if wait:
                    time.sleep(wait)
                try:
                    self.send_response(status)
                    for k, v in extra.items():
                        self.send_header(k, v)
                    self.send_header("content-length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the deliverer gave up (timeout) or died

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        # shutdown() returns within one poll interval (the default 0.5 s, per receiver)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def check(self, headers: dict[str, str], body: bytes, status: int) -> Received:
        verified = False
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
                verified = True
            except WebhookVerificationError:
                continue
        if headers.get("content-type") == "application/cloudevents-batch+json":
            # the batched content mode: a JSON array of structured-mode CloudEvents
            events = [JSONFormat().read(CloudEvent, json.dumps(item)) for item in json.loads(body)]
        else:
            events = [from_http(HTTPMessage(headers, body), JSONFormat(), CloudEvent)]
        event = events[0]
        return Received(
            webhook_id=headers.get("webhook-id", ""),
            status=status,
            verified=verified,
            event=event,  # type: ignore[arg-type]
            content_type=headers.get("content-type", ""),
            signatures=headers.get("webhook-signature", ""),
            headers=headers,
            body=body,
            events=events,  # type: ignore[arg-type]
        )

    def acknowledged(self) -> list[Received]:
        with self.lock:
            return [r for r in self.received if 200 <= r.status < 300]

    def wait_for(self, predicate: Callable[[Receiver], bool], timeout: float = 15.0) -> None:
        """Block until `predicate(self)` holds, woken by each request (no polling)."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: predicate(self), timeout):
                raise AssertionError(f"receiver did not see what was expected: {self._summary()}")

    def summary(self) -> list[tuple[str, int, str]]:
        with self.lock:
            return self._summary()

    def _summary(self) -> list[tuple[str, int, str]]:
        return [(r.type, r.status, r.webhook_id) for r in self.received]


@pytest.fixture
def receivers() -> Iterator[Callable[..., Receiver]]:
    started: list[Receiver] = []

    def make(behaviour: Behaviour = always_ok) -> Receiver:
        r = Receiver(behaviour).start()
        started.append(r)
        return r

    yield make
    for r in started:
        r.stop()


SHARING = {
    "CREDIT_WEBHOOK_ALLOW_PRIVATE": True,
    "CREDIT_WEBHOOK_RETRY_SCHEDULE": "0.05,0.1,0.2,0.4",
    "CREDIT_WEBHOOK_TIMEOUT": 1.0,
    "CREDIT_WEBHOOK_CONCURRENCY": 8,
}


@pytest.fixture
def sharing(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The harness with loopback deliveries allowed and a retry schedule in milliseconds."""
    yield from _harness(make_settings(database_url, tmp_path, **SHARING))
