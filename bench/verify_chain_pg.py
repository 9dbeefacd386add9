"""Figure: verify the hash chain over N stored events on PostgreSQL (target ≥ 50,000 events/s
over 1,000,000). Also reports how fast the chain follower links new rows.

    .venv/bin/python bench/verify_chain_pg.py --events 1000000
    .venv/bin/python bench/verify_chain_pg.py --events 20000     # a quick proof that it runs

Creates a scratch database (dropped afterwards unless --keep), fills the events table with
synthetic rows of realistic size (the chain hashes stored bytes, so their content is immaterial),
links them, then times `Chain.verify()` — what `credit-energy verify` runs.
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from datetime import UTC, datetime

from psycopg2.extras import execute_values
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.audit.chain import Chain, Signer
from adapters.core.db import create_db_engine
from adapters.core.migrate import migrate

TOPIC = "domain.records:Records.RecordAdded"


def fill(engine, events: int, state_bytes: int, batch: int = 20_000) -> float:
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        stream, version = uuid.uuid4(), 0
        done = 0
        while done < events:
            rows = []
            for _ in range(min(batch, events - done)):
                version += 1
                if version > 50:  # 50 events per subject
                    stream, version = uuid.uuid4(), 1
                rows.append((str(stream), version, TOPIC, os.urandom(state_bytes)))
            execute_values(
                cur,
                "INSERT INTO creditfiles_events (originator_id, originator_version, topic, state)"
                " VALUES %s",
                rows,
                page_size=5000,
            )
            raw.commit()
            done += len(rows)
    finally:
        raw.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--state-bytes", type=int, default=400)
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "CREDIT_BENCH_PG_URL", "postgresql+psycopg2://root@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    name = f"ce_bench_chain_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    engine = create_db_engine(url)
    try:
        migrate(engine)
        seconds = fill(engine, args.events, args.state_bytes)
        print(f"filled {args.events:,} events in {seconds:.1f} s")
        chain = Chain(engine, Signer(os.urandom(32)), lambda: datetime.now(UTC), page_size=5000)
        started = time.perf_counter()
        while chain.follow():
            pass
        seconds = time.perf_counter() - started
        print(f"linked {args.events:,} events in {seconds:.1f} s: {args.events / seconds:,.0f}/s")
        chain.checkpoint()
        started = time.perf_counter()
        result = chain.verify()
        seconds = time.perf_counter() - started
        assert result.ok and result.checked == args.events, result
        print(
            f"verified {result.checked:,} events in {seconds:.2f} s: "
            f"{result.checked / seconds:,.0f} events/s (target ≥ 50,000/s)"
        )
    finally:
        engine.dispose()
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
