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
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from application.folding import Folder
from bench._grading_common import (
    HISTORY_START,
    PG_URL,
    fake_uscc,
    fresh_services,
    one_long_history,
    timed,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()
    with fresh_services(args.pg_url) as services:
        start = HISTORY_START
        one_long_history(services, args.events)
        audit = services.grade_audit
        middle = start + timedelta(minutes=args.events // 2)
        uscc = fake_uscc(1)
        found = audit.subject_as_of(uscc, middle)
        median, p95 = timed(lambda: audit.subject_as_of(uscc, middle), args.runs)
        print(
            f"as-of grade of a {args.events}-event subject ({found.subject.version} events "
            f"replayed, class {found.computed.grade_class if found.computed else None}): "
            f"median {median:.1f} ms, p95 {p95:.1f} ms over {args.runs} runs (target <= 20 ms)"
        )

        def first_read() -> None:
            audit.folder = Folder(services.files.mapper, services.files.recorder)
            audit.subject_as_of(uscc, middle)

        median, p95 = timed(first_read, args.runs, warm=False)
        print(
            f"the same, first read of the subject: median {median:.1f} ms, p95 {p95:.1f} ms "
            f"over {args.runs} runs"
        )


if __name__ == "__main__":
    main()
