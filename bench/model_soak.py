"""The decision model (tests/api/decision_model.py), run long on PostgreSQL: a soak.

Generates histories with Hypothesis until at least `--steps` steps have run (each history on a
fresh database copied from a migrated template), and prints the steps, the histories, the time,
what the checks answered along the way, and any counterexample (the failing history, shrunk).
Run it at low priority on a shared machine:

    nice -n 19 .venv/bin/python bench/model_soak.py --steps 10000

Exit status 1 when a counterexample was found.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, settings  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from adapters.core.db import create_db_engine  # noqa: E402
from adapters.core.migrate import migrate  # noqa: E402
from tests.api.decision_model import DecisionModel  # noqa: E402
from tests.conftest import PG_URL, Harness, _harness, make_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000, help="steps to run at least")
    parser.add_argument("--step-count", type=int, default=50, help="steps per history, at most")
    parser.add_argument("--chunk", type=int, default=20, help="histories per Hypothesis run")
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()

    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    template = f"ce_soak_tpl_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{template}"'))

    def url_of(name: str) -> str:
        return make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)

    engine = create_db_engine(url_of(template))
    migrate(engine)
    engine.dispose()
    work = Path(f"/tmp/ce_soak_{uuid.uuid4().hex[:8]}")
    histories = [0]

    def fresh() -> Iterator[Harness]:
        histories[0] += 1
        name = f"ce_soak_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        where = work / name
        where.mkdir(parents=True)
        try:
            yield from _harness(make_settings(url_of(name), where))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    class Soak(DecisionModel):
        harness_factory = staticmethod(fresh)

    Soak.TestCase.settings = settings(
        max_examples=args.chunk,
        stateful_step_count=args.step_count,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    started = time.monotonic()
    failed = False
    try:
        while Soak.steps_run < args.steps:
            before = Soak.steps_run
            try:
                Soak.TestCase().runTest()
            except Exception:  # noqa: BLE001 - a counterexample of any kind: print it
                failed = True
                print("COUNTEREXAMPLE after", Soak.steps_run, "steps:")
                traceback.print_exc()
                break
            elapsed = time.monotonic() - started
            print(
                f"steps {Soak.steps_run} (+{Soak.steps_run - before}), histories {histories[0]},"
                f" {elapsed:.0f} s, {Soak.steps_run / elapsed:.1f} steps/s",
                flush=True,
            )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        admin.dispose()
    elapsed = time.monotonic() - started
    print(
        f"model_soak: {Soak.steps_run} steps, {histories[0]} histories, {elapsed:.0f} s on "
        f"PostgreSQL; {'a counterexample (above)' if failed else 'no counterexample'}"
    )
    print("model_soak: answers seen:", dict(sorted(Soak.seen.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
