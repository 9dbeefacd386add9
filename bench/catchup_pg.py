"""Projection catch-up on PostgreSQL from zero over N events: events/s.

Full size (issue 2's figure), from the repository root:
    .venv/bin/python bench/catchup_pg.py --events 1000000
`--profile FILE` writes a cProfile of the catch-up; the CPU line (this process and the
database's server processes, when PostgreSQL runs on this machine) is the steadier figure on a
shared box.

The events are generated first by batched saves (registrations and records through
CreditFiles.add_records); then every view is caught up from position 0 by runner.catch_up().
Target (issue 2): ≥ 10,000 events/s over 1,000,000 events.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import time
from pathlib import Path
from typing import Any

from common import PROVIDER, command_line, fresh_services, register_many, rows_for
from sqlalchemy import text


def server_cpu(services: Any) -> float | None:
    """CPU seconds used so far by this database's server processes (PostgreSQL on this box;
    None when they cannot be seen): on a shared machine CPU time says more than wall time
    about the work a catch-up costs."""
    with services.engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        total, seen = 0, False
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime
                seen = True
    return total / os.sysconf("SC_CLK_TCK") if seen else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--page", type=int, default=500, help="CREDIT_PROJECTION_PAGE")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the catch-up here")
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
        profiler = cProfile.Profile() if args.profile else None
        server_before = server_cpu(services)
        client_before = time.process_time()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        read = services.runner.catch_up()
        elapsed = time.perf_counter() - started
        client = time.process_time() - client_before
        server_after = server_cpu(services)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        positions = services.runner.positions()
    assert min(positions.values()) == head, positions
    views = len(positions)
    print(f"command: {command_line()}")
    print(f"catchup_pg: {read} events into {views} views in {elapsed:.2f} s (page {args.page})")
    print(f"catchup_pg: {read / elapsed:,.0f} events/s (target ≥ 10,000)")
    if server_before is None or server_after is None:
        print(f"catchup_pg: CPU {client:.1f} s in this process (PostgreSQL's not visible)")
    else:
        server = server_after - server_before
        print(
            f"catchup_pg: CPU {client:.1f} s in this process, {server:.1f} s in PostgreSQL"
            f" ({read / (client + server):,.0f} events per CPU-second)"
        )


if __name__ == "__main__":
    main()
