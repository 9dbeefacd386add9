"""Shared set-up for the benchmarks: a fresh PostgreSQL database and the service on it."""

from __future__ import annotations

import base64
import contextlib
import os
import random
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.core.settings import Settings
from api.bootstrap import Services, bootstrap
from application.ports import Actor
from domain.identifiers import generate_uscc
from domain.subject import MarketSubject, subject_id_for_uscc

PG_URL = os.environ.get("CREDIT_BENCH_PG_URL", "postgresql+psycopg2://root@127.0.0.1:5432/postgres")
ADMIN = Actor(role="admin", org="资质中心")
PROVIDER = Actor(role="provider", org="华北能源监管局", org_code="11100000MB01692704")
NOW = datetime.fromisoformat("2026-06-01T09:00:00+08:00")
PENALTY = {
    "catalogue_code": "administrative_penalty",
    "tier": "general",
    "decision_no": "国能监罚〔2026〕12号",
    "decided_on": "2026-05-01",
    "legal_basis": "《电力监管条例》第三十一条",
    "summary": "违规参与电力市场交易",
    "content": {"penalty_type": "罚款", "fine": 50000},
}


@contextlib.contextmanager
def fresh_services(**env: Any) -> Iterator[Services]:
    """A new PostgreSQL database, migrated, with a manual clock; dropped afterwards."""
    name = f"ce_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    settings = Settings(
        CREDIT_DATABASE_URL=url,
        CIPHER_KEY=base64.b64encode(os.urandom(32)).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_CLOCK="manual",
        CREDIT_LOG_LEVEL="WARNING",
        **env,
    )
    services = bootstrap(settings)
    services.clock.set(NOW)
    try:
        yield services
    finally:
        services.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def register_many(services: Services, n: int, seed: int = 1, batch: int = 1000) -> list[str]:
    """n registered companies, saved in batches (set-up, not measured)."""
    rng = random.Random(seed)
    usccs: list[str] = []
    seen: set[str] = set()
    pending: list[MarketSubject] = []
    while len(usccs) < n:
        uscc = generate_uscc(rng, division="350200")
        if uscc in seen:
            continue
        seen.add(uscc)
        usccs.append(uscc)
        pending.append(
            MarketSubject.register(
                subject_id_for_uscc(uscc),
                id_type="uscc",
                identifier=uscc,
                name=f"厦门第{len(usccs)}电力有限公司",
                kind="legal_person",
                sectors=["power"],
                region="350200",
                uscc=uscc,
                check_overridden=False,
                registered_by=ADMIN.org,
                profile={},
            )
        )
        if len(pending) >= batch:
            services.files.save_all(*pending)
            pending = []
    if pending:
        services.files.save_all(*pending)
    return usccs


def rows_for(usccs: list[str], n: int, prefix: str = "R") -> list[tuple[int, dict[str, Any]]]:
    return [
        (i + 1, {**PENALTY, "subject": usccs[i % len(usccs)], "record_id": f"{prefix}-{i:08d}"})
        for i in range(n)
    ]


def command_line() -> str:
    return " ".join([Path(sys.executable).name, *sys.argv])
