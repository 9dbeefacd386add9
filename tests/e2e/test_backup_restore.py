"""The restore drill: `credit-energy backup`, then `restore` into an empty database, on both
backends; the restored database verifies, holds the manifest's chain head and rebuilds every
view to what was backed up, also when the backup was taken while imports ran."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.operations.backup import BackupError, backup, restore
from adapters.operations.drill import drill
from api.bootstrap import Services, bootstrap
from tests.conftest import PG_URL, make_settings
from tests.e2e.conftest import CLI, PROVIDER, Stack, record_rows, register_subjects
from tests.viewstate import view_state


@pytest.fixture
def target(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the same backend to restore into."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'credit.db'}"
        return
    name = f"ce_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def cli(stack: Stack, url: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, *args],
        env={**stack.env, "CREDIT_DATABASE_URL": url, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def settle(services: Services) -> None:
    while services.worker.step():
        pass


def history(services: Services, records: int = 120) -> list[str]:
    usccs = register_subjects(services, 12)
    services.files.add_records(enumerate(record_rows(usccs, records)), PROVIDER)
    services.files.revoke_record("E-000003", "撤销", PROVIDER)
    settle(services)
    services.chain.checkpoint()
    return usccs


def states(services: Services) -> dict[str, Any]:
    return {p.name: view_state(services.engine, p) for p in services.runner.projections}


def test_a_backup_restores_into_an_empty_database_verifies_and_holds_every_view(
    stack: Stack, target: str, tmp_path: Path
):
    services = stack.services()
    try:
        history(services)
        backed_up = states(services)
        chain = services.chain
        head, link = chain.position(), chain.verify().head
    finally:
        services.close()
    out = tmp_path / "backup"
    made = stack.run("backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["chain"] == {"position": head, "head": link}
    assert manifest["log_head"] == head and manifest["checkpoint"]["position"] == head
    assert "CIPHER_KEY" not in (out / "manifest.json").read_text()

    restored = cli(stack, target, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["differences"] == []
    verified = cli(stack, target, "verify")
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["head"] == manifest["chain"]["head"]
    services = bootstrap(make_settings(target, tmp_path))
    try:
        assert states(services) == backed_up
        report = drill(services)
        assert report["ok"] and all(report["views"].values()), report
    finally:
        services.close()

    into = make_settings(target, tmp_path)
    with pytest.raises(BackupError, match="not empty"):
        restore(into, out)
    wrong = base64.b64encode(b"w" * 32).decode()
    with pytest.raises(BackupError, match="master key"):
        restore(into.model_copy(update={"cipher_key": wrong}), out)


def test_a_backup_taken_while_imports_run_holds_exactly_what_its_manifest_describes(
    stack: Stack, target: str, tmp_path: Path
):
    services = stack.services()
    stop = threading.Event()
    imported: list[int] = []
    try:
        usccs = history(services, records=60)

        def imports() -> None:  # the service keeps importing while the backup runs
            n = 0
            while not stop.is_set() and n < 40:
                rows = record_rows(usccs, 20, prefix=f"BG{n:03d}")
                services.files.add_records(enumerate(rows), PROVIDER)
                n += 1
                imported.append(services.files.position())

        after_snapshot: list[int] = []

        def commit_after_snapshot() -> None:  # a commit that the copy must not contain
            rows = record_rows(usccs, 20, prefix="LATE")
            services.files.add_records(enumerate(rows), PROVIDER)
            after_snapshot.append(services.files.position())

        worker = threading.Thread(target=imports)
        worker.start()
        try:
            manifest = backup(
                stack.settings, tmp_path / "backup", on_snapshot=commit_after_snapshot
            )
        finally:
            stop.set()
            worker.join(60)
        source_head = services.files.position()
    finally:
        services.close()
    assert manifest["log_head"] < after_snapshot[0] <= source_head
    assert imported, "the imports ran beside the backup"

    restored = cli(stack, target, "restore", str(tmp_path / "backup"), "--drill")
    assert restored.returncode == 0, restored.stderr
    report = json.loads(restored.stdout)
    assert report["log_head"] == manifest["log_head"] and report["differences"] == []
    assert report["drill"]["verify"]["ok"] and all(report["drill"]["views"].values())
    assert report["drill"]["verify"]["head"] == manifest["chain"]["head"]
