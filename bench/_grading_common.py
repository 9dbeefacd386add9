"""Shared set-up of the grading benchmarks: a fresh PostgreSQL database and bulk-built files."""

from __future__ import annotations

import base64
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.core.settings import Settings
from adapters.policy_data.loader import POLICY_DIR
from api.bootstrap import Services, bootstrap
from application.ports import Actor
from application.records import prepare_record
from domain.identifiers import uscc_check_char
from domain.subject import MarketSubject, subject_id_for_uscc

PG_URL = "postgresql+psycopg2://root@127.0.0.1:5432/postgres"
PROVIDER = Actor(role="provider", org="国家能源局福建监管办")


def fake_uscc(n: int) -> str:
    first17 = f"913502{n:011d}"
    return first17 + uscc_check_char(first17)


@contextmanager
def fresh_services(
    pg_url: str, later_rulebook: bool = False, prefix: str = "ce_bench"
) -> Iterator[Services]:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    tmp = Path(tempfile.mkdtemp(prefix="ce-bench-"))
    policy = tmp / "policy"
    shutil.copytree(POLICY_DIR, policy)
    if later_rulebook:
        current = (policy / "rulebook" / "2025-01.yaml").read_text(encoding="utf-8")
        (policy / "rulebook" / "2027-01.yaml").write_text(
            current.replace('version: "2025-01"', 'version: "2027-01"')
            .replace("effective_from: 2025-01-01", "effective_from: 2027-01-01")
            .replace("general: 10,", "general: 25,"),
            encoding="utf-8",
        )
    settings = Settings(
        CREDIT_DATABASE_URL=make_url(pg_url).set(database=name).render_as_string(False),
        CIPHER_KEY=base64.b64encode(b"b" * 32).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_CLOCK="manual",
        CREDIT_VAR_DIR=tmp / "var",
        CREDIT_POLICY_DIR=policy,
    )
    services = bootstrap(settings)
    try:
        yield services
    finally:
        services.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


def new_subject(n: int) -> MarketSubject:
    uscc = fake_uscc(n)
    return MarketSubject.register(
        subject_id_for_uscc(uscc),
        id_type="uscc",
        identifier=uscc,
        name=f"测试能源有限公司{n}",
        kind="legal_person",
        sectors=["power"],
        region="350200",
        uscc=uscc,
        check_overridden=False,
        registered_by=PROVIDER.org,
        profile={},
    )


def add_penalty(
    services: Services,
    subject: MarketSubject,
    record_id: str,
    decided: str,
    today: date | None = None,
) -> None:
    body: dict[str, Any] = {
        "record_id": record_id,
        "catalogue_code": "administrative_penalty",
        "tier": "general",
        "decision_no": f"闽监能罚〔2026〕{record_id}号",
        "decided_on": decided,
        "legal_basis": "《电力监管条例》第三十一条",
        "summary": "违规",
        "content": {"penalty_type": "罚款"},
    }
    day = today or services.files.today()  # the manual clock is a database read
    facts = prepare_record(body, str(subject.id), PROVIDER, services.policy, day)
    subject.add_record(facts.fields)


HISTORY_START = datetime.fromisoformat("2026-06-01T09:00:00+08:00")


def one_long_history(services: Services, events: int) -> None:
    """Subject 1 (`fake_uscc(1)`) with `events` events: registered at HISTORY_START, then one
    penalty a minute, each saved on its own (as the as-of benchmarks replay it)."""
    services.clock.set(HISTORY_START)
    subject = new_subject(1)
    services.files.save_all(subject)
    for n in range(1, events):
        services.clock.set(HISTORY_START + timedelta(minutes=n))
        add_penalty(services, subject, f"R{n}", "2026-05-20")
        services.files.save_all(subject)


def timed(fn: Callable[[], Any], runs: int, warm: bool = True) -> tuple[float, float]:
    """Median and p95 in ms of `runs` calls (after one warm-up call unless `warm` is False)."""
    if warm:
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)]
