"""Re-grade every subject after a rulebook change takes effect (PostgreSQL).

    .venv/bin/python bench/regrade_pg.py --subjects 1000000

Builds N subjects (one general-tier penalty each) in a fresh database through the real event
store (each batch of subjects is registered, given its penalty and graded under 2025-01, then
appended in one atomic save), catches the subject_summary view up, then moves the clock past the
effective date of a later rulebook (general-tier deduction 10 -> 25) and times the `regrade`
sweep, which records a Graded event on every subject whose score changed. Target: <= 5 minutes
for 1,000,000 subjects. The set-up stamps each batch with one instant read once (as every
command does: the manual clock is a database read), so it costs no clock reads per event.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.grading.sweeps import SqlDueSubjects
from application.grading_sweeps import GradingSweeps
from bench._grading_common import PG_URL, add_penalty, fresh_services, new_subject
from domain.time import pinned_instant


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--db-prefix", default="ce_bench")
    args = parser.parse_args()
    with fresh_services(args.pg_url, later_rulebook=True, prefix=args.db_prefix) as services:
        services.clock.set(datetime.fromisoformat("2026-06-01T09:00:00+08:00"))
        grading = services.grading
        t0 = time.perf_counter()
        now = services.clock.now()
        today = now.date()
        report = max(args.subjects // 10, args.batch)
        for start in range(0, args.subjects, args.batch):
            batch = []
            with pinned_instant(now):
                for n in range(start, min(start + args.batch, args.subjects)):
                    subject = new_subject(n)
                    add_penalty(services, subject, f"R{n}", "2026-05-20", today)
                    grading.reconcile(subject, now, cause="bench")  # Graded under 2025-01
                    batch.append(subject)
            services.files.save_all(*batch)
            done = start + len(batch)
            if done % report < args.batch:
                rate = done / (time.perf_counter() - t0)
                print(f"  appended {done:>9,} subjects ({rate:,.0f}/s)", flush=True)
        appended = time.perf_counter() - t0
        services.runner.catch_up(only=["subject_summary"])
        built = time.perf_counter() - t0
        print(
            f"built {args.subjects:,} subjects in {built:.1f} s "
            f"(append {appended:.1f} s, subject_summary catch-up {built - appended:.1f} s)",
            flush=True,
        )

        services.clock.set(datetime.fromisoformat("2027-01-02T09:00:00+08:00"))
        sweeps = GradingSweeps(SqlDueSubjects(services.engine), grading)
        t0 = time.perf_counter()
        changed = sweeps.regrade(services.clock.now())
        elapsed = time.perf_counter() - t0
        print(
            f"regrade: {changed:,} of {args.subjects:,} subjects re-graded in {elapsed:.1f} s "
            f"({args.subjects / elapsed:,.0f} subjects/s; target 1,000,000 in <= 300 s)"
        )


if __name__ == "__main__":
    main()
