"""Figure: what the request metrics cost one request, in microseconds of CPU, in-process.

    .venv/bin/python bench/metrics_overhead.py [--requests 200000]

Times an ASGI app that answers at once, called bare and through the metrics middleware (the
route a check takes, GET /v1/checks/{id}), in prometheus_client's single-process mode and in its
multiprocess mode (as under `serve --workers N`; a child process with PROMETHEUS_MULTIPROC_DIR
set). Less sensitive to a busy machine than the end-to-end ratio of
`BENCH_METRICS=both bench/check_vs_reference.sh`, which measures the same thing through uvicorn,
asyncpg and PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def measure(requests: int) -> tuple[float, float]:
    from starlette.routing import Route

    from api.routes.metrics import HttpMetrics

    route = Route("/v1/checks/{id}", lambda _request: None)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        scope["route"] = route  # as the router sets it
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def send(_message: Any) -> None:
        return None

    async def receive() -> Any:
        return {"type": "http.request"}

    async def run(target: Any, n: int) -> float:
        started = time.process_time()
        for _ in range(n):
            await target({"type": "http", "method": "GET"}, receive, send)
        return (time.process_time() - started) / n * 1e6

    wrapped = HttpMetrics(app)
    asyncio.run(run(wrapped, 2000))  # the labelled child once made
    bare = min(asyncio.run(run(app, requests)) for _ in range(3))
    metered = min(asyncio.run(run(wrapped, requests)) for _ in range(3))
    return bare, metered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        bare, metered = measure(args.requests)
        print(f"{bare} {metered}")
        return
    print(f"command: {Path(sys.executable).name} {' '.join(sys.argv)}")
    for mode in ("single-process", "multiprocess"):
        env = dict(os.environ)
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        with tempfile.TemporaryDirectory(prefix="ce_metrics_") as folder:
            if mode == "multiprocess":
                env["PROMETHEUS_MULTIPROC_DIR"] = folder
            out = subprocess.run(
                [sys.executable, __file__, "--child", "--requests", str(args.requests)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        bare, metered = float(out[0]), float(out[1])
        print(
            f"metrics_overhead: {mode}: {bare:.2f} µs bare, {metered:.2f} µs with the metrics "
            f"middleware: {metered - bare:.2f} µs of CPU per request"
        )


if __name__ == "__main__":
    main()
