"""The composition root: `bootstrap(settings)` builds every service of the process, typed.

One small wiring function, as in cosmicpython's bootstrap: what it builds is read from the
capabilities' manifests (`build(core) -> Capability`, adapters/core/capability.py), and tests
replace its parts through its keyword arguments (the clock; the worker's wake-up and the
deliverer's shard for a delivery process). Routes reach the services through the typed
dependencies of api/deps.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Engine

from adapters.audit import manifest as audit
from adapters.audit.chain import Chain
from adapters.audit.receipts import ReceiptSigner
from adapters.core.capability import Core
from adapters.core.clock import ManualClock, SystemClock
from adapters.core.db import create_db_engine
from adapters.core.keyring import Keyring
from adapters.core.keys import FailureLimiter, KeyStore
from adapters.core.lease import WorkerLease
from adapters.core.migrate import migrate
from adapters.core.persistence import persistence_env, register_engine, unregister_engine
from adapters.core.pii import AccessLog, SubjectKeys
from adapters.core.runner import ProjectionRunner
from adapters.core.settings import Settings
from adapters.core.worker import Worker
from adapters.files import manifest as credit_files
from adapters.grading import manifest as grading
from adapters.joint import manifest as joint
from adapters.joint.check_service import CheckService
from adapters.joint.measures_data import MeasureVersionTable, load_measures
from adapters.joint.reads import JointReads
from adapters.operations import manifest as operations
from adapters.operations.manifest import Operations
from adapters.policy_data.loader import PolicyBundle, load_policy
from adapters.portal import manifest as portal
from adapters.portal.announcements import Announcement
from adapters.portal.reads import PortalReads
from adapters.portal.sessions import PortalSessions
from adapters.scheduler import SweepScheduler
from adapters.sharing import manifest as sharing
from adapters.sharing.manifest import Sharing
from adapters.sharing.public_feed import PublicFeedProjection
from adapters.subject_rights import manifest as subject_rights
from adapters.subject_rights.manifest import SubjectRights
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
from domain.policy import PolicyHistory
from domain.rulebook import Rulebook
from domain.time import install_service_zone

log = logging.getLogger(__name__)


def person_key(ring: Keyring) -> bytes:
    """The key for natural persons' stream ids: a keyring data key (wrapped by the master key, so
    rotating the master key keeps every person's subject_id)."""
    _, raw = ring.current("person-id")
    return hmac.new(raw, b"credit-energy/person-subject-id/v1", hashlib.sha256).digest()


@dataclass
class Services:
    """Every service of the process, by name and type."""

    settings: Settings
    engine: Engine
    engine_key: str
    policy: PolicyBundle
    clock: Any
    files: CreditFiles
    runner: ProjectionRunner
    worker: Worker
    keys: KeyStore
    sweeps: Sweeps
    # None with a manual clock: it moves only when told, and sweeps run on demand
    scheduler: SweepScheduler | None
    measures: Measures
    checks: CheckService
    joint: JointReads
    replay: Replay  # auditors' replay (issue 7)
    chain: Chain
    receipts: ReceiptSigner
    personal: SubjectKeys
    pii_log: AccessLog
    erasure: PersonalDataErasure
    public_feed: PublicFeedProjection
    # the portal (issue 8)
    portal: PortalReads
    portal_sessions: PortalSessions
    announcements: list[Announcement]
    # grades, lists and time (issue 3)
    rulebooks: PolicyHistory[Rulebook]
    grading: Grading
    grade_audit: GradeAudit
    commitments: CommitmentsService
    inspections: Inspections
    # the capabilities built from their manifests
    rights: SubjectRights  # subjects' rights (issue 5)
    sharing: Sharing  # subscribers and the feed (issue 6)
    operations: Operations  # retention, sweep runs (issue 21)
    # the national exchange's status (issue 17): the body of GET /v1/admin/exchange
    exchange_status: Callable[[], dict[str, Any]] | None = None

    @cached_property
    def portal_session_key(self) -> bytes:
        """The key that seals the portal's session cookies."""
        raw = base64.b64decode(self.settings.resolved_cipher_key())
        return hmac.new(raw, b"credit-energy/portal-session/v1", hashlib.sha256).digest()

    @cached_property
    def catalogue_names(self) -> dict[str, str]:
        """The Chinese name of every record catalogue code, of every version."""
        names: dict[str, str] = {}
        for versioned in self.policy.catalogues.versions():
            for code, entry in versioned.value.entries.items():
                names[code] = entry.name_zh
        return names

    def close(self) -> None:
        self.worker.stop()
        if self.scheduler is not None:
            self.scheduler.shutdown()
        self.sharing.close()
        self.checks.store.close()
        self.keys.close()
        self.files.close()
        unregister_engine(self.engine_key)
        self.engine.dispose()


def bootstrap(
    settings: Settings,
    *,
    run_migrations: bool = True,
    clock: Any = None,
    wakeup: threading.Event | None = None,
    shard: tuple[int, int] | None = None,
) -> Services:
    """`clock` replaces the clock CREDIT_CLOCK names (the demo's simulated clock); `wakeup` is the
    event a delivery job's end sets (the worker's, unless given); `shard` (k, n) makes the
    deliverer deliver shard k of n of the subscriptions (a delivery process)."""
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
    core = Core(
        settings=settings,
        engine=engine,
        cipher_key=cipher_key,
        clock=clock,
        files=files,
        personal=personal,
        measures=measures,
        wakeup=wakeup or threading.Event(),
        history=Folder(files.mapper, files.recorder),
    )

    # the capabilities' manifests
    filed = credit_files.build(core)
    graded = grading.build(core)
    shared = sharing.build(core, shard=shard)
    checked = joint.build(core)
    rights = subject_rights.build(core)
    audited = audit.build(core, grading=graded.services.grading)
    public = portal.build(core)
    ops = operations.build(core)

    # the views catch up in this order
    projections = [p for c in (filed, graded, shared, checked, rights) for p in c.projections]
    sweeps = Sweeps(clock)
    for capability in (graded, rights, shared, ops):  # the sweeps run in this order
        for name, sweep in capability.sweeps:
            sweeps.register(name, sweep)
        for observer in capability.observers:
            sweeps.observe(observer)
    scheduler = None if clock.manual else SweepScheduler(engine, sweeps)
    # the sharing's task first: it starts delivery jobs as soon as a page of the views is in
    tasks = [t for c in (shared, audited, graded) for t in c.tasks]
    if scheduler is not None:
        tasks.append(scheduler)
    runner = ProjectionRunner(engine, files, projections, page_size=settings.page_size)
    worker = Worker(
        runner,
        WorkerLease(engine),
        poll_interval=settings.poll_interval,
        tasks=tasks,
        wakeup=core.wakeup,
    )
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
        sweeps=sweeps,
        scheduler=scheduler,
        measures=measures,
        checks=checked.services.checks,
        joint=checked.services.reads,
        replay=audited.services.replay,
        chain=audited.services.chain,
        receipts=audited.services.receipts,
        personal=personal,
        pii_log=AccessLog(engine, clock.now),
        erasure=filed.services.erasure,
        public_feed=shared.services.public_feed,
        portal=public.services.reads,
        portal_sessions=public.services.sessions,
        announcements=public.services.announcements,
        rulebooks=graded.services.rulebooks,
        grading=graded.services.grading,
        grade_audit=graded.services.grade_audit,
        commitments=filed.services.commitments,
        inspections=graded.services.inspections,
        rights=rights.services,
        sharing=shared.services,
        operations=ops.services,
    )
