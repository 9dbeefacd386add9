"""Writes tests/migration/today-store.sqlite and today-answers.json with the code of main before
issue 15 (run once, by hand: `python -m tests.migration.make_today_store`). The store is the
demo's history of 16 subjects over 18 months, written by that code; the answers are what that
code said of every subject (its file, its check, its decoded events) at the history's end. The
test of the store (test_stored_topics.py) reads both with the code as it is now."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from adapters.core.clock import SimulatedClock
from api.bootstrap import bootstrap as build_services
from api.main import create_app
from demo.history import history_start, load_demo
from tests.conftest import make_settings

HERE = Path(__file__).parent
STORE = HERE / "today-store.sqlite"
ANSWERS = HERE / "today-answers.json"
UNTIL = datetime.fromisoformat("2026-11-30T09:00:00+08:00")
SUBJECTS = 16


def answers(client: TestClient, services: Any) -> dict[str, Any]:
    """What the service says of every subject of the store: the reads that fold its events."""
    from adapters.files.tables import subject_summary

    admin = {"Authorization": "Bearer " + services.keys.create("admin", "资质中心")}
    auditor = {"Authorization": "Bearer " + services.keys.create("auditor", "审计")}
    with services.engine.connect() as conn:
        ids = sorted(str(i) for i in conn.execute(select(subject_summary.c.subject_id)).scalars())
    out: dict[str, Any] = {}
    for subject_id in ids:
        file = client.get(f"/v1/subjects/{subject_id}", headers=admin)
        events = client.get(f"/v1/audit/subjects/{subject_id}/events", headers=auditor)
        assert file.status_code == 200 and events.status_code == 200, (file.text, events.text)
        out[subject_id] = {"file": file.json(), "events": events.json()}
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "credit.db"
        settings = make_settings(f"sqlite:///{path}", Path(tmp))
        services = build_services(settings, clock=SimulatedClock(history_start(UNTIL, 18)))
        try:
            load_demo(services, subjects=SUBJECTS, seed=2026, until=UNTIL, months=18)
        finally:
            services.close()
        with sqlite3.connect(path) as conn:
            conn.execute("VACUUM")
        shutil.copyfile(path, STORE)
        services = build_services(settings)
        try:
            with TestClient(create_app(settings, services=services)) as client:
                services.clock.set(UNTIL)
                found = answers(client, services)
        finally:
            services.close()
    ANSWERS.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
