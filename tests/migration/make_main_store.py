"""Writes tests/migration/main-store.sqlite with the code of main before issue 13 (run once, by
hand, with that code first on sys.path: `PYTHONPATH=/path/to/old/checkout python
tests/migration/make_main_store.py OUT`). The store it writes is what a deployment of that code
holds: a clean new file class A and red-listed after 12 months (with class-A incentives), a
black listing in Fujian, an open objection on a public record. Kept as files (the SQLite
database, a plain pg_dump of the PostgreSQL one) so the test of the upgrade needs no old code."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from adapters.core.settings import Settings
from api.bootstrap import bootstrap
from api.main import create_app

CIPHER_KEY = base64.b64encode(b"k" * 32).decode()  # tests/conftest.py's
CLEAN = "91440101MA5CJQ4N59"
BLACK = "91350200776049653A"


def main(url: str, var: Path) -> None:
    settings = Settings(
        CREDIT_DATABASE_URL=url,
        CIPHER_KEY=CIPHER_KEY,
        CREDIT_VAR_DIR=var,
        CREDIT_CLOCK="manual",
    )
    services = bootstrap(settings)
    with TestClient(create_app(settings, services=services)) as client:
        services.clock.set(
            __import__("datetime").datetime.fromisoformat("2026-06-01T09:00:00+08:00")
        )
        keys = {
            r: {
                "Authorization": "Bearer "
                + services.keys.create(r, "国家能源局市场监管司", None, None)
            }
            for r in ("provider", "admin", "reviewer")
        }

        def step() -> None:
            for _ in range(100):
                if not services.worker.step():
                    return

        for uscc, name, region in (
            (CLEAN, "广州清洁能源有限公司", "440100"),
            (BLACK, "厦门恒源电力有限公司", "350200"),
        ):
            r = client.post(
                "/v1/subjects",
                json={
                    "id_type": "uscc",
                    "id": uscc,
                    "name": name,
                    "kind": "legal_person",
                    "sectors": ["power"],
                    "region": region,
                },
                headers=keys["provider"],
            )
            assert r.status_code == 201, r.text
        r = client.post(
            f"/v1/subjects/{BLACK}/records",
            json={
                "record_id": "NEA-FJ-2026-001",
                "catalogue_code": "administrative_penalty",
                "tier": "serious",
                "decision_no": "闽监能罚〔2026〕1号",
                "decided_on": "2026-05-20",
                "legal_basis": "《电力监管条例》第三十一条",
                "summary": "违规参与电力市场交易",
                "content": {"penalty_type": "罚款"},
            },
            headers=keys["provider"],
        )
        assert r.status_code == 201, r.text
        step()
        for now in ("2026-06-16T09:00:00+08:00", "2027-06-02T09:00:00+08:00"):
            services.clock.set(__import__("datetime").datetime.fromisoformat(now))
            assert client.post("/v1/admin/sweeps:run", headers=keys["admin"]).status_code == 200
            step()
        me = {
            "Authorization": "Bearer "
            + services.keys.create("subject", "x", None, str(services.files.subject_id_of(BLACK)))
        }
        r = client.post(
            "/v1/me/objections",
            json={"record_id": "NEA-FJ-2026-001", "grounds": "error", "statement": "金额有误"},
            headers=me,
        )
        assert r.status_code == 201, r.text
        step()
    services.close()


if __name__ == "__main__":
    # sqlite:///…/main-store.sqlite, or a fresh PostgreSQL database then dumped with
    # `pg_dump --no-owner --no-privileges DB > main-store-pg.sql`
    main(sys.argv[1], Path(sys.argv[2]))
