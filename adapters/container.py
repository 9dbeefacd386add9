"""Builds the process's services from Settings: one engine, the event store, views, worker."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from adapters.announcements import load_announcements
from adapters.chain import Chain, Signer
from adapters.check_service import CheckService
from adapters.checks import CheckStore
from adapters.clock import ManualClock, SystemClock
from adapters.credit_china import CreditChinaExporter
from adapters.db import create_db_engine
from adapters.delivery import DeliveryProcesses
from adapters.eventstore import persistence_env, register_engine, unregister_engine
from adapters.grading_sweeps import GradingSweeps
from adapters.joint import JointReads
from adapters.keyring import Keyring
from adapters.keys import FailureLimiter, KeyStore
from adapters.lease import WorkerLease
from adapters.measures_data import MeasureVersionTable, load_measures
from adapters.migrate import migrate
from adapters.operations import install_operations
from adapters.pii import AccessLog, SubjectKeys
from adapters.policies import PolicyFollower
from adapters.policy_data import POLICY_DIR, PolicyBundle, load_policy
from adapters.portal_reads import PortalReads
from adapters.portal_sessions import PortalSessions
from adapters.projections.checks import CheckViewProjection
from adapters.projections.commitments import CommitmentsProjection
from adapters.projections.grades import GradesProjection, ListVersionsProjection
from adapters.projections.lists import ListEntriesProjection
from adapters.projections.notices import NoticesProjection
from adapters.projections.public_feed import PublicFeedProjection
from adapters.projections.subjects import RecordsProjection, SubjectSummaryProjection
from adapters.receipts import ReceiptSigner
from adapters.rulebook_data import load_rulebooks
from adapters.runner import ProjectionRunner
from adapters.scheduler import SweepScheduler
from adapters.settings import Settings
from adapters.subject_rights import install_subject_rights
from adapters.subscriptions import SecretBox, Subscriptions
from adapters.webhooks import Deliverer, DeliveryConfig
from adapters.worker import Worker
from application.commitments import CommitmentsService
from application.credit_files import CreditFiles
from application.folding import Folder
from application.grade_audit import GradeAudit
from application.grading import Grading
from application.inspections import Inspections
from application.measures import Measures
from application.privacy import PersonalDataErasure
from application.replay import Replay
from application.sweeps import Sweeps
from domain.time import install_service_zone

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
        if "scheduler" in self.extras:
            self.extras["scheduler"].shutdown()
        if "delivery_processes" in self.extras:
            self.extras["delivery_processes"].close()
        if "deliverer" in self.extras:
            self.extras["deliverer"].close()
            self.extras["deliverer"].engine.dispose()
        if "checks" in self.extras:
            self.extras["checks"].store.close()
        self.keys.close()
        self.files.close()
        unregister_engine(self.engine_key)
        self.engine.dispose()


def build_services(
    settings: Settings, *, run_migrations: bool = True, clock: Any = None
) -> Services:
    """`clock` replaces the clock CREDIT_CLOCK names (the demo's simulated clock)."""
    if settings.is_sqlite:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    cipher_key = settings.resolved_cipher_key()
    install_service_zone(settings.timezone)
    engine = create_db_engine(settings.resolved_database_url)
    if run_migrations:
        migrate(engine)
    engine_key = register_engine(engine)
    policy = load_policy(settings.policy_dir) if settings.policy_dir else load_policy()
    if clock is None:
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
    measures = Measures(
        load_measures(settings.policy_dir), MeasureVersionTable(engine), files.today
    )
    # Each capability adds its views here, and its worker tasks (policies, sweeps, deliveries)
    # to `tasks`; anything routes need goes into `extras`.
    projections: list[Any] = [
        SubjectSummaryProjection(personal),
        RecordsProjection(),
        ListEntriesProjection(),
        CommitmentsProjection(),
        GradesProjection(),
        ListVersionsProjection(),
        PublicFeedProjection(personal),
        CheckViewProjection(personal),
        NoticesProjection(measures, policy.calendar, personal),
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
    extras["portal"] = PortalReads(engine)
    extras["portal_sessions"] = PortalSessions(
        engine, settings.portal_idle_seconds, settings.portal_session_seconds
    )
    extras["announcements"] = load_announcements(settings.policy_dir or POLICY_DIR)
    # grades, lists and time (issue 3)
    rulebooks = load_rulebooks(settings.policy_dir) if settings.policy_dir else load_rulebooks()
    grading = Grading(files, rulebooks)
    history = Folder(files.mapper, files.recorder)  # the as-of replays' kept history (issue 7)
    tasks.append(
        PolicyFollower("grading", engine, files, page_handler=grading.when_subject_events_reconcile)
    )
    GradingSweeps(engine, grading).register(sweeps)
    extras.update(
        rulebooks=rulebooks,
        grading=grading,
        grade_audit=GradeAudit(files, grading, history),
        commitments=CommitmentsService(files),
        inspections=Inspections(files, grading),
    )
    if not clock.manual:  # a manual clock moves only when told: sweeps run on demand
        extras["scheduler"] = SweepScheduler(engine, sweeps)
        tasks.append(extras["scheduler"])
    install_subject_rights(engine, files, settings.policy_dir, projections, sweeps, extras)
    _add_sharing(settings, engine, files, cipher_key, tasks, sweeps, extras)
    install_operations(engine, settings, sweeps, extras)  # retention, sweep counts (issue 21)
    # other capabilities turn their events into feed items with extras["public_feed"].register
    extras["public_feed"] = next(p for p in projections if p.name == "public_feed")
    extras["measures"] = measures
    extras["checks"] = CheckService(CheckStore(engine), measures, clock)
    extras["joint"] = JointReads(engine, measures, clock)
    extras["replay"] = Replay(files, grading, measures, history)  # auditors' replay (issue 7)
    extras["chain"] = chain
    extras["receipts"] = ReceiptSigner(signer, chain, files.position)
    extras["personal"] = personal
    extras["pii_log"] = AccessLog(engine, clock.now)
    extras["erasure"] = PersonalDataErasure(files, personal)
    runner = ProjectionRunner(engine, files, projections, page_size=settings.page_size)
    worker = Worker(runner, WorkerLease(engine), poll_interval=settings.poll_interval, tasks=tasks)
    extras["deliverer"].wake = worker.wake
    return Services(
        settings=settings,
        engine=engine,
        engine_key=engine_key,
        policy=policy,
        clock=clock,
        files=files,
        runner=runner,
        worker=worker,
        keys=KeyStore(
            engine, FailureLimiter(settings.auth_failure_limit, settings.auth_failure_window)
        ),
        extras=extras,
    )


def _add_sharing(
    settings: Settings,
    engine: Engine,
    files: CreditFiles,
    cipher_key: str,
    tasks: list[Any],
    sweeps: Sweeps,
    extras: dict[str, Any],
) -> None:
    """Subscriptions, the webhook deliverer (a worker task) and the Credit China export sweep."""
    store = Subscriptions(
        engine,
        SecretBox(cipher_key),
        allow_private=settings.webhook_allow_private,
        grace=timedelta(seconds=settings.webhook_secret_grace),
        now=files.clock.now,
    )
    config = DeliveryConfig(
        schedule=tuple(float(x) for x in settings.webhook_retry_schedule.split(",") if x.strip()),
        timeout=settings.webhook_timeout,
        disable_after=settings.webhook_disable_after,
        concurrency=settings.webhook_concurrency,
        allow_private=settings.webhook_allow_private,
    )
    # an engine of its own: each delivery thread keeps a connection between jobs, which must
    # not come out of the pool the API and the views draw on
    deliverer_engine = create_db_engine(
        settings.resolved_database_url, pool_size=settings.webhook_concurrency + 2
    )
    deliverer = Deliverer(deliverer_engine, store, files.save_all, config)
    deliverer.now = files.clock.now
    exporter = CreditChinaExporter(engine, settings.export_dir or settings.var_dir / "export")
    if settings.delivery_processes:
        # deliveries in processes of their own, which this task keeps running
        processes = DeliveryProcesses(settings, settings.delivery_processes)
        extras["delivery_processes"] = processes
        tasks.insert(0, processes)
    else:
        # first of the tasks: it starts delivery jobs (threads) as soon as a page of the views
        # (the public feed among them) is committed, before the policies' work of the same round
        tasks.insert(0, deliverer)
    sweeps.register("credit_china_export", exporter.sweep)
    extras.update(subscriptions=store, deliverer=deliverer, credit_china=exporter)
