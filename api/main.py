"""The composition root: `create_app(settings)` builds every service in its lifespan."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from adapters.core.settings import Settings
from api import input_policy, problems
from api.bootstrap import Services, bootstrap
from api.errors import ErrorAnswers
from api.fast_check import FastCheck
from api.input_policy import InputPolicy
from api.limits import BodySizeLimit
from api.portal import router as portal
from api.portal import subject_area
from api.portal.labels import SECTORS
from api.routes import (
    admin,
    audit,
    audit_history,
    commitments,
    health,
    inspections,
    joint,
    keys,
    listings,
    me,
    proofs,
    providers,
    public,
    public_reports,
    reviews,
    rulebooks,
    subjects,
    subscribers,
)
from api.routes import metrics as metrics_route

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    run_worker: bool = True,
    services: Services | None = None,
) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = services is None
        built = services or bootstrap(settings)
        app.state.services = built
        if run_worker and own:
            built.worker.start()
        if own:
            # what startup built (modules, routes, services: ~160k objects) is never garbage: a
            # full collection would walk it all (~50 ms, a pause every request in flight waits)
            gc.collect()
            gc.freeze()
            # the portal's figures (aggregates over every subject) before the first visitor asks
            threading.Thread(
                target=built.portal.warm,
                args=(built.files.today(), list(SECTORS)),
                name="portal-warm",
                daemon=True,
            ).start()
        try:
            yield
        finally:
            await built.checks.store.aclose()  # its asyncpg pool lives on this event loop
            if own:
                built.close()

    app = FastAPI(
        title="信用能源 Credit Energy",
        version="1.0",
        description="The energy regulator's credit and joint reward/punishment service.",
        lifespan=lifespan,
        dependencies=[Depends(input_policy.enforce)],
    )
    if services is not None:
        app.state.services = services
    # innermost first: the input policy, then error answers, then the size limit (outermost)
    app.add_middleware(InputPolicy)
    app.add_middleware(ErrorAnswers)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    problems.install(app)
    responses = problems.RESPONSES
    # the check routes first: matched before all others
    app.include_router(joint.checks_router, responses=responses)
    for module in (
        health,
        providers,
        subjects,
        audit,
        admin,
        keys,  # the key lifecycle (issue 14)
        listings,  # grades, lists and time (issue 3)
        commitments,
        inspections,
        audit_history,
        rulebooks,
        public,  # the public portal (issue 8)
        portal,
        subject_area,
        me,  # subjects' rights (issue 5)
        reviews,
        public_reports,
        subscribers,  # subscribers and the feed (issue 6)
        joint,  # joint reward and punishment (issue 4)
        proofs,  # audit proof and personal data (issue 7)
    ):
        html = module in (portal, subject_area)  # pages, not the API: kept out of the OpenAPI
        app.include_router(module.router, responses=responses, include_in_schema=not html)
    app.add_middleware(FastCheck)  # the plain single check's short way, inside the metrics
    metrics_route.install(app, settings)  # /metrics and request metrics (issue 21)
    return app
