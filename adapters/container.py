"""Builds the process's services from Settings: one engine, the event store, views, worker."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from adapters.chain import Chain, Signer
from adapters.clock import ManualClock, SystemClock
from adapters.db import create_db_engine
from adapters.eventstore import persistence_env, register_engine, unregister_engine
from adapters.keyring import Keyring
from adapters.keys import KeyStore
from adapters.lease import WorkerLease
from adapters.migrate import migrate
from adapters.pii import AccessLog, SubjectKeys
from adapters.policy_data import PolicyBundle, load_policy
from adapters.projections.lists import ListEntriesProjection
from adapters.projections.subjects import RecordsProjection, SubjectSummaryProjection
from adapters.receipts import ReceiptSigner
from adapters.runner import ProjectionRunner
from adapters.settings import Settings
from adapters.worker import Worker
from application.credit_files import CreditFiles
from application.privacy import PersonalDataErasure
from application.sweeps import Sweeps

log = logging.getLogger(__name__)


def person_key(ring: Keyring) -> bytes:
    """The key for natural persons' stream ids: a keyring data key (wrapped by the master key, so
    rotating the master key keeps every person's subject_id)."""
    _, raw = ring.current("person-id")
    return hmac.new(raw, b"credit-energy/person-subject-id/v1", hashlib.sha256).digest()


@dataclass
class Services:
    settings: Settings
    engine: Engine
    engine_key: str
    policy: PolicyBundle
    clock: Any
    files: CreditFiles
    runner: ProjectionRunner
    worker: Worker
    keys: KeyStore
    extras: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        self.worker.stop()
        self.files.close()
        unregister_engine(self.engine_key)
        self.engine.dispose()


def build_services(settings: Settings, *, run_migrations: bool = True) -> Services:
    if settings.is_sqlite:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    cipher_key = settings.resolved_cipher_key()
    engine = create_db_engine(settings.resolved_database_url)
    if run_migrations:
        migrate(engine)
    engine_key = register_engine(engine)
    policy = load_policy(settings.policy_dir) if settings.policy_dir else load_policy()
    clock = ManualClock(engine) if settings.clock == "manual" else SystemClock()
    signer = Signer(settings.resolved_signing_key())
    personal = SubjectKeys(engine, cipher_key, clock.now)
    files = CreditFiles(
        persistence_env(engine_key, cipher_key),
        policy=policy,
        clock=clock,
        person_key=person_key(Keyring(engine, cipher_key)),
        personal=personal,
    )
    # Each capability adds its views here, and its worker tasks (policies, sweeps, deliveries)
    # to `tasks`; anything routes need goes into `extras`.
    projections: list[Any] = [
        SubjectSummaryProjection(personal),
        RecordsProjection(),
        ListEntriesProjection(),
    ]
    chain = Chain(
        engine,
        signer,
        clock.now,
        every_events=settings.checkpoint_every_events,
        every_seconds=settings.checkpoint_every_seconds,
    )
    tasks: list[Any] = [chain]
    sweeps = Sweeps(clock)
    extras: dict[str, Any] = {"sweeps": sweeps}
    extras["chain"] = chain
    extras["receipts"] = ReceiptSigner(signer, chain, files.position)
    extras["personal"] = personal
    extras["pii_log"] = AccessLog(engine, clock.now)
    extras["erasure"] = PersonalDataErasure(files, personal)
    runner = ProjectionRunner(engine, files, projections, page_size=settings.page_size)
    worker = Worker(runner, WorkerLease(engine), poll_interval=settings.poll_interval, tasks=tasks)
    return Services(
        settings=settings,
        engine=engine,
        engine_key=engine_key,
        policy=policy,
        clock=clock,
        files=files,
        runner=runner,
        worker=worker,
        keys=KeyStore(engine),
        extras=extras,
    )
