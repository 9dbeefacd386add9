"""Typed dependencies: each route names the services it uses, `Annotated` with how they are
reached (the process's `Services`, built once by api/bootstrap.py, on `app.state`).

Every dependency here is `async`: a plain `def` one would cost the request a threadpool hop.
The check routes (api/routes/joint.py) read `app.state.services` directly, the cheapest way.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from adapters.chain import Chain
from adapters.check_service import CheckService
from adapters.credit_china import CreditChinaExporter
from adapters.joint import JointReads
from adapters.pii import AccessLog
from adapters.portal_reads import PortalReads
from adapters.portal_sessions import PortalSessions
from adapters.subject_rights import SubjectRights
from adapters.subscriptions import Subscriptions
from api.bootstrap import Services
from application.commitments import CommitmentsService
from application.grade_audit import GradeAudit
from application.grading import Grading
from application.inspections import Inspections
from application.measures import Measures
from application.privacy import PersonalDataErasure
from application.replay import Replay
from application.sweeps import Sweeps


def services(request: Request) -> Services:
    """The process's services (a plain function, for code that is not a dependency)."""
    return request.app.state.services  # type: ignore[no-any-return]


async def _services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


async def _measures(request: Request) -> Measures:
    return services(request).measures


async def _checks(request: Request) -> CheckService:
    return services(request).checks


async def _joint(request: Request) -> JointReads:
    return services(request).joint


async def _replay(request: Request) -> Replay:
    return services(request).replay


async def _chain(request: Request) -> Chain:
    return services(request).chain


async def _pii_log(request: Request) -> AccessLog:
    return services(request).pii_log


async def _erasure(request: Request) -> PersonalDataErasure:
    return services(request).erasure


async def _sweeps(request: Request) -> Sweeps:
    return services(request).sweeps


async def _grading(request: Request) -> Grading:
    return services(request).grading


async def _grade_audit(request: Request) -> GradeAudit:
    return services(request).grade_audit


async def _commitments(request: Request) -> CommitmentsService:
    return services(request).commitments


async def _inspections(request: Request) -> Inspections:
    return services(request).inspections


async def _rights(request: Request) -> SubjectRights:
    return services(request).rights


async def _subscriptions(request: Request) -> Subscriptions:
    return services(request).sharing.subscriptions


async def _credit_china(request: Request) -> CreditChinaExporter:
    return services(request).sharing.credit_china


async def _portal(request: Request) -> PortalReads:
    return services(request).portal


async def _portal_sessions(request: Request) -> PortalSessions:
    return services(request).portal_sessions


ServicesDep = Annotated[Services, Depends(_services)]
MeasuresDep = Annotated[Measures, Depends(_measures)]
ChecksDep = Annotated[CheckService, Depends(_checks)]
JointDep = Annotated[JointReads, Depends(_joint)]
ReplayDep = Annotated[Replay, Depends(_replay)]
ChainDep = Annotated[Chain, Depends(_chain)]
PiiLogDep = Annotated[AccessLog, Depends(_pii_log)]
ErasureDep = Annotated[PersonalDataErasure, Depends(_erasure)]
SweepsDep = Annotated[Sweeps, Depends(_sweeps)]
GradingDep = Annotated[Grading, Depends(_grading)]
GradeAuditDep = Annotated[GradeAudit, Depends(_grade_audit)]
CommitmentsDep = Annotated[CommitmentsService, Depends(_commitments)]
InspectionsDep = Annotated[Inspections, Depends(_inspections)]
RightsDep = Annotated[SubjectRights, Depends(_rights)]
SubscriptionsDep = Annotated[Subscriptions, Depends(_subscriptions)]
CreditChinaDep = Annotated[CreditChinaExporter, Depends(_credit_china)]
PortalDep = Annotated[PortalReads, Depends(_portal)]
PortalSessionsDep = Annotated[PortalSessions, Depends(_portal_sessions)]
