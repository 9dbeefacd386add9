"""Grade as of a past instant for a subject with 1,000 events (PostgreSQL); median ms.

    .venv/bin/python bench/asof_pg.py --events 1000 --runs 50

The as-of replay reads the stream's events (after those the process keeps decrypted from earlier
reads, application/folding.py), folds those recorded up to the instant (stored snapshots are
ignored; folds the process made itself may be started from), and grades the file under the
rulebook then in force. The first figure is of repeated reads of one subject, the second of a first
read (nothing kept). Target: <= 20 ms median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from application.folding import Folder
from bench._grading_common import (
    PG_URL,
    add_penalty,
    fake_uscc,
    fresh_services,
    new_subject,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()
    with fresh_services(args.pg_url) as services:
        start = datetime.fromisoformat("2026-06-01T09:00:00+08:00")
        services.clock.set(start)
        subject = new_subject(1)
        services.files.save_all(subject)
        for n in range(1, args.events):
            services.clock.set(start + timedelta(minutes=n))
            add_penalty(services, subject, f"R{n}", "2026-05-20")
            services.files.save_all(subject)
        audit = services.extras["grade_audit"]
        middle = start + timedelta(minutes=args.events // 2)
        uscc = fake_uscc(1)
        audit.subject_as_of(uscc, middle)  # warm up
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            found = audit.subject_as_of(uscc, middle)
            times.append((time.perf_counter() - t0) * 1000)
        print(
            f"as-of grade of a {args.events}-event subject ({found.subject.version} events "
            f"replayed, class {found.computed.grade_class if found.computed else None}): "
            f"median {statistics.median(times):.1f} ms, p95 "
            f"{sorted(times)[int(0.95 * len(times)) - 1]:.1f} ms over {args.runs} runs "
            "(target <= 20 ms)"
        )
        first = []
        for _ in range(args.runs):
            audit.folder = Folder(services.files.mapper, services.files.recorder)
            t0 = time.perf_counter()
            audit.subject_as_of(uscc, middle)
            first.append((time.perf_counter() - t0) * 1000)
        print(
            f"the same, first read of the subject: median {statistics.median(first):.1f} ms, p95 "
            f"{sorted(first)[int(0.95 * len(first)) - 1]:.1f} ms over {args.runs} runs"
        )


if __name__ == "__main__":
    main()
