"""Time POST /v1/checks:batch with K existing ids on our service (auth, matter, check log).

Same method as ../shared/bench-reference/batch_client.py: 1 warm-up, then the median of R calls.
Usage: batch_checks.py --url URL --key KEY [--codes-file PATH] [--ids K] [--repeats R]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import time
from urllib.parse import urlsplit


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8801/v1/checks:batch")
    ap.add_argument("--key", required=True)
    ap.add_argument("--codes-file", default="/tmp/ce_bench_codes.txt")
    ap.add_argument("--ids", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=10)
    args = ap.parse_args()
    with open(args.codes_file) as f:
        codes = [line.strip() for line in f if line.strip()]
    url = urlsplit(args.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    rng = random.Random(7)
    times_ms = []
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {args.key}"}
    for i in range(args.repeats + 1):
        ids = rng.sample(codes, min(args.ids, len(codes)))
        body = json.dumps({"ids": ids, "matter": "procurement"}).encode()
        t = time.perf_counter()
        conn.request("POST", url.path, body, headers)
        resp = conn.getresponse()
        answer = json.loads(resp.read())
        elapsed = (time.perf_counter() - t) * 1000
        found = sum(1 for r in answer.get("results", []) if r["status"] != "unknown")
        if resp.status != 200 or found != len(ids):
            raise SystemExit(f"bad answer: status={resp.status} found={found}")
        if i:
            times_ms.append(elapsed)
    conn.close()
    print(
        f"batch ids={len(ids)} calls={len(times_ms)} median_ms={statistics.median(times_ms):.1f} "
        f"min_ms={min(times_ms):.1f} max_ms={max(times_ms):.1f} "
        f"response_bytes={int(resp.getheader('content-length', 0))}"
    )


if __name__ == "__main__":
    main()
