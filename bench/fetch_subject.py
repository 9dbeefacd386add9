"""Fetching a subject with N events (default 1,000) on PostgreSQL: median ms of get_subject.

Target (issue 2): ≤ 10 ms median over 200 calls (snapshots every 100 events).
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import PROVIDER, command_line, fresh_services, register_many, rows_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    with fresh_services() as services:
        (uscc,) = register_many(services, 1)
        outcome = services.files.add_records(rows_for([uscc], args.events - 1), PROVIDER)
        assert outcome.accepted == args.events - 1
        timings = []
        for _ in range(args.calls):
            started = time.perf_counter()
            subject = services.files.get_subject(uscc)
            timings.append((time.perf_counter() - started) * 1000)
        assert subject.version == args.events
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"command: {command_line()}")
    print(f"fetch_subject: {args.events} events, {args.calls} calls")
    print(f"fetch_subject: median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms")
    print("fetch_subject: target median ≤ 10 ms")


if __name__ == "__main__":
    main()
