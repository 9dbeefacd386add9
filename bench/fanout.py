"""Fan-out: E events to S webhook subscribers on loopback; deliveries/s and p95 event→receipt.

    .venv/bin/python bench/fanout.py [--events 1000] [--subscribers 100] [--database-url URL]

Uses a fresh SQLite file under a temporary directory unless --database-url names a fresh
PostgreSQL database. The receiver is one threaded http.server answering 204 on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import tempfile
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from adapters.container import build_services
from adapters.settings import Settings
from application.ports import Actor

USCC = "91350200776049653A"


def receiver(latencies: list[float], lock: threading.Lock) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            now = time.time()
            sent = datetime.fromisoformat(json.loads(body)["time"].replace("Z", "+00:00"))
            with lock:
                latencies.append(now - sent.timestamp())
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fanout-"))
    settings = Settings(
        CREDIT_DATABASE_URL=args.database_url or f"sqlite:///{tmp / 'credit.db'}",
        CIPHER_KEY=base64.b64encode(b"b" * 32).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_VAR_DIR=tmp / "var",
        CREDIT_WEBHOOK_ALLOW_PRIVATE=True,
        CREDIT_WEBHOOK_CONCURRENCY=args.concurrency,
        CREDIT_POLL_INTERVAL=0.02,
    )
    services = build_services(settings)
    latencies: list[float] = []
    lock = threading.Lock()
    server = receiver(latencies, lock)
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    admin = Actor(role="admin", org="bench")
    services.files.register_subject(
        {
            "id_type": "uscc",
            "id": USCC,
            "name": "厦门恒源电力有限公司",
            "kind": "legal_person",
            "sectors": ["power"],
            "region": "350200",
        },
        admin,
    )
    services.runner.catch_up()
    store = services.extras["subscriptions"]
    for i in range(args.subscribers):
        store.create(Actor(role="subscriber", org=f"bank-{i}"), url, {})
    services.worker.start()
    provider = Actor(role="provider", org="华北能源监管局")
    rows = [
        (
            n,
            {
                "subject": USCC,
                "record_id": f"B-{n:06d}",
                "catalogue_code": "administrative_penalty",
                "tier": "general",
                "decision_no": f"罚〔2026〕{n}号",
                "decided_on": datetime.now().date().isoformat(),
                "legal_basis": "《电力监管条例》",
                "content": {"penalty_type": "罚款"},
            },
        )
        for n in range(1, args.events + 1)
    ]
    started = time.time()
    services.files.add_records(rows, provider)
    expected = args.events * args.subscribers
    while len(latencies) < expected and time.time() - started < 3600:
        time.sleep(0.05)
    elapsed = time.time() - started
    services.close()
    server.shutdown()
    got = len(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] if got >= 20 else max(latencies, default=0)
    print(f"events={args.events} subscribers={args.subscribers} deliveries={got}/{expected}")
    rate = got / elapsed
    print(f"elapsed={elapsed:.2f} s deliveries/s={rate:.0f} events/s={rate / args.subscribers:.1f}")
    print(f"event->receipt p50={statistics.median(latencies):.3f} s p95={p95:.3f} s")


if __name__ == "__main__":
    main()
