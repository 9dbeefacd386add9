"""Reviewers (the source unit, 谁认定谁修复): the queue, decisions, shielding; review statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from api import answers
from api import answers_reads as more
from api.auth import ServicesDep, require
from api.subject_rights_schemas import ObjectionDecisionBody, RepairDecisionBody, ShieldBody
from application.ports import Actor

router = APIRouter(prefix="/v1", tags=["reviewers"])
Reviewer = Annotated[Actor, Depends(require("reviewer", "admin"))]
SourceUnit = Annotated[Actor, Depends(require("provider", "reviewer", "admin"))]
Overseer = Annotated[Actor, Depends(require("admin", "auditor"))]


@router.get("/reviews", response_model=more.PendingReviews)
def reviews(actor: Reviewer, services: ServicesDep) -> dict[str, Any]:
    today = services.files.today()
    unit = None if actor.is_admin else actor.org
    pending = services.rights.review_queries.pending(unit, today)
    return {"as_of": today.isoformat(), **pending}


@router.post("/objections/{objection_id}/decision", response_model=answers.ObjectionDecided)
def decide_objection(
    objection_id: str, body: ObjectionDecisionBody, actor: Reviewer, services: ServicesDep
) -> dict[str, Any]:
    position = services.rights.objections.decide_objection(
        objection_id, body.outcome, body.reasons, body.revoke, body.correction, actor
    )
    services.worker.wake()
    return {"objection_id": objection_id, "outcome": body.outcome, "position": position}


@router.post("/repairs/{repair_id}/decision", response_model=answers.RepairDecided)
def decide_repair(
    repair_id: str, body: RepairDecisionBody, actor: Reviewer, services: ServicesDep
) -> dict[str, Any]:
    repairs = services.rights.repairs
    position = repairs.decide_repair(repair_id, body.action, body.reasons, actor)
    services.worker.wake()
    item = repairs.subject_of_case(repair_id, "repair").repair(repair_id)
    return {
        "repair_id": repair_id,
        "status": item.status,
        "accept_by": item.accept_by,
        "decide_by": item.decide_by,
        "position": position,
    }


@router.post("/records/{record_id}:shield", response_model=answers.RecordChanged)
def shield_record(
    record_id: str, body: ShieldBody, actor: SourceUnit, services: ServicesDep
) -> dict[str, Any]:
    position = services.rights.repairs.shield_record(
        record_id, body.statement, body.court_decision_no, actor
    )
    services.worker.wake()
    return {"record_id": record_id, "status": "shielded", "position": position}


@router.get("/statistics/reviews", response_model=more.ReviewStatistics)
def review_statistics(actor: Overseer, services: ServicesDep) -> dict[str, Any]:
    stats: dict[str, Any] = services.rights.review_queries.statistics(services.files.today())
    return stats
