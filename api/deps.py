"""Typed dependencies: each route names the services it uses, `Annotated` with how they are
reached (the process's `Services`, built once by api/bootstrap.py, on `app.state`).

Every dependency here is `async`: a plain `def` one would cost the request a threadpool hop.
The check routes (api/routes/joint.py) read `app.state.services` directly, the cheapest way.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from adapters.audit.chain import Chain
from adapters.joint.reads import JointReads
from adapters.sharing.subscriptions import Subscriptions
from api.bootstrap import Services
from application.inspections import Inspections
from application.measures import Measures


def services(request: Request) -> Services:
    """The process's services (a plain function, for code that is not a dependency)."""
    return request.app.state.services  # type: ignore[no-any-return]


async def _services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


async def _measures(request: Request) -> Measures:
    return services(request).measures


async def _joint(request: Request) -> JointReads:
    return services(request).joint


async def _chain(request: Request) -> Chain:
    return services(request).chain


async def _inspections(request: Request) -> Inspections:
    return services(request).inspections


async def _subscriptions(request: Request) -> Subscriptions:
    return services(request).sharing.subscriptions


ServicesDep = Annotated[Services, Depends(_services)]
MeasuresDep = Annotated[Measures, Depends(_measures)]
JointDep = Annotated[JointReads, Depends(_joint)]
ChainDep = Annotated[Chain, Depends(_chain)]
InspectionsDep = Annotated[Inspections, Depends(_inspections)]
SubscriptionsDep = Annotated[Subscriptions, Depends(_subscriptions)]
