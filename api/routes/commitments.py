"""Subjects make credit commitments (信用承诺)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from api import answers
from api.auth import ServicesDep, require
from api.schemas import CommitmentBody
from application.ports import Actor

router = APIRouter(prefix="/v1/me", tags=["subjects"])
Subject = Annotated[Actor, Depends(require("subject"))]


@router.post("/commitments", status_code=201, response_model=answers.CommitmentMade)
def make_commitment(body: CommitmentBody, actor: Subject, services: ServicesDep) -> dict[str, Any]:
    if not actor.subject_id:
        raise HTTPException(403, "this key is bound to no subject")
    commitment_id = services.commitments.make_commitment(actor.subject_id, body.kind, body.text)
    services.worker.wake()
    return {"commitment_id": commitment_id}
