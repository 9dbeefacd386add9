"""Joint reward and punishment: measures, checks, notices, feedback, check log, statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from api import answers
from api import answers_reads as more
from api.auth import ServicesDep, require
from api.bootstrap import Services
from api.deps import JointDep, MeasuresDep
from api.schemas import Strict
from application.ports import ROLES, Actor

router = APIRouter(tags=["agencies"])
# the two check routes: the app includes this router first, so that the hottest path is matched
# before the other ~100 routes are tried (no other route matches these paths)
checks_router = APIRouter(tags=["agencies"])

Matter = Literal[
    "licensing",
    "procurement",
    "subsidy",
    "financing",
    "bidding",
    "market_access",
    "inspection",
    "award",
    "other",
]
Anyone = Annotated[Actor, Depends(require(*ROLES))]


CHECKER_ROLES = ("agency", "admin", "auditor")
Checker = Annotated[Actor, Depends(require(*CHECKER_ROLES))]
Agency = Annotated[Actor, Depends(require("agency"))]
Auditor = Annotated[Actor, Depends(require("auditor", "admin"))]
Admin = Annotated[Actor, Depends(require("admin"))]
Subject = Annotated[Actor, Depends(require("subject"))]


class BatchCheck(Strict):
    ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(max_length=10_000)
    matter: Matter | None = None  # none: every measure of the calling agency
    all_measures: bool = False


class NoticeFeedback(Strict):
    measure_id: str = Field(min_length=1, max_length=64)
    applied: bool
    outcome: str | None = Field(None, max_length=4000)


class CheckFeedback(NoticeFeedback):
    subject: str = Field(min_length=1, max_length=64)


class MeasureRow(Strict):
    measure_id: str
    list_: str | None = Field(None, alias="list")
    class_: str | None = Field(None, alias="class")
    agency: str
    matter: str
    stage: str
    action: str
    legal_basis: str
    duration: str
    regions: list[str] = Field(default_factory=list)


class MeasuresVersion(Strict):
    version: str = Field(min_length=1, max_length=32)
    effective_from: str
    feedback_working_days: int = 10
    measures: list[MeasureRow] = Field(min_length=1, max_length=2000)


def _json(body: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status_code, media_type="application/json")


def _signed(services: Services, answer: dict[str, Any]) -> Response:
    """The answer with its receipt, encoded once."""
    _, body = services.receipts.signed(answer)
    return Response(body, media_type="application/json")


# -- measures -------------------------------------------------------------------------------------


@router.get("/v1/measures", responses=answers.documented(more.MeasuresInForce))
def measures_in_force(actor: Anyone, measures: MeasuresDep) -> Response:
    catalogue = measures.in_force()
    return _json(
        {
            "version": catalogue.version,
            "effective_from": catalogue.effective_from,
            "feedback_working_days": catalogue.feedback_working_days,
            "measures": [m.as_dict() for m in catalogue.measures],
        }
    )


@router.post(
    "/v1/admin/measures", status_code=201, responses=answers.documented(more.MeasuresPublished, 201)
)
def publish_measures(body: MeasuresVersion, actor: Admin, measures: MeasuresDep) -> Response:
    raw = body.model_dump(by_alias=True)
    raw["measures"] = [{k: v for k, v in m.items() if v not in (None, [])} for m in raw["measures"]]
    catalogue = measures.publish(raw, by=actor.org)
    return _json(
        {
            "version": catalogue.version,
            "effective_from": catalogue.effective_from,
            "measures": len(catalogue.measures),
        },
        201,
    )


# -- the check ------------------------------------------------------------------------------------


@checks_router.get("/v1/checks/{id}", responses=answers.documented(answers.CheckAnswer))
async def check(
    id: str,
    actor: Checker,
    request: Request,
    matter: Matter | None = None,
    all_measures: bool = False,
) -> Response:
    """On PostgreSQL the check's one statement runs with asyncpg on the event loop (no threadpool
    hop); on SQLite the blocking check runs in the threadpool."""
    services: Services = request.app.state.services
    checks = services.checks
    if checks.store.postgres:
        answer = await checks.check_one_async(id, matter, all_measures, actor)
        receipts = services.receipts
        if receipts.checkpoint_due():  # a database read, once a second
            await run_in_threadpool(receipts.refresh_checkpoint)
    else:
        answer = await run_in_threadpool(checks.check_one, id, matter, all_measures, actor)
    return _signed(services, answer)


@checks_router.post("/v1/checks:batch", responses=answers.documented(answers.CheckBatchAnswer))
def check_batch(body: BatchCheck, actor: Checker, request: Request) -> Response:
    services: Services = request.app.state.services
    answer = services.checks.check_many(body.ids, body.matter, body.all_measures, actor)
    return _signed(services, answer)


@router.post(
    "/v1/checks/{check_id}/feedback",
    status_code=201,
    responses=answers.documented(more.CheckFeedbackTaken, 201),
)
def feedback_on_check(
    check_id: str, body: CheckFeedback, actor: Agency, services: ServicesDep
) -> Response:
    subject_id = str(services.files.subject_id_of(body.subject))
    feedback_id = services.joint.check_feedback(check_id, subject_id, actor, body.model_dump())
    return _json({"feedback_id": feedback_id, "check_id": check_id}, 201)


# -- notices --------------------------------------------------------------------------------------


@router.get("/v1/notices", responses=answers.documented(more.Inbox))
def inbox(
    actor: Agency,
    joint: JointDep,
    after: Annotated[str, Query(pattern=r"^\d{1,18}$")] = "0",
    limit: Annotated[int, Query(ge=1, le=500)] = 500,
) -> Response:
    return _json(joint.inbox(actor.org, int(after), limit))


@router.post(
    "/v1/notices/{notice_id}/feedback",
    status_code=201,
    responses=answers.documented(more.NoticeFeedbackTaken, 201),
)
def feedback_on_notice(
    notice_id: str, body: NoticeFeedback, actor: Agency, joint: JointDep
) -> Response:
    feedback_id = joint.notice_feedback(notice_id, actor, body.model_dump())
    return _json({"feedback_id": feedback_id, "notice_id": notice_id}, 201)


@router.get("/v1/statistics/notices", responses=answers.documented(more.NoticeStatistics))
def notice_statistics(actor: Auditor, services: ServicesDep) -> Response:
    return _json(services.joint.notice_statistics(services.files.today()))


# -- the check log (查询留痕) ----------------------------------------------------------------------


@router.get("/v1/audit/checks", responses=answers.documented(more.LoggedChecks))
def audit_checks(
    actor: Auditor,
    services: ServicesDep,
    subject: str | None = None,
    agency: str | None = None,
    since: datetime | None = None,
) -> Response:
    if since is not None and since.tzinfo is None:
        raise HTTPException(422, "since: an RFC 3339 instant with offset")
    subject_id = str(services.files.subject_id_of(subject)) if subject else None
    return _json({"checks": services.joint.audit_checks(subject_id, agency, since)})


@router.get("/v1/me/checks", responses=answers.documented(more.LoggedChecks))
def my_checks(actor: Subject, joint: JointDep) -> Response:
    if not actor.subject_id:
        raise HTTPException(403, "a subject key is bound to one subject")
    return _json({"checks": joint.my_checks(actor.subject_id)})
