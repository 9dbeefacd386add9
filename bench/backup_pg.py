"""Figures: backup and restore of N events on PostgreSQL: time, size, and the restore drill.

Full size (issue 21's figure), from the repository root:
    .venv/bin/python bench/backup_pg.py --events 1000000
A quick proof that it runs:
    .venv/bin/python bench/backup_pg.py --events 20000

Set-up (not measured): a fresh database with N events made as the service makes them (batched
registrations and records through CreditFiles.add_records), every view caught up, the chain linked
and a checkpoint signed. Then it times `credit-energy backup` (adapters.operations.backup.backup:
pg_dump -Fc inside an exported snapshot, plus the manifest), `credit-energy restore` into a new
empty database (pg_restore --single-transaction, plus the comparison with the manifest), the chain's
verification on the restored database, and with --drill the rebuild of every view compared with the
restored ones. Databases and the backup directory are removed afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from common import PG_URL, PROVIDER, command_line, fresh_services, register_many, rows_for
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.operations.backup import backup, restore
from adapters.operations.drill import drill
from api.bootstrap import bootstrap


def size_of(services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--drill", action="store_true", help="also rebuild and compare every view")
    args = parser.parse_args()
    subjects = max(1, args.events // 21)  # ten records (two events each) per subject
    records = max(0, (args.events - subjects) // 2)
    folder = Path(tempfile.mkdtemp(prefix="ce_bench_backup_"))
    target = f"ce_bench_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with fresh_services() as services:
            started = time.perf_counter()
            usccs = register_many(services, subjects)
            rows = rows_for(usccs, records)
            for i in range(0, len(rows), 20_000):
                services.files.add_records(rows[i : i + 20_000], PROVIDER)
            services.runner.catch_up()
            chain = services.chain
            while chain.follow():
                pass
            chain.checkpoint()
            events = services.files.position()
            print(f"command: {command_line()}")
            took, mib = time.perf_counter() - started, size_of(services) / 2**20
            print(
                f"backup_pg: set-up {events:,} events, views caught up, chain linked in "
                f"{took:.1f} s; database {mib:,.1f} MiB"
            )

            started = time.perf_counter()
            manifest = backup(services.settings, folder / "backup")
            took = time.perf_counter() - started
            print(
                f"backup_pg: backup {took:.2f} s ({events / took:,.0f} events/s), dump "
                f"{manifest['bytes'] / 2**20:,.1f} MiB ({manifest['bytes'] / events:,.0f} bytes "
                "per event)"
            )
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{target}"'))
            url = make_url(PG_URL).set(database=target).render_as_string(hide_password=False)
            settings = services.settings.model_copy(update={"database_url": url})

        started = time.perf_counter()
        report = restore(settings, folder / "backup")
        took = time.perf_counter() - started
        assert report["ok"], report["differences"]
        print(f"backup_pg: restore {took:.2f} s ({events / took:,.0f} events/s), manifest matched")
        restored = bootstrap(settings)
        try:
            started = time.perf_counter()
            verification = restored.chain.verify()
            took = time.perf_counter() - started
            assert verification.ok and verification.head == manifest["chain"]["head"]
            print(f"backup_pg: verify after restore {took:.2f} s, chain head = manifest's")
            if args.drill:
                started = time.perf_counter()
                result = drill(restored)
                assert result["ok"], result
                took = time.perf_counter() - started
                print(
                    f"backup_pg: drill (verify + rebuild {len(result['views'])} views) {took:.1f} s"
                )
        finally:
            restored.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
