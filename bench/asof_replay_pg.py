"""Subject as-of replay with 1,000 events (PostgreSQL): median ms. Target <= 20 ms.

    .venv/bin/python bench/asof_replay_pg.py --events 1000 --runs 50

Times what `GET /v1/audit/subjects/{id}?as_of=T` does without HTTP: read the stream in one query,
fold it up to the first event stamped after T, grade it under the rulebook in force, and state
status, class, listings and measures as a check would; and, for a check replay, the same fold up to
a log position. Three instants: early (10 % of the events), middle and latest. The service keeps
a stream's decrypted history once read (application/folding.py), so these are repeat reads of one
subject; the "first read" lines time an auditor's first look at a subject (nothing kept).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
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
from domain.time import service_day


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()
    with fresh_services(args.pg_url) as services:
        start = HISTORY_START
        one_long_history(services, args.events)
        replay = services.replay
        subject_id = services.files.subject_id_of(fake_uscc(1))
        head = services.files.position()

        def as_of(instant: datetime) -> None:
            found = replay.subject_at(subject_id, instant=instant)
            day = service_day(instant)
            replay.rulebook_grade(found.subject, day)
            replay.answer(found.subject, replay.catalogue_on(day), None, None)

        def first_read(instant: datetime) -> None:
            replay.folder = Folder(services.files.mapper, services.files.recorder)
            as_of(instant)

        def at_position() -> None:
            found = replay.subject_at(subject_id, position=head)
            replay.answer(found.subject, replay.catalogue_on(service_day(start)), None, None)

        cases = {
            "as of 10%": lambda: as_of(start + timedelta(minutes=args.events // 10)),
            "as of 50%": lambda: as_of(start + timedelta(minutes=args.events // 2)),
            "as of 100%": lambda: as_of(start + timedelta(minutes=args.events)),
            "check replay at head": at_position,
            "first read, as of 50%": lambda: first_read(
                start + timedelta(minutes=args.events // 2)
            ),
            "first read, as of 100%": lambda: first_read(start + timedelta(minutes=args.events)),
        }
        for name, fn in cases.items():
            median, p95 = timed(fn, args.runs)
            print(
                f"{name:>24}: median {median:6.1f} ms, p95 {p95:6.1f} ms "
                f"({args.events} events, {args.runs} runs; target <= 20 ms)"
            )


if __name__ == "__main__":
    main()
