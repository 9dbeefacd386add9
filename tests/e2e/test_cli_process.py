"""`credit-energy migrate` and `credit-energy rebuild VIEW` as operators run them."""

from __future__ import annotations

import signal

from sqlalchemy import create_engine, inspect, text

from adapters.schema import metadata
from tests.e2e.conftest import PROVIDER, Stack, record_rows, register_subjects, settled, wait_until
from tests.viewstate import view_state


def schema(url: str) -> tuple[dict[str, list[str]], list[str]]:
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        tables = {t: sorted(c["name"] for c in insp.get_columns(t)) for t in insp.get_table_names()}
        with engine.connect() as conn:
            heads = sorted(
                r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))
            )
    finally:
        engine.dispose()
    return tables, heads


def test_migrate_creates_every_table_and_a_second_run_changes_nothing(stack: Stack):
    url = stack.settings.resolved_database_url
    first = stack.run("migrate")
    assert first.returncode == 0, first.stderr
    tables, heads = schema(url)
    expected = set(metadata.tables) | {"creditfiles_events", "creditfiles_snapshots"}
    assert expected <= set(tables)
    assert heads
    again = stack.run("migrate")
    assert again.returncode == 0, again.stderr
    assert schema(url) == (tables, heads)


def test_rebuild_ends_equal_to_the_live_view_beside_a_running_worker_and_alone(stack: Stack):
    services = stack.services()
    try:
        usccs = register_subjects(services, 30)
        services.files.add_records(enumerate(record_rows(usccs, 600)), PROVIDER)
        services.files.revoke_record("E-000010", "撤销", PROVIDER)
        worker = stack.start("worker", name="worker")
        wait_until(lambda: settled(services), 60, "catch-up")
        head = services.files.position()
        live = {p.name: view_state(services.engine, p) for p in services.runner.projections}

        beside = stack.run("rebuild", "records")
        assert beside.returncode == 0, beside.stderr
        assert f"records rebuilt at position {head}" in beside.stdout
        assert view_state(services.engine, services.runner.by_name("records")) == live["records"]

        worker.send_signal(signal.SIGTERM)
        assert worker.wait(20) == 0
        for view in live:
            alone = stack.run("rebuild", view)
            assert alone.returncode == 0, alone.stderr
            assert view_state(services.engine, services.runner.by_name(view)) == live[view]
        assert stack.run("rebuild", "nonsense").returncode != 0
    finally:
        services.close()
