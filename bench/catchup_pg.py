"""Projection catch-up on PostgreSQL from zero over N events: events/s.

The events are generated first by batched saves (registrations and records through
CreditFiles.add_records); then every view is caught up from position 0 by runner.catch_up().
Target (issue 2): ≥ 10,000 events/s over 1,000,000 events.
"""

from __future__ import annotations

import argparse
import time

from common import PROVIDER, command_line, fresh_services, register_many, rows_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--page", type=int, default=500, help="CREDIT_PROJECTION_PAGE")
    args = parser.parse_args()
    # each record is two events (RecordAdded and its RecordKey); ten records per subject
    subjects = max(1, args.events // 21)
    records = max(0, (args.events - subjects) // 2)
    with fresh_services(CREDIT_PROJECTION_PAGE=args.page) as services:
        usccs = register_many(services, subjects)
        rows = rows_for(usccs, records)
        for i in range(0, len(rows), 20_000):
            services.files.add_records(rows[i : i + 20_000], PROVIDER)
        head = services.files.position()
        started = time.perf_counter()
        read = services.runner.catch_up()
        elapsed = time.perf_counter() - started
        positions = services.runner.positions()
    assert min(positions.values()) == head, positions
    views = len(positions)
    print(f"command: {command_line()}")
    print(f"catchup_pg: {read} events into {views} views in {elapsed:.2f} s (page {args.page})")
    print(f"catchup_pg: {read / elapsed:,.0f} events/s (target ≥ 10,000)")


if __name__ == "__main__":
    main()
