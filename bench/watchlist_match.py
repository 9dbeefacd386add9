"""How long matching one feed event against a 100,000-subject watchlist takes.

.venv/bin/python bench/watchlist_match.py [--subjects 100000] [--events 200000]
"""

from __future__ import annotations

import argparse
import random
import time
import uuid

from adapters.sharing.feed import FeedFilter, FeedRow


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(6)
    watched = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(args.subjects)]
    started = time.perf_counter()
    filt = FeedFilter.of(watched, None, ["power", "coal"], None, owner="bank")
    built = time.perf_counter() - started
    others = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(1000)]
    rows = [
        FeedRow(
            id=f"ce-{i}",
            position=i,
            type="record.published",
            subject_id=rng.choice(watched) if i % 2 else rng.choice(others),
            list=None,
            sectors=("power",),
            owner=None,
            body="{}",
        )
        for i in range(args.events)
    ]
    started = time.perf_counter()
    hits = sum(1 for row in rows if filt.matches(row))
    took = time.perf_counter() - started
    print(f"watchlist={args.subjects} build={built * 1000:.1f} ms")
    print(f"events={args.events} matched={hits} per_event={took / args.events * 1e6:.3f} µs")


if __name__ == "__main__":
    main()
