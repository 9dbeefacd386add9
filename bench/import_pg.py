"""Batch import into a fresh PostgreSQL database through CreditFiles.add_records: records/s.

Target (issue 2): ≥ 8,000 records/s sustained over 200,000 records across 20,000 subjects.
"""

from __future__ import annotations

import argparse
import time

from common import PROVIDER, command_line, fresh_services, register_many, rows_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--subjects", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=10_000, help="rows per add_records call")
    args = parser.parse_args()
    with fresh_services() as services:
        usccs = register_many(services, args.subjects)
        rows = rows_for(usccs, args.records)
        accepted = 0
        started = time.perf_counter()
        for i in range(0, len(rows), args.batch):
            outcome = services.files.add_records(rows[i : i + args.batch], PROVIDER)
            assert not outcome.rejected, outcome.rejected[:3]
            accepted += outcome.accepted
        elapsed = time.perf_counter() - started
    assert accepted == args.records
    print(f"command: {command_line()}")
    print(f"import_pg: {accepted} records across {args.subjects} subjects in {elapsed:.2f} s")
    print(f"import_pg: {accepted / elapsed:,.0f} records/s (target ≥ 8,000)")


if __name__ == "__main__":
    main()
