"""The floor under one-event-per-POST fan-out on this machine, whatever the service does.

    .venv/bin/python bench/fanout_floor.py            # needs wrk (apt-get install wrk)

A burst of 1,000 events to 100 subscribers delivered one event per POST (API.md's default) is
100,000 HTTP requests. This measures what those requests cost without the service:

- `receiver`: wrk (C, 2 threads, 16 connections like the deliverer's 16 threads) posting a
  1 KB structured CloudEvent to bench/fanout.py's own receiver for 10 s: the most requests per
  second the receiver takes on this machine, and so the fewest seconds in which 100,000 can
  arrive (`receiver_floor_s`) with a client that costs nothing;
- `client`: the CPU of the cheapest Python POST (the standard library's http.client on one
  keep-alive connection, no signature, no bookkeeping) per request, and so the CPU-seconds the
  sending side of 100,000 needs at the least (`client_floor_cpu_s`).

Both run on the same two cores, so the burst cannot land in less than about
(100,000 x client CPU + 100,000 / receiver rate x one core) / 2 cores: `floor_s`.
"""

from __future__ import annotations

import http.client
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fanout import start_receiver

DELIVERIES = 100_000


def body() -> bytes:
    data = {
        "record_id": "B-000001",
        "catalogue_code": "administrative_penalty",
        "decision_no": "罚〔2026〕1号",
        "legal_basis": "《电力监管条例》",
        "content": {"penalty_type": "罚款"},
        "subject": {"uscc": "91350200776049653A", "name": "厦门恒源电力有限公司"},
    }
    event = {
        "specversion": "1.0",
        "id": "ce-1",
        "source": "/credit-energy",
        "type": "record.published",
        "time": datetime.now(UTC).isoformat(),
        "sequence": "00000000000000000001",
        "datacontenttype": "application/json",
        "subject": "91350200776049653A",
        "data": data,
    }
    raw = json.dumps(event).encode()
    return raw + b" " * max(0, 1025 - len(raw))  # the size of the service's events (1,025 B)


def receiver_rate(base: str, payload: bytes, tmp: Path) -> float:
    script = tmp / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(payload.decode())}\n"
        'wrk.headers["Content-Type"] = "application/cloudevents+json"\n'
    )
    out = subprocess.run(
        ["wrk", "-t2", "-c16", "-d10s", "-s", str(script), f"{base}/hook"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not found:
        raise RuntimeError(f"no rate in wrk's output:\n{out}")
    return float(found.group(1))


def client_cpu(base: str, payload: bytes, seconds: float = 3.0) -> float:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port))
    headers = {"content-type": "application/cloudevents+json"}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before = usage.ru_utime + usage.ru_stime
    n = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn.request("POST", "/hook", body=payload, headers=headers)
        response = conn.getresponse()
        response.read()
        n += 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    conn.close()
    return (usage.ru_utime + usage.ru_stime - before) / n


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="fanout-floor-"))
    payload = body()
    receiver, base = start_receiver(tmp)
    try:
        rate = receiver_rate(base, payload, tmp)
        cpu = client_cpu(base, payload)
    finally:
        receiver.terminate()
        receiver.wait(10)
    receiver_floor = DELIVERIES / rate
    client_floor_cpu = DELIVERIES * cpu
    print(
        json.dumps(
            {
                "deliveries": DELIVERIES,
                "body_bytes": len(payload),
                "receiver_requests_per_s": round(rate),
                "receiver_floor_s": round(receiver_floor, 1),
                "client_cpu_ms_per_post": round(cpu * 1000, 3),
                "client_floor_cpu_s": round(client_floor_cpu, 1),
                "floor_s": round((client_floor_cpu + receiver_floor) / 2, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
