"""A store written by the code before issue 13 reads under this code and comes out corrected.

`main-store.sqlite` was written by that code (make_main_store.py): a clean new file graded A and
red-listed after 12 months with class-A incentives sent; a black listing in Fujian; an open
objection. Upgrading migrates the views (0131) and the next sweep reconciles every file once
under the rules as they are now (the re-grade's mark names the grading policy's revision): the
corrections are new events; no stored event is rewritten.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from adapters.joint.tables import notices
from api.bootstrap import bootstrap
from api.main import create_app
from tests.conftest import PG_URL, REQUIRE_PG, _pg_admin, make_settings, postgres_available

STORE = Path(__file__).with_name("main-store.sqlite")
PG_DUMP = Path(__file__).with_name("main-store-pg.sql")  # pg_dump --no-owner --no-privileges
CLEAN = "91440101MA5CJQ4N59"
BLACK = "91350200776049653A"


@pytest.fixture(params=["sqlite", "postgres"])
def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A copy of the store the old code wrote: the SQLite file, or the dump restored into a
    fresh PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "credit.db"
        shutil.copyfile(STORE, path)
        yield f"sqlite:///{path}"
        return
    if not postgres_available():
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required (CREDIT_REQUIRE_POSTGRES=1) at {PG_URL}")
        pytest.skip("no PostgreSQL server")
    name = f"ce_test_old_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name)
    try:
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host or "127.0.0.1",
             "-p", str(url.port or 5432), "-U", url.username or "root", "-d", name,
             "-f", str(PG_DUMP)],
            check=True, capture_output=True,
        )  # fmt: skip
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_store_written_before_the_decision_reads_and_comes_out_corrected(
    old_store: str, tmp_path: Path
):
    settings = make_settings(old_store, tmp_path)
    services = bootstrap(settings)  # migrates: 0131
    try:
        with TestClient(create_app(settings, services=services)) as client:
            admin = {"Authorization": "Bearer " + services.keys.create("admin", "资质中心")}
            auditor = {"Authorization": "Bearer " + services.keys.create("auditor", "审计")}
            events_before = services.files.position()
            stored = client.get(f"/v1/audit/subjects/{CLEAN}/events", headers=auditor).json()
            # the events stored by the old code load as they are (fields added since default)
            old = client.get(f"/v1/subjects/{CLEAN}", headers=admin).json()
            assert (old["status"], old["class"]) == ("red", "A")
            assert [i["term_rule"] for i in old["listings"]] == ["from_listing"]
            services.clock.set(datetime.fromisoformat("2027-06-03T09:00:00+08:00"))
            r = client.post("/v1/admin/sweeps:run", headers=admin)
            assert r.status_code == 200, r.text
            for _ in range(100):
                if not services.worker.step():
                    break
            clean = client.get(
                f"/v1/checks/{CLEAN}", params={"all_measures": "true"}, headers=admin
            )
            body = clean.json()
            assert (body["status"], body["class"], body["measures"]) == ("clear", None, [])
            assert body["unrated_reason"].startswith("not yet evaluated")
            with services.engine.connect() as conn:
                lifts = conn.execute(
                    select(func.count()).where(notices.c.type == "lift")
                ).scalar_one()
            assert lifts >= 7  # every incentive of the red listing and of class A is lifted
            black = client.get(
                f"/v1/checks/{BLACK}",
                params={"matter": "market_access"},
                headers={
                    "Authorization": "Bearer "
                    + services.keys.create("agency", "国家能源局华北监管局")
                },
            ).json()
            assert (black["status"], black["class"], black["measures"]) == ("black", "D", [])
            assert black["listings"][0]["term_rule"] == "from_listing"
            assert [m["record_id"] for m in black["objection_marks"]] == ["NEA-FJ-2026-001"]
            # nothing stored was rewritten: the old events are still the first ones, unchanged
            again = client.get(f"/v1/audit/subjects/{CLEAN}/events", headers=auditor).json()
            assert again[: len(stored)] == stored and services.files.position() > events_before
            verify = client.get("/v1/audit/verify", headers=auditor).json()
            assert verify["ok"], verify
    finally:
        services.close()
